/**
 * FGD, Fragmentation Gradient Descent (Weng et al., USENIX ATC '23; the artifact's FGDScore, policy "06-FGD").
 * Fragmentation of a node is measured against the target workload's "typical pods" (core/scheduler/gpu-fragmentation.ts):
 * F_n = Σ_m p_m · (GPU milli on n that pod type m cannot use). The score of a node is the decrease of its
 * fragmentation when the pod is placed there: score = trunc(sigmoid((F_n − F_n') / 1000) · 100), so 50 means
 * "no change", above 50 less fragmentation. For a GPU share every device with room is tried and the best one
 * kept (first device on ties); that device is also where the pod goes (selectGpuDevices). Whole GPUs take
 * the lowest-indexed free devices; CPU-only pods only take CPU. A pod requesting nothing scores 100.
 *
 * Typical pods (args; the first that applies):
 *   - `typicalPods`: an explicit distribution [{cpuMilli, gpuMilli, gpuCount, gpuModels?, weight}];
 *   - the run's workload, when the host knows it (FrameworkHandle.workloadPods: fill experiments, trace
 *     replay): its distinct shapes, most frequent first up to `popularityThreshold` % (default 95) of the pods,
 *     CPU-only pods included unless `includeCpuPods: false` — exactly the artifact's setting;
 *   - otherwise the pods this plugin has seen so far (online estimate), refreshed as the count doubles (and every
 *     1,000 pods after the first 1,000); each refresh drops the caches.
 * Shapes use the non-zero CPU request, milli-GPU per device, device count and allowed GPU models; memory is
 * ignored, as in the paper. A node whose GPU model the pod may not use scores 0 (NodeAffinity filters it).
 * Speed: a node's F_n and each (node, pod shape) score are cached until the node changes.
 */
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import { ArgsError, MAX_NODE_SCORE, MIN_NODE_SCORE, definePlugin, type FrameworkHandle, type Plugin } from "../../../core/scheduler/framework.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import {
  FragModel,
  Interner,
  NodeKeyCache,
  NodeValueCache,
  exclusiveDevices,
  isShare,
  modelAccessible,
  parseTypicalPodsArg,
  podShape,
  typicalPodsOf,
  typicalPodsOfShapes,
  DEFAULT_POPULARITY_THRESHOLD,
  type GpuShape,
  type TypicalPod,
} from "../gpu-sharing/index.js";

const NAME = "FGD";

export interface FGDArgs {
  typicalPods: TypicalPod[] | null;
  popularityThreshold: number;
  includeCpuPods: boolean;
}

export function parseFGDArgs(raw: unknown, path: string): FGDArgs {
  const out: FGDArgs = { typicalPods: null, popularityThreshold: DEFAULT_POPULARITY_THRESHOLD, includeCpuPods: true };
  if (raw == null) return out;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ArgsError(path, "expected FGD args object");
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k === "typicalPods") out.typicalPods = parseTypicalPodsArg(v, `${path}.typicalPods`);
    else if (k === "popularityThreshold") {
      if (typeof v !== "number" || !(v > 0 && v <= 100)) throw new ArgsError(`${path}.${k}`, `expected a number in (0, 100], got ${JSON.stringify(v)}`);
      out.popularityThreshold = v;
    } else if (k === "includeCpuPods") {
      if (typeof v !== "boolean") throw new ArgsError(`${path}.${k}`, `expected true or false, got ${JSON.stringify(v)}`);
      out.includeCpuPods = v;
    } else throw new ArgsError(`${path}.${k}`, `unknown field "${k}" (allowed: typicalPods, popularityThreshold, includeCpuPods)`);
  }
  return out;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Score from the fragmentation before and after placing (milli-GPU). */
export function fgdScore(before: number, after: number): number {
  return Math.trunc(sigmoid((before - after) / 1000) * MAX_NODE_SCORE);
}

/**
 * The FGD decision for one pod shape on one node: the score and, for a share, the device (else -1).
 * `f0` is the node's current fragmentation.
 */
export function fgdEvaluate(model: FragModel, node: NodeInfo, s: GpuShape, f0: number): { score: number; device: number } {
  const free = node.gpuFree;
  const cpu = node.allocatable.milliCPU - node.requested.milliCPU - s.cpu;
  if (isShare(s)) {
    let score = MIN_NODE_SCORE;
    let device = -1;
    for (let i = 0; i < free.length; i++) {
      const f = free[i]!;
      if (f < s.gpuMilli) continue;
      let dup = false;
      for (let j = 0; j < i && !dup; j++) dup = free[j] === f;
      if (dup) continue; // same free milli as an earlier device: same result, and the earlier one wins ties
      const sc = fgdScore(f0, model.fragOf(cpu, free, free.length, node.gpuModel, i, s.gpuMilli));
      if (device < 0 || sc > score) {
        score = sc;
        device = i;
      }
    }
    return { score, device };
  }
  if (s.gpuCount > 0) {
    const devs = exclusiveDevices(free, s.gpuCount);
    if (!devs) return { score: MIN_NODE_SCORE, device: -1 };
    return { score: fgdScore(f0, model.fragAfter(node, s, -1, devs)), device: -1 };
  }
  return { score: fgdScore(f0, model.fragOf(cpu, free, free.length, node.gpuModel)), device: -1 };
}

/** Where the typical pods come from, and the model built on them (rebuilt when they change). */
class TypicalSource {
  model: FragModel | null = null;
  /** Bumped whenever `model` changes, so callers drop their caches. */
  version = 0;
  private observed: Map<string, { shape: GpuShape; n: number }> | null = null;
  private seenUids = new Set<string>();
  private seen = 0;
  private nextRefresh = 1;

  constructor(private readonly args: FGDArgs, private readonly handle: FrameworkHandle) {
    if (args.typicalPods) this.setModel(args.typicalPods);
  }

  private setModel(t: TypicalPod[]): void {
    this.model = new FragModel(t);
    this.version++;
  }

  /** Called once per scheduling cycle with the pod being scheduled. */
  observe(pod: PodInfo): void {
    if (this.model && !this.observed) return;
    if (!this.observed) {
      const w = this.handle.workloadPods?.();
      if (w && w.length > 0) {
        this.setModel(typicalPodsOf(w, this.args));
        return;
      }
      this.observed = new Map();
    }
    if (this.seenUids.has(pod.uid)) return;
    this.seenUids.add(pod.uid);
    const s = podShape(pod);
    const e = this.observed.get(s.key);
    if (e) e.n++;
    else this.observed.set(s.key, { shape: s, n: 1 });
    if (++this.seen >= this.nextRefresh) {
      this.nextRefresh = this.seen < 1000 ? this.seen * 2 : this.seen + 1000;
      const observed = this.observed;
      const shapes = function* (): Generator<GpuShape> {
        for (const { shape, n } of observed.values()) for (let i = 0; i < n; i++) yield shape;
      };
      this.setModel(typicalPodsOfShapes(shapes(), this.args));
    }
  }
}

export const FGD = definePlugin<FGDArgs>({
  name: NAME,
  description: "Research policy: Fragmentation Gradient Descent (Weng et al., ATC'23) — the node and GPU whose fragmentation, measured against the workload's typical pods, drops most.",
  args: parseFGDArgs,
  create(args, handle): Plugin {
    const source = new TypicalSource(args, handle);
    const ids = new Interner();
    let version = -1;
    let frag = new NodeValueCache();
    let scores = new NodeKeyCache();
    let lastPod: PodInfo | null = null;
    let shape: GpuShape | null = null;
    let sid = 0;
    let noRequests = false;

    const prepare = (pod: PodInfo): void => {
      source.observe(pod);
      if (source.version !== version) {
        version = source.version;
        frag = new NodeValueCache();
        scores = new NodeKeyCache();
      }
      if (pod !== lastPod) {
        lastPod = pod;
        shape = podShape(pod);
        sid = ids.id(shape.key);
        noRequests = pod.gpuCount === 0 && pod.requests.milliCPU === 0 && pod.requests.memory === 0;
      }
    };

    /** Score (valueA) and device (valueB) of the prepared pod on `node`, cached. */
    const evaluate = (node: NodeInfo): boolean => {
      const model = source.model;
      if (!model) return false;
      if (scores.find(node, sid)) return true;
      let f0 = frag.get(node);
      if (Number.isNaN(f0)) {
        f0 = model.nodeFrag(node);
        frag.set(node, f0);
      }
      const r = fgdEvaluate(model, node, shape!, f0);
      scores.set(node, sid, r.score, r.device);
      scores.valueA = r.score;
      scores.valueB = r.device;
      return true;
    };

    return {
      name: NAME,
      preScore(_state: CycleState, pod: PodInfo): null {
        prepare(pod);
        return null;
      },
      score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
        if (pod !== lastPod) prepare(pod);
        if (noRequests) return MAX_NODE_SCORE;
        if (!modelAccessible(shape!.models, node.gpuModel)) return MIN_NODE_SCORE;
        return evaluate(node) ? scores.valueA : MIN_NODE_SCORE;
      },
      selectGpuDevices(_state: CycleState, pod: PodInfo, node: NodeInfo): number[] | null {
        prepare(pod);
        const s = shape!;
        if (isShare(s)) {
          if (!evaluate(node) || scores.valueB < 0) return null;
          return [scores.valueB];
        }
        return exclusiveDevices(node.gpuFree, s.gpuCount);
      },
    };
  },
});
