/**
 * The resource-allocation scorer shared by NodeResourcesFit and NodeResourcesBalancedAllocation
 * (noderesources/resource_allocation.go, v1.33): for each configured resource it finds the node's
 * allocatable and the node's requested plus the pod's request, skipping resources the node lacks
 * and extended resources the pod does not ask for, then hands both vectors to a strategy.
 *
 * GPUs are a device model here: `nvidia.com/gpu` (or `clusterlab.io/gpu-milli`) reads allocatable
 * as the node's total milli-GPU and requested as milli-GPU held plus the pod's; the ratio equals
 * kube's device count ratio for whole-GPU pods.
 */
import { qualifiedNameError } from "../../../core/api/validate.js";
import { ResourceCPU, ResourceEphemeralStorage, ResourceGPU, ResourceGPUMilli, ResourceMemory } from "../../../core/api/types.js";
import { GatheredRows, type NodeRows } from "../../../core/scheduler/node-columns.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Status } from "../../../core/scheduler/status.js";

export interface ResourceSpec {
  name: string;
  weight: number;
}

/** kube-scheduler's defaultResourceSpec: cpu and memory, weight 1. */
export function defaultResources(): ResourceSpec[] {
  return [
    { name: ResourceCPU, weight: 1 },
    { name: ResourceMemory, weight: 1 },
  ];
}

/**
 * Scores one node from index-aligned vectors; an entry with allocatable 0 is skipped.
 * `n` is the number of entries to read (the vectors are reused scratch space).
 */
export type ResourceScorer = ((requested: Float64Array, allocatable: Float64Array, n: number) => number) & {
  /**
   * Optional batch specialisation for exactly cpu and memory (the default), same result as the vector form
   * on every node: `out[i]` for the node in row `rows[i]` of the columns, i < count — allocatable
   * `allocCpu`/`allocMem`, and `reqCpu`/`reqMem` requested (actual or NonZero, as the scorer counts them)
   * to which the pod's `podCpu`/`podMemory` are added. Each strategy has its own loop, so the arithmetic
   * is inlined rather than called per node.
   */
  cpuMemory?: (rows: Int32Array, count: number, allocCpu: Float64Array, allocMem: Float64Array, reqCpu: Float64Array, reqMem: Float64Array, podCpu: number, podMemory: number, out: Float64Array) => void;
};

/**
 * LeastAllocated's (`most` false) and MostAllocated's cpu+memory loop: per node the weighted mean of the
 * free percentage (0 when over capacity) or of the requested percentage (capped at capacity), truncated —
 * the vector form's arithmetic, with the strategy tested inline rather than called per node. Undefined
 * unless the resources are exactly cpu and memory.
 */
export function weightedCpuMemory(resources: readonly ResourceSpec[], most: boolean): ResourceScorer["cpuMemory"] {
  const w = cpuMemoryWeights(resources);
  if (!w) return undefined;
  const wc = w.cpu;
  const wm = w.memory;
  // With both resources counted (the usual case) the mean divides by wc + wm; when that is a power of two
  // (default weights: 2) multiplying by its inverse is exact, and a division per node is the loop's cost.
  const both = wc + wm;
  const invBoth = (both & (both - 1)) === 0 ? 1 / both : 0;
  return (rows, count, allocCpu, allocMem, reqCpu, reqMem, podCpu, podMemory, out) => {
    for (let i = 0; i < count; i++) {
      const r = rows[i]!;
      const ac = allocCpu[r]!;
      const am = allocMem[r]!;
      let score = 0;
      let wsum = 0;
      if (ac !== 0) {
        const rc = reqCpu[r]! + podCpu;
        score += (most ? percentOf(rc > ac ? ac : rc, ac) : rc > ac ? 0 : percentOf(ac - rc, ac)) * wc;
        wsum += wc;
      }
      if (am !== 0) {
        const rm = reqMem[r]! + podMemory;
        score += (most ? percentOf(rm > am ? am : rm, am) : rm > am ? 0 : percentOf(am - rm, am)) * wm;
        wsum += wm;
      }
      out[i] = wsum === both && invBoth !== 0 ? Math.floor(score * invBoth) : wsum === 0 ? 0 : Math.floor(score / wsum);
    }
  };
}

/** The weights of cpu and memory among two configured resources (for a strategy's cpu+memory loop). */
export function cpuMemoryWeights(resources: readonly ResourceSpec[]): { cpu: number; memory: number } | null {
  if (resources.length !== 2) return null;
  const cpu = resources.find((r) => r.name === ResourceCPU);
  const memory = resources.find((r) => r.name === ResourceMemory);
  return cpu && memory ? { cpu: cpu.weight, memory: memory.weight } : null;
}

// How a configured resource is read on the hot path.
const KIND_CPU = 0;
const KIND_MEMORY = 1;
const KIND_EPHEMERAL = 2;
const KIND_GPU = 3;
const KIND_SCALAR = 4;
/** Not a resource the scorer can see on a node (e.g. "pods"): always skipped, as kube returns (0, 0). */
const KIND_NONE = 5;

/** validation.IsQualifiedName: [prefix/]name with a DNS-subdomain prefix and a ≤63-char name (core/api/validate.ts). */
export function isQualifiedName(value: string): boolean {
  return qualifiedNameError(value) === null;
}

/** Answers by resource name: a cluster has few, and every attempt asks about the pod's. */
const extendedNames = new Map<string, boolean>();

/** v1helper.IsExtendedResourceName: a qualified name outside kubernetes.io, not "requests."-prefixed. */
export function isExtendedResourceName(name: string): boolean {
  let known = extendedNames.get(name);
  if (known === undefined) {
    known = name.includes("/") && !name.includes("kubernetes.io/") && !name.startsWith("requests.") && isQualifiedName(`requests.${name}`);
    if (extendedNames.size < 1024) extendedNames.set(name, known);
  }
  return known;
}

/** schedutil.IsScalarResourceName: extended, hugepages, kubernetes.io-prefixed or attachable volumes. */
export function isScalarResourceName(name: string): boolean {
  return (
    isExtendedResourceName(name) ||
    name.startsWith("hugepages-") ||
    name.includes("kubernetes.io/") ||
    name.startsWith("attachable-volumes-")
  );
}

function kindOf(name: string): number {
  switch (name) {
    case ResourceCPU:
      return KIND_CPU;
    case ResourceMemory:
      return KIND_MEMORY;
    case ResourceEphemeralStorage:
      return KIND_EPHEMERAL;
    case ResourceGPU:
    case ResourceGPUMilli:
      return KIND_GPU;
    default:
      return isScalarResourceName(name) ? KIND_SCALAR : KIND_NONE;
  }
}

/** Per-pod request vector, index-aligned with the scorer's resources. */
export type PodRequestList = Float64Array;

export class ResourceAllocationScorer {
  private readonly kinds: Int8Array;
  private readonly names: readonly string[];
  /** Scratch vectors reused for every node (the simulator is single-threaded). */
  private readonly requested: Float64Array;
  private readonly allocatable: Float64Array;
  private readonly fastCpuMemory: boolean;
  /** Nodes outside the snapshot's columns (explain, dry runs) are copied into rows of their own first. */
  private readonly gathered = new GatheredRows();

  constructor(
    readonly resources: readonly ResourceSpec[],
    /** BalancedAllocation uses actual requests; Fit uses NonZero requests for cpu/memory. */
    private readonly useRequested: boolean,
    private readonly scorer: ResourceScorer,
  ) {
    this.names = resources.map((r) => r.name);
    this.kinds = Int8Array.from(resources, (r) => kindOf(r.name));
    this.fastCpuMemory =
      resources.length === 2 && ((this.kinds[0] === KIND_CPU && this.kinds[1] === KIND_MEMORY) || (this.kinds[0] === KIND_MEMORY && this.kinds[1] === KIND_CPU));
    this.requested = new Float64Array(resources.length);
    this.allocatable = new Float64Array(resources.length);
  }

  /** calculatePodResourceRequestList: the pod's request for each configured resource. */
  podRequests(pod: PodInfo): PodRequestList {
    const out = new Float64Array(this.kinds.length);
    for (let i = 0; i < out.length; i++) {
      switch (this.kinds[i]) {
        case KIND_CPU:
          out[i] = this.useRequested ? pod.requests.milliCPU : pod.nonZeroMilliCPU;
          break;
        case KIND_MEMORY:
          out[i] = this.useRequested ? pod.requests.memory : pod.nonZeroMemory;
          break;
        case KIND_GPU:
          out[i] = pod.gpuTotalMilli;
          break;
        default:
          out[i] = pod.requests.get(this.names[i]!);
      }
    }
    return out;
  }

  /** isBestEffortPod: the pod requests none of the configured resources. */
  static isBestEffort(podRequests: PodRequestList): boolean {
    for (let i = 0; i < podRequests.length; i++) if (podRequests[i] !== 0) return false;
    return true;
  }

  /** `score` for every node into `out` (the batch form the runtime prefers); `at`: the nodes' rows in the snapshot's columns. */
  scoreAll(nodes: readonly NodeInfo[], podRequests: PodRequestList, out: Float64Array, at?: NodeRows): Status | null {
    if (this.kinds.length === 0) return Status.error("resources not found");
    if (this.fastCpuMemory && this.scorer.cpuMemory) {
      const cpuFirst = this.kinds[0] === KIND_CPU;
      const { columns: c, rows } = at ?? this.gathered.of(nodes);
      const actual = this.useRequested;
      const pc = podRequests[cpuFirst ? 0 : 1]!;
      const pm = podRequests[cpuFirst ? 1 : 0]!;
      this.scorer.cpuMemory(rows, nodes.length, c.allocCpu, c.allocMem, actual ? c.reqCpu : c.nzCpu, actual ? c.reqMem : c.nzMem, pc, pm, out);
      return null;
    }
    if (this.fastCpuMemory) {
      // cpu + memory with a strategy without its own loop: the same arithmetic as `score`, without the switch.
      const req = this.requested;
      const alloc = this.allocatable;
      const ic = this.kinds[0] === KIND_CPU ? 0 : 1;
      const im = 1 - ic;
      const pc = podRequests[ic]!;
      const pm = podRequests[im]!;
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i]!;
        const ac = node.allocCpu;
        const am = node.allocMem;
        alloc[ic] = ac;
        alloc[im] = am;
        req[ic] = ac === 0 ? 0 : (this.useRequested ? node.reqCpu : node.nzCpu) + pc;
        req[im] = am === 0 ? 0 : (this.useRequested ? node.reqMem : node.nzMem) + pm;
        out[i] = this.scorer(req, alloc, 2);
      }
      return null;
    }
    for (let i = 0; i < nodes.length; i++) {
      const s = this.score(nodes[i]!, podRequests);
      if (typeof s !== "number") return s;
      out[i] = s;
    }
    return null;
  }

  score(node: NodeInfo, podRequests: PodRequestList): number | Status {
    const n = this.kinds.length;
    if (n === 0) return Status.error("resources not found");
    const req = this.requested;
    const alloc = this.allocatable;
    const nodeReq = this.useRequested ? node.requested : node.nonZeroRequested;
    for (let i = 0; i < n; i++) {
      const p = podRequests[i]!;
      let a = 0;
      let r = 0;
      switch (this.kinds[i]) {
        case KIND_CPU:
          a = node.allocatable.milliCPU;
          r = nodeReq.milliCPU + p;
          break;
        case KIND_MEMORY:
          a = node.allocatable.memory;
          r = nodeReq.memory + p;
          break;
        case KIND_EPHEMERAL:
          a = node.allocatable.ephemeralStorage;
          r = node.requested.ephemeralStorage + p;
          break;
        case KIND_GPU:
          // An extended resource the pod does not request is left out of the score.
          if (p !== 0) {
            a = node.gpuTotalMilli;
            r = node.gpuUsedMilli + p;
          }
          break;
        case KIND_SCALAR:
          if (p !== 0) {
            const name = this.names[i]!;
            a = node.allocatable.getScalar(name);
            r = node.requested.getScalar(name) + p;
          }
          break;
      }
      // Only resources the node has enter the score.
      if (a === 0) r = 0;
      alloc[i] = a;
      req[i] = r;
    }
    return this.scorer(req, alloc, n);
  }
}

/**
 * floor(x·100 / d) for integers 0 ≤ x ≤ d, d > 0, exactly as Go's int64 arithmetic gives it.
 * The float quotient is exact below 2^46 (the gap to the next integer, 1/d, exceeds half an ulp
 * of a quotient ≤ 100); larger values fall back to BigInt.
 */
export function percentOf(x: number, d: number): number {
  const p = x * 100;
  if (p <= Number.MAX_SAFE_INTEGER && d < 70368744177664) return Math.floor(p / d);
  return Number((BigInt(x) * 100n) / BigInt(d));
}
