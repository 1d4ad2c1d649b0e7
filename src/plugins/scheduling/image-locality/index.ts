/**
 * ImageLocality (imagelocality/image_locality.go, v1.33): favours nodes that already hold the
 * pod's container and init-container images. Each image present on the node counts
 * trunc(size · nodesWithImage / totalNodes) (spread damps images that are everywhere); the sum is
 * clamped to [23 MiB, 1000 MiB × (containers + init containers)] and mapped linearly to 0..100.
 * Image names without a tag or digest are normalised to ":latest" on both sides.
 */
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import { MAX_NODE_SCORE, definePlugin, noArgs, type FrameworkHandle, type Plugin } from "../../../core/scheduler/framework.js";
import { normalizedImageName, type NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";

const NAME = "ImageLocality";
const PRE_SCORE_KEY = "PreScore" + NAME;

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** Per pod: the images that exist somewhere in the cluster, with their spread. */
interface ImageState {
  images: readonly string[];
  /** numNodesWithImage / totalNodes, as kube computes it (float64). */
  spreads: readonly number[];
  /** Containers plus init containers (scales the max threshold). */
  numContainers: number;
}

/** calculatePriority: clamp and map the summed image score to 0..100 (integer arithmetic). */
export function imageLocalityScore(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const s = sumScores < MIN_THRESHOLD ? MIN_THRESHOLD : sumScores > maxThreshold ? maxThreshold : sumScores;
  return Math.floor((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

/** The state of a pod none of whose images is on any node (the usual case), shared by container count. */
const imageless: ImageState[] = [];
const NONE: readonly never[] = Object.freeze([]);

function computeState(pod: PodInfo, handle: FrameworkHandle): ImageState {
  const snapshot = handle.snapshot;
  const spec = pod.pod.spec;
  const numContainers = (spec.initContainers?.length ?? 0) + (spec.containers?.length ?? 0);
  let found: { images: string[]; spreads: number[] } | null = null;
  // Init containers first, then containers, as sumImageScores walks them; a repeated image counts again.
  if (snapshot.imageNodeCount.size > 0) {
    for (const list of [spec.initContainers, spec.containers]) {
      for (const c of list ?? []) {
        const name = normalizedImageName(c.image ?? "");
        const count = snapshot.imageNodeCount.get(name) ?? 0;
        if (count === 0) continue; // on no node: adds nothing anywhere
        found ??= { images: [], spreads: [] };
        found.images.push(name);
        found.spreads.push(count / snapshot.size);
      }
    }
  }
  if (found !== null) return { images: found.images, spreads: found.spreads, numContainers };
  return (imageless[numContainers] ??= Object.freeze({ images: NONE, spreads: NONE, numContainers }));
}

function scoreNode(s: ImageState, node: NodeInfo): number {
  let sum = 0;
  for (let i = 0; i < s.images.length; i++) {
    const size = node.images.get(s.images[i]!);
    if (size !== undefined) sum += Math.trunc(size * s.spreads[i]!);
  }
  return imageLocalityScore(sum, s.numContainers);
}

export const ImageLocality = definePlugin<undefined>({
  name: NAME,
  description: "Favours nodes that already have the pod's container images, weighted by image size and spread.",
  args: noArgs,
  create(_args, handle): Plugin {
    // The last CycleState seen and its data: saves a Map lookup per node.
    let lastState: CycleState | null = null;
    let lastData: ImageState | undefined;
    return {
      name: NAME,
      events: ["NodeAdd", "NodeUpdate"],

      preScore(state: CycleState, pod: PodInfo): null {
        lastData = computeState(pod, handle);
        lastState = state;
        state.write(PRE_SCORE_KEY, lastData);
        return null;
      },

      score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
        if (state !== lastState) {
          lastData = state.read<ImageState>(PRE_SCORE_KEY);
          lastState = state;
        }
        return scoreNode(lastData ?? computeState(pod, handle), node);
      },

      /** None of the pod's images is on any node: every node scores the same. */
      scoreIsUniform(state: CycleState): boolean {
        const s = state === lastState ? lastData : state.read<ImageState>(PRE_SCORE_KEY);
        return s !== undefined && s.images.length === 0;
      },

      scoreAll(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): null {
        const s = (state === lastState ? lastData : state.read<ImageState>(PRE_SCORE_KEY)) ?? computeState(pod, handle);
        if (s.images.length === 0) {
          // None of the pod's images is on any node: every node scores the same.
          out.fill(imageLocalityScore(0, s.numContainers), 0, nodes.length);
          return null;
        }
        for (let i = 0; i < nodes.length; i++) out[i] = scoreNode(s, nodes[i]!);
        return null;
      },
    };
  },
});
