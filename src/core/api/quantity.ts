/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource), parsed exactly:
 *   <number><suffix>, number = [+-]digits[.digits], suffix = binary (Ki Mi Gi Ti Pi Ei),
 *   decimal SI (n u m "" k M G T P E) or a decimal exponent (e3, E-2).
 * Values are held as a bigint numerator over 10^9 (nano units), so "0.1" + "0.2" is exact.
 * Parsing rounds sub-nano precision away from zero (ParseQuantity: "3.001n" → 4n, "-3.001n" → -4n);
 * `milliValue` and `value` also round away from zero, as Quantity.MilliValue()/Value() do
 * ("1500m" → 2, "-1500m" → -2).
 * Leading/trailing whitespace is trimmed as Quantity.UnmarshalJSON does for manifests.
 * Deliberate divergence: ParseQuantity accepts digit-less strings ("Gi", ".", "-") as zero; they are
 * rejected here because in a manifest they are typos.
 */

export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuantityError";
  }
}

const NANO = 1_000_000_000n;

const BINARY: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const QUANTITY_RE = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** Parses a quantity to nano-units (bigint, exact up to nano precision; finer digits round away from zero). */
export function parseQuantityNano(input: string | number): bigint {
  let v = cache.get(input);
  if (v === undefined) {
    v = parseQuantityUncached(input);
    if (cache.size > 100_000) cache.clear();
    cache.set(input, v);
  }
  return v;
}

/** Parsed quantities by their input: traces repeat a few hundred distinct strings millions of times. */
const cache = new Map<string | number, bigint>();

function parseQuantityUncached(input: string | number): bigint {
  const s = typeof input === "number" ? numberToString(input) : input.trim();
  const m = QUANTITY_RE.exec(s);
  if (!m) throw new QuantityError(`invalid quantity "${String(input)}"`);
  const negative = m[1] === "-";
  const [intPart, fracPart = ""] = m[2]!.split(".");
  const suffix = m[3] ?? "";
  let exp10 = 0;
  let mult = 1n;
  if (suffix in BINARY) mult = BINARY[suffix]!;
  else if (suffix in DECIMAL) exp10 = DECIMAL[suffix]!;
  else {
    exp10 = Number(suffix.slice(1));
    // The exponent is an int32 scale in Kubernetes; anything past it is rejected, not truncated.
    if (!(Math.abs(exp10) <= 2147483647)) throw new QuantityError(`invalid quantity "${String(input)}"`);
  }
  // digits * 10^(exp10 - fracLen) * mult, expressed in nano units (×10^9).
  const digits = BigInt((intPart || "0") + fracPart);
  const scale = exp10 - fracPart.length + 9;
  let nano: bigint;
  if (digits === 0n) {
    nano = 0n;
  } else if (scale < -(intPart!.length + fracPart.length + 20)) {
    // digits * mult < 10^(len + 19): far below one nano, so it rounds up to exactly 1n ("1e-7466").
    nano = 1n;
  } else if (scale >= 0) {
    if (scale > 40) throw new QuantityError(`quantity "${String(input)}" is too large`);
    nano = digits * mult * 10n ** BigInt(scale);
  } else {
    const div = 10n ** BigInt(-scale);
    const num = digits * mult;
    nano = (num + div - 1n) / div; // magnitude rounds up (inf.RoundUp), the sign is applied after
  }
  return negative ? -nano : nano;
}

function numberToString(n: number): string {
  if (!Number.isFinite(n)) throw new QuantityError(`invalid quantity ${n}`);
  return String(n).replace("e+", "e");
}

/** a / b rounded away from zero (int64Amount.AsScaledInt64 / negativeScaleInt64). */
function divAwayFromZero(a: bigint, b: bigint): bigint {
  if (a >= 0n) return (a + b - 1n) / b;
  return -((-a + b - 1n) / b);
}

/** Quantity in milli-units, rounded away from zero (cpu "500m" → 500, "1" → 1000, "0.0001" → 1). */
export function milliValue(input: string | number): number {
  return toSafeNumber(divAwayFromZero(parseQuantityNano(input), 1_000_000n), input);
}

/** Quantity in whole units, rounded away from zero (memory "1Gi" → 1073741824, "1.5" → 2, "-1.5" → -2). */
export function value(input: string | number): number {
  return toSafeNumber(divAwayFromZero(parseQuantityNano(input), NANO), input);
}

function toSafeNumber(v: bigint, input: string | number): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new QuantityError(`quantity "${String(input)}" is too large`);
  }
  return Number(v);
}

/** Resource-aware conversion used throughout: cpu in millicores, everything else in base units. */
export function resourceAmount(resource: string, q: string | number): number {
  const cache = resource === "cpu" ? milliCache : valueCache;
  let v = cache.get(q);
  if (v === undefined) {
    v = resource === "cpu" ? milliValue(q) : value(q);
    if (cache.size > 100_000) cache.clear();
    cache.set(q, v);
  }
  return v;
}

const milliCache = new Map<string | number, number>();
const valueCache = new Map<string | number, number>();

/** Formats bytes the way `kubectl` would for a whole number of binary units, else plain bytes. */
export function formatBytes(bytes: number): string {
  for (const [suffix, m] of [["Ti", 2 ** 40], ["Gi", 2 ** 30], ["Mi", 2 ** 20], ["Ki", 2 ** 10]] as const) {
    if (bytes !== 0 && bytes % m === 0) return `${bytes / m}${suffix}`;
  }
  return String(bytes);
}
