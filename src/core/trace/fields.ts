/**
 * Field-level helpers shared by the format adapters: header binding and strict value parsers.
 * Parsers throw RowError with a message naming the column; the reader adds `file:line: `.
 */
import { US_PER_S } from "./types.js";

/** A problem with one row (or the header); the reader turns it into a TraceError. */
export class RowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RowError";
  }
}

export function columnError(column: string, expected: string, got: string): RowError {
  return new RowError(`column ${column}: expected ${expected}, got ${JSON.stringify(got)}`);
}

/** A file schema: the columns a header may name, and those it must name. */
export interface Schema {
  readonly known: readonly string[];
  readonly required: readonly string[];
}

/** True if `header` names only known columns, each once, and every required one. */
export function headerMatches(schema: Schema, header: readonly string[]): boolean {
  if (new Set(header).size !== header.length) return false;
  return header.every((c) => schema.known.includes(c)) && schema.required.every((c) => header.includes(c));
}

/**
 * Maps column names to field indexes (-1 when absent). Throws RowError for an unknown,
 * duplicate or missing required column; `what` names the file kind in messages.
 */
export function bindHeader<C extends string>(
  schema: Schema & { readonly known: readonly C[] },
  header: readonly string[],
  what: string,
): Record<C, number> {
  const idx = {} as Record<C, number>;
  for (const c of schema.known) idx[c] = -1;
  header.forEach((h, i) => {
    if (!(schema.known as readonly string[]).includes(h)) {
      throw new RowError(`column ${JSON.stringify(h)} is not a ${what} column (known: ${schema.known.join(", ")})`);
    }
    if (idx[h as C] !== -1) throw new RowError(`column ${h} appears twice in the header`);
    idx[h as C] = i;
  });
  for (const c of schema.required) {
    if (idx[c as C] === -1) throw new RowError(`missing required column ${c} in the ${what} header`);
  }
  return idx;
}

/** Field `i` of `f`, or "" when the column is absent (i = -1). */
export function field(f: readonly string[], i: number): string {
  return i < 0 ? "" : f[i]!;
}

/** Parses /^[0-9]+$/ to a safe integer; -1 if `s` is anything else. No regex, no allocation. */
export function parseUint(s: string): number {
  const n = s.length;
  if (n === 0 || n > 16) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v <= Number.MAX_SAFE_INTEGER ? v : -1;
}

/** A non-negative integer field. */
export function uintField(s: string, column: string): number {
  const v = parseUint(s);
  if (v < 0) throw columnError(column, "a non-negative integer", s);
  return v;
}

/** A non-negative integer field that may be empty (→ `dflt`). */
export function optUintField(s: string, column: string, dflt: number): number {
  return s === "" ? dflt : uintField(s, column);
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** A signed 32-bit integer field (e.g. a pod priority); empty → `dflt`. */
export function optInt32Field(s: string, column: string, dflt: number): number {
  if (s === "") return dflt;
  const neg = s.charCodeAt(0) === 45; // "-"
  const v = parseUint(neg ? s.slice(1) : s);
  const r = neg ? -v : v;
  if (v < 0 || r < INT32_MIN || r > INT32_MAX) throw columnError(column, "an integer (32-bit)", s);
  return r;
}

/** MiB → bytes, exact while the result is a safe integer. */
export function mibToBytes(mib: number, column: string, raw: string): number {
  const b = mib * 1048576;
  if (!Number.isSafeInteger(b)) throw columnError(column, "a MiB count below 2^33", raw);
  return b;
}

const SECONDS_RE = /^(\d+)(?:\.(\d{1,6}))?$/;

/** Decimal seconds (at most 6 decimals, i.e. whole microseconds) → integer µs. */
export function secondsToUs(s: string, column: string): number {
  const m = SECONDS_RE.exec(s);
  if (!m) throw columnError(column, "non-negative seconds with at most 6 decimals", s);
  const us = Number(m[1]) * US_PER_S + (m[2] ? Number(m[2].padEnd(6, "0")) : 0);
  if (!Number.isSafeInteger(us)) throw columnError(column, "seconds below 2^53 µs", s);
  return us;
}

/** Integer µs → the shortest exact decimal-seconds string ("1.5", "540", "0.000001"). */
export function usToSeconds(us: number): string {
  if (!Number.isSafeInteger(us) || us < 0) throw new RangeError(`invalid time ${us} µs`);
  const whole = Math.floor(us / US_PER_S);
  const frac = us - whole * US_PER_S;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(6, "0").replace(/0+$/, "")}`;
}

/** Splits a `|`-separated model list, dropping empties and duplicates; null when none remain. */
export function parseModels(s: string): string[] | null {
  if (s === "") return null;
  const out: string[] = [];
  for (const m of s.split("|")) if (m !== "" && !out.includes(m)) out.push(m);
  return out.length > 0 ? out : null;
}

/**
 * The GPU request rules of openb and clusterlab-csv: a share (< 1000 milli) only with one device,
 * whole devices otherwise, nothing with no devices.
 */
export function checkGpuMilli(count: number, milli: number, raw: string, countCol: string, milliCol: string): void {
  if (count === 0 && milli !== 0) throw columnError(milliCol, `0 when ${countCol} = 0`, raw);
  if (count === 1 && (milli < 1 || milli > 1000)) throw columnError(milliCol, `1 to 1000 when ${countCol} = 1`, raw);
  if (count > 1 && milli !== 1000) throw columnError(milliCol, `1000 when ${countCol} > 1`, raw);
}
