/**
 * Strict decoding of a YAML document into typed values, shared by every file format the project reads:
 * unknown fields, wrong types, missing required fields and bad names are errors at `file:line:col`
 * (the key of an unknown field, the value of a bad one), as Kubernetes' strict field validation does.
 */
import { resolve } from "node:path";
import { inputFileProblem } from "./input-file.js";
import type { FieldPath, YamlSource } from "./yaml-doc.js";

/** A YAML mapping as decoded: a plain object. */
export type YamlMap = Record<string, unknown>;

export const isMapping = (v: unknown): v is YamlMap => typeof v === "object" && v !== null && !Array.isArray(v);

/** A value as errors show it: "null", "a list", "an object", or its JSON. */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  return JSON.stringify(v);
}

/** The generator takes a 32-bit seed (see Rng.seeded): larger seeds would silently alias smaller ones. */
export const MAX_SEED = 2 ** 31 - 1;

/** Names of experiments, variants and workloads: they become folder names. */
const NAME_RE = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i;

export class StrictDecoder {
  /** `base` is the folder relative file names are resolved against. */
  constructor(
    readonly src: YamlSource,
    readonly base: string,
  ) {}

  fail(path: FieldPath, msg: string): never {
    throw this.src.error(path, msg);
  }

  /** A mapping with only `allowed` fields. */
  obj(v: unknown, path: FieldPath, allowed: readonly string[]): YamlMap {
    if (!isMapping(v)) this.fail(path, v === undefined ? "required field is missing" : `expected an object, got ${describeValue(v)}`);
    for (const k of Object.keys(v)) if (!allowed.includes(k)) this.fail([...path, k], `unknown field "${k}" (allowed: ${allowed.join(", ")})`);
    return v;
  }

  /** A non-empty list; `what` names its items in the plural ("variants"). */
  list(v: unknown, path: FieldPath, what: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, v === undefined ? "required field is missing" : `expected a list of ${what}, got ${describeValue(v)}`);
    if (v.length === 0) this.fail(path, `expected at least one ${what.replace(/s$/, "")}, got an empty list`);
    return v;
  }

  /** A non-empty string (`dflt` when absent, if given). */
  str(o: YamlMap, k: string, path: FieldPath, dflt?: string): string {
    const v = o[k];
    if (v === undefined && dflt !== undefined) return dflt;
    if (typeof v !== "string" || !v) this.fail([...path, k], v === undefined ? "required field is missing" : `expected a string, got ${describeValue(v)}`);
    return v;
  }

  name(o: YamlMap, k: string, path: FieldPath): string {
    const n = this.str(o, k, path);
    if (!NAME_RE.test(n)) this.fail([...path, k], `"${n}" is not a valid name (letters, digits, "-", "_", ".")`);
    return n;
  }

  int(o: YamlMap, k: string, path: FieldPath, dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const v = o[k];
    if (v === undefined) return dflt;
    return this.intValue(v, [...path, k], min, max);
  }

  intValue(v: unknown, at: FieldPath, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max) {
      const want = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer between ${min} and ${max}`;
      this.fail(at, `expected ${want}, got ${describeValue(v)}`);
    }
    return v;
  }

  /** An optional list of non-empty strings. */
  strings(o: YamlMap, k: string, path: FieldPath): string[] | undefined {
    const v = o[k];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) this.fail([...path, k], `expected a list of strings, got ${describeValue(v)}`);
    v.forEach((x, i) => {
      if (typeof x !== "string" || !x) this.fail([...path, k, i], `expected a non-empty string, got ${describeValue(x)}`);
    });
    return [...(v as string[])];
  }

  /** An optional finite number within [min, max]. */
  number(o: YamlMap, k: string, path: FieldPath, min: number, max = Infinity): number | undefined {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
      this.fail([...path, k], `expected a number ≥ ${min}${max < Infinity ? ` and ≤ ${max}` : ""}, got ${describeValue(v)}`);
    }
    return v;
  }

  /** An optional string out of `allowed`. */
  oneOf<T extends string>(o: YamlMap, k: string, path: FieldPath, allowed: readonly T[]): T | undefined {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) this.fail([...path, k], `expected one of ${allowed.join(", ")}, got ${describeValue(v)}`);
    return v as T;
  }

  bool(o: YamlMap, k: string, path: FieldPath, dflt: boolean): boolean {
    const v = o[k];
    if (v === undefined) return dflt;
    if (typeof v !== "boolean") this.fail([...path, k], `expected true or false, got ${describeValue(v)}`);
    return v;
  }

  /** Seeds: a list of distinct seeds, or a range {from (default 1), count}. */
  seeds(v: unknown, path: FieldPath): number[] {
    if (isMapping(v)) {
      const r = this.obj(v, path, ["from", "count"]);
      if (r.count === undefined) this.fail([...path, "count"], "required field is missing");
      const from = this.int(r, "from", path, 1, 0, MAX_SEED);
      const count = this.int(r, "count", path, 1, 1, 100_000);
      if (from + count - 1 > MAX_SEED) this.fail([...path, "count"], `seeds would exceed ${MAX_SEED}`);
      return Array.from({ length: count }, (_, i) => from + i);
    }
    const seeds = this.list(v, path, "seeds").map((s, i) => this.intValue(s, [...path, i], 0, MAX_SEED));
    seeds.forEach((s, i) => {
      if (seeds.indexOf(s) !== i) this.fail([...path, i], `seed ${s} is listed twice`);
    });
    return seeds;
  }

  /** An input file that exists and is readable, resolved against `base`. */
  file(o: YamlMap, k: string, path: FieldPath): string {
    const rel = this.str(o, k, path);
    const abs = resolve(this.base, rel);
    const problem = inputFileProblem(abs);
    if (problem) this.fail([...path, k], `${problem}: ${rel} (resolved to ${abs})`);
    return abs;
  }
}
