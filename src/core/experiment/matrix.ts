/**
 * Parameters that variants override and the matrix crosses, written as dotted keys:
 *   model.<field>        podStartLatency, podStartJitter, bindLatency, scheduleCycle, watchDelay, proxyMinSyncPeriod,
 *                        proxySyncPeriod (durations), deleteFinishedPods, reuseFilterFailures (true/false),
 *                        proxy (a service-proxy plugin's name)
 *   scheduler.<path>     any field of the variant's KubeSchedulerConfiguration, e.g.
 *                        scheduler.percentageOfNodesToScore or
 *                        scheduler.profiles[0].pluginConfig[0].args.scoringStrategy.type
 * The matrix expands every variant into one variant per combination of values (the first key varies
 * slowest), named `<variant>+<key>=<value>+…` where <key> is the key's last segment (the whole key when
 * two keys share a last segment) and <value> is the value as written, with characters other than
 * letters, digits, ".", "_" and "-" replaced by "_".
 */
import type { FieldPath } from "../util/yaml-doc.js";

export const MODEL_DURATION_FIELDS = ["podStartLatency", "podStartJitter", "bindLatency", "scheduleCycle", "watchDelay", "proxyMinSyncPeriod", "proxySyncPeriod"] as const;
export const MODEL_BOOL_FIELDS = ["deleteFinishedPods", "reuseFilterFailures"] as const;
export const MODEL_STRING_FIELDS = ["proxy"] as const;
export const MODEL_FIELDS = [...MODEL_DURATION_FIELDS, ...MODEL_BOOL_FIELDS, ...MODEL_STRING_FIELDS] as const;
export type ModelField = (typeof MODEL_FIELDS)[number];

export type ParamTarget = { kind: "model"; field: ModelField } | { kind: "scheduler"; path: FieldPath };

/** One parameter setting of a variant: the key as written, its target, the value, and where it was written. */
export interface Param {
  key: string;
  target: ParamTarget;
  value: unknown;
  /** Position of the value in the experiment file (for errors). */
  at: FieldPath;
}

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_-]*)((?:\[\d+\])*)$/;

/** Parses a dotted key; returns an error message for a bad one. */
export function parseParamKey(key: string): ParamTarget | string {
  const parts = key.split(".");
  const [head, ...rest] = parts;
  const path: (string | number)[] = [];
  for (const seg of rest) {
    const m = SEGMENT.exec(seg);
    if (!m) return `"${key}" is not a parameter path (use dotted field names and [i] for list elements, e.g. scheduler.profiles[0].percentageOfNodesToScore)`;
    path.push(m[1]!);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]));
  }
  if (head === "model") {
    if (path.length !== 1 || !(MODEL_FIELDS as readonly unknown[]).includes(path[0])) {
      return `unknown model parameter "${key}" (known: ${MODEL_FIELDS.map((f) => `model.${f}`).join(", ")})`;
    }
    return { kind: "model", field: path[0] as ModelField };
  }
  if (head === "scheduler") {
    if (path.length === 0) return `"${key}" names no field of the scheduler configuration (e.g. scheduler.percentageOfNodesToScore)`;
    return { kind: "scheduler", path };
  }
  return `unknown parameter "${key}" (parameters start with "model." or "scheduler.")`;
}

/** Short names for keys in variant names: the last segment, unless two keys share it. */
export function shortKeys(keys: readonly string[]): Map<string, string> {
  const last = (k: string) => k.split(".").pop()!.replace(/\[\d+\]$/g, "");
  const count = new Map<string, number>();
  for (const k of keys) count.set(last(k), (count.get(last(k)) ?? 0) + 1);
  return new Map(keys.map((k) => [k, count.get(last(k))! > 1 ? k : last(k)]));
}

/** A value as it appears in a variant name. */
export function valueLabel(v: unknown): string {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.replace(/[^A-Za-z0-9._-]/g, "_");
}

/** Every combination of one element from each list, the first list varying slowest. */
export function combinations<T>(lists: readonly (readonly T[])[]): T[][] {
  let out: T[][] = [[]];
  for (const list of lists) out = out.flatMap((prefix) => list.map((x) => [...prefix, x]));
  return out;
}
