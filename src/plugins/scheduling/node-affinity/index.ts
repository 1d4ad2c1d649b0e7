/**
 * NodeAffinity:
 *  PreFilter       Skip when the pod has no spec.nodeSelector, no required node affinity and the profile adds
 *                  no required affinity; terms that are exactly `matchFields metadata.name In [...]` narrow the
 *                  candidates to those nodes (PreFilterResult), or reject the pod when they contradict.
 *  Filter          args.addedAffinity's required terms ("scheduler-enforced"), then spec.nodeSelector AND the
 *                  pod's required terms (ORed); both failures are UnschedulableAndUnresolvable.
 *  PreScore        Skip when neither the pod nor args.addedAffinity has preferred terms.
 *  Score           Σ weights of the matching preferred terms (the pod's and the added ones).
 *  NormalizeScore  DefaultNormalizeScore(100, false).
 * Everything derived from the pod is compiled once and kept in PodInfo.cache; per node only matching runs.
 */
import type { Node, NodeSelectorTerm } from "../../../core/api/types.js";
import { compileMapSelector, type CompiledSelector, type Labels } from "../../../core/api/selectors.js";
import { ArgsError, MAX_NODE_SCORE, definePlugin, type PreFilterResult } from "../../../core/scheduler/framework.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Code, SKIP, Status, frozenStatus } from "../../../core/scheduler/status.js";
import { hasKeys } from "../../../core/util/has-keys.js";
import { defaultNormalizeScore } from "../normalize-score.js";
import { parseNodeAffinityArgs, type NodeAffinityArgs } from "./args.js";
import { compilePreferredTerms, compileRequiredTerms, type TermMatcher, type WeightedTerm } from "./terms.js";

export type { NodeAffinityArgs } from "./args.js";

const NAME = "NodeAffinity";
const NO_LABELS: Labels = {};
export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
export const ErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
export const ErrReasonConflict = "pod affinity terms conflict";
const POD_MISMATCH = frozenStatus(Code.UnschedulableAndUnresolvable, [ErrReasonPod], NAME);
const ENFORCED_MISMATCH = frozenStatus(Code.UnschedulableAndUnresolvable, [ErrReasonEnforced], NAME);

/** What NodeAffinity derives from a pod, once (PodInfo.cache["NodeAffinity"]). */
interface PodNodeAffinity {
  /** spec.nodeSelector, when it has entries. */
  readonly selector: CompiledSelector | null;
  /** Required terms that can match; null when the pod has no required node affinity. */
  readonly required: readonly TermMatcher[] | null;
  /** PreFilter's answer: null, a PreFilterResult, or the conflict status. */
  readonly preFilter: PreFilterResult | Status | null;
  /** Preferred terms; null when the field is absent. */
  readonly preferred: readonly WeightedTerm[] | null;
  readonly preferredError: string | null;
}

function compilePod(pod: PodInfo): PodNodeAffinity {
  const spec = pod.pod.spec;
  const na = spec.affinity?.nodeAffinity;
  const req = na?.requiredDuringSchedulingIgnoredDuringExecution;
  const ns = spec.nodeSelector;
  const pref = na?.preferredDuringSchedulingIgnoredDuringExecution;
  const compiledPref = pref ? compilePreferredTerms(pref, "preferredDuringSchedulingIgnoredDuringExecution") : null;
  return {
    selector: ns && Object.keys(ns).length > 0 ? compileMapSelector(ns) : null,
    required: req ? compileRequiredTerms(req, "requiredDuringSchedulingIgnoredDuringExecution") : null,
    preFilter: req ? preFilterNodeNames(req.nodeSelectorTerms ?? []) : null,
    preferred: typeof compiledPref === "string" ? null : compiledPref,
    preferredError: typeof compiledPref === "string" ? compiledPref : null,
  };
}

/**
 * Node names the required terms pin the pod to: per term the intersection of its `metadata.name In`
 * field requirements; across terms the union. Any term without such a requirement allows every node.
 */
function preFilterNodeNames(terms: readonly NodeSelectorTerm[]): PreFilterResult | Status | null {
  if (terms.length === 0) return null;
  const names = new Set<string>();
  for (const t of terms) {
    let termNames: Set<string> | null = null;
    for (const r of t.matchFields ?? []) {
      if (r.key !== "metadata.name" || r.operator !== "In") continue;
      const s = new Set<string>(r.values ?? []);
      if (termNames === null) termNames = s;
      else for (const n of termNames) if (!s.has(n)) termNames.delete(n);
    }
    if (termNames === null) return null;
    for (const n of termNames) names.add(n);
  }
  return names.size === 0 ? Status.unresolvable(ErrReasonConflict) : { nodeNames: names };
}

/** A pod with neither a node selector nor node affinity (most pods): one shared value, nothing kept per pod. */
const NO_AFFINITY: PodNodeAffinity = Object.freeze({ selector: null, required: null, preFilter: null, preferred: null, preferredError: null });

function podAffinity(pod: PodInfo): PodNodeAffinity {
  const spec = pod.pod.spec;
  if (!spec.affinity?.nodeAffinity && !hasKeys(spec.nodeSelector)) return NO_AFFINITY;
  let c = pod.cache.get(NAME) as PodNodeAffinity | undefined;
  if (c === undefined) {
    c = compilePod(pod);
    pod.cache.set(NAME, c);
  }
  return c;
}

function anyTermMatches(terms: readonly TermMatcher[], labels: Labels, nodeName: string): boolean {
  for (let i = 0; i < terms.length; i++) if (terms[i]!.matches(labels, nodeName)) return true;
  return false;
}

function sumWeights(terms: readonly WeightedTerm[], labels: Labels, nodeName: string): number {
  let s = 0;
  for (let i = 0; i < terms.length; i++) if (terms[i]!.term.matches(labels, nodeName)) s += terms[i]!.weight;
  return s;
}

export const NodeAffinity = definePlugin<NodeAffinityArgs>({
  name: NAME,
  description: "Filters nodes by spec.nodeSelector and required node affinity; scores by matching preferred node affinity weights",
  args: parseNodeAffinityArgs,
  create(args) {
    const added = args.addedAffinity;
    const addedReq = added?.requiredDuringSchedulingIgnoredDuringExecution;
    const addedRequired = addedReq ? compileRequiredTerms(addedReq, "addedAffinity.requiredDuringSchedulingIgnoredDuringExecution") : null;
    const addedPrefRaw = added?.preferredDuringSchedulingIgnoredDuringExecution;
    let addedPreferred: readonly WeightedTerm[] | null = null;
    if (addedPrefRaw && addedPrefRaw.length > 0) {
      const c = compilePreferredTerms(addedPrefRaw, "addedAffinity.preferredDuringSchedulingIgnoredDuringExecution");
      if (typeof c === "string") throw new ArgsError("addedAffinity", c); // args() already rejects this
      addedPreferred = c;
    }

    /** Whether `node` passes the pod's spec.nodeSelector and required terms (GetRequiredNodeAffinity(pod).Match). */
    const podMatches = (pod: PodInfo, node: Node): boolean => {
      const labels = node.metadata.labels ?? NO_LABELS;
      const a = podAffinity(pod);
      if (a.selector !== null && !a.selector.matches(labels)) return false;
      return a.required === null || anyTermMatches(a.required, labels, node.metadata.name);
    };

    return {
      name: NAME,
      events: ["NodeAdd", "NodeUpdate"],

      /**
       * isSchedulableAfterNodeChange (v1.33): skip unless the node passes the scheduler-enforced terms and the
       * pod's; then queue when it is new or did not match the pod's before.
       */
      nodeQueueingHint(_event, pod, node, old) {
        if (addedRequired !== null && !anyTermMatches(addedRequired, node.metadata.labels ?? NO_LABELS, node.metadata.name)) return "QueueSkip";
        if (!podMatches(pod, node)) return "QueueSkip";
        return old === null || !podMatches(pod, old) ? "Queue" : "QueueSkip";
      },

      preFilter(_state, pod) {
        const spec = pod.pod.spec;
        const hasRequired = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
        if (!hasRequired && addedRequired === null && spec.nodeSelector === undefined) return SKIP;
        return podAffinity(pod).preFilter;
      },

      filter(_state, pod, node) {
        const labels = node.labels;
        if (addedRequired !== null && !anyTermMatches(addedRequired, labels, node.name)) {
          return ENFORCED_MISMATCH;
        }
        const a = podAffinity(pod);
        if (a.selector !== null && !a.selector.matches(labels)) return POD_MISMATCH;
        if (a.required !== null && !anyTermMatches(a.required, labels, node.name)) return POD_MISMATCH;
        return null;
      },

      preScore(_state, pod) {
        const a = podAffinity(pod);
        if (a.preferredError !== null) return Status.error(a.preferredError);
        if (a.preferred === null && addedPreferred === null) return SKIP;
        return null;
      },

      score(_state, pod, node) {
        const a = podAffinity(pod);
        if (a.preferredError !== null) return Status.error(a.preferredError);
        let s = 0;
        if (addedPreferred !== null) s += sumWeights(addedPreferred, node.labels, node.name);
        if (a.preferred !== null) s += sumWeights(a.preferred, node.labels, node.name);
        return s;
      },

      normalizeScore(_state, _pod, list) {
        return defaultNormalizeScore(MAX_NODE_SCORE, false, list);
      },
    };
  },
});
