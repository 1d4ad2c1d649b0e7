/**
 * Statistics across seeds, for papers: per variant × workload, the mean, sample standard deviation and
 * a Student-t confidence interval of every summary metric; and a paired comparison of each variant
 * against a baseline variant, pairing runs by (workload, seed) — the same seed gives both variants the
 * same workload sample, so pairing removes that variance.
 *
 * Three paired measures per (variant, workload, metric), with x = variant and y = baseline per seed:
 *  - paired ratio (`gmean_ratio`): the geometric mean of the per-seed ratios x/y, with a Student-t
 *    interval computed on log(x/y) and transformed back. This is the headline "variant is r× the
 *    baseline" number; it is empty when some x or y is ≤ 0 (a 0/0 pair counts as ratio 1).
 *  - ratio of means (`ratio` = x̄/ȳ) with Fieller's (1954) interval for paired samples: ρ is in the
 *    interval iff a paired t-test cannot tell the mean of x − ρ·y from 0, i.e.
 *    (x̄ − ρȳ)² ≤ (t²/n)·(s_xx − 2ρ s_xy + ρ² s_yy); the roots of that quadratic are the bounds. It is
 *    empty when ȳ itself is not significantly different from 0 (the set is then unbounded) — which
 *    also happens when seeds change the scale of both variants a lot; the paired ratio is then the
 *    informative one.
 *  - paired difference (`diff_mean` = mean of x − y) with an ordinary paired t-interval.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { csvLine, fmtNum, readCsv } from "./csv.js";

// ---- Student's t quantile -------------------------------------------------------------------------

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x ≥ 0.5 (Lanczos, g = 7; ~15 significant digits). */
export function logGamma(x: number): number {
  const z = x - 1;
  let a = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaCf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    c = 1 + aa / c;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = Math.abs(c) < tiny ? tiny : c;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    c = 1 + aa / c;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = Math.abs(c) < tiny ? tiny : c;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const bt = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (bt * betaCf(a, b, x)) / a : 1 - (bt * betaCf(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with `df` (> 0, need not be an integer) degrees of freedom. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  let hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  let lo = hi === 1 ? 0 : hi / 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// ---- one sample -------------------------------------------------------------------------------------

export interface Description {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); NaN when n < 2. */
  sd: number;
  /** Student-t confidence interval of the mean; NaN when n < 2. */
  ciLow: number;
  ciHigh: number;
  min: number;
  max: number;
}

/** n, mean, sample sd, t confidence interval (level, default 0.95), min and max of `values`. */
export function describe(values: readonly number[], level = 0.95): Description {
  const n = values.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, ciLow: NaN, ciHigh: NaN, min: NaN, max: NaN };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: NaN, ciLow: NaN, ciHigh: NaN, min, max };
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const half = (tQuantile(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n);
  return { n, mean, sd, ciLow: mean - half, ciHigh: mean + half, min, max };
}

/** Fieller's interval for mean(x)/mean(y) from paired samples; [NaN, NaN] when unbounded or n < 2. */
export function fiellerRatioCi(x: readonly number[], y: readonly number[], level = 0.95): [number, number] {
  const n = x.length;
  if (n < 2 || y.length !== n) return [NaN, NaN];
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  sxx /= n - 1;
  syy /= n - 1;
  sxy /= n - 1;
  const t = tQuantile(1 - (1 - level) / 2, n - 1);
  const q = (t * t) / n;
  const a = my * my - q * syy;
  const b = -2 * (mx * my - q * sxy);
  const c = mx * mx - q * sxx;
  // a ≤ 0: the baseline mean is not significantly non-zero, so the set of ratios is unbounded.
  if (!(a > 0)) return [NaN, NaN];
  const disc = b * b - 4 * a * c;
  // disc < 0 only by rounding when all pairs are exactly proportional: the interval is the point.
  const root = Math.sqrt(Math.max(0, disc));
  return [(-b - root) / (2 * a), (-b + root) / (2 * a)];
}

/** Geometric mean of x/y with a t-interval on the log ratios; a 0/0 pair is ratio 1, other ≤ 0 → NaN. */
export function pairedLogRatio(x: readonly number[], y: readonly number[], level = 0.95): { mean: number; ciLow: number; ciHigh: number } {
  const logs: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (a === 0 && b === 0) logs.push(0);
    else if (a > 0 && b > 0) logs.push(Math.log(a / b));
    else return { mean: NaN, ciLow: NaN, ciHigh: NaN };
  }
  const d = describe(logs, level);
  return { mean: Math.exp(d.mean), ciLow: Math.exp(d.ciLow), ciHigh: Math.exp(d.ciHigh) };
}

// ---- across runs -------------------------------------------------------------------------------------

/** One run's numeric summary metrics, flattened with dots (e.g. "wait_us.p99"). */
export interface RunMetrics {
  variant: string;
  workload: string;
  seed: number;
  metrics: Record<string, number>;
}

export interface AggregateRow {
  variant: string;
  workload: string;
  metric: string;
  n: number;
  mean: number;
  sd: number;
  ci_low: number;
  ci_high: number;
  min: number;
  max: number;
}

export interface ComparisonRow {
  variant: string;
  baseline: string;
  workload: string;
  metric: string;
  /** Seeds present for both the variant and the baseline. */
  n: number;
  mean: number;
  baseline_mean: number;
  /** Geometric mean of the per-seed ratios and its t-interval (on logs); NaN when a value is ≤ 0. */
  gmean_ratio: number;
  gmean_ratio_ci_low: number;
  gmean_ratio_ci_high: number;
  /** mean / baseline_mean over the paired seeds, with Fieller's interval (NaN when unbounded). */
  ratio: number;
  ratio_ci_low: number;
  ratio_ci_high: number;
  /** Mean paired difference (variant − baseline) and its t-interval. */
  diff_mean: number;
  diff_ci_low: number;
  diff_ci_high: number;
}

export interface StatsOptions {
  /** Metrics to include, in this order (default: every metric the runs have, in first-seen order). */
  metrics?: readonly string[];
  /** Order of variants and workloads in the output (default: first-seen order). */
  variants?: readonly string[];
  workloads?: readonly string[];
  /** Confidence level (default 0.95). */
  level?: number;
}

/** Metric names of `runs` in first-seen order. */
export function metricNames(runs: readonly RunMetrics[]): string[] {
  const seen = new Set<string>();
  for (const r of runs) for (const k in r.metrics) seen.add(k);
  return [...seen];
}

function firstSeen(runs: readonly RunMetrics[], key: "variant" | "workload"): string[] {
  return [...new Set(runs.map((r) => r[key]))];
}

/** Aggregate of every metric per variant × workload across seeds. */
export function aggregate(runs: readonly RunMetrics[], opts: StatsOptions = {}): AggregateRow[] {
  const metrics = opts.metrics ?? metricNames(runs);
  const out: AggregateRow[] = [];
  for (const variant of opts.variants ?? firstSeen(runs, "variant")) {
    for (const workload of opts.workloads ?? firstSeen(runs, "workload")) {
      const group = runs.filter((r) => r.variant === variant && r.workload === workload);
      if (group.length === 0) continue;
      for (const metric of metrics) {
        const values = group.map((r) => r.metrics[metric]).filter((v): v is number => v !== undefined && Number.isFinite(v));
        if (values.length === 0) continue;
        const d = describe(values, opts.level);
        out.push({ variant, workload, metric, n: d.n, mean: d.mean, sd: d.sd, ci_low: d.ciLow, ci_high: d.ciHigh, min: d.min, max: d.max });
      }
    }
  }
  return out;
}

/** Paired comparison of every other variant against `baseline`, per workload and metric. */
export function compare(runs: readonly RunMetrics[], baseline: string, opts: StatsOptions = {}): ComparisonRow[] {
  const metrics = opts.metrics ?? metricNames(runs);
  const level = opts.level ?? 0.95;
  const key = (workload: string, seed: number) => `${workload}\u0000${seed}`;
  const base = new Map<string, RunMetrics>();
  for (const r of runs) if (r.variant === baseline) base.set(key(r.workload, r.seed), r);
  const out: ComparisonRow[] = [];
  for (const variant of opts.variants ?? firstSeen(runs, "variant")) {
    if (variant === baseline) continue;
    for (const workload of opts.workloads ?? firstSeen(runs, "workload")) {
      const group = runs.filter((r) => r.variant === variant && r.workload === workload);
      for (const metric of metrics) {
        const xs: number[] = [];
        const ys: number[] = [];
        for (const r of group) {
          const x = r.metrics[metric];
          const y = base.get(key(workload, r.seed))?.metrics[metric];
          if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
          xs.push(x);
          ys.push(y);
        }
        if (xs.length === 0) continue;
        const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
        const my = ys.reduce((a, b) => a + b, 0) / ys.length;
        const [lo, hi] = fiellerRatioCi(xs, ys, level);
        const g = pairedLogRatio(xs, ys, level);
        const diff = describe(
          xs.map((x, i) => x - ys[i]!),
          level,
        );
        out.push({
          variant, baseline, workload, metric, n: xs.length, mean: mx, baseline_mean: my,
          gmean_ratio: g.mean, gmean_ratio_ci_low: g.ciLow, gmean_ratio_ci_high: g.ciHigh,
          ratio: my !== 0 ? mx / my : mx === 0 ? 1 : NaN, ratio_ci_low: lo, ratio_ci_high: hi,
          diff_mean: diff.mean, diff_ci_low: diff.ciLow, diff_ci_high: diff.ciHigh,
        });
      }
    }
  }
  return out;
}

export const AGGREGATE_COLUMNS = ["variant", "workload", "metric", "n", "mean", "sd", "ci_low", "ci_high", "min", "max"] as const;
export const COMPARISON_COLUMNS = [
  "variant", "baseline", "workload", "metric", "n", "mean", "baseline_mean",
  "gmean_ratio", "gmean_ratio_ci_low", "gmean_ratio_ci_high", "ratio", "ratio_ci_low", "ratio_ci_high", "diff_mean", "diff_ci_low", "diff_ci_high",
] as const;

function toCsv<T>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const lines = [columns.join(",")];
  for (const r of rows) lines.push(csvLine(columns.map((c) => (typeof r[c] === "number" ? fmtNum(r[c] as number) : String(r[c])))));
  return lines.join("\n") + "\n";
}

/** aggregate.csv text; undefined values (sd and CI with one seed) are empty fields. */
export function aggregateCsv(rows: readonly AggregateRow[]): string {
  return toCsv<AggregateRow>(AGGREGATE_COLUMNS, rows);
}

/** comparison.csv text; undefined values (ratio with a zero baseline, unbounded CI) are empty fields. */
export function comparisonCsv(rows: readonly ComparisonRow[]): string {
  return toCsv<ComparisonRow>(COMPARISON_COLUMNS, rows);
}

/** Writes aggregate.csv and comparison.csv (when a baseline is given) into `dir`; returns their paths. */
export async function writeStatsFiles(
  dir: string,
  runs: readonly RunMetrics[],
  baseline: string | null,
  opts: StatsOptions = {},
): Promise<{ aggregate: string; comparison: string | null; aggregateRows: AggregateRow[]; comparisonRows: ComparisonRow[] }> {
  const aggregateRows = aggregate(runs, opts);
  const comparisonRows = baseline ? compare(runs, baseline, opts) : [];
  const aggregatePath = join(dir, "aggregate.csv");
  await writeFile(aggregatePath, aggregateCsv(aggregateRows));
  let comparisonPath: string | null = null;
  if (baseline) {
    comparisonPath = join(dir, "comparison.csv");
    await writeFile(comparisonPath, comparisonCsv(comparisonRows));
  }
  return { aggregate: aggregatePath, comparison: comparisonPath, aggregateRows, comparisonRows };
}

/** Reads aggregate.csv back (empty fields become NaN). */
export async function readAggregate(file: string): Promise<AggregateRow[]> {
  const num = (s: string | undefined) => (s === undefined || s === "" ? NaN : Number(s));
  return (await readCsv(file)).map((r) => ({
    variant: r.variant!,
    workload: r.workload!,
    metric: r.metric!,
    n: num(r.n),
    mean: num(r.mean),
    sd: num(r.sd),
    ci_low: num(r.ci_low),
    ci_high: num(r.ci_high),
    min: num(r.min),
    max: num(r.max),
  }));
}
