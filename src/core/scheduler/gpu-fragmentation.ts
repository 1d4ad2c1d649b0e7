/**
 * FGD's fragmentation measure (Weng et al., USENIX ATC '23), as the authors' simulator computes it; used by
 * the fill experiment's `gpu_frag_pct` and by the FGD scheduling policy (src/plugins/scheduling/fgd).
 *
 * Pod shape (simontype.PodResource): non-zero CPU request (100m for containers without one, like kube's
 * GetNonzeroRequests), milli-GPU per device, number of devices, allowed GPU models. Memory is not part of it.
 *
 * Typical pods (utils.GetTypicalPods): the distinct shapes of the target workload, most frequent first, taken
 * until they cover `popularityThreshold` % of the pods (the artifact runs with 95, step 1, CPU-only pods
 * included, no GPU weighting), then renormalised to sum to 1. Equal counts are ordered by shape, larger first
 * (cpu, milli-GPU, count, models), as the artifact's sort.Reverse of PodResource.Less does.
 *
 * Fragmentation (utils.NodeGpuShareFragAmount, FragAmountSumExceptQ3). For a node and one typical pod m:
 *   - m wants no GPU (classes XL/XR), or may not use the node's GPU model (NoAccess): every free milli-GPU of
 *     the node counts as fragment;
 *   - m fits (≥ count devices each with ≥ milli free, and the CPU left ≥ m's CPU; class Q3): only the free milli
 *     on devices with less than m's milli free counts (they can never host m);
 *   - otherwise (Q1/Q2/Q4: GPU or CPU lacking): every free milli counts.
 * F_n = Σ_m p_m · fragment_m(n); the cluster's fragmentation is Σ_n F_n. Written as
 * F_n = total·(1 − Σ_{m∈Q3} p_m) + Σ_{m∈Q3} p_m · Σ_{d: free_d < milli_m} free_d, evaluated on the devices sorted
 * by free milli (descending): O(#typical · #devices), no allocation.
 */
import { MILLI_PER_GPU } from "./gpu.js";
import type { NodeInfo } from "./node-info.js";
import type { PodInfo } from "./pod-info.js";

export interface GpuShape {
  /** Non-zero CPU request, milli-CPU. */
  readonly cpu: number;
  /** Milli-GPU wanted on each device (0 for CPU-only pods). */
  readonly gpuMilli: number;
  /** Devices wanted (0 for CPU-only pods). */
  readonly gpuCount: number;
  /** Allowed GPU models, or null for any. */
  readonly models: ReadonlySet<string> | null;
  /** Models in the order given, joined by "|" ("" for any): part of the key and of the typical-pod tie order. */
  readonly modelKey: string;
  /** `cpu/gpuMilli/gpuCount/modelKey`: equal keys ⇔ equal shapes. */
  readonly key: string;
}

const CACHE_KEY = "fill/shape";

export function shapeOf(cpu: number, gpuMilli: number, gpuCount: number, models: ReadonlySet<string> | null): GpuShape {
  const m = gpuCount > 0 ? gpuMilli : 0;
  const c = m > 0 ? gpuCount : 0;
  const mods = models && models.size > 0 ? models : null;
  const modelKey = mods ? [...mods].join("|") : "";
  return { cpu, gpuMilli: m, gpuCount: c, models: mods, modelKey, key: `${cpu}/${m}/${c}/${modelKey}` };
}

/** The pod's shape, computed once and kept in `pod.cache`. */
export function podShape(pod: PodInfo): GpuShape {
  let s = pod.cache.get(CACHE_KEY) as GpuShape | undefined;
  if (!s) {
    s = shapeOf(pod.nonZeroMilliCPU, pod.gpuMilli, pod.gpuCount, pod.gpuModels);
    pod.cache.set(CACHE_KEY, s);
  }
  return s;
}

/** A GPU-sharing pod: one device, less than a whole one. */
export function isShare(s: { gpuCount: number; gpuMilli: number }): boolean {
  return s.gpuCount === 1 && s.gpuMilli > 0 && s.gpuMilli < MILLI_PER_GPU;
}

/**
 * IsNodeAccessibleToPod: a pod naming GPU models may only use a node whose GPUs are one of them
 * (a node without GPUs has no model and is never accessible to such a pod).
 */
export function modelAccessible(models: ReadonlySet<string> | null, nodeModel: string): boolean {
  return models === null || (nodeModel !== "" && models.has(nodeModel));
}

/** CPU the node has left for requests (allocatable − requested), milli-CPU. */
export function cpuLeft(node: NodeInfo): number {
  return node.allocatable.milliCPU - node.requested.milliCPU;
}

/** Free milli-GPU summed over the node's devices. */
export function gpuLeft(node: NodeInfo): number {
  return node.gpuTotalMilli - node.gpuUsedMilli;
}

/** Devices that are entirely free. */
export function fullyFreeGpus(free: Int32Array): number {
  let n = 0;
  for (let i = 0; i < free.length; i++) if (free[i] === MILLI_PER_GPU) n++;
  return n;
}

export interface TypicalPod extends GpuShape {
  /** Probability of this shape in the target workload (all entries sum to 1). */
  readonly p: number;
}

export interface TypicalPodsOptions {
  /** Percent of the pods the chosen shapes must cover, (0, 100]. Default 95 (the artifact's value). */
  popularityThreshold?: number;
  /** Count CPU-only pods (default true, as the artifact). */
  includeCpuPods?: boolean;
}

export const DEFAULT_POPULARITY_THRESHOLD = 95;

function compareShapesDesc(a: GpuShape, b: GpuShape): number {
  if (a.cpu !== b.cpu) return b.cpu - a.cpu;
  if (a.gpuMilli !== b.gpuMilli) return b.gpuMilli - a.gpuMilli;
  if (a.gpuCount !== b.gpuCount) return b.gpuCount - a.gpuCount;
  return a.modelKey < b.modelKey ? 1 : a.modelKey > b.modelKey ? -1 : 0;
}

/** Typical pods of a list of shapes (one entry per pod). */
export function typicalPodsOfShapes(shapes: Iterable<GpuShape>, opts: TypicalPodsOptions = {}): TypicalPod[] {
  const threshold = opts.popularityThreshold ?? DEFAULT_POPULARITY_THRESHOLD;
  const includeCpu = opts.includeCpuPods ?? true;
  const counts = new Map<string, { shape: GpuShape; n: number }>();
  let total = 0;
  for (const s of shapes) {
    if (!includeCpu && s.gpuCount === 0) continue;
    const e = counts.get(s.key);
    if (e) e.n++;
    else counts.set(s.key, { shape: s, n: 1 });
    total++;
  }
  if (total === 0) return [];
  const sorted = [...counts.values()].sort((a, b) => b.n - a.n || compareShapesDesc(a.shape, b.shape));
  const want = (threshold * total) / 100;
  let cum = 0;
  let i = 0;
  while (cum < want && i < sorted.length) cum += sorted[i++]!.n;
  return sorted.slice(0, i).map((e) => ({ ...e.shape, p: e.n / cum }));
}

/** Typical pods of a pod list. */
export function typicalPodsOf(pods: Iterable<PodInfo>, opts: TypicalPodsOptions = {}): TypicalPod[] {
  function* shapes(): Generator<GpuShape> {
    for (const p of pods) yield podShape(p);
  }
  return typicalPodsOfShapes(shapes(), opts);
}

interface ModelView {
  /** Indices (into the GPU typical pods) of the pods that may use this model. */
  idx: Int32Array;
}

export class FragModel {
  /** GPU-wanting typical pods, as parallel arrays. */
  private readonly cpu: Float64Array;
  private readonly milli: Int32Array;
  private readonly count: Int32Array;
  private readonly p: Float64Array;
  private readonly models: (ReadonlySet<string> | null)[];
  private readonly anyModelConstrained: boolean;
  private readonly allIdx: Int32Array;
  private readonly byModel = new Map<string, ModelView>();
  private sorted = new Float64Array(16);

  constructor(readonly typical: readonly TypicalPod[]) {
    const gpu = typical.filter((t) => t.gpuCount > 0);
    this.cpu = Float64Array.from(gpu, (t) => t.cpu);
    this.milli = Int32Array.from(gpu, (t) => t.gpuMilli);
    this.count = Int32Array.from(gpu, (t) => t.gpuCount);
    this.p = Float64Array.from(gpu, (t) => t.p);
    this.models = gpu.map((t) => t.models);
    this.anyModelConstrained = this.models.some((m) => m !== null);
    this.allIdx = Int32Array.from(gpu, (_, i) => i);
  }

  private view(model: string): Int32Array {
    if (!this.anyModelConstrained) return this.allIdx;
    let v = this.byModel.get(model);
    if (!v) {
      const idx: number[] = [];
      this.models.forEach((m, i) => {
        if (modelAccessible(m, model)) idx.push(i);
      });
      v = { idx: Int32Array.from(idx) };
      this.byModel.set(model, v);
    }
    return v.idx;
  }

  /**
   * Fragment milli-GPU of a node state: `cpuLeft` milli-CPU, free milli per device in `free[0..len)`
   * (with device `dev`, if ≥ 0, reduced by `minus`), GPU model `model`.
   */
  fragOf(cpuLeft: number, free: ArrayLike<number>, len: number, model: string, dev = -1, minus = 0): number {
    if (this.sorted.length < len) this.sorted = new Float64Array(len * 2);
    const s = this.sorted;
    let total = 0;
    // Insertion sort, descending.
    for (let i = 0; i < len; i++) {
      const v = i === dev ? free[i]! - minus : free[i]!;
      total += v;
      let j = i - 1;
      while (j >= 0 && s[j]! < v) {
        s[j + 1] = s[j]!;
        j--;
      }
      s[j + 1] = v;
    }
    if (total === 0) return 0;
    const idx = this.view(model);
    let q3p = 0;
    let q3frag = 0;
    for (let k = 0; k < idx.length; k++) {
      const m = idx[k]!;
      const c = this.count[m]!;
      const milli = this.milli[m]!;
      if (c > len || s[c - 1]! < milli || cpuLeft < this.cpu[m]!) continue;
      // Fits (Q3): the devices with less than `milli` free are the tail of the sorted list.
      let small = 0;
      for (let j = len - 1; j >= 0 && s[j]! < milli; j--) small += s[j]!;
      q3p += this.p[m]!;
      q3frag += this.p[m]! * small;
    }
    return total * (1 - q3p) + q3frag;
  }

  /** Fragment milli-GPU of a node as it is. */
  nodeFrag(node: NodeInfo): number {
    return this.fragOf(node.allocatable.milliCPU - node.requested.milliCPU, node.gpuFree, node.gpuFree.length, node.gpuModel);
  }

  /**
   * Fragment milli-GPU of a node after hypothetically placing `pod`: CPU taken, and `pod.gpuMilli` taken from
   * device `dev` (a share), or whole devices `devs` (whole GPUs), or nothing (CPU-only).
   */
  fragAfter(node: NodeInfo, pod: GpuShape, dev: number, devs: readonly number[] | null): number {
    const cpu = node.allocatable.milliCPU - node.requested.milliCPU - pod.cpu;
    const free = node.gpuFree;
    if (devs === null || devs.length <= 1) {
      const d = devs && devs.length === 1 ? devs[0]! : dev;
      return this.fragOf(cpu, free, free.length, node.gpuModel, d, d >= 0 ? pod.gpuMilli : 0);
    }
    const copy = scratchCopy(free);
    for (const d of devs) copy[d] = copy[d]! - pod.gpuMilli;
    return this.fragOf(cpu, copy, free.length, node.gpuModel);
  }
}

let scratch = new Int32Array(16);
function scratchCopy(free: Int32Array): Int32Array {
  if (scratch.length < free.length) scratch = new Int32Array(free.length * 2);
  scratch.set(free);
  return scratch;
}
