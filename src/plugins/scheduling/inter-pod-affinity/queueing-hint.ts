/**
 * InterPodAffinity's QueueingHint for pod events (isSchedulableAfterPodChange, v1.33). Pod events here are
 * of scheduled pods (bound, or gone from a node). A pod bound may help only if it matches all of the
 * pending pod's required affinity terms (one existing pod must satisfy all of them); a pod gone may help
 * if it matched all of the pending pod's required anti-affinity terms, or if its own required
 * anti-affinity kept the pending pod away. Other events (node changes, pod updates, whose old object
 * this queue does not keep) always queue.
 */
import type { FrameworkHandle, ClusterEvent, QueueingHint } from "../../../core/scheduler/framework.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { affinityTermsOf, existingTermMatches, type AffinityTerm } from "./terms.js";

export function affinityQueueingHint(handle: Pick<FrameworkHandle, "namespaceLabels">, event: ClusterEvent, pod: PodInfo, changed: PodInfo): QueueingHint {
  if (event !== "PodAdd" && event !== "PodDelete") return "Queue";
  const terms = affinityTermsOf(pod);
  if (terms.parseError !== null) return "Queue";
  if (event === "PodAdd") return matchesAll(terms.requiredAffinity, changed) ? "Queue" : "QueueSkip";
  if (matchesAll(terms.requiredAntiAffinity, changed)) return "Queue";
  const nsLabels = handle.namespaceLabels(pod.namespace);
  for (const t of affinityTermsOf(changed).requiredAntiAffinity) if (existingTermMatches(t, pod, nsLabels)) return "Queue";
  return "QueueSkip";
}

/** podMatchesAllAffinityTerms: false for no terms; the terms' namespaceSelector sees no namespace labels. */
function matchesAll(terms: readonly AffinityTerm[], p: PodInfo): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!existingTermMatches(t, p, undefined)) return false;
  return true;
}
