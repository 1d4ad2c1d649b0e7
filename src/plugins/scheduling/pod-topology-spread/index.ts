/**
 * PodTopologySpread (kube-scheduler v1.33): spreads pods matching a label selector evenly across
 * topology domains. Hard constraints (DoNotSchedule) filter, soft ones (ScheduleAnyway) score.
 * Args (PodTopologySpreadArgs): `defaultingType` System (default: hostname maxSkew 3 and zone
 * maxSkew 5, both ScheduleAnyway) or List (`defaultConstraints` as given); default constraints apply
 * only to pods without constraints of their own, with a selector taken from the pod's workloads
 * (see default-selector.ts: none exist in the simulator yet, so they yield Skip).
 */
import { qualifiedNameError } from "../../../core/api/validate.js";
import { DomainCountsCache } from "./domain-counts.js";
import type { TopologySpreadConstraint } from "../../../core/api/types.js";
import { ArgsError, definePlugin, type ClusterEvent, type FrameworkHandle, type Plugin, type QueueingHint } from "../../../core/scheduler/framework.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { NAME, SYSTEM_DEFAULT_CONSTRAINTS, constraintsFor, toTemplate, type SpreadContext } from "./common.js";
import { listerDefaultSelector, noDefaultSelector, storeWorkloadLister, type DefaultSelectorFn } from "./default-selector.js";
import { filter, preFilter, updateWithPod } from "./filtering.js";
import { normalizeScore, preScore, score } from "./scoring.js";
import { MatchCounts } from "./match-counts.js";

export { ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch } from "./common.js";
export { listerDefaultSelector, noDefaultSelector, storeWorkloadLister, type DefaultSelectorFn, type WorkloadLister } from "./default-selector.js";

export interface PodTopologySpreadArgs {
  defaultingType: "System" | "List";
  defaultConstraints: TopologySpreadConstraint[];
}

/**
 * EventsToRegister in v1.33: Pod/All and Node/Add|Delete|UpdateNodeLabel|UpdateNodeTaint
 * (a node removal can raise the global minimum or drop a domain below minDomains).
 */
const EVENTS: readonly ClusterEvent[] = Object.freeze(["PodAdd", "PodUpdate", "PodDelete", "NodeAdd", "NodeUpdate", "NodeDelete"]);

const CONSTRAINT_FIELDS = new Set([
  "maxSkew",
  "topologyKey",
  "whenUnsatisfiable",
  "labelSelector",
  "minDomains",
  "nodeAffinityPolicy",
  "nodeTaintsPolicy",
  "matchLabelKeys",
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parsePolicy(v: unknown, path: string): "Honor" | "Ignore" | undefined {
  if (v === undefined) return undefined;
  if (v !== "Honor" && v !== "Ignore") throw new ArgsError(path, `unsupported value ${JSON.stringify(v)}: supported values: "Honor", "Ignore"`);
  return v;
}

function parseConstraint(raw: unknown, path: string): TopologySpreadConstraint {
  if (!isObject(raw)) throw new ArgsError(path, "must be an object");
  for (const k of Object.keys(raw)) if (!CONSTRAINT_FIELDS.has(k)) throw new ArgsError(`${path}.${k}`, "unknown field");
  const { maxSkew, topologyKey, whenUnsatisfiable, labelSelector, minDomains, matchLabelKeys } = raw;
  if (typeof maxSkew !== "number" || !Number.isInteger(maxSkew)) throw new ArgsError(`${path}.maxSkew`, "must be an integer");
  if (maxSkew <= 0) throw new ArgsError(`${path}.maxSkew`, `Invalid value: ${maxSkew}: not in valid range (0, inf)`);
  if (topologyKey === undefined || topologyKey === "") throw new ArgsError(`${path}.topologyKey`, "Required value: can not be empty");
  if (typeof topologyKey !== "string") throw new ArgsError(`${path}.topologyKey`, "must be a string");
  // metav1validation.ValidateLabelName: a qualified name (core/api/validate.ts).
  if (qualifiedNameError(topologyKey) !== null) throw new ArgsError(`${path}.topologyKey`, `Invalid value: ${JSON.stringify(topologyKey)}: not a valid label name`);
  if (whenUnsatisfiable === undefined || whenUnsatisfiable === "") {
    throw new ArgsError(`${path}.whenUnsatisfiable`, "Required value: can not be empty");
  }
  if (whenUnsatisfiable !== "DoNotSchedule" && whenUnsatisfiable !== "ScheduleAnyway") {
    throw new ArgsError(`${path}.whenUnsatisfiable`, `Unsupported value: ${JSON.stringify(whenUnsatisfiable)}: supported values: "DoNotSchedule", "ScheduleAnyway"`);
  }
  if (labelSelector != null) {
    throw new ArgsError(`${path}.labelSelector`, "Forbidden: constraint must not define a selector, as they deduced for each pod");
  }
  if (minDomains !== undefined && (typeof minDomains !== "number" || !Number.isInteger(minDomains))) {
    throw new ArgsError(`${path}.minDomains`, "must be an integer");
  }
  if (matchLabelKeys !== undefined && (!Array.isArray(matchLabelKeys) || !matchLabelKeys.every((k) => typeof k === "string"))) {
    throw new ArgsError(`${path}.matchLabelKeys`, "must be a list of strings");
  }
  const c: TopologySpreadConstraint = { maxSkew, topologyKey, whenUnsatisfiable };
  if (minDomains !== undefined) c.minDomains = minDomains as number;
  const nap = parsePolicy(raw.nodeAffinityPolicy, `${path}.nodeAffinityPolicy`);
  if (nap) c.nodeAffinityPolicy = nap;
  const ntp = parsePolicy(raw.nodeTaintsPolicy, `${path}.nodeTaintsPolicy`);
  if (ntp) c.nodeTaintsPolicy = ntp;
  if (matchLabelKeys !== undefined) c.matchLabelKeys = [...(matchLabelKeys as string[])];
  return c;
}

/** SetDefaults_PodTopologySpreadArgs + ValidatePodTopologySpreadArgs. */
export function parseArgs(raw: unknown, path: string): PodTopologySpreadArgs {
  if (raw == null) return { defaultingType: "System", defaultConstraints: [] };
  if (!isObject(raw)) throw new ArgsError(path, "must be an object");
  for (const k of Object.keys(raw)) {
    if (k === "apiVersion" || k === "kind" || k === "defaultingType" || k === "defaultConstraints") continue;
    throw new ArgsError(`${path}.${k}`, "unknown field");
  }
  if (raw.kind !== undefined && raw.kind !== "PodTopologySpreadArgs") {
    throw new ArgsError(`${path}.kind`, `expected PodTopologySpreadArgs, got ${JSON.stringify(raw.kind)}`);
  }
  const dt = raw.defaultingType ?? "System";
  if (dt !== "System" && dt !== "List") {
    throw new ArgsError(`${path}.defaultingType`, `Unsupported value: ${JSON.stringify(dt)}: supported values: "System", "List"`);
  }
  const rawList = raw.defaultConstraints ?? [];
  if (!Array.isArray(rawList)) throw new ArgsError(`${path}.defaultConstraints`, "must be a list");
  if (dt === "System" && rawList.length > 0) {
    throw new ArgsError(`${path}.defaultingType`, `Invalid value: "System": when .defaultConstraints are not empty`);
  }
  const defaultConstraints = rawList.map((c, i) => parseConstraint(c, `${path}.defaultConstraints[${i}]`));
  defaultConstraints.forEach((c, i) => {
    for (let j = 0; j < i; j++) {
      const o = defaultConstraints[j]!;
      if (o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable) {
        throw new ArgsError(`${path}.defaultConstraints[${i}]`, `Duplicate value: "{${c.topologyKey}, ${c.whenUnsatisfiable}}"`);
      }
    }
  });
  return { defaultingType: dt, defaultConstraints };
}

export interface PodTopologySpreadOptions {
  /** Where default constraints take their selector from (kube: Services/RCs/RSs/StatefulSets). */
  defaultSelector?: DefaultSelectorFn;
}

/** Builds the plugin; `opts.defaultSelector` is the hook for workload objects (none by default). */
export function createPodTopologySpread(args: PodTopologySpreadArgs, handle: FrameworkHandle, opts: PodTopologySpreadOptions = {}): Plugin {
  const systemDefaulted = args.defaultingType === "System";
  const defaults = systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : args.defaultConstraints;
  const ctx: SpreadContext = {
    hardDefaults: defaults.filter((c) => c.whenUnsatisfiable === "DoNotSchedule").map(toTemplate),
    softDefaults: defaults.filter((c) => c.whenUnsatisfiable === "ScheduleAnyway").map(toTemplate),
    systemDefaulted,
    defaultSelector: opts.defaultSelector ?? noDefaultSelector,
    matchCounts: new MatchCounts(),
    domainCounts: new DomainCountsCache(),
  };
  return {
    name: NAME,
    events: EVENTS,
    queueingHint: (event, pod, changed) => spreadQueueingHint(ctx, event, pod, changed),
    preFilter: (state, pod, nodes) => preFilter(ctx, state, pod, nodes, handle.snapshot),
    filter: (state, _pod, node) => filter(state, node),
    addPod: (state, podToSchedule, podToAdd, node) => updateWithPod(state, podToSchedule, podToAdd, node, 1),
    removePod: (state, podToSchedule, podToRemove, node) => updateWithPod(state, podToSchedule, podToRemove, node, -1),
    preScore: (state, pod, nodes) => preScore(ctx, handle, state, pod, nodes),
    score: (state, _pod, node) => score(state, node),
    normalizeScore: (state, _pod, list) => normalizeScore(state, list),
  };
}

export const PodTopologySpread = definePlugin<PodTopologySpreadArgs>({
  name: NAME,
  description: "Spreads matching pods evenly across topology domains (topologySpreadConstraints; system default spreading)",
  args: parseArgs,
  // In a run, default constraints take their selector from the store's Services, ReplicaSets and StatefulSets.
  create: (args, handle) => createPodTopologySpread(args, handle, handle.objects ? { defaultSelector: listerDefaultSelector(storeWorkloadLister(handle.objects)) } : {}),
});

/**
 * isSchedulableAfterPodChange (v1.33) for a pod added to or deleted from a node: only a scheduled pod of
 * the same namespace (or the pod itself) is involved in the spreading, and only one whose labels match
 * one of the pod's hard constraints can change its verdict.
 */
export function spreadQueueingHint(ctx: SpreadContext, event: ClusterEvent, pod: PodInfo, changed: PodInfo): QueueingHint {
  if (event !== "PodAdd" && event !== "PodDelete") return "Queue";
  if (changed.uid !== pod.uid && changed.namespace !== pod.namespace) return "QueueSkip";
  const constraints = constraintsFor(ctx, pod, "DoNotSchedule");
  if (typeof constraints === "string") return "Queue";
  for (const c of constraints) if (c.selector.matches(changed.labels)) return "Queue";
  return "QueueSkip";
}
