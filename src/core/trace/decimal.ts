/**
 * Value parsers for the adapters of traces that store decimals and normalised values (DLRM 2025,
 * Google 2011, Alibaba 2018), and for their scale options. Like fields.ts, they throw RowError
 * naming the column; the reader adds `file:line: `.
 */
import { milliValue, value } from "../api/quantity.js";
import { columnError, RowError } from "./fields.js";
import { MIB, US_PER_S } from "./types.js";

const DECIMAL_RE = /^\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/** A non-negative decimal ("12", "120.0", "0.0625", "2029855.0000000002"; an exponent is allowed). */
export function decimalField(s: string, column: string): number {
  const v = DECIMAL_RE.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(v)) throw columnError(column, "a non-negative number", s);
  return v;
}

/** round(v × scale) as a safe integer (e.g. vCPU × 1000 → milli-CPU). */
export function scaledInt(v: number, scale: number, column: string, raw: string): number {
  const r = Math.round(v * scale);
  if (!Number.isSafeInteger(r)) throw columnError(column, "a smaller number", raw);
  return r;
}

/**
 * Decimal seconds of any precision → integer µs, rounded to the nearest µs. Float noise such as
 * "2029855.0000000002" (DLRM 2025) is far below a µs at trace time spans (< 2^53 µs ≈ 285 years).
 */
export function decimalSecondsToUs(s: string, column: string): number {
  return scaledInt(decimalField(s, column), US_PER_S, column, s);
}

/** A MiB count (rounded to whole MiB, so the native writer can carry it) → bytes. */
export function mibToBytesRounded(mib: number, column: string, raw: string): number {
  const b = Math.round(mib) * MIB;
  if (!Number.isSafeInteger(b)) throw columnError(column, "a memory size below 8 PiB", raw);
  return b;
}

/** A non-empty field (names, ids). */
export function nonEmptyField(s: string, column: string): string {
  if (s === "") throw columnError(column, "a non-empty value", s);
  return s;
}

/** Option value: a positive CPU quantity ("64", "96", "500m") → milli-CPU. */
export function cpuScaleOption(raw: string, name: string): number {
  let m: number;
  try {
    m = milliValue(raw);
  } catch {
    m = NaN;
  }
  if (!(m > 0)) throw new RowError(`option ${name}: expected a positive CPU quantity like "64", got ${JSON.stringify(raw)}`);
  return m;
}

/** Option value: a positive memory quantity ("256Gi", "512Gi") → MiB (may be fractional). */
export function memoryScaleOption(raw: string, name: string): number {
  let b: number;
  try {
    b = value(raw);
  } catch {
    b = NaN;
  }
  if (!(b > 0)) throw new RowError(`option ${name}: expected a positive memory quantity like "256Gi", got ${JSON.stringify(raw)}`);
  return b / MIB;
}
