/**
 * Shared pieces of PodTopologySpread (kube-scheduler v1.33, podtopologyspread/common.go):
 * the parsed constraint, how a pod's own constraints are compiled (matchLabelKeys merged into the
 * selector, minDomains / nodeAffinityPolicy / nodeTaintsPolicy defaulted), which nodes a constraint
 * counts (node inclusion policies) and which pods count (same namespace, not terminating, selected).
 * In v1.33 MinDomains and NodeInclusionPolicy are GA and MatchLabelKeys is beta-on, so only the
 * gate-on paths exist here; the scheduler itself still merges matchLabelKeys (the apiserver merge
 * arrived in v1.34).
 */
import type { DomainCountsCache } from "./domain-counts.js";
import type { LabelSelector, LabelSelectorRequirement, Toleration, TopologySpreadConstraint } from "../../../core/api/types.js";
import { LabelHostname } from "../../../core/api/types.js";
import {
  compileLabelSelector,
  compileMapSelector,
  compileNodeSelectorTerm,
  type CompiledSelector,
  type Labels,
} from "../../../core/api/selectors.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import { doNotScheduleTaintsFilter, findMatchingUntoleratedTaint } from "../../../core/api/taints.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import type { MatchCounts } from "./match-counts.js";

export const NAME = "PodTopologySpread";
export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const ErrReasonNodeLabelNotMatch = `${ErrReasonConstraintsNotMatch} (missing required label)`;

/** A constraint minus its selector: what plugin args' defaultConstraints compile to. */
export interface ConstraintTemplate {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly minDomains: number;
  /** nodeAffinityPolicy == Honor (the default). */
  readonly honorAffinity: boolean;
  /** nodeTaintsPolicy == Honor (default Ignore). */
  readonly honorTaints: boolean;
  readonly isHostname: boolean;
}

/** kube's internal topologySpreadConstraint: the selector is compiled. */
export interface Constraint extends ConstraintTemplate {
  readonly selector: CompiledSelector;
}

export type Action = "DoNotSchedule" | "ScheduleAnyway";

/** getDefaultConstraints for DefaultingType System (plugin.go systemDefaultConstraints). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([
  { topologyKey: LabelHostname, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
]);

/** The selector-independent part of filterTopologySpreadConstraints, with kube's defaults. */
export function toTemplate(c: TopologySpreadConstraint): ConstraintTemplate {
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    minDomains: c.minDomains ?? 1, // nil minDomains is treated as 1
    honorAffinity: (c.nodeAffinityPolicy ?? "Honor") === "Honor",
    honorTaints: (c.nodeTaintsPolicy ?? "Ignore") === "Honor",
    isHostname: c.topologyKey === LabelHostname,
  };
}

/**
 * Compiles a pod's own constraint: `labelSelector` (null selects nothing, {} everything) ANDed with
 * `key In [podValue]` for every matchLabelKeys key the pod carries (mergeLabelSetWithSelector). A null
 * selector has no requirements to merge, so the result is the matchLabelKeys set alone, as in kube.
 */
export function compileConstraint(c: TopologySpreadConstraint, podLabels: Labels, field: string): Constraint {
  const extra: LabelSelectorRequirement[] = [];
  for (const key of c.matchLabelKeys ?? []) {
    const v = podLabels[key];
    if (typeof v === "string") extra.push({ key, operator: "In", values: [v] });
  }
  let sel: LabelSelector | null | undefined = c.labelSelector;
  if (extra.length > 0) {
    sel = { matchLabels: sel?.matchLabels ?? {}, matchExpressions: [...extra, ...(sel?.matchExpressions ?? [])] };
  }
  return { ...toTemplate(c), selector: compileLabelSelector(sel, `${field}.labelSelector`) };
}

/** The pod's own constraints split by action, compiled once per PodInfo (labels and spec are immutable). */
export interface OwnConstraints {
  readonly hard: readonly Constraint[];
  readonly soft: readonly Constraint[];
  /** Set when a selector does not parse: PreFilter/PreScore return an Error status. */
  readonly error: string | null;
}

const OWN_KEY = "PodTopologySpread/own";
const NO_CONSTRAINTS: readonly Constraint[] = Object.freeze([]);

/** A pod without constraints of its own (most pods): one shared value instead of one kept per pod. */
const NO_OWN: OwnConstraints = Object.freeze({ hard: NO_CONSTRAINTS, soft: NO_CONSTRAINTS, error: null });

export function ownConstraints(pod: PodInfo): OwnConstraints {
  if (!pod.pod.spec.topologySpreadConstraints?.length) return NO_OWN;
  const cached = pod.cache.get(OWN_KEY) as OwnConstraints | undefined;
  if (cached) return cached;
  const hard: Constraint[] = [];
  const soft: Constraint[] = [];
  let error: string | null = null;
  try {
    (pod.pod.spec.topologySpreadConstraints ?? []).forEach((c, i) => {
      const compiled = compileConstraint(c, pod.labels, `spec.topologySpreadConstraints[${i}]`);
      (c.whenUnsatisfiable === "DoNotSchedule" ? hard : c.whenUnsatisfiable === "ScheduleAnyway" ? soft : []).push(compiled);
    });
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const own: OwnConstraints = {
    hard: hard.length ? hard : NO_CONSTRAINTS,
    soft: soft.length ? soft : NO_CONSTRAINTS,
    error,
  };
  pod.cache.set(OWN_KEY, own);
  return own;
}

export function hasOwnConstraints(pod: PodInfo): boolean {
  const c = pod.pod.spec.topologySpreadConstraints;
  return c !== undefined && c.length > 0;
}

/** A label value, or undefined when absent (plain-object labels: ignore inherited members). */
export function labelValue(labels: Labels, key: string): string | undefined {
  const v = labels[key];
  return typeof v === "string" ? v : undefined;
}

/** nodeLabelsMatchSpreadConstraints: every constraint's topology key is a label of the node. */
export function hasAllTopologyKeys(labels: Labels, constraints: readonly Constraint[]): boolean {
  for (let i = 0; i < constraints.length; i++) if (typeof labels[constraints[i]!.topologyKey] !== "string") return false;
  return true;
}

/** countPodsMatchSelector: same-namespace, non-terminating pods the selector picks. */
export function countMatchingPods(pods: readonly PodInfo[], selector: CompiledSelector, namespace: string): number {
  let n = 0;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    // Cheapest test first: the terminating check (kube #87621) costs two more dereferences per pod.
    if (p.namespace === namespace && selector.matches(p.labels) && !p.pod.metadata.deletionTimestamp) n++;
  }
  return n;
}

type TermMatcher = ReturnType<typeof compileNodeSelectorTerm>;

/**
 * nodeaffinity.GetRequiredNodeAffinity: spec.nodeSelector AND required node affinity terms (ORed).
 * Like kube's LazyErrorNodeSelector, a term that does not parse simply matches nothing.
 */
export class RequiredNodeAffinity {
  private readonly nodeSelector: CompiledSelector | null;
  private readonly terms: readonly TermMatcher[] | null;

  constructor(pod: PodInfo) {
    const spec = pod.pod.spec;
    this.nodeSelector = spec.nodeSelector && Object.keys(spec.nodeSelector).length > 0 ? compileMapSelector(spec.nodeSelector) : null;
    const req = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!req) {
      this.terms = null;
      return;
    }
    const terms: TermMatcher[] = [];
    (req.nodeSelectorTerms ?? []).forEach((t, i) => {
      try {
        terms.push(compileNodeSelectorTerm(t, `nodeSelectorTerms[${i}]`));
      } catch {
        // a term that fails to parse never matches
      }
    });
    this.terms = terms;
  }

  matches(node: NodeInfo): boolean {
    if (this.nodeSelector && !this.nodeSelector.matches(node.labels)) return false;
    if (this.terms) {
      for (const t of this.terms) if (t.matches(node.labels, node.name)) return true;
      return false;
    }
    return true;
  }
}

const AFFINITY_KEY = "PodTopologySpread/affinity";

export function requiredNodeAffinity(pod: PodInfo): RequiredNodeAffinity {
  let a = pod.cache.get(AFFINITY_KEY) as RequiredNodeAffinity | undefined;
  if (!a) {
    a = new RequiredNodeAffinity(pod);
    pod.cache.set(AFFINITY_KEY, a);
  }
  return a;
}

const NO_TOLERATIONS: readonly Toleration[] = Object.freeze([]);

/**
 * Per-node answers to "does the pod's required node affinity match" and "does the node carry a
 * taint the pod does not tolerate", computed at most once per node while a counting loop visits it
 * (constraint.matchNodeInclusionPolicies).
 */
export class InclusionChecker {
  private readonly affinity: RequiredNodeAffinity;
  private readonly tolerations: readonly Toleration[];
  private node: NodeInfo | null = null;
  private affinityOk = 0; // 0 unknown, 1 yes, 2 no
  private taintsOk = 0;

  constructor(pod: PodInfo) {
    this.affinity = requiredNodeAffinity(pod);
    this.tolerations = pod.pod.spec.tolerations ?? NO_TOLERATIONS;
  }

  /** Forget the cached node (its labels/taints may have changed since). */
  reset(): void {
    this.node = null;
  }

  includes(c: ConstraintTemplate, node: NodeInfo): boolean {
    if (this.node !== node) {
      this.node = node;
      this.affinityOk = 0;
      this.taintsOk = 0;
    }
    if (c.honorAffinity) {
      if (this.affinityOk === 0) this.affinityOk = this.affinity.matches(node) ? 1 : 2;
      if (this.affinityOk === 2) return false;
    }
    if (c.honorTaints) {
      if (this.taintsOk === 0) {
        this.taintsOk = findMatchingUntoleratedTaint(node.taints, this.tolerations, doNotScheduleTaintsFilter) ? 2 : 1;
      }
      if (this.taintsOk === 2) return false;
    }
    return true;
  }
}

/** Plugin-instance settings shared by the filter and score halves. */
export interface SpreadContext {
  /** Default constraints (from args) by action, before a selector is attached. */
  readonly hardDefaults: readonly ConstraintTemplate[];
  readonly softDefaults: readonly ConstraintTemplate[];
  /** DefaultingType System: nodes lacking a default topology key are still scored. */
  readonly systemDefaulted: boolean;
  readonly defaultSelector: (pod: PodInfo) => CompiledSelector | null;
  /** Matching-pod counts per node, kept across cycles until a node's pods change. */
  readonly matchCounts: MatchCounts;
  /** PreFilter's per-domain counts kept between cycles. */
  readonly domainCounts: DomainCountsCache;
}

/**
 * getConstraints / initPreScoreState: the pod's own constraints of that action if it has any at all,
 * else the default constraints of that action with the pod's default selector; an empty default
 * selector yields no constraints (buildDefaultConstraints). Returns an error message on a bad selector.
 */
export function constraintsFor(ctx: SpreadContext, pod: PodInfo, action: Action): readonly Constraint[] | string {
  if (hasOwnConstraints(pod)) {
    const own = ownConstraints(pod);
    if (own.error !== null) return own.error;
    return action === "DoNotSchedule" ? own.hard : own.soft;
  }
  const templates = action === "DoNotSchedule" ? ctx.hardDefaults : ctx.softDefaults;
  if (templates.length === 0) return NO_CONSTRAINTS;
  const selector = ctx.defaultSelector(pod);
  if (selector === null || selector.empty) return NO_CONSTRAINTS;
  return templates.map((t) => ({ ...t, selector }));
}
