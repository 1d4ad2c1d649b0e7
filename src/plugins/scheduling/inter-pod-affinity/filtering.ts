/**
 * InterPodAffinity PreFilter / Filter / PreFilterExtensions (filtering.go, v1.33).
 *
 * PreFilter counts, by topology pair (key, value of the existing pod's node):
 *   existingAnti  existing pods' required anti-affinity terms that match the incoming pod;
 *   affinity      existing pods matching ALL of the incoming pod's required affinity terms (one per term);
 *   antiAffinity  existing pods matching each of the incoming pod's required anti-affinity terms.
 * Filter is then a few map lookups per node.
 */
import type { Labels } from "../../../core/api/selectors.js";
import type { StateData } from "../../../core/scheduler/cycle-state.js";
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import type { FrameworkHandle } from "../../../core/scheduler/framework.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Code, SKIP, Status } from "../../../core/scheduler/status.js";
import type { PodCounts } from "../node-caches/pod-counts.js";
import type { TermCounts } from "./term-counts.js";
import {
  TopologyCounts,
  affinityTermsOf,
  existingTermMatches,
  incomingTermMatches,
  labelOf,
  matchesAllIncomingTerms,
  type AffinityTerm,
  type PodAffinityTerms,
} from "./terms.js";

export const PLUGIN_NAME = "InterPodAffinity";
export const PRE_FILTER_STATE_KEY = "PreFilter" + PLUGIN_NAME;

export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

// Shared failure statuses (plugin name preset, so the runtime never writes to them).
const AFFINITY_FAIL = Object.freeze(new Status(Code.UnschedulableAndUnresolvable, [ErrReasonAffinityRulesNotMatch], PLUGIN_NAME)) as Status;
const ANTI_AFFINITY_FAIL = Object.freeze(new Status(Code.Unschedulable, [ErrReasonAntiAffinityRulesNotMatch], PLUGIN_NAME)) as Status;
const EXISTING_ANTI_FAIL = Object.freeze(new Status(Code.Unschedulable, [ErrReasonExistingAntiAffinityRulesNotMatch], PLUGIN_NAME)) as Status;

export class PreFilterState implements StateData {
  constructor(
    readonly pod: PodInfo,
    readonly terms: PodAffinityTerms,
    /** Labels of the incoming pod's namespace (for existing pods' namespaceSelectors). */
    readonly nsLabels: Labels | undefined,
    readonly existingAnti: TopologyCounts,
    readonly affinity: TopologyCounts,
    readonly antiAffinity: TopologyCounts,
    /** Index in `affinity`/`antiAffinity` of each required term's topology key (stable across clones). */
    readonly affinityKeyIdx: Int32Array,
    readonly antiKeyIdx: Int32Array,
    /** The incoming pod matches all its own required affinity terms (first pod of a group). */
    readonly selfMatch: boolean,
  ) {}

  clone(): PreFilterState {
    return new PreFilterState(
      this.pod,
      this.terms,
      this.nsLabels,
      this.existingAnti.clone(),
      this.affinity.clone(),
      this.antiAffinity.clone(),
      this.affinityKeyIdx,
      this.antiKeyIdx,
      this.selfMatch,
    );
  }

  /** preFilterState.updateWithPod: `mult` is +1 (AddPod) or −1 (RemovePod). */
  updateWithPod(other: PodInfo, node: NodeInfo, handle: Pick<FrameworkHandle, "namespaceLabels">, mult: number): void {
    const labels = node.labels;
    if (other.hasRequiredAntiAffinity) {
      addExistingAnti(this.existingAnti, affinityTermsOf(other).requiredAntiAffinity, this.pod, this.nsLabels, labels, mult);
    }
    addAllMatching(this.affinity, this.terms.requiredAffinity, other, labels, handle, mult);
    addEachMatching(this.antiAffinity, this.terms.requiredAntiAffinity, other, labels, handle, mult);
  }
}

/** Existing pod's anti-affinity terms matching the incoming pod. */
function addExistingAnti(
  counts: TopologyCounts,
  terms: readonly AffinityTerm[],
  incoming: PodInfo,
  nsLabels: Labels | undefined,
  nodeLabels: Labels,
  delta: number,
): void {
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    if (!existingTermMatches(t, incoming, nsLabels)) continue;
    const v = labelOf(nodeLabels, t.topologyKey);
    if (v !== undefined) counts.add(t.topologyKey, v, delta);
  }
}

/** updateWithAffinityTerms: only when `p` matches every term, then once per term. */
function addAllMatching(
  counts: TopologyCounts,
  terms: readonly AffinityTerm[],
  p: PodInfo,
  nodeLabels: Labels,
  handle: Pick<FrameworkHandle, "namespaceLabels">,
  delta: number,
): void {
  if (!matchesAllIncomingTerms(terms, p, handle)) return;
  for (let i = 0; i < terms.length; i++) {
    const v = labelOf(nodeLabels, terms[i]!.topologyKey);
    if (v !== undefined) counts.add(terms[i]!.topologyKey, v, delta);
  }
}

/** updateWithAntiAffinityTerms for the incoming pod's terms: each matching term counts. */
function addEachMatching(
  counts: TopologyCounts,
  terms: readonly AffinityTerm[],
  p: PodInfo,
  nodeLabels: Labels,
  handle: Pick<FrameworkHandle, "namespaceLabels">,
  delta: number,
): void {
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    if (!incomingTermMatches(t, p, handle)) continue;
    const v = labelOf(nodeLabels, t.topologyKey);
    if (v !== undefined) counts.add(t.topologyKey, v, delta);
  }
}

/**
 * The incoming pod's affinity and anti-affinity counts from kept per-node counts (term-counts.ts), in the
 * order a pod-by-pod count adds them; false (nothing added) when some term cannot be kept.
 */
function countKept(
  affinity: TopologyCounts,
  antiAffinity: TopologyCounts,
  reqAff: readonly AffinityTerm[],
  reqAnti: readonly AffinityTerm[],
  nodes: readonly NodeInfo[],
  kept: TermCounts,
): boolean {
  const all = reqAff.length > 0 ? kept.allOf(reqAff) : null;
  if (all === undefined) return false;
  const each: PodCounts[] = [];
  for (const t of reqAnti) {
    const c = kept.each(t);
    if (!c) return false;
    each.push(c);
  }
  for (let n = 0; n < nodes.length; n++) {
    const node = nodes[n]!;
    const labels = node.labels;
    const c = all ? all.on(node) : 0;
    if (c > 0) {
      for (let i = 0; i < reqAff.length; i++) {
        const v = labelOf(labels, reqAff[i]!.topologyKey);
        if (v !== undefined) affinity.add(reqAff[i]!.topologyKey, v, c);
      }
    }
    for (let i = 0; i < each.length; i++) {
      const k = each[i]!.on(node);
      if (k === 0) continue;
      const v = labelOf(labels, reqAnti[i]!.topologyKey);
      if (v !== undefined) antiAffinity.add(reqAnti[i]!.topologyKey, v, k);
    }
  }
  return true;
}

/** `kept`: the plugin's per-node counts; null counts pod by pod (what they must equal). */
export function preFilter(state: CycleState, pod: PodInfo, handle: FrameworkHandle, kept: TermCounts | null): Status | null {
  const terms = affinityTermsOf(pod);
  if (terms.parseError !== null) return Status.unresolvable(`parsing pod: ${terms.parseError}`);
  const reqAff = terms.requiredAffinity;
  const reqAnti = terms.requiredAntiAffinity;
  const hasRequired = reqAff.length > 0 || reqAnti.length > 0;
  const snapshot = handle.snapshot;
  // Fast path: nothing could be counted, so kube's final Skip check would fire.
  if (!hasRequired && snapshot.podsWithRequiredAntiAffinityCount === 0) return SKIP;

  const nsLabels = handle.namespaceLabels(pod.namespace);
  const existingAnti = new TopologyCounts();
  const affinity = new TopologyCounts();
  const antiAffinity = new TopologyCounts();
  const nodes = snapshot.nodes;
  if (snapshot.podsWithRequiredAntiAffinityCount > 0) {
    for (let n = 0; n < nodes.length; n++) {
      const node = nodes[n]!;
      const withAnti = node.podsWithRequiredAntiAffinity;
      for (let i = 0; i < withAnti.length; i++) {
        addExistingAnti(existingAnti, affinityTermsOf(withAnti[i]!).requiredAntiAffinity, pod, nsLabels, node.labels, 1);
      }
    }
  }
  if (hasRequired && !(kept && countKept(affinity, antiAffinity, reqAff, reqAnti, nodes, kept))) {
    for (let n = 0; n < nodes.length; n++) {
      const node = nodes[n]!;
      const pods = node.pods;
      for (let i = 0; i < pods.length; i++) {
        if (reqAff.length > 0) addAllMatching(affinity, reqAff, pods[i]!, node.labels, handle, 1);
        if (reqAnti.length > 0) addEachMatching(antiAffinity, reqAnti, pods[i]!, node.labels, handle, 1);
      }
    }
  }
  if (existingAnti.pairs === 0 && !hasRequired) return SKIP;

  const affinityKeyIdx = Int32Array.from(reqAff, (t) => affinity.keyIndex(t.topologyKey));
  const antiKeyIdx = Int32Array.from(reqAnti, (t) => antiAffinity.keyIndex(t.topologyKey));
  const selfMatch = matchesAllIncomingTerms(reqAff, pod, handle);
  state.write(
    PRE_FILTER_STATE_KEY,
    new PreFilterState(pod, terms, nsLabels, existingAnti, affinity, antiAffinity, affinityKeyIdx, antiKeyIdx, selfMatch),
  );
  return null;
}

export function filter(state: CycleState, node: NodeInfo): Status | null {
  const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
  if (!s) return Status.error(`error reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
  const labels = node.labels;
  if (!satisfyPodAffinity(s, labels)) return AFFINITY_FAIL;
  if (!satisfyPodAntiAffinity(s, labels)) return ANTI_AFFINITY_FAIL;
  if (!satisfyExistingPodsAntiAffinity(s, labels)) return EXISTING_ANTI_FAIL;
  return null;
}

function satisfyPodAffinity(s: PreFilterState, labels: Labels): boolean {
  const terms = s.terms.requiredAffinity;
  let podsExist = true;
  for (let i = 0; i < terms.length; i++) {
    // Every topology key must exist on the node.
    if (labelOf(labels, terms[i]!.topologyKey) === undefined) return false;
    if (s.affinity.atNode(s.affinityKeyIdx[i]!, labels) <= 0) podsExist = false;
  }
  // The first pod of a group with affinity to itself: allowed when no pod anywhere matches the terms.
  return podsExist || (s.affinity.pairs === 0 && s.selfMatch);
}

function satisfyPodAntiAffinity(s: PreFilterState, labels: Labels): boolean {
  if (s.antiAffinity.pairs === 0) return true;
  const idx = s.antiKeyIdx;
  for (let i = 0; i < idx.length; i++) if (s.antiAffinity.atNode(idx[i]!, labels) > 0) return false;
  return true;
}

/** kube walks the node's labels; walking the (few) counted keys instead is equivalent and allocation-free. */
function satisfyExistingPodsAntiAffinity(s: PreFilterState, labels: Labels): boolean {
  const c = s.existingAnti;
  if (c.pairs === 0) return true;
  for (let i = 0; i < c.keys.length; i++) if (c.atNode(i, labels) > 0) return false;
  return true;
}

/** AddPod / RemovePod (PreFilterExtensions). */
export function updateState(
  state: CycleState,
  podToUpdate: PodInfo,
  node: NodeInfo,
  handle: Pick<FrameworkHandle, "namespaceLabels">,
  mult: number,
): Status | null {
  const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
  if (!s) return Status.error(`error reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
  s.updateWithPod(podToUpdate, node, handle, mult);
  return null;
}
