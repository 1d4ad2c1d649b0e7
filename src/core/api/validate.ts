/**
 * API validation of the objects the simulator reads (Pod, Node, Namespace, PriorityClass), after
 * k8s.io/kubernetes/pkg/apis/core/validation and apimachinery's name/label rules. Only the fields the
 * simulator uses are checked; unknown fields pass through. Validation stops at the first problem and
 * throws a FieldError carrying the field path, so callers can point at the offending YAML node.
 * Messages are one line and short; they name the bad value where there is one.
 */
import { QuantityError, parseQuantityNano } from "./quantity.js";
import { isMapping as isObj } from "../util/strict-decoder.js";

export type FieldPath = readonly (string | number)[];

export class FieldError extends Error {
  constructor(
    readonly path: FieldPath,
    readonly problem: string,
  ) {
    super(path.length ? `${formatPath(path)}: ${problem}` : problem);
    this.name = "FieldError";
  }
}

/** `spec.containers[0].name` */
export function formatPath(path: FieldPath): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

// ---- names and labels (k8s.io/apimachinery/pkg/util/validation) ----

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** IsDNS1123Label: null when valid, else why not. */
export function dns1123LabelError(v: string): string | null {
  if (v.length > 63) return `${JSON.stringify(v)} must be no more than 63 characters`;
  if (!DNS1123_LABEL.test(v)) {
    return `${JSON.stringify(v)} is not a valid DNS-1123 label (lower case alphanumerics and '-', starting and ending with an alphanumeric)`;
  }
  return null;
}

/** IsDNS1123Subdomain: null when valid, else why not. */
export function dns1123SubdomainError(v: string): string | null {
  if (v.length > 253) return `${JSON.stringify(v)} must be no more than 253 characters`;
  if (!DNS1123_SUBDOMAIN.test(v)) {
    return `${JSON.stringify(v)} is not a valid DNS-1123 subdomain (lower case alphanumerics, '-' and '.', starting and ending with an alphanumeric)`;
  }
  return null;
}

/** IsQualifiedName (label keys, annotation keys, taint keys): `[prefix/]name`. */
export function qualifiedNameError(v: string): string | null {
  const parts = v.split("/");
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === "") return `${JSON.stringify(v)} has an empty prefix part`;
    const e = dns1123SubdomainError(prefix);
    if (e) return `prefix part of ${JSON.stringify(v)}: ${e}`;
    name = parts[1]!;
  } else {
    return `${JSON.stringify(v)} is not a qualified name (at most one '/')`;
  }
  if (name === "") return `${JSON.stringify(v)} has an empty name part`;
  if (name.length > 63) return `name part of ${JSON.stringify(v)} must be no more than 63 characters`;
  if (!QUALIFIED_NAME_PART.test(name)) {
    return `${JSON.stringify(v)} is not a qualified name (alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)`;
  }
  return null;
}

/** IsValidLabelValue (empty is valid). */
export function labelValueError(v: string): string | null {
  if (v.length > 63) return `label value ${JSON.stringify(v)} must be no more than 63 characters`;
  if (!LABEL_VALUE.test(v)) {
    return `invalid label value ${JSON.stringify(v)} (alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)`;
  }
  return null;
}

// ---- typed access helpers: each throws FieldError on a wrong type ----

export type Obj = Record<string, unknown>;

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${JSON.stringify(v)}`;
}

export function mapping(v: unknown, path: FieldPath): Obj {
  if (!isObj(v)) throw new FieldError(path, `must be a mapping, got ${describe(v)}`);
  return v;
}

export function optMapping(o: Obj, key: string, path: FieldPath): Obj | undefined {
  const v = o[key];
  return v == null ? undefined : mapping(v, [...path, key]);
}

export function optList(o: Obj, key: string, path: FieldPath): unknown[] | undefined {
  const v = o[key];
  if (v == null) return undefined;
  if (!Array.isArray(v)) throw new FieldError([...path, key], `must be a list, got ${describe(v)}`);
  return v;
}

export function optString(o: Obj, key: string, path: FieldPath): string | undefined {
  const v = o[key];
  if (v == null) return undefined;
  if (typeof v !== "string") throw new FieldError([...path, key], `must be a string, got ${describe(v)}`);
  return v;
}

export function reqString(o: Obj, key: string, path: FieldPath): string {
  const v = optString(o, key, path);
  if (v === undefined || v === "") throw new FieldError([...path, key], "is required");
  return v;
}

export function optBool(o: Obj, key: string, path: FieldPath): void {
  const v = o[key];
  if (v != null && typeof v !== "boolean") throw new FieldError([...path, key], `must be true or false, got ${describe(v)}`);
}

export const INT32_MAX = 2147483647;

export function optInt(o: Obj, key: string, path: FieldPath, min = -INT32_MAX - 1, max = INT32_MAX): number | undefined {
  const v = o[key];
  if (v == null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new FieldError([...path, key], `must be an integer, got ${describe(v)}`);
  if (v < min) throw new FieldError([...path, key], `must be greater than or equal to ${min}, got ${v}`);
  if (v > max) throw new FieldError([...path, key], `must be less than or equal to ${max}, got ${v}`);
  return v;
}

export function oneOf(o: Obj, key: string, path: FieldPath, allowed: readonly string[], required = false): string | undefined {
  const v = optString(o, key, path);
  if (v === undefined || (v === "" && !allowed.includes(""))) {
    if (required) throw new FieldError([...path, key], `is required (one of ${allowed.filter(Boolean).join(", ")})`);
    return undefined;
  }
  if (!allowed.includes(v)) {
    throw new FieldError([...path, key], `unsupported value ${JSON.stringify(v)} (supported: ${allowed.filter(Boolean).join(", ")})`);
  }
  return v;
}

export function check(err: string | null, path: FieldPath): void {
  if (err) throw new FieldError(path, err);
}

// ---- metadata ----

export interface MetaRules {
  /** Name format: Pod/Node/PriorityClass names are DNS-1123 subdomains, Namespace names labels. */
  name: "subdomain" | "label" | "any";
  namespaced: boolean;
}

/** ObjectMeta's fields (apimachinery meta/v1, as of v1.33): strict decoding rejects any other. */
const OBJECT_META_FIELDS = new Set([
  "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
  "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
]);

export function validateObjectMeta(v: unknown, path: FieldPath, rules: MetaRules): void {
  const m = mapping(v, path);
  for (const k in m) if (!OBJECT_META_FIELDS.has(k)) throw new FieldError([...path, k], `unknown field "${k}"`);
  const name = reqString(m, "name", path);
  if (rules.name === "subdomain") check(dns1123SubdomainError(name), [...path, "name"]);
  else if (rules.name === "label") check(dns1123LabelError(name), [...path, "name"]);
  const ns = optString(m, "namespace", path);
  if (ns) {
    if (!rules.namespaced) throw new FieldError([...path, "namespace"], "not allowed on this type (it is cluster-scoped)");
    check(dns1123LabelError(ns), [...path, "namespace"]);
  }
  optString(m, "uid", path);
  optString(m, "generateName", path);
  optString(m, "resourceVersion", path);
  validateLabels(m.labels, [...path, "labels"]);
  const ann = optMapping(m, "annotations", path);
  for (const k in ann) {
    check(qualifiedNameError(k), [...path, "annotations", k]);
    if (typeof ann[k] !== "string") throw new FieldError([...path, "annotations", k], `must be a string, got ${describe(ann[k])}`);
  }
  const ts = m.creationTimestamp;
  if (ts != null && typeof ts !== "string") throw new FieldError([...path, "creationTimestamp"], `must be a string, got ${describe(ts)}`);
}

/** A label map (metadata.labels, spec.nodeSelector, matchLabels): qualified keys, string label values. */
export function validateLabels(v: unknown, path: FieldPath): void {
  if (v == null) return;
  const m = mapping(v, path);
  for (const k in m) {
    check(qualifiedNameError(k), [...path, k]);
    const val = m[k];
    if (typeof val !== "string") throw new FieldError([...path, k], `must be a string, got ${describe(val)} (quote it)`);
    check(labelValueError(val), [...path, k]);
  }
}

// ---- quantities ----

/** A ResourceList: every value a valid, non-negative quantity. */
export function validateResourceList(v: unknown, path: FieldPath): void {
  if (v == null) return;
  const m = mapping(v, path);
  for (const k in m) {
    check(qualifiedNameError(k), [...path, k]);
    const q = m[k];
    if (typeof q !== "string" && typeof q !== "number") {
      throw new FieldError([...path, k], `must be a quantity (a string such as "500m" or a number), got ${describe(q)}`);
    }
    let nano: bigint;
    try {
      nano = parseQuantityNano(q);
    } catch (e) {
      if (e instanceof QuantityError) throw new FieldError([...path, k], e.message);
      throw e;
    }
    if (nano < 0n) throw new FieldError([...path, k], `must be greater than or equal to 0, got ${JSON.stringify(q)}`);
  }
}

function validateRequirements(v: unknown, path: FieldPath): void {
  if (v == null) return;
  const r = mapping(v, path);
  validateResourceList(r.requests, [...path, "requests"]);
  validateResourceList(r.limits, [...path, "limits"]);
  const req = r.requests as Obj | undefined;
  const lim = r.limits as Obj | undefined;
  if (!req || !lim) return;
  for (const k in req) {
    if (!(k in lim)) continue;
    if (parseQuantityNano(req[k] as string | number) > parseQuantityNano(lim[k] as string | number)) {
      throw new FieldError([...path, "requests", k], `must be less than or equal to ${k} limit of ${String(lim[k])}`);
    }
  }
}

// ---- selectors ----

const LABEL_SELECTOR_OPS = ["In", "NotIn", "Exists", "DoesNotExist"] as const;
const NODE_SELECTOR_OPS = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"] as const;
const INT64_RE = /^[+-]?\d+$/;
const INT64_MAX = 2n ** 63n - 1n;

export function stringList(v: unknown, path: FieldPath): string[] {
  if (v == null) return [];
  if (!Array.isArray(v)) throw new FieldError(path, `must be a list, got ${describe(v)}`);
  v.forEach((s, i) => {
    if (typeof s !== "string") throw new FieldError([...path, i], `must be a string, got ${describe(s)} (quote it)`);
  });
  return v as string[];
}

/** One selector requirement, as labels.NewRequirement checks it. */
function validateRequirement(v: unknown, path: FieldPath, ops: readonly string[]): void {
  const r = mapping(v, path);
  const key = reqString(r, "key", path);
  check(qualifiedNameError(key), [...path, "key"]);
  const op = oneOf(r, "operator", path, ops, true)!;
  const values = stringList(r.values, [...path, "values"]);
  switch (op) {
    case "In":
    case "NotIn":
      if (values.length === 0) throw new FieldError([...path, "values"], `must be specified when operator is ${op}`);
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length !== 0) throw new FieldError([...path, "values"], `may not be specified when operator is ${op}`);
      break;
    default: // Gt, Lt
      if (values.length !== 1) throw new FieldError([...path, "values"], `must have exactly one value when operator is ${op}`);
      if (!INT64_RE.test(values[0]!) || BigInt(values[0]!) > INT64_MAX || BigInt(values[0]!) < -INT64_MAX - 1n) {
        throw new FieldError([...path, "values", 0], `must be an integer when operator is ${op}, got ${JSON.stringify(values[0])}`);
      }
  }
  values.forEach((s, i) => check(labelValueError(s), [...path, "values", i]));
}

/** metav1.LabelSelector (pod affinity terms, namespaceSelector, topology spread). */
export function validateLabelSelector(v: unknown, path: FieldPath): void {
  if (v == null) return;
  const s = mapping(v, path);
  validateLabels(s.matchLabels, [...path, "matchLabels"]);
  optList(s, "matchExpressions", path)?.forEach((e, i) => validateRequirement(e, [...path, "matchExpressions", i], LABEL_SELECTOR_OPS));
}

function validateNodeSelectorTerm(v: unknown, path: FieldPath): void {
  const t = mapping(v, path);
  optList(t, "matchExpressions", path)?.forEach((e, i) => validateRequirement(e, [...path, "matchExpressions", i], NODE_SELECTOR_OPS));
  optList(t, "matchFields", path)?.forEach((e, i) => {
    const p = [...path, "matchFields", i];
    const r = mapping(e, p);
    const key = reqString(r, "key", p);
    if (key !== "metadata.name") throw new FieldError([...p, "key"], `${JSON.stringify(key)} is not a valid field selector key (only metadata.name)`);
    oneOf(r, "operator", p, ["In", "NotIn"], true);
    const values = stringList(r.values, [...p, "values"]);
    if (values.length !== 1) throw new FieldError([...p, "values"], "must have exactly one value for a node field selector");
  });
}

export function validateNodeSelector(v: unknown, path: FieldPath): void {
  const s = mapping(v, path);
  const terms = optList(s, "nodeSelectorTerms", path);
  if (!terms || terms.length === 0) throw new FieldError([...path, "nodeSelectorTerms"], "must have at least one node selector term");
  terms.forEach((t, i) => validateNodeSelectorTerm(t, [...path, "nodeSelectorTerms", i]));
}

function validateWeight(o: Obj, path: FieldPath): void {
  if (o.weight == null) throw new FieldError([...path, "weight"], "is required (1-100)");
  optInt(o, "weight", path, 1, 100);
}

function validatePodAffinityTerm(v: unknown, path: FieldPath): void {
  const t = mapping(v, path);
  validateLabelSelector(t.labelSelector, [...path, "labelSelector"]);
  validateLabelSelector(t.namespaceSelector, [...path, "namespaceSelector"]);
  stringList(t.namespaces, [...path, "namespaces"]).forEach((ns, i) => check(dns1123LabelError(ns), [...path, "namespaces", i]));
  const key = reqString(t, "topologyKey", path);
  check(qualifiedNameError(key), [...path, "topologyKey"]);
  stringList(t.matchLabelKeys, [...path, "matchLabelKeys"]);
  stringList(t.mismatchLabelKeys, [...path, "mismatchLabelKeys"]);
}

function validatePodAffinity(v: unknown, path: FieldPath): void {
  if (v == null) return;
  const a = mapping(v, path);
  optList(a, "requiredDuringSchedulingIgnoredDuringExecution", path)?.forEach((t, i) =>
    validatePodAffinityTerm(t, [...path, "requiredDuringSchedulingIgnoredDuringExecution", i]),
  );
  optList(a, "preferredDuringSchedulingIgnoredDuringExecution", path)?.forEach((w, i) => {
    const p = [...path, "preferredDuringSchedulingIgnoredDuringExecution", i];
    const wt = mapping(w, p);
    validateWeight(wt, p);
    if (wt.podAffinityTerm == null) throw new FieldError([...p, "podAffinityTerm"], "is required");
    validatePodAffinityTerm(wt.podAffinityTerm, [...p, "podAffinityTerm"]);
  });
}

function validateAffinity(v: unknown, path: FieldPath): void {
  if (v == null) return;
  const a = mapping(v, path);
  const na = optMapping(a, "nodeAffinity", path);
  if (na) {
    const p = [...path, "nodeAffinity"];
    if (na.requiredDuringSchedulingIgnoredDuringExecution != null) {
      validateNodeSelector(na.requiredDuringSchedulingIgnoredDuringExecution, [...p, "requiredDuringSchedulingIgnoredDuringExecution"]);
    }
    optList(na, "preferredDuringSchedulingIgnoredDuringExecution", p)?.forEach((w, i) => {
      const wp = [...p, "preferredDuringSchedulingIgnoredDuringExecution", i];
      const wt = mapping(w, wp);
      validateWeight(wt, wp);
      if (wt.preference == null) throw new FieldError([...wp, "preference"], "is required");
      validateNodeSelectorTerm(wt.preference, [...wp, "preference"]);
    });
  }
  validatePodAffinity(a.podAffinity, [...path, "podAffinity"]);
  validatePodAffinity(a.podAntiAffinity, [...path, "podAntiAffinity"]);
}

// ---- taints and tolerations ----

const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

function validateTaints(v: unknown, path: FieldPath): void {
  if (v == null) return;
  if (!Array.isArray(v)) throw new FieldError(path, `must be a list, got ${describe(v)}`);
  const seen = new Set<string>();
  v.forEach((t, i) => {
    const p = [...path, i];
    const taint = mapping(t, p);
    const key = reqString(taint, "key", p);
    check(qualifiedNameError(key), [...p, "key"]);
    const value = optString(taint, "value", p);
    if (value) check(labelValueError(value), [...p, "value"]);
    const effect = oneOf(taint, "effect", p, TAINT_EFFECTS, true)!;
    optString(taint, "timeAdded", p);
    const id = `${key}\u0000${effect}`;
    if (seen.has(id)) throw new FieldError(p, `duplicate taint ${key}:${effect} (taints must be unique by key and effect)`);
    seen.add(id);
  });
}

function validateTolerations(v: unknown, path: FieldPath): void {
  if (v == null) return;
  if (!Array.isArray(v)) throw new FieldError(path, `must be a list, got ${describe(v)}`);
  v.forEach((t, i) => {
    const p = [...path, i];
    const tol = mapping(t, p);
    const key = optString(tol, "key", p) ?? "";
    if (key) check(qualifiedNameError(key), [...p, "key"]);
    const op = oneOf(tol, "operator", p, ["", "Equal", "Exists"]) ?? "Equal";
    const value = optString(tol, "value", p) ?? "";
    if (!key && op !== "Exists") throw new FieldError([...p, "operator"], `must be Exists when key is empty (match all keys), got ${JSON.stringify(op)}`);
    if (op === "Exists" && value) throw new FieldError([...p, "value"], "must be empty when operator is Exists");
    if (op !== "Exists") check(labelValueError(value), [...p, "value"]);
    const effect = oneOf(tol, "effect", p, ["", ...TAINT_EFFECTS]);
    const secs = tol.tolerationSeconds;
    if (secs != null) {
      if (typeof secs !== "number" || !Number.isInteger(secs)) {
        throw new FieldError([...p, "tolerationSeconds"], `must be an integer, got ${describe(secs)}`);
      }
      if (effect !== "NoExecute") throw new FieldError([...p, "effect"], "must be NoExecute when tolerationSeconds is set");
    }
  });
}

// ---- pods ----

function validateContainer(v: unknown, path: FieldPath, names: Set<string>, init: boolean): void {
  const c = mapping(v, path);
  const name = reqString(c, "name", path);
  check(dns1123LabelError(name), [...path, "name"]);
  if (names.has(name)) throw new FieldError([...path, "name"], `duplicate container name ${JSON.stringify(name)}`);
  names.add(name);
  optString(c, "image", path);
  validateRequirements(c.resources, [...path, "resources"]);
  optList(c, "ports", path)?.forEach((pv, i) => {
    const p = [...path, "ports", i];
    const port = mapping(pv, p);
    if (port.containerPort == null) throw new FieldError([...p, "containerPort"], "is required");
    optInt(port, "containerPort", p, 1, 65535);
    optInt(port, "hostPort", p, 0, 65535);
    optString(port, "hostIP", p);
    oneOf(port, "protocol", p, ["TCP", "UDP", "SCTP"]);
  });
  if (init) oneOf(c, "restartPolicy", path, ["Always"]);
}

function validateTopologySpread(v: unknown, path: FieldPath): void {
  if (v == null) return;
  if (!Array.isArray(v)) throw new FieldError(path, `must be a list, got ${describe(v)}`);
  const seen = new Set<string>();
  v.forEach((c, i) => {
    const p = [...path, i];
    const tsc = mapping(c, p);
    if (tsc.maxSkew == null) throw new FieldError([...p, "maxSkew"], "is required");
    optInt(tsc, "maxSkew", p, 1);
    const key = reqString(tsc, "topologyKey", p);
    check(qualifiedNameError(key), [...p, "topologyKey"]);
    const when = oneOf(tsc, "whenUnsatisfiable", p, ["DoNotSchedule", "ScheduleAnyway"], true)!;
    if (tsc.minDomains != null) {
      optInt(tsc, "minDomains", p, 1);
      if (when !== "DoNotSchedule") throw new FieldError([...p, "minDomains"], "can only be set when whenUnsatisfiable is DoNotSchedule");
    }
    oneOf(tsc, "nodeAffinityPolicy", p, ["Honor", "Ignore"]);
    oneOf(tsc, "nodeTaintsPolicy", p, ["Honor", "Ignore"]);
    validateLabelSelector(tsc.labelSelector, [...p, "labelSelector"]);
    stringList(tsc.matchLabelKeys, [...p, "matchLabelKeys"]);
    const id = `${key}\u0000${when}`;
    if (seen.has(id)) throw new FieldError(p, `duplicate constraint for topologyKey ${JSON.stringify(key)} and whenUnsatisfiable ${when}`);
    seen.add(id);
  });
}

export function validatePodSpec(v: unknown, path: FieldPath): void {
  const s = mapping(v, path);
  const containers = optList(s, "containers", path);
  if (!containers || containers.length === 0) throw new FieldError([...path, "containers"], "must have at least one container");
  const names = new Set<string>();
  containers.forEach((c, i) => validateContainer(c, [...path, "containers", i], names, false));
  optList(s, "initContainers", path)?.forEach((c, i) => validateContainer(c, [...path, "initContainers", i], names, true));
  const nodeName = optString(s, "nodeName", path);
  if (nodeName) check(dns1123SubdomainError(nodeName), [...path, "nodeName"]);
  optString(s, "schedulerName", path);
  optInt(s, "priority", path);
  const pcName = optString(s, "priorityClassName", path);
  if (pcName) check(dns1123SubdomainError(pcName), [...path, "priorityClassName"]);
  oneOf(s, "preemptionPolicy", path, ["PreemptLowerPriority", "Never"]);
  validateTolerations(s.tolerations, [...path, "tolerations"]);
  validateLabels(s.nodeSelector, [...path, "nodeSelector"]);
  validateAffinity(s.affinity, [...path, "affinity"]);
  validateTopologySpread(s.topologySpreadConstraints, [...path, "topologySpreadConstraints"]);
  const gates = new Set<string>();
  optList(s, "schedulingGates", path)?.forEach((g, i) => {
    const p = [...path, "schedulingGates", i];
    const name = reqString(mapping(g, p), "name", p);
    check(qualifiedNameError(name), [...p, "name"]);
    if (gates.has(name)) throw new FieldError([...p, "name"], `duplicate scheduling gate ${JSON.stringify(name)}`);
    gates.add(name);
  });
  validateResourceList(s.overhead, [...path, "overhead"]);
  validateRequirements(s.resources, [...path, "resources"]);
  optString(s, "restartPolicy", path);
  optBool(s, "hostNetwork", path);
}

const POD_PHASES = ["Pending", "Running", "Succeeded", "Failed", "Unknown"] as const;

export function validatePod(v: unknown, path: FieldPath = []): void {
  const o = mapping(v, path);
  validateObjectMeta(o.metadata, [...path, "metadata"], { name: "subdomain", namespaced: true });
  if (o.spec == null) throw new FieldError([...path, "spec"], "is required");
  validatePodSpec(o.spec, [...path, "spec"]);
  const st = optMapping(o, "status", path);
  if (st) {
    oneOf(st, "phase", [...path, "status"], POD_PHASES);
    optString(st, "nominatedNodeName", [...path, "status"]);
    optString(st, "startTime", [...path, "status"]);
  }
}

// ---- nodes, namespaces, priority classes ----

export function validateNode(v: unknown, path: FieldPath = []): void {
  const o = mapping(v, path);
  validateObjectMeta(o.metadata, [...path, "metadata"], { name: "subdomain", namespaced: false });
  const spec = optMapping(o, "spec", path);
  if (spec) {
    const p = [...path, "spec"];
    optBool(spec, "unschedulable", p);
    validateTaints(spec.taints, [...p, "taints"]);
  }
  const st = optMapping(o, "status", path);
  if (st) {
    const p = [...path, "status"];
    validateResourceList(st.capacity, [...p, "capacity"]);
    validateResourceList(st.allocatable, [...p, "allocatable"]);
    optList(st, "images", p)?.forEach((im, i) => {
      const ip = [...p, "images", i];
      const image = mapping(im, ip);
      stringList(image.names, [...ip, "names"]);
      optInt(image, "sizeBytes", ip, 0, Number.MAX_SAFE_INTEGER);
    });
  }
}

export function validateNamespace(v: unknown, path: FieldPath = []): void {
  const o = mapping(v, path);
  validateObjectMeta(o.metadata, [...path, "metadata"], { name: "label", namespaced: false });
}

/** User-defined priority classes may not exceed this (scheduling.HighestUserDefinablePriority). */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

/** The built-in classes every cluster has (scheduling.SystemPriorityClasses). */
export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  "system-cluster-critical": 2_000_000_000,
  "system-node-critical": 2_000_001_000,
};

export function validatePriorityClass(v: unknown, path: FieldPath = []): void {
  const o = mapping(v, path);
  validateObjectMeta(o.metadata, [...path, "metadata"], { name: "subdomain", namespaced: false });
  if (o.value == null) throw new FieldError([...path, "value"], "is required");
  const value = optInt(o, "value", path)!;
  const name = (o.metadata as Obj).name as string;
  if (name.startsWith("system-")) {
    if (SYSTEM_PRIORITY_CLASSES[name] !== value) {
      throw new FieldError([...path, "metadata", "name"], "priority class names with 'system-' prefix are reserved for system use only");
    }
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    throw new FieldError([...path, "value"], `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`);
  }
  optBool(o, "globalDefault", path);
  oneOf(o, "preemptionPolicy", path, ["PreemptLowerPriority", "Never"]);
}
