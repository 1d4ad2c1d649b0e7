/**
 * PodTopologySpread PreFilter / Filter / PreFilterExtensions (podtopologyspread/filtering.go, v1.33).
 * PreFilter counts, per hard constraint, the matching pods in every topology domain (domains are the
 * values of the key on nodes that carry all the constraints' keys and pass the constraint's node
 * inclusion policies; a domain with no matching pod still counts as a domain) and keeps kube's two
 * "critical paths" (lowest counts). Filter then rejects a node when
 *   matchNum(domain of node) + selfMatch − globalMin > maxSkew,
 * where globalMin is 0 while there are fewer domains than minDomains.
 */
import type { CycleState, StateData } from "../../../core/scheduler/cycle-state.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import type { Snapshot } from "../../../core/scheduler/snapshot.js";
import { SKIP, Status } from "../../../core/scheduler/status.js";
import {
  ErrReasonConstraintsNotMatch,
  ErrReasonNodeLabelNotMatch,
  InclusionChecker,
  constraintsFor,
  hasAllTopologyKeys,
  type Constraint,
  type SpreadContext,
} from "./common.js";
import type { SelectorCounts } from "./match-counts.js";

export const PRE_FILTER_STATE_KEY = "PreFilterPodTopologySpread";
const MAX_INT32 = 2147483647;

/**
 * The two lowest-count domains of one constraint (kube's criticalPaths). n0 always holds the minimum;
 * n1 ≥ n0 but is not guaranteed to be the second minimum after updates. Exact enough for preemption,
 * which only removes pods from one node per dry run on its own copy of the state.
 */
export class CriticalPaths {
  v0 = "";
  n0 = MAX_INT32;
  v1 = "";
  n1 = MAX_INT32;

  update(value: string, num: number): void {
    if (value === this.v0 || value === this.v1) {
      if (value === this.v0) this.n0 = num;
      else this.n1 = num;
      if (this.n0 > this.n1) {
        const v = this.v0, n = this.n0;
        this.v0 = this.v1;
        this.n0 = this.n1;
        this.v1 = v;
        this.n1 = n;
      }
    } else if (num < this.n0) {
      this.v1 = this.v0;
      this.n1 = this.n0;
      this.v0 = value;
      this.n0 = num;
    } else if (num < this.n1) {
      this.v1 = value;
      this.n1 = num;
    }
  }

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.v0 = this.v0;
    c.n0 = this.n0;
    c.v1 = this.v1;
    c.n1 = this.n1;
    return c;
  }
}

export class PreFilterState implements StateData {
  constructor(
    readonly constraints: readonly Constraint[],
    /** 1 when the incoming pod is selected by constraint i (it will add itself to the domain). */
    readonly selfMatch: Uint8Array,
    /** Per constraint: topology value → matching pods (TpValueToMatchNum). */
    readonly counts: Map<string, number>[],
    readonly paths: CriticalPaths[],
    /** Node inclusion decisions for AddPod/RemovePod. */
    readonly inclusion: InclusionChecker,
  ) {}

  /** Global minimum for constraint i, taking minDomains into account. */
  minMatchNum(i: number): number {
    return this.counts[i]!.size < this.constraints[i]!.minDomains ? 0 : this.paths[i]!.n0;
  }

  /** Deep copy of the counters (constraints are shared): preemption dry runs mutate their copy. */
  clone(): PreFilterState {
    return new PreFilterState(
      this.constraints,
      this.selfMatch,
      this.counts.map((m) => new Map(m)),
      this.paths.map((p) => p.clone()),
      this.inclusion,
    );
  }
}

export function getPreFilterState(state: CycleState): PreFilterState | undefined {
  return state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
}

/** calPreFilterState over all nodes; Skip when the pod has no hard constraints (the common case). */
export function preFilter(ctx: SpreadContext, state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], snapshot?: Snapshot): Status | null {
  if (ctx.hardDefaults.length === 0 && !pod.pod.spec.topologySpreadConstraints?.length) return SKIP;
  const constraints = constraintsFor(ctx, pod, "DoNotSchedule");
  if (typeof constraints === "string") return Status.error(`get constraints from pod: ${constraints}`);
  if (constraints.length === 0) return SKIP;

  const n = constraints.length;
  const counts: Map<string, number>[] = [];
  const paths: CriticalPaths[] = [];
  const selfMatch = new Uint8Array(n);
  const inclusion = new InclusionChecker(pod);
  const ns = pod.namespace;
  for (let i = 0; i < n; i++) {
    const c = constraints[i]!;
    selfMatch[i] = c.selector.matches(pod.labels) ? 1 : 0;
    const matching = ctx.matchCounts.for(c.selector, ns);
    const kept = ctx.domainCounts.for(pod, constraints, i, matching);
    const d = kept ? kept.sync(nodes, inclusion, snapshot) : countDomains(nodes, constraints, c, inclusion, matching);
    counts.push(d.counts);
    paths.push(d.paths);
  }
  state.write(PRE_FILTER_STATE_KEY, new PreFilterState(constraints, selfMatch, counts, paths, inclusion));
  return null;
}

/** One constraint's counts over every node, afresh (selectors without a canonical form). */
export function countDomains(nodes: readonly NodeInfo[], all: readonly Constraint[], c: Constraint, inclusion: InclusionChecker, matching: SelectorCounts) {
  const counts = new Map<string, number>();
  for (let j = 0; j < nodes.length; j++) {
    const node = nodes[j]!;
    const labels = node.labels;
    if (!hasAllTopologyKeys(labels, all) || !inclusion.includes(c, node)) continue;
    const value = labels[c.topologyKey]!;
    counts.set(value, (counts.get(value) ?? 0) + matching.on(node));
  }
  const paths = new CriticalPaths();
  for (const [value, num] of counts) paths.update(value, num);
  return { counts, paths };
}

export function filter(state: CycleState, node: NodeInfo): Status | null {
  const s = getPreFilterState(state);
  if (!s) return Status.error(`reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
  const cs = s.constraints;
  const labels = node.labels;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const value = labels[c.topologyKey];
    if (typeof value !== "string") return Status.unresolvable(ErrReasonNodeLabelNotMatch);
    const skew = (s.counts[i]!.get(value) ?? 0) + s.selfMatch[i]! - s.minMatchNum(i);
    if (skew > c.maxSkew) return Status.unschedulable(ErrReasonConstraintsNotMatch);
  }
  return null;
}

/** AddPod (delta +1) / RemovePod (delta −1): keep counts in step during preemption dry runs. */
export function updateWithPod(state: CycleState, podToSchedule: PodInfo, updated: PodInfo, node: NodeInfo, delta: number): Status | null {
  const s = getPreFilterState(state);
  if (!s) return null; // PreFilter skipped: nothing to keep in step
  if (updated.namespace !== podToSchedule.namespace) return null;
  const labels = node.labels;
  if (!hasAllTopologyKeys(labels, s.constraints)) return null;
  s.inclusion.reset();
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i]!;
    if (!c.selector.matches(updated.labels)) continue;
    if (!s.inclusion.includes(c, node)) continue;
    const value = labels[c.topologyKey]!;
    const m = s.counts[i]!;
    const num = (m.get(value) ?? 0) + delta;
    m.set(value, num);
    s.paths[i]!.update(value, num);
  }
  return null;
}
