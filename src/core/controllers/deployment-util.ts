/**
 * The Deployment controller's arithmetic (pkg/controller/deployment/util): maxSurge/maxUnavailable from
 * ints or percentages, the pod-template hash naming a Deployment's ReplicaSets, revisions, and how many
 * replicas a new ReplicaSet may have during a rolling update.
 */
import type { PodTemplateSpec, Deployment, IntOrString, ReplicaSet } from "../api/workload-types.js";
import { DefaultDeploymentUniqueLabelKey, MaxReplicasAnnotation, RevisionAnnotation } from "../api/workload-types.js";
import { fnv1a_32 } from "../util/fnv.js";
import { safeEncodeString } from "./pod-template.js";

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: IntOrString, total: number, roundUp: boolean): number {
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage: ${JSON.stringify(v)}`);
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** ResolveFenceposts: maxSurge rounded up, maxUnavailable down; both zero makes maxUnavailable 1. */
export function resolveFenceposts(d: Deployment): { surge: number; unavailable: number } {
  const ru = d.spec.strategy?.rollingUpdate ?? {};
  const replicas = d.spec.replicas ?? 1;
  const surge = scaledValue(ru.maxSurge ?? "25%", replicas, true);
  let unavailable = scaledValue(ru.maxUnavailable ?? "25%", replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? "RollingUpdate") === "RollingUpdate";
}

export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? resolveFenceposts(d).surge : 0;
}

export function maxUnavailable(d: Deployment): number {
  const replicas = d.spec.replicas ?? 1;
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d).unavailable, replicas);
}

/** JSON with keys sorted, so equal templates print equally whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * ComputeHash: FNV-32a of the template (and the collision count), printed in decimal and mapped into the
 * name alphabet — the shape of upstream's "5d59d67564". Upstream hashes Go's dump of the struct, so the
 * strings differ from a real cluster's; they are stable across runs and change exactly when the template does.
 */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  const text = canonical(template) + (collisionCount ? `#${collisionCount}` : "");
  return safeEncodeString(String(fnv1a_32(text)));
}

/** EqualIgnoreHash: templates equal once the pod-template-hash label is removed from both. */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  const strip = (t: PodTemplateSpec) => {
    const labels = { ...(t.metadata?.labels ?? {}) };
    delete labels[DefaultDeploymentUniqueLabelKey];
    return canonical({ ...t, metadata: { ...(t.metadata ?? {}), labels } });
  };
  return strip(a) === strip(b);
}

export function revisionOf(o: { metadata: { annotations?: Record<string, string> } }): number {
  const v = Number(o.metadata.annotations?.[RevisionAnnotation] ?? "0");
  return Number.isFinite(v) ? v : 0;
}

export function replicasOf(rs: ReplicaSet): number {
  return rs.spec.replicas ?? 1;
}

export function sumSpec(sets: readonly ReplicaSet[]): number {
  let n = 0;
  for (const rs of sets) n += replicasOf(rs);
  return n;
}

export function sumStatus(sets: readonly ReplicaSet[], f: "replicas" | "readyReplicas" | "availableReplicas"): number {
  let n = 0;
  for (const rs of sets) n += rs.status?.[f] ?? 0;
  return n;
}

/** Oldest first (creation time, then name), as controller.ReplicaSetsByCreationTimestamp. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = a.metadata.creationTimestamp ?? "";
  const tb = b.metadata.creationTimestamp ?? "";
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** NewRSNewReplicas for a rolling update: as many as maxSurge allows, up to spec.replicas. */
export function newRSNewReplicas(d: Deployment, all: readonly ReplicaSet[], newRS: ReplicaSet | null): number {
  const replicas = d.spec.replicas ?? 1;
  const cur = newRS ? replicasOf(newRS) : 0;
  if (!isRollingUpdate(d)) return replicas;
  const total = sumSpec(all);
  const maxTotal = replicas + maxSurge(d);
  if (total >= maxTotal) return cur;
  return cur + Math.min(maxTotal - total, replicas - cur);
}

/** getReplicaSetFraction: a ReplicaSet's share of a scaling of the whole Deployment. */
export function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const replicas = d.spec.replicas ?? 1;
  if (replicas === 0) return -replicasOf(rs);
  const deploymentReplicas = replicas + maxSurge(d);
  const annotated = Number(rs.metadata.annotations?.[MaxReplicasAnnotation] ?? NaN);
  const base = Number.isFinite(annotated) ? annotated : (d.status?.replicas ?? 0);
  if (base === 0) return 0;
  return Math.round((replicasOf(rs) * deploymentReplicas) / base) - replicasOf(rs);
}
