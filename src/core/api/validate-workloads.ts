/**
 * API validation of ReplicaSet and Deployment (apps/v1), after pkg/apis/apps/validation: a non-empty
 * selector that the template's labels match, a valid pod template, replicas and the strategy's fields.
 */
import { compileLabelSelector } from "./selectors.js";
import { CronSchedule } from "./cron-schedule.js";
import type { LabelSelector } from "./types.js";
import {
  describe, FieldError, mapping, oneOf, optBool, optInt, optList, optMapping, validateLabels, validateLabelSelector, validateObjectMeta, validatePodSpec,
  type FieldPath, type Obj,
} from "./validate.js";

/** A namespaced object's metadata, and its spec (required, or {} when absent and optional) with its path. */
function namespacedSpec(v: unknown, path: FieldPath, required: boolean): { spec: Obj; sp: FieldPath } {
  const o = mapping(v, path);
  validateObjectMeta(o.metadata, [...path, "metadata"], { name: "subdomain", namespaced: true });
  const spec = optMapping(o, "spec", path);
  if (!spec && required) throw new FieldError([...path, "spec"], "Required value");
  return { spec: spec ?? {}, sp: [...path, "spec"] };
}

/** ValidatePodTemplateSpecForReplicaSet: labels present and matched by the selector, a valid pod spec. */
function validateTemplate(spec: Obj, path: FieldPath): void {
  const sel = spec.selector;
  if (sel == null) throw new FieldError([...path, "selector"], "Required value");
  validateLabelSelector(sel, [...path, "selector"]);
  const s = sel as LabelSelector;
  if (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0) {
    throw new FieldError([...path, "selector"], "Invalid value: empty selector is invalid for deployment");
  }
  const t = optMapping(spec, "template", path);
  if (!t) throw new FieldError([...path, "template"], "Required value");
  const tp = [...path, "template"];
  const meta = optMapping(t, "metadata", tp) ?? {};
  for (const k of Object.keys(meta)) {
    if (!["labels", "annotations", "name", "namespace", "generateName"].includes(k)) throw new FieldError([...tp, "metadata", k], `unknown field "${k}"`);
  }
  validateLabels(meta.labels, [...tp, "metadata", "labels"]);
  const labels = (meta.labels ?? {}) as Record<string, string>;
  if (!compileLabelSelector(s).matches(labels)) {
    throw new FieldError([...tp, "metadata", "labels"], `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``);
  }
  if (t.spec == null) throw new FieldError([...tp, "spec"], "Required value");
  validatePodSpec(t.spec, [...tp, "spec"]);
  const restart = (t.spec as Obj).restartPolicy;
  if (restart !== undefined && restart !== "Always") throw new FieldError([...tp, "spec", "restartPolicy"], `Unsupported value: ${JSON.stringify(restart)}: supported values: "Always"`);
}

/** What ReplicaSet and Deployment share: metadata, replicas, minReadySeconds, selector and template. */
function validateReplicated(v: unknown, path: FieldPath): { spec: Obj; sp: FieldPath } {
  const { spec, sp } = namespacedSpec(v, path, true);
  optInt(spec, "replicas", sp, 0);
  optInt(spec, "minReadySeconds", sp, 0);
  validateTemplate(spec, sp);
  return { spec, sp };
}

export function validateReplicaSet(v: unknown, path: FieldPath = []): void {
  validateReplicated(v, path);
}

/** A StatefulSet: replicas, selector and template, podManagementPolicy and updateStrategy. */
export function validateStatefulSet(v: unknown, path: FieldPath = []): void {
  const { spec, sp } = validateReplicated(v, path);
  oneOf(spec, "podManagementPolicy", sp, ["OrderedReady", "Parallel"]);
  const us = optMapping(spec, "updateStrategy", sp);
  if (us) {
    const type = oneOf(us, "type", [...sp, "updateStrategy"], ["RollingUpdate", "OnDelete"]);
    const ru = optMapping(us, "rollingUpdate", [...sp, "updateStrategy"]);
    if (ru && type === "OnDelete") throw new FieldError([...sp, "updateStrategy", "rollingUpdate"], "Invalid value: only allowed for updateStrategy 'RollingUpdate'");
    if (ru) optInt(ru, "partition", [...sp, "updateStrategy", "rollingUpdate"], 0);
  }
}

/** A DaemonSet: a ReplicaSet's selector and template, but one pod per node instead of replicas. */
export function validateDaemonSet(v: unknown, path: FieldPath = []): void {
  const { spec, sp } = validateReplicated(v, path);
  if (spec.replicas !== undefined) throw new FieldError([...sp, "replicas"], 'unknown field "replicas" (a DaemonSet runs one pod per eligible node)');
}

/** An IntOrString of maxSurge/maxUnavailable: a non-negative int or "N%" (at most 100% for maxUnavailable). */
function intOrPercent(o: Obj, key: string, path: FieldPath, maxPercent: number): number | string | undefined {
  const v = o[key];
  if (v == null) return undefined;
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < 0) throw new FieldError([...path, key], `Invalid value: ${v}: must be greater than or equal to 0`);
    return v;
  }
  if (typeof v !== "string") throw new FieldError([...path, key], `must be an integer or a percentage, got ${describe(v)}`);
  const m = /^(\d+)%$/.exec(v);
  if (!m) throw new FieldError([...path, key], `Invalid value: ${JSON.stringify(v)}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`);
  if (Number(m[1]) > maxPercent) throw new FieldError([...path, key], `Invalid value: ${JSON.stringify(v)}: must not be greater than 100%`);
  return v;
}

export function validateDeployment(v: unknown, path: FieldPath = []): void {
  const { spec, sp } = validateReplicated(v, path);
  optInt(spec, "revisionHistoryLimit", sp, 0);
  const deadline = optInt(spec, "progressDeadlineSeconds", sp, 0);
  optBool(spec, "paused", sp);
  const strategy = optMapping(spec, "strategy", sp);
  if (strategy) {
    const stp = [...sp, "strategy"];
    const type = oneOf(strategy, "type", stp, ["RollingUpdate", "Recreate"]) ?? "RollingUpdate";
    const ru = optMapping(strategy, "rollingUpdate", stp);
    if (ru && type === "Recreate") throw new FieldError([...stp, "rollingUpdate"], "Forbidden: may not be specified when strategy `type` is 'Recreate'");
    if (ru) {
      const rp = [...stp, "rollingUpdate"];
      const surge = intOrPercent(ru, "maxSurge", rp, Infinity);
      const unavailable = intOrPercent(ru, "maxUnavailable", rp, 100);
      const zero = (x: number | string | undefined) => x === 0 || x === "0%";
      if (zero(surge) && zero(unavailable)) throw new FieldError([...rp, "maxUnavailable"], "Invalid value: 0: may not be 0 when `maxSurge` is 0");
    }
  }
  const minReady = (spec.minReadySeconds as number | undefined) ?? 0;
  if (deadline !== undefined && deadline <= minReady) {
    throw new FieldError([...sp, "progressDeadlineSeconds"], `Invalid value: ${deadline}: must be greater than minReadySeconds`);
  }
}

/** ValidatePodDisruptionBudgetSpec: exactly one of minAvailable and maxUnavailable, percentages at most 100%. */
export function validatePodDisruptionBudget(v: unknown, path: FieldPath = []): void {
  const { spec, sp } = namespacedSpec(v, path, false);
  if (spec.minAvailable != null && spec.maxUnavailable != null) throw new FieldError(sp, "Invalid value: minAvailable and maxUnavailable cannot be both set");
  intOrPercent(spec, "minAvailable", sp, 100);
  intOrPercent(spec, "maxUnavailable", sp, 100);
  if (spec.selector != null) validateLabelSelector(spec.selector, [...sp, "selector"]);
  oneOf(spec, "unhealthyPodEvictionPolicy", sp, ["IfHealthyBudget", "AlwaysAllow"]);
}

/** ValidateHorizontalPodAutoscaler, for what the simulated autoscaler supports: CPU utilisation of a Deployment. */
export function validateHorizontalPodAutoscaler(v: unknown, path: FieldPath = []): void {
  const { spec, sp } = namespacedSpec(v, path, true);
  const ref = optMapping(spec, "scaleTargetRef", sp);
  if (!ref) throw new FieldError([...sp, "scaleTargetRef"], "Required value");
  const kind = ref.kind;
  if (kind !== "Deployment") throw new FieldError([...sp, "scaleTargetRef", "kind"], `Unsupported value: ${JSON.stringify(kind ?? null)}: the simulated autoscaler scales a Deployment`);
  if (typeof ref.name !== "string" || ref.name === "") throw new FieldError([...sp, "scaleTargetRef", "name"], "Required value");
  const min = optInt(spec, "minReplicas", sp) ?? 1;
  if (min < 1) throw new FieldError([...sp, "minReplicas"], `Invalid value: ${min}: must be greater than or equal to 1`);
  if (spec.maxReplicas == null) throw new FieldError([...sp, "maxReplicas"], "Required value");
  const max = optInt(spec, "maxReplicas", sp)!;
  if (max < min) throw new FieldError([...sp, "maxReplicas"], `Invalid value: ${max}: must be greater than or equal to \`minReplicas\``);
  (optList(spec, "metrics", sp) ?? []).forEach((m, i) => {
    const mp = [...sp, "metrics", i];
    const mm = mapping(m, mp);
    const r = mm.resource as Obj | undefined;
    const t = r?.target as Obj | undefined;
    if (mm.type !== "Resource" || r?.name !== "cpu" || t?.type !== "Utilization") {
      throw new FieldError(mp, "Unsupported value: the simulated autoscaler reads one metric: {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: N}}}");
    }
    const u = optInt(t, "averageUtilization", [...mp, "resource", "target"]);
    if (u === undefined || u <= 0) throw new FieldError([...mp, "resource", "target", "averageUtilization"], `Invalid value: ${u ?? 0}: must be greater than 0`);
  });
}

/** PodGroup (scheduler-plugins' scheduling.x-k8s.io/v1alpha1): minMember and scheduleTimeoutSeconds. */
export function validatePodGroup(v: unknown, path: FieldPath = []): void {
  const { spec, sp } = namespacedSpec(v, path, false);
  optInt(spec, "minMember", sp, 0);
  optInt(spec, "scheduleTimeoutSeconds", sp, 0);
}

/** ValidateCronJob: a schedule the cron parser takes, history limits, concurrencyPolicy, a valid job template. */
export function validateCronJob(v: unknown, path: FieldPath = []): void {
  const { spec, sp } = namespacedSpec(v, path, true);
  const schedule = spec.schedule;
  if (typeof schedule !== "string" || schedule === "") throw new FieldError([...sp, "schedule"], "Required value");
  try {
    CronSchedule.parse(schedule);
  } catch (e) {
    throw new FieldError([...sp, "schedule"], `Invalid value: ${JSON.stringify(schedule)}: ${(e as Error).message}`);
  }
  if (spec.timeZone !== undefined && spec.timeZone !== "UTC" && spec.timeZone !== "Etc/UTC") {
    throw new FieldError([...sp, "timeZone"], `Unsupported value: ${JSON.stringify(spec.timeZone)}: virtual time is UTC`);
  }
  oneOf(spec, "concurrencyPolicy", sp, ["Allow", "Forbid", "Replace"]);
  optInt(spec, "startingDeadlineSeconds", sp, 0);
  optInt(spec, "successfulJobsHistoryLimit", sp, 0);
  optInt(spec, "failedJobsHistoryLimit", sp, 0);
  optBool(spec, "suspend", sp);
  const jt = optMapping(spec, "jobTemplate", sp);
  if (!jt) throw new FieldError([...sp, "jobTemplate"], "Required value");
  validateJob({ metadata: { name: "x" }, spec: jt.spec }, [...sp, "jobTemplate"]);
}

/** ValidateJob: counts non-negative, a template whose restartPolicy is Never or OnFailure, completions for Indexed. */
export function validateJob(v: unknown, path: FieldPath = []): void {
  const { spec, sp } = namespacedSpec(v, path, true);
  optInt(spec, "parallelism", sp, 0);
  const completions = optInt(spec, "completions", sp, 0);
  optInt(spec, "backoffLimit", sp, 0);
  optInt(spec, "activeDeadlineSeconds", sp, 1);
  optBool(spec, "suspend", sp);
  const mode = oneOf(spec, "completionMode", sp, ["NonIndexed", "Indexed"]);
  if (mode === "Indexed" && completions === undefined) throw new FieldError([...sp, "completions"], "Required value: when completion mode is Indexed");
  const t = optMapping(spec, "template", sp);
  if (!t) throw new FieldError([...sp, "template"], "Required value");
  const tp = [...sp, "template"];
  const meta = optMapping(t, "metadata", tp) ?? {};
  validateLabels(meta.labels, [...tp, "metadata", "labels"]);
  if (t.spec == null) throw new FieldError([...tp, "spec"], "Required value");
  validatePodSpec(t.spec, [...tp, "spec"]);
  const restart = (t.spec as Obj).restartPolicy;
  if (restart !== "Never" && restart !== "OnFailure") {
    throw new FieldError([...tp, "spec", "restartPolicy"], `Unsupported value: ${JSON.stringify(restart ?? "Always")}: supported values: "OnFailure", "Never"`);
  }
}
