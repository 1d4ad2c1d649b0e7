/**
 * InterPodAffinity PreScore / Score / NormalizeScore (scoring.go, v1.33).
 *
 * PreScore sums weights into topologyScore[key][value] (value = label of the existing pod's node):
 *   +w / −w   incoming pod's preferred affinity / anti-affinity terms matched by an existing pod;
 *   +hard     existing pod's required affinity terms matched by the incoming pod (hardPodAffinityWeight > 0);
 *   +w / −w   existing pod's preferred affinity / anti-affinity terms matched by the incoming pod.
 * Unless the incoming pod has preferred terms, only pods with (anti-)affinity are visited.
 * Score(node) = Σ_key topologyScore[key][node's value]; NormalizeScore maps [min, max] onto [0, 100].
 */
import type { Labels } from "../../../core/api/selectors.js";
import type { CycleState, StateData } from "../../../core/scheduler/cycle-state.js";
import { MAX_NODE_SCORE, type FrameworkHandle, type NodeScoreList } from "../../../core/scheduler/framework.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { SKIP, Status } from "../../../core/scheduler/status.js";
import { PLUGIN_NAME } from "./filtering.js";
import { TopologyCounts, affinityTermsOf, existingTermMatches, incomingTermMatches, labelOf, type AffinityTerm } from "./terms.js";

export const PRE_SCORE_STATE_KEY = "PreScore" + PLUGIN_NAME;

export interface ScoringArgs {
  hardPodAffinityWeight: number;
  ignorePreferredTermsOfExistingPods: boolean;
}

/** Read-only after PreScore, so clones share it (as kube's preScoreState.Clone does). */
export class PreScoreState implements StateData {
  constructor(readonly topologyScore: TopologyCounts) {}
  clone(): PreScoreState {
    return this;
  }
}

export function preScore(state: CycleState, pod: PodInfo, handle: FrameworkHandle, args: ScoringArgs): Status | null {
  const aff = pod.pod.spec.affinity;
  const hasConstraints =
    (aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0 ||
    (aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
  if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return SKIP;
  const terms = affinityTermsOf(pod);
  if (terms.parseError !== null) return Status.error(`failed to parse pod: ${terms.parseError}`);
  const snapshot = handle.snapshot;
  // Fast path: no pod to visit, so kube ends with an empty topologyScore and Skip.
  if (!hasConstraints && snapshot.podsWithAffinityCount === 0) return SKIP;

  const nsLabels = handle.namespaceLabels(pod.namespace);
  const scores = new TopologyCounts();
  const prefAff = terms.preferredAffinity;
  const prefAnti = terms.preferredAntiAffinity;
  const hard = args.hardPodAffinityWeight;
  let touched = false;
  const nodes = snapshot.nodes;
  for (let n = 0; n < nodes.length; n++) {
    const node = nodes[n]!;
    const pods = hasConstraints ? node.pods : node.podsWithAffinity;
    if (pods.length === 0) continue;
    const labels = node.labels;
    for (let i = 0; i < pods.length; i++) {
      const existing = pods[i]!;
      if (prefAff.length > 0 && addIncoming(scores, prefAff, existing, labels, handle, 1)) touched = true;
      if (prefAnti.length > 0 && addIncoming(scores, prefAnti, existing, labels, handle, -1)) touched = true;
      if (!existing.hasAffinity) continue;
      const et = affinityTermsOf(existing);
      if (hard > 0 && addExisting(scores, et.requiredAffinity, hard, pod, nsLabels, labels, 1)) touched = true;
      if (addExisting(scores, et.preferredAffinity, 0, pod, nsLabels, labels, 1)) touched = true;
      if (addExisting(scores, et.preferredAntiAffinity, 0, pod, nsLabels, labels, -1)) touched = true;
    }
  }
  // kube skips when no node produced a topology score entry (even one that sums to zero).
  if (!touched) return SKIP;
  state.write(PRE_SCORE_STATE_KEY, new PreScoreState(scores));
  return null;
}

/** Incoming pod's weighted terms vs an existing pod; returns whether anything was added. */
function addIncoming(
  scores: TopologyCounts,
  terms: readonly AffinityTerm[],
  existing: PodInfo,
  nodeLabels: Labels,
  handle: Pick<FrameworkHandle, "namespaceLabels">,
  sign: number,
): boolean {
  let added = false;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    if (!incomingTermMatches(t, existing, handle)) continue;
    const v = labelOf(nodeLabels, t.topologyKey);
    if (v === undefined) continue;
    scores.add(t.topologyKey, v, sign * t.weight);
    added = true;
  }
  return added;
}

/** Existing pod's terms vs the incoming pod; `weight` 0 means each term's own weight. */
function addExisting(
  scores: TopologyCounts,
  terms: readonly AffinityTerm[],
  weight: number,
  incoming: PodInfo,
  nsLabels: Labels | undefined,
  nodeLabels: Labels,
  sign: number,
): boolean {
  let added = false;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    if (!existingTermMatches(t, incoming, nsLabels)) continue;
    const v = labelOf(nodeLabels, t.topologyKey);
    if (v === undefined) continue;
    scores.add(t.topologyKey, v, sign * (weight || t.weight));
    added = true;
  }
  return added;
}

export function score(state: CycleState, node: NodeInfo): number | Status {
  const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
  if (!s) return Status.error(`failed to read "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
  const ts = s.topologyScore;
  let total = 0;
  for (let i = 0; i < ts.keys.length; i++) total += ts.atNode(i, node.labels);
  return total;
}

/**
 * v1.33 initialises min = MaxInt64 and max = MinInt64 (older releases started both at 0, so min ≤ 0 ≤ max):
 * scores are spread over the actual [min, max]; all equal ⇒ all 0.
 */
export function normalizeScore(state: CycleState, list: NodeScoreList): Status | null {
  const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
  if (!s) return Status.error(`failed to read "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
  if (s.topologyScore.keys.length === 0) return null;
  const n = list.nodes.length;
  const scores = list.scores;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = scores[i]!;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const diff = max - min;
  for (let i = 0; i < n; i++) {
    // Same operation order as kube (float64(100) * (float64(s-min) / float64(diff))), then truncation.
    scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
  }
  return null;
}
