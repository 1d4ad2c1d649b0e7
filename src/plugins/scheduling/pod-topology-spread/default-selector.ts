/**
 * The selector default constraints use (kube's helper.DefaultSelector): the pod's Services'
 * selectors merged, then its controlling ReplicationController's selector merged in, or its
 * controlling ReplicaSet's / StatefulSet's selector requirements ANDed on.
 *
 * In a run the plugin reads them from the store (storeWorkloadLister): a pod made by a ReplicaSet (a
 * Deployment's) or a StatefulSet, or selected by a Service, is spread by zone and hostname as in a real
 * cluster. A pod with none of them (every trace pod) gets an empty selector, and kube then builds no
 * default constraints: PreFilter and PreScore return Skip. Without a store (plugin unit tests) the same.
 */
import type { LabelSelector, LabelSelectorRequirement, Pod } from "../../../core/api/types.js";
import type { Service } from "../../../core/api/network-types.js";
import type { ReplicaSet, StatefulSet } from "../../../core/api/workload-types.js";
import type { ObjectLister } from "../../../core/scheduler/framework.js";
import { compileLabelSelector, type CompiledSelector } from "../../../core/api/selectors.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";

/** Hook: the default-constraint selector of a pod, or null when it is empty (no default constraints). */
export type DefaultSelectorFn = (pod: PodInfo) => CompiledSelector | null;

/** Read access to the workload objects DefaultSelector consults; `undefined` means "not found". */
export interface WorkloadLister {
  /** spec.selector of every Service in the namespace (undefined for a Service without a selector). */
  serviceSelectors(namespace: string): readonly (Readonly<Record<string, string>> | undefined)[];
  replicationControllerSelector(namespace: string, name: string): Readonly<Record<string, string>> | undefined;
  /** spec.selector of the ReplicaSet, null when it has none; undefined when there is no such ReplicaSet. */
  replicaSetSelector(namespace: string, name: string): LabelSelector | null | undefined;
  statefulSetSelector(namespace: string, name: string): LabelSelector | null | undefined;
}

/** With no lister every selector is empty, hence no default constraints (the case today). */
export const noDefaultSelector: DefaultSelectorFn = () => null;

/** helper.DefaultSelector as a plain LabelSelector; null when it has no requirements. */
export function defaultLabelSelector(pod: Pod, lister: WorkloadLister): LabelSelector | null {
  const ns = pod.metadata.namespace ?? "default";
  const podLabels = pod.metadata.labels ?? {};
  let labelSet: Record<string, string> = {};
  for (const sel of lister.serviceSelectors(ns)) {
    if (!sel) continue; // a Service with a nil selector matches nothing
    let matches = true;
    for (const k of Object.keys(sel)) if (podLabels[k] !== sel[k]) matches = false;
    if (matches) labelSet = { ...labelSet, ...sel };
  }
  const exprs: LabelSelectorRequirement[] = [];
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller === true);
  if (owner) {
    const gvk = `${owner.apiVersion}/${owner.kind}`;
    if (gvk === "v1/ReplicationController") {
      const rc = lister.replicationControllerSelector(ns, owner.name);
      if (rc) labelSet = { ...labelSet, ...rc };
    } else if (gvk === "apps/v1/ReplicaSet" || gvk === "apps/v1/StatefulSet") {
      const sel = gvk === "apps/v1/ReplicaSet" ? lister.replicaSetSelector(ns, owner.name) : lister.statefulSetSelector(ns, owner.name);
      if (sel) exprs.push(...requirementsOf(sel));
    }
  }
  if (Object.keys(labelSet).length === 0 && exprs.length === 0) return null;
  return { matchLabels: labelSet, matchExpressions: exprs };
}

/** A LabelSelector's requirements (matchLabels as In); none when it does not parse (kube ignores it). */
function requirementsOf(sel: LabelSelector): LabelSelectorRequirement[] {
  try {
    compileLabelSelector(sel);
  } catch {
    return [];
  }
  const out: LabelSelectorRequirement[] = [];
  for (const [key, v] of Object.entries(sel.matchLabels ?? {})) out.push({ key, operator: "In", values: [String(v)] });
  out.push(...(sel.matchExpressions ?? []));
  return out;
}

/** A DefaultSelectorFn backed by a lister. */
export function listerDefaultSelector(lister: WorkloadLister): DefaultSelectorFn {
  return (pod) => {
    const sel = defaultLabelSelector(pod.pod, lister);
    return sel ? compileLabelSelector(sel) : null;
  };
}

/** The workload objects of a store (a run's API server); ReplicationControllers are not modelled (none are found). */
export function storeWorkloadLister(objects: ObjectLister): WorkloadLister {
  return {
    serviceSelectors: (namespace) => objects.list<Service>("Service", (s) => (s.metadata.namespace ?? "default") === namespace).map((s) => s.spec.selector),
    replicationControllerSelector: () => undefined,
    replicaSetSelector: (namespace, name) => {
      const rs = objects.get<ReplicaSet>("ReplicaSet", namespace, name);
      return rs === undefined ? undefined : (rs.spec.selector ?? null);
    },
    statefulSetSelector: (namespace, name) => {
      const ss = objects.get<StatefulSet>("StatefulSet", namespace, name);
      return ss === undefined ? undefined : (ss.spec.selector ?? null);
    },
  };
}
