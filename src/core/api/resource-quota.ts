/**
 * ResourceQuota (v1) for pods, as the API server's quota admission and the pod quota evaluator count it
 * (plugin/pkg/admission/resourcequota, pkg/quota/v1/evaluator/core/pods.go): a pod that has not ended
 * (phase neither Succeeded nor Failed) uses `pods` and `count/pods` 1, `cpu`/`requests.cpu` and
 * `memory`/`requests.memory` its requests, `limits.cpu`/`limits.memory` its limits, `requests.<name>` an
 * extended resource's requests (init containers counted as the scheduler counts them: the larger of the
 * largest init container and the sum of the containers). A create that would take a tracked resource over
 * its hard limit is refused in the API server's words; so is a pod that lacks a cpu/memory request or limit
 * a quota tracks ("must specify").
 */
import { formatBytes, resourceAmount } from "./quantity.js";
import type { Container, KubeObject, ObjectMeta, Pod, ResourceList } from "./types.js";
import { FieldError, type FieldPath } from "./validate.js";

export interface ResourceQuota {
  apiVersion: "v1";
  kind: "ResourceQuota";
  metadata: ObjectMeta;
  spec: { hard?: ResourceList };
  status?: { hard?: ResourceList; used?: ResourceList };
}

/** The cpu/memory names whose quota needs every container to state them (pods.go validationSet). */
const MUST_SPECIFY = new Set(["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]);

/** Whether the quota evaluator counts `name` for pods. */
export function isPodQuotaResource(name: string): boolean {
  return name === "pods" || name === "count/pods" || MUST_SPECIFY.has(name) || (name.startsWith("requests.") && name.includes("/"));
}

/** ValidateResourceQuota, for the names pods are counted against (others are refused: not simulated). */
export function validateResourceQuota(v: unknown, path: FieldPath = []): void {
  const o = v as { metadata?: { name?: unknown }; spec?: { hard?: unknown } };
  if (typeof o?.metadata?.name !== "string" || o.metadata.name === "") throw new FieldError([...path, "metadata", "name"], "Required value");
  const hard = o.spec?.hard;
  if (hard === undefined || hard === null) return;
  if (typeof hard !== "object" || Array.isArray(hard)) throw new FieldError([...path, "spec", "hard"], "must be a mapping");
  for (const [name, q] of Object.entries(hard as Record<string, unknown>)) {
    const p = [...path, "spec", "hard", name];
    if (!isPodQuotaResource(name)) throw new FieldError(p, `Unsupported value: quota on ${JSON.stringify(name)} is not simulated (pods, count/pods, cpu, memory, requests.cpu, requests.memory, limits.cpu, limits.memory, requests.<extended resource>)`);
    if (typeof q !== "string" && typeof q !== "number") throw new FieldError(p, "must be a quantity");
    try {
      if (amount(name, q) < 0) throw new FieldError(p, `Invalid value: ${JSON.stringify(q)}: must be greater than or equal to 0`);
    } catch (e) {
      if (e instanceof FieldError) throw e;
      throw new FieldError(p, `Invalid value: ${JSON.stringify(q)}: ${(e as Error).message}`);
    }
  }
}

/** The resource a quota name measures (cpu in milli-units, the rest in units). */
function baseResource(name: string): string {
  if (name === "pods" || name === "count/pods") return "pods";
  return name.replace(/^(requests|limits)\./, "");
}

/** A quota quantity in the units formatQuota prints (cpu milli-units, the rest units). */
export function quotaAmount(name: string, q: string | number): number {
  return resourceAmount(baseResource(name), q);
}
const amount = quotaAmount;

/** A quantity as Quantity.String() prints it for these units ("500m", "2", "1536Mi"). */
export function formatQuota(name: string, v: number): string {
  const r = baseResource(name);
  if (r === "cpu") return v % 1000 === 0 ? String(v / 1000) : `${v}m`;
  if (r === "pods") return String(v);
  return formatBytes(v);
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
}

/** What the pod uses of quota resource `name` (0 for a pod that has ended). */
export function podUsage(pod: Pod, name: string): number {
  if (isTerminal(pod)) return 0;
  if (name === "pods" || name === "count/pods") return 1;
  const limits = name.startsWith("limits.");
  const r = baseResource(name);
  const of = (c: Container) => {
    const list: ResourceList | undefined = limits ? c.resources?.limits : (c.resources?.requests ?? c.resources?.limits);
    const q = list?.[r];
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
  for (const p of pods) for (const n of names) used.set(n, used.get(n)! + podUsage(p, n));
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
      return req > 0 && used.get(n)! + req > amount(n, hard[n]!);
    }).sort();
    if (exceeded.length) {
      const list = (f: (n: string) => number) => exceeded.map((n) => `${n}=${formatQuota(n, f(n))}`).join(",");
      return `exceeded quota: ${q.metadata.name}, requested: ${list((n) => podUsage(pod, n))}, used: ${list((n) => used.get(n)!)}, limited: ${list((n) => amount(n, hard[n]!))}`;
    }
  }
  return null;
}

export function isResourceQuota(o: KubeObject): o is KubeObject & ResourceQuota {
  return o.kind === "ResourceQuota";
}
