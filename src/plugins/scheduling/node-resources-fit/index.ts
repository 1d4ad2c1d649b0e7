/**
 * NodeResourcesFit (noderesources/fit.go, v1.33).
 * Filter: the node must have room for one more pod and for the pod's cpu, memory,
 * ephemeral-storage and scalar (extended, hugepages, kubernetes.io/*) requests, minus
 * `ignoredResources` / `ignoredResourceGroups` (extended resources only). Every shortfall is
 * reported ("Too many pods", "Insufficient cpu", …) with code Unschedulable (v1.33 never returns
 * UnschedulableAndUnresolvable here; that came with kubernetes#131345 in v1.34).
 * GPUs are checked per device (a share must fit on one device), reported as "Insufficient nvidia.com/gpu".
 * Score: LeastAllocated (default), MostAllocated or RequestedToCapacityRatio over the configured
 * resources, with the NonZero cpu/memory requests (100m / 200Mi for containers that omit them).
 */
import { ResourceGPU, ResourceGPUMilli, type Node } from "../../../core/api/types.js";
import type { NodeRows } from "../../../core/scheduler/node-columns.js";
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import { definePlugin, type Plugin, type QueueingHint } from "../../../core/scheduler/framework.js";
import { MILLI_PER_GPU, gpuFits } from "../../../core/scheduler/gpu.js";
import { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Code, Status, frozenStatus } from "../../../core/scheduler/status.js";
import { parseFitArgs, type NodeResourcesFitArgs, type ScoringStrategy } from "./args.js";
import { leastResourceScorer } from "./least-allocated.js";
import { mostResourceScorer } from "./most-allocated.js";
import { requestedToCapacityRatioScorer } from "./requested-to-capacity-ratio.js";
import { ResourceAllocationScorer, isExtendedResourceName, isScalarResourceName, type PodRequestList, type ResourceScorer } from "./resource-allocation.js";

export type { NodeResourcesFitArgs } from "./args.js";

const NAME = "NodeResourcesFit";
const PRE_FILTER_KEY = "PreFilter" + NAME;
const PRE_SCORE_KEY = "PreScore" + NAME;
const INSUFFICIENT_GPU = `Insufficient ${ResourceGPU}`;

/** The pod's requests as Filter checks them, computed once per cycle. */
interface PreFilterState {
  /** False when the pod requests nothing: only the pod count is checked. */
  requestsAny: boolean;
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Non-zero scalar requests that are not ignored, with their prebuilt failure reasons. */
  scalarNames: string[];
  scalarQuantities: number[];
  scalarReasons: string[];
  /** GPU devices wanted (0 when none or ignored) and milli-GPU on each. */
  gpuCount: number;
  gpuMilli: number;
  /** False when only pods/cpu/memory need checking (the common case): skips the rest of Filter. */
  needsSlowChecks: boolean;
}

function buildScorer(s: ScoringStrategy): ResourceScorer {
  switch (s.type) {
    case "LeastAllocated":
      return leastResourceScorer(s.resources);
    case "MostAllocated":
      return mostResourceScorer(s.resources);
    case "RequestedToCapacityRatio":
      return requestedToCapacityRatioScorer(s.resources, s.requestedToCapacityRatio?.shape ?? []);
  }
}

function isIgnored(name: string, ignored: ReadonlySet<string>, groups: ReadonlySet<string>): boolean {
  // Only extended resources can be ignored (hugepages and kubernetes.io/* are always checked).
  if (!isExtendedResourceName(name)) return false;
  return ignored.has(name) || (groups.size > 0 && groups.has(name.slice(0, name.indexOf("/"))));
}

function computePreFilterState(pod: PodInfo, ignored: ReadonlySet<string>, groups: ReadonlySet<string>): PreFilterState {
  const r = pod.requests;
  const s: PreFilterState = {
    requestsAny: false,
    milliCPU: r.milliCPU,
    memory: r.memory,
    ephemeralStorage: r.ephemeralStorage,
    scalarNames: [],
    scalarQuantities: [],
    scalarReasons: [],
    gpuCount: 0,
    gpuMilli: 0,
    needsSlowChecks: false,
  };
  if (r.scalar) {
    for (const [name, q] of r.scalar) {
      if (q === 0 || !isScalarResourceName(name) || isIgnored(name, ignored, groups)) continue;
      s.scalarNames.push(name);
      s.scalarQuantities.push(q);
      s.scalarReasons.push(`Insufficient ${name}`);
    }
  }
  if (pod.gpuCount > 0 && !isIgnored(pod.gpuMilli >= MILLI_PER_GPU ? ResourceGPU : ResourceGPUMilli, ignored, groups)) {
    s.gpuCount = pod.gpuCount;
    s.gpuMilli = pod.gpuMilli;
  }
  s.needsSlowChecks = s.ephemeralStorage !== 0 || s.scalarNames.length > 0 || s.gpuCount > 0;
  s.requestsAny = s.milliCPU !== 0 || s.memory !== 0 || s.ephemeralStorage !== 0 || s.scalarNames.length > 0 || s.gpuCount > 0;
  return s;
}

/** Failure statuses by reason bitmask (pods 1, cpu 2, memory 4, ephemeral-storage 8, GPU 16): built once, shared. */
const FIT_REASONS = ["Too many pods", "Insufficient cpu", "Insufficient memory", "Insufficient ephemeral-storage", INSUFFICIENT_GPU];
const fitStatusCache: (Status | undefined)[] = [];
function fitStatus(mask: number, scalarReasons: string[] | null): Status {
  if (scalarReasons === null) {
    const hit = fitStatusCache[mask];
    if (hit) return hit;
  }
  const reasons: string[] = [];
  for (let b = 0; b < 4; b++) if (mask & (1 << b)) reasons.push(FIT_REASONS[b]!);
  if (scalarReasons) reasons.push(...scalarReasons);
  if (mask & 16) reasons.push(INSUFFICIENT_GPU);
  if (scalarReasons) return new Status(Code.Unschedulable, reasons, NAME);
  return (fitStatusCache[mask] = frozenStatus(Code.Unschedulable, reasons, NAME));
}

/** Filter: every shortfall is reported, in kube's order (pods, cpu, memory, ephemeral-storage, scalars), then GPUs. */
function fitFilter(s: PreFilterState, node: NodeInfo): Status | null {
  let mask = 0;
  if (node.podCount + 1 > node.allocPods) mask |= 1;
  if (!s.requestsAny) return mask ? fitStatus(mask, null) : null;
  if (s.milliCPU > 0 && s.milliCPU > node.allocCpu - node.reqCpu) mask |= 2;
  if (s.memory > 0 && s.memory > node.allocMem - node.reqMem) mask |= 4;
  if (!s.needsSlowChecks) return mask ? fitStatus(mask, null) : null;
  const alloc = node.allocatable;
  const used = node.requested;
  if (s.ephemeralStorage > 0 && s.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) mask |= 8;
  let scalar: string[] | null = null;
  for (let i = 0; i < s.scalarNames.length; i++) {
    const name = s.scalarNames[i]!;
    if (s.scalarQuantities[i]! > alloc.getScalar(name) - used.getScalar(name)) (scalar ??= []).push(s.scalarReasons[i]!);
  }
  if (s.gpuCount > 0 && !gpuFits(node.gpuFree, s.gpuCount, s.gpuMilli)) mask |= 16;
  return mask || scalar ? fitStatus(mask, scalar) : null;
}

/** fitFilter for pods that request only pods, cpu and memory, over the nodes' rows in the snapshot's columns. */
function fitFilterRows(s: PreFilterState, at: NodeRows, count: number, out: (Status | null)[]): void {
  const { podCount, allocPods, allocCpu, reqCpu, allocMem, reqMem } = at.columns;
  const rows = at.rows;
  const cpu = s.requestsAny && s.milliCPU > 0 ? s.milliCPU : 0;
  const memory = s.requestsAny && s.memory > 0 ? s.memory : 0;
  for (let i = 0; i < count; i++) {
    const r = rows[i]!;
    let mask = 0;
    if (podCount[r]! + 1 > allocPods[r]!) mask |= 1;
    if (cpu > 0 && cpu > allocCpu[r]! - reqCpu[r]!) mask |= 2;
    if (memory > 0 && memory > allocMem[r]! - reqMem[r]!) mask |= 4;
    out[i] = mask === 0 ? null : fitStatus(mask, null);
  }
}

/**
 * isSchedulableAfterNodeChange (v1.33): skip unless the pod fits the node when empty; then queue when the
 * node is new or its allocatable grew in the pod count or in a resource the pod requests.
 */
function fitNodeHint(pod: PodInfo, node: Node, old: Node | null): QueueingHint {
  const s = computePreFilterState(pod, NONE, NONE);
  const now = new NodeInfo(node);
  if (fitFilter(s, now) !== null) return "QueueSkip";
  if (old === null) return "Queue";
  const before = new NodeInfo(old);
  const was = before.allocatable;
  const is = now.allocatable;
  if (is.allowedPodNumber > was.allowedPodNumber) return "Queue";
  if (s.milliCPU > 0 && is.milliCPU > was.milliCPU) return "Queue";
  if (s.memory > 0 && is.memory > was.memory) return "Queue";
  if (s.ephemeralStorage > 0 && is.ephemeralStorage > was.ephemeralStorage) return "Queue";
  for (const name of s.scalarNames) if (is.getScalar(name) > was.getScalar(name)) return "Queue";
  if (s.gpuCount > 0 && now.gpuFree.length > before.gpuFree.length) return "Queue";
  return "QueueSkip";
}
const NONE: ReadonlySet<string> = new Set();

export const NodeResourcesFit = definePlugin<NodeResourcesFitArgs>({
  name: NAME,
  description: "Filters nodes without room for the pod's requests (pods, cpu, memory, storage, extended, GPUs); scores LeastAllocated/MostAllocated/RequestedToCapacityRatio.",
  args: parseFitArgs,
  create(args): Plugin {
    const ignored: ReadonlySet<string> = new Set(args.ignoredResources);
    const groups: ReadonlySet<string> = new Set(args.ignoredResourceGroups);
    const scorer = new ResourceAllocationScorer(args.scoringStrategy.resources, false, buildScorer(args.scoringStrategy));
    // The last CycleState seen and its data: saves a Map lookup per node (states are per pod and cycle).
    let filterState: CycleState | null = null;
    let filterData: PreFilterState | undefined;
    let scoreState: CycleState | null = null;
    let scoreData: PodRequestList | undefined;
    return {
      name: NAME,
      events: ["PodDelete", "NodeAdd", "NodeUpdate"],

      nodeQueueingHint: (_event, pod, node, old) => fitNodeHint(pod, node, old),

      preFilter(state: CycleState, pod: PodInfo): null {
        filterData = computePreFilterState(pod, ignored, groups);
        filterState = state;
        state.write(PRE_FILTER_KEY, filterData);
        return null;
      },

      filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
        if (state !== filterState) {
          filterData = state.read<PreFilterState>(PRE_FILTER_KEY);
          filterState = state;
        }
        if (!filterData) return Status.error(`error reading "${PRE_FILTER_KEY}" from cycleState: not found`);
        return fitFilter(filterData, node);
      },

      filterAll(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], count: number, out: (Status | null)[], rows?: NodeRows): void {
        const data = state === filterState ? filterData : state.read<PreFilterState>(PRE_FILTER_KEY);
        if (!data) {
          const missing = Status.error(`error reading "${PRE_FILTER_KEY}" from cycleState: not found`);
          for (let i = 0; i < count; i++) out[i] = missing;
          return;
        }
        if (rows && !data.needsSlowChecks) return fitFilterRows(data, rows, count, out);
        for (let i = 0; i < count; i++) out[i] = fitFilter(data, nodes[i]!);
      },

      preScore(state: CycleState, pod: PodInfo): null {
        scoreData = scorer.podRequests(pod);
        scoreState = state;
        state.write(PRE_SCORE_KEY, scoreData);
        return null;
      },

      score(state: CycleState, pod: PodInfo, node: NodeInfo): number | Status {
        if (state !== scoreState) {
          scoreData = state.read<PodRequestList>(PRE_SCORE_KEY);
          scoreState = state;
        }
        // Without PreScore (kube's fallback) the requests are recomputed.
        return scorer.score(node, scoreData ?? scorer.podRequests(pod));
      },

      scoreAll(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array, rows?: NodeRows): Status | null {
        const data = state === scoreState ? scoreData : state.read<PodRequestList>(PRE_SCORE_KEY);
        return scorer.scoreAll(nodes, data ?? scorer.podRequests(pod), out, rows);
      },
    };
  },
});
