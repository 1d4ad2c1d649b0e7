/**
 * ResourceQuota (v1) for pods: the object, the names pods are counted against, their units and how
 * kubectl prints them; what a pod uses and the admission check are in controllers/quota-usage.ts. As the
 * API server's quota admission and the pod quota evaluator count it
 * (plugin/pkg/admission/resourcequota, pkg/quota/v1/evaluator/core/pods.go): a pod that has not ended
 * (phase neither Succeeded nor Failed) uses `pods` and `count/pods` 1, `cpu`/`requests.cpu` and
 * `memory`/`requests.memory` its requests, `limits.cpu`/`limits.memory` its limits, `requests.<name>` an
 * extended resource's requests (as the scheduler counts them, init containers and sidecars included). A create that would take a tracked resource over
 * its hard limit is refused in the API server's words; so is a pod that lacks a cpu/memory request or limit
 * a quota tracks ("must specify").
 */
import { formatBytes, resourceAmount } from "./quantity.js";
import type { KubeObject, ObjectMeta, ResourceList } from "./types.js";
import { FieldError, type FieldPath } from "./validate.js";

export interface ResourceQuota {
  apiVersion: "v1";
  kind: "ResourceQuota";
  metadata: ObjectMeta;
  spec: { hard?: ResourceList };
  status?: { hard?: ResourceList; used?: ResourceList };
}

/** The cpu/memory names whose quota needs every container to state them (pods.go validationSet). */
export const MUST_SPECIFY = new Set(["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]);

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
      if (quotaAmount(name, q) < 0) throw new FieldError(p, `Invalid value: ${JSON.stringify(q)}: must be greater than or equal to 0`);
    } catch (e) {
      if (e instanceof FieldError) throw e;
      throw new FieldError(p, `Invalid value: ${JSON.stringify(q)}: ${(e as Error).message}`);
    }
  }
}

/** The resource a quota name measures (cpu in milli-units, the rest in units). */
export function baseResource(name: string): string {
  if (name === "pods" || name === "count/pods") return "pods";
  return name.replace(/^(requests|limits)\./, "");
}

/** A quota quantity in the units formatQuota prints (cpu milli-units, the rest units). */
export function quotaAmount(name: string, q: string | number): number {
  return resourceAmount(baseResource(name), q);
}

/** A quantity as Quantity.String() prints it for these units ("500m", "2", "1536Mi"). */
export function formatQuota(name: string, v: number): string {
  const r = baseResource(name);
  if (r === "cpu") return v % 1000 === 0 ? String(v / 1000) : `${v}m`;
  if (r === "pods") return String(v);
  return formatBytes(v);
}

export function isResourceQuota(o: KubeObject): o is KubeObject & ResourceQuota {
  return o.kind === "ResourceQuota";
}
