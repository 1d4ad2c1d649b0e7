/**
 * GpuClustering (the FGD artifact's GpuClusteringScore, policy "03-GpuClustering"): keep GPU pods of the
 * same kind together. A GPU pod's kind ("affinity") is "share" for a fraction of one device, else "k-gpu"
 * for k whole devices; a node's kinds are those of the GPU pods on it. Score bands:
 *   (75, 100] the node hosts only pods of the pod's kind;  (50, 75] it hosts that kind and others;
 *   (25, 50]  no GPU pods at all;                          [0, 25]  only other kinds;
 * within a band + ⌊25 · (8000 − Σ free milli-GPU) / 8000⌋ (fuller nodes first; 8,000 = the largest node).
 * CPU-only pods score 0 everywhere. Integer arithmetic as the artifact. GPU shares take the best-fit device.
 * The node's kinds are recomputed only when the node changes (NodeInfo.generation).
 */
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import { MAX_NODE_SCORE, MIN_NODE_SCORE, definePlugin, noArgs, type Plugin } from "../../../core/scheduler/framework.js";
import { MILLI_PER_GPU } from "../../../core/scheduler/gpu.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { NodeValueCache } from "../gpu-sharing/index.js";

const NAME = "GpuClustering";
/** The artifact's MaxSpecGpu: 8 GPUs. */
export const MAX_SPEC_GPU_MILLI = 8000;
const SHARE = 0;
const NONE = -1;

/** A pod's GPU kind: SHARE (0), k ≥ 1 for k whole devices, or NONE (-1) without GPUs. */
export function gpuKind(p: PodInfo): number {
  if (p.gpuCount === 0 || p.gpuMilli <= 0) return NONE;
  return p.gpuCount === 1 && p.gpuMilli < MILLI_PER_GPU ? SHARE : p.gpuCount;
}

/**
 * Kinds present on a node, packed into one number: bit k set for kind k (k ≤ 30), bit 31 for larger kinds.
 * Larger kinds are rare (more than 30 GPUs in one pod); they share a bit, which the score treats as one kind.
 */
function kindMask(node: NodeInfo): number {
  let mask = 0;
  for (const p of node.pods) {
    const k = gpuKind(p);
    if (k !== NONE) mask |= 1 << (k > 30 ? 31 : k);
  }
  return mask >>> 0;
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}

/** The clustering score of a pod of kind `kind` on a node with kinds `mask` and `gpuLeft` free milli-GPU. */
export function clusteringScore(kind: number, mask: number, gpuLeft: number): number {
  if (kind === NONE) return MIN_NODE_SCORE;
  const quarter = Math.trunc(MAX_NODE_SCORE / 4);
  const fill = Math.trunc((quarter * (MAX_SPEC_GPU_MILLI - gpuLeft)) / MAX_SPEC_GPU_MILLI);
  const bit = (1 << (kind > 30 ? 31 : kind)) >>> 0;
  let band: number;
  if ((mask & bit) !== 0) band = popcount(mask) === 1 ? 3 : 2;
  else band = mask === 0 ? 1 : 0;
  const s = fill + band * quarter;
  return s < MIN_NODE_SCORE ? MIN_NODE_SCORE : s > MAX_NODE_SCORE ? MAX_NODE_SCORE : s;
}

export const GpuClustering = definePlugin({
  name: NAME,
  description: "Research policy: cluster GPU pods of the same kind (share, 1-GPU, 2-GPU, …) on the same nodes (FGD artifact's GpuClusteringScore).",
  args: noArgs,
  create(): Plugin {
    const masks = new NodeValueCache();
    return {
      name: NAME,
      score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
        const kind = gpuKind(pod);
        if (kind === NONE) return MIN_NODE_SCORE;
        let mask = masks.get(node);
        if (Number.isNaN(mask)) {
          mask = kindMask(node);
          masks.set(node, mask);
        }
        return clusteringScore(kind, mask, node.gpuTotalMilli - node.gpuUsedMilli);
      },
    };
  },
});
