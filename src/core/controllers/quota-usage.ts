/**
 * What a pod uses of a namespace's quotas and the API server's quota admission of a new pod (see
 * api/resource-quota.ts for the names and units). Requests are the pod's requests as the scheduler counts
 * them (scheduler/pod-info.ts podRequests: containers, init containers and sidecars, pod-level resources,
 * overhead), as kube's evaluator uses the same helper; limits are summed over containers, the largest init
 * container's when larger.
 */
import { MUST_SPECIFY, baseResource, formatQuota, quotaAmount, type ResourceQuota } from "../api/resource-quota.js";
import { resourceAmount } from "../api/quantity.js";
import type { Container, Pod } from "../api/types.js";
import { podRequests } from "../scheduler/pod-info.js";
import type { Resource } from "../scheduler/resource.js";

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
}

/** What the pod uses of quota resource `name` (0 for a pod that has ended); `requests` when already counted. */
export function podUsage(pod: Pod, name: string, requests?: Resource): number {
  if (isTerminal(pod)) return 0;
  if (name === "pods" || name === "count/pods") return 1;
  const r = baseResource(name);
  if (!name.startsWith("limits.")) return (requests ?? podRequests(pod, false)).get(r);
  const of = (c: Container) => {
    const q = c.resources?.limits?.[r];
    return q === undefined ? 0 : resourceAmount(r, q);
  };
  let sum = 0;
  for (const c of pod.spec.containers) sum += of(c);
  let init = 0;
  for (const c of pod.spec.initContainers ?? []) init = Math.max(init, of(c));
  return Math.max(sum, init);
}

/** "must specify limits.cpu for: a,b; limits.memory for: a" when containers lack what a quota needs stated; else null. */
export function missingSpecification(pod: Pod, tracked: readonly string[]): string | null {
  const required = tracked.filter((n) => MUST_SPECIFY.has(n)).sort();
  const missing: string[] = [];
  for (const name of required) {
    const limits = name.startsWith("limits.");
    const r = baseResource(name);
    const lacking = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]
      .filter((c) => (limits ? c.resources?.limits?.[r] : (c.resources?.requests?.[r] ?? c.resources?.limits?.[r])) === undefined)
      .map((c) => c.name)
      .sort();
    if (lacking.length) missing.push(`${name} for: ${[...new Set(lacking)].join(",")}`);
  }
  return missing.length ? `must specify ${missing.join("; ")}` : null;
}

/** The quota's usage by the given pods, for every resource it limits. */
export function quotaUsage(quota: ResourceQuota, pods: Iterable<Pod>): Map<string, number> {
  const names = Object.keys(quota.spec.hard ?? {});
  const used = new Map(names.map((n) => [n, 0]));
  for (const p of pods) {
    if (isTerminal(p)) continue;
    const requests = podRequests(p, false);
    for (const n of names) used.set(n, used.get(n)! + podUsage(p, n, requests));
  }
  return used;
}

/**
 * Quota admission of a new pod against the quotas of its namespace: null when it fits every one, else the
 * reason the API server gives after `pods "<name>" is forbidden: `.
 */
export function admitPod(pod: Pod, quotas: readonly ResourceQuota[], podsInNamespace: () => Iterable<Pod>): string | null {
  for (const q of [...quotas].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
    const hard = q.spec.hard ?? {};
    const names = Object.keys(hard);
    if (names.length === 0) continue;
    const missing = missingSpecification(pod, names);
    if (missing) return `failed quota: ${q.metadata.name}: ${missing}`;
    const used = quotaUsage(q, podsInNamespace());
    const exceeded = names.filter((n) => {
      const req = podUsage(pod, n);
      return req > 0 && used.get(n)! + req > quotaAmount(n, hard[n]!);
    }).sort();
    if (exceeded.length) {
      const list = (f: (n: string) => number) => exceeded.map((n) => `${n}=${formatQuota(n, f(n))}`).join(",");
      return `exceeded quota: ${q.metadata.name}, requested: ${list((n) => podUsage(pod, n))}, used: ${list((n) => used.get(n)!)}, limited: ${list((n) => quotaAmount(n, hard[n]!))}`;
    }
  }
  return null;
}

