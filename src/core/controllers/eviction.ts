/**
 * The eviction API (pods/eviction, registry/core/pod/storage/eviction.go) that kubectl drain calls: a pod
 * covered by a PodDisruptionBudget is deleted only if the budget allows a disruption now — the budget's
 * disruptionsAllowed is decremented in the same step, so two evictions cannot both take the last one.
 * A pod that is not ready may go while the budget is met (unhealthyPodEvictionPolicy IfHealthyBudget,
 * the default) or always (AlwaysAllow). Refusals carry the API server's words (HTTP 429).
 */
import type { PodDisruptionBudget } from "../api/policy-types.js";
import { compileLabelSelector } from "../api/selectors.js";
import type { ObjectStore } from "../api/store.js";
import type { Pod } from "../api/types.js";
import { isPodReady } from "./pod-template.js";

export const ERR_PDB_VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

/** Evicts `pod`: true when it was deleted, else why not. */
export function evictPod(store: ObjectStore, pod: Pod): true | string {
  const ns = pod.metadata.namespace ?? "default";
  const budgets = store.list<PodDisruptionBudget>("PodDisruptionBudget", (b) => (b.metadata.namespace ?? "default") === ns && compileLabelSelector(b.spec.selector ?? null).matches(pod.metadata.labels));
  if (budgets.length > 1) return "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";
  const pdb = budgets[0];
  if (pdb) {
    const s = pdb.status;
    if (!s || (s.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) return ERR_PDB_VIOLATION;
    const unhealthyMayGo = !isPodReady(pod) && (pdb.spec.unhealthyPodEvictionPolicy === "AlwaysAllow" || s.currentHealthy >= s.desiredHealthy);
    if (!unhealthyMayGo) {
      if (s.disruptionsAllowed <= 0) return `${ERR_PDB_VIOLATION} The disruption budget ${pdb.metadata.name} needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy} currently`;
      store.updateStatus<PodDisruptionBudget>({ ...pdb, status: { ...s, disruptionsAllowed: s.disruptionsAllowed - 1, disruptedPods: { ...s.disruptedPods, [pod.metadata.name]: store.timestamp() } } });
    }
  }
  store.delete("Pod", ns, pod.metadata.name);
  return true;
}
