/**
 * PodTopologySpread PreScore / Score / NormalizeScore (podtopologyspread/scoring.go, v1.33).
 * Soft constraints (ScheduleAnyway, or the default constraints when the pod has none of its own).
 *   - Filtered nodes lacking a topology key are "ignored" (score 0), except under System defaulting
 *     where missing keys are tolerated (a node without a zone then lives in the "" zone).
 *   - Per constraint, weight = ln(size + 2), size = number of domains among non-ignored filtered nodes
 *     (for hostname: number of non-ignored filtered nodes).
 *   - Domain counts are summed over ALL nodes passing the node inclusion policies, but only for domains
 *     present among the filtered nodes; hostname counts are the matching pods on the node itself.
 *   - raw(node) = round(Σ cnt·weight + maxSkew − 1) (math.Round in v1.33: half away from zero).
 *   - Normalize over non-ignored nodes: 100 if max = 0, else 100·(max + min − raw)/max (integer).
 */
import type { FrameworkHandle, NodeScoreList } from "../../../core/scheduler/framework.js";
import { MAX_NODE_SCORE } from "../../../core/scheduler/framework.js";
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { SKIP, Status } from "../../../core/scheduler/status.js";
import {
  InclusionChecker,
  constraintsFor,
  countMatchingPods,
  hasAllTopologyKeys,
  hasOwnConstraints,
  labelValue,
  type Constraint,
  type SpreadContext,
} from "./common.js";

export const PRE_SCORE_STATE_KEY = "PreScorePodTopologySpread";

export class PreScoreState {
  constructor(
    readonly constraints: readonly Constraint[],
    /** Nodes must carry every topology key to be scored (false only under System defaulting). */
    readonly requireAllTopologies: boolean,
    /** Per non-hostname constraint: topology value → matching pods (TopologyValueToPodCounts); null for hostname. */
    readonly counts: readonly (Map<string, number> | null)[],
    /** ln(size + 2) per constraint (TopologyNormalizingWeight). */
    readonly weights: Float64Array,
    /** Per hostname constraint: matching pods on each filtered node, by NodeInfo.index of `allNodes`. */
    readonly hostCounts: readonly (Float64Array | null)[],
    readonly allNodes: readonly NodeInfo[],
    readonly namespace: string,
  ) {}

  isIgnored(node: NodeInfo): boolean {
    return this.requireAllTopologies && !hasAllTopologyKeys(node.labels, this.constraints);
  }

  hostCount(i: number, node: NodeInfo): number {
    const arr = this.hostCounts[i]!;
    if (this.allNodes[node.index] === node) return arr[node.index]!;
    return countMatchingPods(node.pods, this.constraints[i]!.selector, this.namespace); // not a snapshot node
  }
}

export function getPreScoreState(state: CycleState): PreScoreState | undefined {
  return state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
}

/** topologyNormalizingWeight. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

export function preScore(
  ctx: SpreadContext,
  handle: FrameworkHandle,
  state: CycleState,
  pod: PodInfo,
  filtered: readonly NodeInfo[],
): Status | null {
  const own = hasOwnConstraints(pod);
  if (!own && ctx.softDefaults.length === 0) return SKIP;
  const allNodes = handle.snapshot.nodes;
  if (allNodes.length === 0) return SKIP;
  const constraints = constraintsFor(ctx, pod, "ScheduleAnyway");
  if (typeof constraints === "string") return Status.error(`calculating preScoreState: ${constraints}`);
  if (constraints.length === 0) return SKIP;

  // Only non-system-default rules require every key: nodes without a zone still get hostname spreading.
  const requireAll = own || !ctx.systemDefaulted;
  const n = constraints.length;
  const counts: (Map<string, number> | null)[] = constraints.map((c) => (c.isHostname ? null : new Map()));
  const ignored = new Uint8Array(filtered.length);
  let ignoredCount = 0;
  let hasDomainCounts = false;
  for (let j = 0; j < filtered.length; j++) {
    const labels = filtered[j]!.labels;
    if (requireAll && !hasAllTopologyKeys(labels, constraints)) {
      ignored[j] = 1;
      ignoredCount++;
      continue;
    }
    for (let i = 0; i < n; i++) {
      const m = counts[i];
      if (!m) continue; // hostname: per-node counts below
      hasDomainCounts = true;
      const value = labelValue(labels, constraints[i]!.topologyKey) ?? ""; // a missing key reads as ""
      if (!m.has(value)) m.set(value, 0);
    }
  }
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    weights[i] = topologyNormalizingWeight(counts[i] ? counts[i]!.size : filtered.length - ignoredCount);
  }

  const ns = pod.namespace;
  const matching = constraints.map((c) => ctx.matchCounts.for(c.selector, ns));
  if (hasDomainCounts) {
    const inclusion = new InclusionChecker(pod);
    for (let j = 0; j < allNodes.length; j++) {
      const node = allNodes[j]!;
      const labels = node.labels;
      if (requireAll && !hasAllTopologyKeys(labels, constraints)) continue;
      for (let i = 0; i < n; i++) {
        const m = counts[i];
        if (!m) continue;
        const c = constraints[i]!;
        if (!inclusion.includes(c, node)) continue;
        const value = labelValue(labels, c.topologyKey) ?? "";
        const cur = m.get(value);
        if (cur === undefined) continue; // domain has no candidate node
        m.set(value, cur + matching[i]!.on(node));
      }
    }
  }

  const hostCounts: (Float64Array | null)[] = [];
  for (let i = 0; i < n; i++) {
    const c = constraints[i]!;
    if (!c.isHostname) {
      hostCounts.push(null);
      continue;
    }
    const arr = new Float64Array(allNodes.length);
    for (let j = 0; j < filtered.length; j++) {
      const node = filtered[j]!;
      if (ignored[j] || allNodes[node.index] !== node || labelValue(node.labels, c.topologyKey) === undefined) continue;
      arr[node.index] = matching[i]!.on(node);
    }
    hostCounts.push(arr);
  }

  state.write(PRE_SCORE_STATE_KEY, new PreScoreState(constraints, requireAll, counts, weights, hostCounts, allNodes, ns));
  return null;
}

/** Go's math.Round: half away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export function score(state: CycleState, node: NodeInfo): number | Status {
  const s = getPreScoreState(state);
  if (!s) return Status.error(`reading "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
  if (s.isIgnored(node)) return 0;
  const cs = s.constraints;
  const labels = node.labels;
  let sum = 0;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const value = labelValue(labels, c.topologyKey);
    if (value === undefined) continue;
    const cnt = c.isHostname ? s.hostCount(i, node) : (s.counts[i]!.get(value) ?? 0);
    sum += cnt * s.weights[i]! + (c.maxSkew - 1);
  }
  return roundHalfAway(sum);
}

export function normalizeScore(state: CycleState, list: NodeScoreList): Status | null {
  const s = getPreScoreState(state);
  if (!s) return Status.error(`reading "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
  const { nodes, scores } = list;
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (let i = 0; i < nodes.length; i++) {
    if (s.isIgnored(nodes[i]!)) {
      scores[i] = -1; // invalidScore
      continue;
    }
    const v = scores[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (let i = 0; i < nodes.length; i++) {
    const v = scores[i]!;
    if (v === -1) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_NODE_SCORE;
    else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - v)) / max);
  }
  return null;
}
