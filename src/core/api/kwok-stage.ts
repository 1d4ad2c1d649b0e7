/**
 * KWOK's Stage (kwok.x-k8s.io/v1alpha1): pod lifecycle as data. A Stage selects pods (matchLabels,
 * matchAnnotations, matchExpressions over jq keys — stage-query.ts), waits a delay (durationMilliseconds,
 * or up to jitterDurationMilliseconds when that is larger; either read from an expression when given) and
 * moves the pod on. The simulated kubelet reads from `next` what it can act on: `delete: true`, or the
 * `phase:` line of `statusTemplate` (Running, Succeeded or Failed) — container statuses and conditions are
 * the kubelet's own. As in KWOK (pkg/utils/lifecycle): a Stage without a selector never matches; of several
 * matching Stages one is drawn, by weight when some weight is positive, uniformly otherwise.
 */
import type { Pod } from "./types.js";
import { FieldError, type FieldPath } from "./validate.js";
import { StageQuery, StageQueryError } from "./stage-query.js";

export const StageApiVersion = "kwok.x-k8s.io/v1alpha1";

export type StagePhase = "Running" | "Succeeded" | "Failed";

/** What a Stage does to a pod when its delay has passed. */
export type StageNext = { phase: StagePhase } | { delete: true };

interface Requirement {
  query: StageQuery;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values: readonly string[];
}

/** A duration fixed in the Stage or read from the pod (an RFC 3339 time or a Go duration). */
interface DurationSource {
  ms: number | null;
  from: StageQuery | null;
}

export interface CompiledStage {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>> | null;
  readonly annotations: Readonly<Record<string, string>> | null;
  readonly requirements: readonly Requirement[];
  readonly delay: DurationSource | null;
  readonly jitter: DurationSource | null;
  readonly weight: number;
  readonly weightFrom: StageQuery | null;
  readonly next: StageNext;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Validates a Stage object and compiles it; null for a Stage without a selector (it never matches). */
export function compileStage(v: unknown, path: FieldPath = []): CompiledStage | null {
  if (!isObj(v)) throw new FieldError(path, "expected a Stage object");
  const meta = v.metadata;
  if (!isObj(meta) || typeof meta.name !== "string" || meta.name === "") throw new FieldError([...path, "metadata", "name"], "Required value");
  const spec = v.spec;
  const sp = [...path, "spec"];
  if (!isObj(spec)) throw new FieldError(sp, "Required value");
  const ref = spec.resourceRef;
  if (!isObj(ref) || ref.kind !== "Pod" || (ref.apiGroup !== undefined && ref.apiGroup !== "v1" && ref.apiGroup !== "")) {
    throw new FieldError([...sp, "resourceRef"], `Unsupported value: ${JSON.stringify(ref)}: only {apiGroup: v1, kind: Pod} stages are simulated`);
  }
  const next = compileNext(spec.next, [...sp, "next"]);
  const weight = spec.weight ?? 0;
  if (!Number.isInteger(weight) || (weight as number) < 0) throw new FieldError([...sp, "weight"], `Invalid value: ${JSON.stringify(weight)}: must be a non-negative integer`);
  const weightFrom = expressionFrom(spec.weightFrom, [...sp, "weightFrom"]);
  const sel = spec.selector;
  if (sel === undefined || sel === null) return null;
  if (!isObj(sel)) throw new FieldError([...sp, "selector"], "must be a mapping");
  const delay = isObj(spec.delay) ? spec.delay : null;
  const dp = [...sp, "delay"];
  return {
    name: meta.name,
    labels: stringMap(sel.matchLabels, [...sp, "selector", "matchLabels"]),
    annotations: stringMap(sel.matchAnnotations, [...sp, "selector", "matchAnnotations"]),
    requirements: requirements(sel.matchExpressions, [...sp, "selector", "matchExpressions"]),
    delay: delay ? durationSource(delay.durationMilliseconds, delay.durationFrom, dp, "durationMilliseconds", "durationFrom") : null,
    jitter: delay ? durationSource(delay.jitterDurationMilliseconds, delay.jitterDurationFrom, dp, "jitterDurationMilliseconds", "jitterDurationFrom") : null,
    weight: weight as number,
    weightFrom,
    next,
  };
}

function compileNext(v: unknown, path: FieldPath): StageNext {
  if (!isObj(v)) throw new FieldError(path, "Required value: the stage must say what comes next (delete, or a statusTemplate with a phase)");
  if (v.delete === true) return { delete: true };
  const tpl = v.statusTemplate;
  if (typeof tpl === "string") {
    const m = /^\s*phase:\s*"?(\w+)"?\s*$/m.exec(tpl);
    if (m && (m[1] === "Running" || m[1] === "Succeeded" || m[1] === "Failed")) return { phase: m[1] };
    throw new FieldError([...path, "statusTemplate"], `Unsupported value: no "phase: Running|Succeeded|Failed" line (the simulated kubelet takes the phase from the template and writes the rest itself)`);
  }
  throw new FieldError(path, "Unsupported value: give delete: true or a statusTemplate with a phase");
}

function stringMap(v: unknown, path: FieldPath): Record<string, string> | null {
  if (v === undefined || v === null) return null;
  if (!isObj(v)) throw new FieldError(path, "must be a mapping");
  for (const [k, x] of Object.entries(v)) if (typeof x !== "string") throw new FieldError([...path, k], `must be a string, got ${JSON.stringify(x)}`);
  return v as Record<string, string>;
}

function query(text: unknown, path: FieldPath): StageQuery {
  if (typeof text !== "string" || text === "") throw new FieldError(path, "Required value");
  try {
    return StageQuery.parse(text);
  } catch (e) {
    if (e instanceof StageQueryError) throw new FieldError(path, `Invalid value: ${e.message}`);
    throw e;
  }
}

function requirements(v: unknown, path: FieldPath): Requirement[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new FieldError(path, "must be a list");
  return v.map((r, i) => {
    const p = [...path, i];
    if (!isObj(r)) throw new FieldError(p, "must be a mapping");
    const op = r.operator;
    if (op !== "In" && op !== "NotIn" && op !== "Exists" && op !== "DoesNotExist") {
      throw new FieldError([...p, "operator"], `Unsupported value: ${JSON.stringify(op)}: supported values: "In", "NotIn", "Exists", "DoesNotExist"`);
    }
    const values = r.values ?? [];
    if (!Array.isArray(values) || values.some((x) => typeof x !== "string")) throw new FieldError([...p, "values"], "must be a list of strings");
    if ((op === "In" || op === "NotIn") && values.length === 0) throw new FieldError([...p, "values"], "for 'in', 'notin' operators, values set can't be empty");
    if ((op === "Exists" || op === "DoesNotExist") && values.length > 0) throw new FieldError([...p, "values"], "values set must be empty for exists and does not exist");
    return { query: query(r.key, [...p, "key"]), operator: op, values: values as string[] };
  });
}

function expressionFrom(v: unknown, path: FieldPath): StageQuery | null {
  if (v === undefined || v === null) return null;
  if (!isObj(v)) throw new FieldError(path, "must be a mapping");
  return query(v.expressionFrom, [...path, "expressionFrom"]);
}

function durationSource(ms: unknown, from: unknown, path: FieldPath, msField: string, fromField: string): DurationSource | null {
  if (ms === undefined && (from === undefined || from === null)) return null;
  if (ms !== undefined && (!Number.isInteger(ms) || (ms as number) < 0)) throw new FieldError([...path, msField], `Invalid value: ${JSON.stringify(ms)}: must be a non-negative integer`);
  return { ms: ms === undefined ? null : (ms as number), from: expressionFrom(from, [...path, fromField]) };
}

/** Whether the Stage selects the pod. */
export function stageMatches(s: CompiledStage, pod: Pod): boolean {
  if (s.labels && !subset(s.labels, pod.metadata.labels)) return false;
  if (s.annotations && !subset(s.annotations, pod.metadata.annotations)) return false;
  for (const r of s.requirements) {
    const data = r.query.run(pod);
    const has = data.some((d) => r.values.includes(scalarText(d)));
    const exists = data.some((d) => d !== null);
    if (r.operator === "In" ? !has : r.operator === "NotIn" ? has : r.operator === "Exists" ? !exists : exists) return false;
  }
  return true;
}

function subset(want: Readonly<Record<string, string>>, have: Readonly<Record<string, string>> | undefined): boolean {
  for (const [k, v] of Object.entries(want)) if (have?.[k] !== v) return false;
  return true;
}

/** A jq value as KWOK compares it with selector values (strings, booleans, integers). */
function scalarText(d: unknown): string {
  if (typeof d === "string") return d;
  if (typeof d === "boolean") return String(d);
  if (typeof d === "number" && Number.isInteger(d)) return String(d);
  return "\u0000"; // matches no value
}

/** A duration in µs read from the pod, or the Stage's fixed one; null when neither gives one. */
export function durationUs(src: DurationSource | null, pod: Pod, nowUs: number): number | null {
  if (!src) return null;
  if (src.from) {
    const out = src.from.run(pod);
    if (out.length > 0 && typeof out[0] === "string") {
      const t = out[0];
      if (t === "") return null;
      const at = parseRfc3339Us(t);
      if (at !== null) return at - nowUs;
      const d = parseGoDurationUs(t);
      if (d !== null) return d;
    }
  }
  return src.ms === null ? null : src.ms * 1000;
}

/** The weight of a Stage for a pod (weightFrom read as an integer when present), or null when unreadable. */
export function stageWeight(s: CompiledStage, pod: Pod): number | null {
  if (!s.weightFrom) return s.weight;
  const out = s.weightFrom.run(pod);
  if (out.length === 0) return s.weight;
  const v = out[0];
  const n = typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : null;
}

function parseRfc3339Us(t: string): number | null {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(t)) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : ms * 1000;
}

const UNIT_US: Readonly<Record<string, number>> = { ns: 0.001, us: 1, "µs": 1, "μs": 1, ms: 1000, s: 1e6, m: 60e6, h: 3600e6 };

/** time.ParseDuration: "1h2m3.5s", "300ms", "-1.5h"; null when it does not parse. */
export function parseGoDurationUs(t: string): number | null {
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(t);
  if (!m && t !== "0") return null;
  if (t === "0") return 0;
  let total = 0;
  for (const part of t.replace(/^[-+]/, "").matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(part[1]) * UNIT_US[part[2]!]!;
  return Math.round(m![1] === "-" ? -total : total);
}
