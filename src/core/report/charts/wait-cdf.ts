/**
 * CDF of the scheduling wait (scheduled − arrival) from pods.csv, one step line per variant, seeds
 * pooled. The denominator is every pod that arrived, so a curve ends below 1 by the share of pods
 * that were never scheduled. Long-tailed waits get a log x axis (zero waits sit at its left edge).
 */
import { colorEncoding, r6, timeUnit, topLevel, type ChartContext, type VlSpec } from "./common.js";

export interface WaitInput {
  variant: string;
  workload: string;
  /** Waits (µs) of scheduled pods, ascending. */
  waitsUs: ArrayLike<number>;
  /** Pods that arrived (scheduled or not). */
  arrived: number;
}

export interface WaitCdfOptions {
  /** "auto" (default): log when the positive waits span ≥ 3 decades. */
  scale?: "auto" | "linear" | "log";
  /** Points per curve at most (default 400). */
  points?: number;
}

/** Number of values ≤ x in an ascending array. */
function countLe(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function merge(groups: WaitInput[]): { waits: Float64Array; arrived: number } {
  const total = groups.reduce((a, g) => a + g.waitsUs.length, 0);
  const waits = new Float64Array(total);
  let k = 0;
  for (const g of groups) for (let i = 0; i < g.waitsUs.length; i++) waits[k++] = g.waitsUs[i]!;
  return { waits: waits.sort(), arrived: groups.reduce((a, g) => a + g.arrived, 0) };
}

export function waitCdfChart(ctx: ChartContext, inputs: readonly WaitInput[], opts: WaitCdfOptions = {}): VlSpec {
  const maxPoints = opts.points ?? 400;
  let maxUs = 0;
  let minPos = Infinity;
  for (const i of inputs) {
    if (i.waitsUs.length) maxUs = Math.max(maxUs, i.waitsUs[i.waitsUs.length - 1]!);
    for (let k = 0; k < i.waitsUs.length; k++) {
      if (i.waitsUs[k]! > 0) {
        minPos = Math.min(minPos, i.waitsUs[k]!);
        break;
      }
    }
  }
  const log = opts.scale === "log" ? minPos < Infinity : opts.scale === "linear" ? false : minPos < Infinity && maxUs / minPos >= 1000;
  // Log axes in seconds (ms for sub-second maxima) over at most 5 decades; shorter waits, including
  // zero, are drawn at the left edge, so the curve starts at the share of pods scheduled that fast.
  // No wait at all (every pod bound on arrival): show the first 2 s, so the curve is a line at the
  // scheduled share instead of a zero-width axis.
  if (maxUs === 0) maxUs = 2e6;
  const unit = log ? (maxUs < 2e6 ? { div: 1e3, label: "ms" } : { div: 1e6, label: "s" }) : timeUnit(maxUs);
  const floor = log ? 10 ** Math.floor(Math.log10(Math.max(minPos, maxUs * 1e-5) / unit.div) + 1e-9) * unit.div : 0;
  const top = log ? 10 ** Math.ceil(Math.log10(maxUs / unit.div) - 1e-9) * unit.div : maxUs;
  const x = (us: number) => r6(Math.max(us, floor) / unit.div);

  // "i" fixes the path order: the first two points of a curve share their x.
  const values: { workload: string; variant: string; i: number; wait: number | null; frac: number | null }[] = [];
  const push = (workload: string, variant: string, wait: number | null, frac: number | null) => values.push({ workload, variant, i: values.length, wait, frac });
  const keys = [...new Map(inputs.map((i) => [`${i.workload}\u0000${i.variant}`, i] as const)).values()];
  for (const { workload, variant } of keys) {
    const { waits, arrived } = merge(inputs.filter((i) => i.workload === workload && i.variant === variant));
    if (arrived === 0) continue;
    // Evaluate the exact ECDF at (at most maxPoints) sampled wait values, plus the start and the end.
    const at = new Set<number>();
    const step = Math.max(1, Math.floor(waits.length / maxPoints));
    for (let i = 0; i < waits.length; i += step) at.add(waits[i]!);
    if (waits.length) at.add(waits[waits.length - 1]!);
    push(workload, variant, x(floor), 0);
    for (const w of [...at].sort((a, b) => a - b)) push(workload, variant, x(w), r6(countLe(waits, w) / arrived));
    // Carry the curve to the right edge so every variant spans the same x range.
    push(workload, variant, x(Math.max(top, floor)), r6(waits.length / arrived));
  }
  const shown = ctx.colors.domain.filter((v) => values.some((r) => r.variant === v));
  const decades: number[] = [];
  if (log) for (let e = Math.round(Math.log10(floor / unit.div)); e <= Math.round(Math.log10(top / unit.div)); e++) decades.push(Number((10 ** e).toPrecision(6)));
  const xScale = log ? { type: "log", domain: [r6(floor / unit.div), r6(top / unit.div)], nice: false } : { zero: true, nice: true };
  return topLevel(
    ctx,
    values,
    {
      mark: { type: "line", interpolate: "step-after" },
      encoding: {
        x: { field: "wait", type: "quantitative", title: `Scheduling wait (${unit.label})`, scale: xScale, axis: log ? { values: decades, format: "~g", labelFlush: false } : { tickCount: ctx.workloads.length > 1 ? 4 : 6 } },
        y: { field: "frac", type: "quantitative", title: "Fraction of pods", scale: { domain: [0, 1] }, axis: { tickCount: 5 } },
        color: colorEncoding(ctx, shown),
        order: { field: "i", type: "quantitative" },
      },
    },
    { independentX: true },
  );
}
