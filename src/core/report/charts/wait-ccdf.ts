/**
 * The scheduling-wait distribution as a CCDF on log–log axes: for each wait x, the fraction of all
 * arrived pods that waited longer than x (pods never scheduled wait forever, so a curve ends at their
 * share). Most pods of a trace wait 0 s, which a log axis cannot show: that share is stated in the
 * legend (one workload) and the caption instead, and the curve starts at the share that waited at all.
 * Seeds are pooled. A linear CDF would squeeze the whole tail into a line at 1.0.
 */
import { lineSeriesEncoding, r6, topLevel, type ChartContext, type VlSpec } from "./common.js";

export interface WaitInput {
  variant: string;
  workload: string;
  /** Waits (µs) of scheduled pods, ascending. */
  waitsUs: ArrayLike<number>;
  /** Pods that arrived (scheduled or not). */
  arrived: number;
}

export interface WaitCcdfOptions {
  /** Points per curve at most (default 300, log-spaced). */
  points?: number;
}

/** Per variant and workload: pooled waits and the share of arrived pods that waited 0 s. */
export interface WaitShares {
  workload: string;
  variant: string;
  arrived: number;
  zeroShare: number;
  unscheduledShare: number;
}

/** Tick values (s) and labels for a wait axis in seconds: people read "10 min" faster than "600". */
const TICKS: [number, string][] = [
  [1e-3, "1 ms"], [1e-2, "10 ms"], [0.1, "0.1 s"], [1, "1 s"], [60, "1 min"], [3600, "1 h"], [86_400, "1 d"], [864_000, "10 d"], [8_640_000, "100 d"],
];

/** Number of values > x in an ascending array. */
function countGt(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return a.length - lo;
}

function pooled(groups: readonly WaitInput[]): { waits: Float64Array; arrived: number } {
  const waits = new Float64Array(groups.reduce((a, g) => a + g.waitsUs.length, 0));
  let k = 0;
  for (const g of groups) for (let i = 0; i < g.waitsUs.length; i++) waits[k++] = g.waitsUs[i]! / 1e6;
  return { waits: waits.sort(), arrived: groups.reduce((a, g) => a + g.arrived, 0) };
}

export function waitShares(inputs: readonly WaitInput[]): WaitShares[] {
  const keys = [...new Map(inputs.map((i) => [`${i.workload}\u0000${i.variant}`, i] as const)).values()];
  return keys.map(({ workload, variant }) => {
    const { waits, arrived } = pooled(inputs.filter((i) => i.workload === workload && i.variant === variant));
    const zero = waits.length - countGt(waits, 0);
    return { workload, variant, arrived, zeroShare: arrived ? zero / arrived : 0, unscheduledShare: arrived ? (arrived - waits.length) / arrived : 0 };
  });
}

export function waitCcdfChart(ctx: ChartContext, inputs: readonly WaitInput[], opts: WaitCcdfOptions = {}): VlSpec {
  const points = opts.points ?? 300;
  const keys = [...new Map(inputs.map((i) => [`${i.workload}\u0000${i.variant}`, i] as const)).values()];
  const curves = keys.map(({ workload, variant }) => ({ workload, variant, ...pooled(inputs.filter((i) => i.workload === workload && i.variant === variant)) }));
  let minPos = Infinity;
  let maxWait = 0;
  let maxArrived = 1;
  for (const c of curves) {
    const firstPos = c.waits.length - countGt(c.waits, 0);
    if (firstPos < c.waits.length) minPos = Math.min(minPos, c.waits[firstPos]!);
    if (c.waits.length) maxWait = Math.max(maxWait, c.waits[c.waits.length - 1]!);
    maxArrived = Math.max(maxArrived, c.arrived);
  }
  const shown = ctx.colors.domain.filter((v) => curves.some((c) => c.variant === v));
  const legendLabels = legendWithZeroShares(ctx, inputs);
  if (minPos === Infinity) {
    // No pod waited at all: say so instead of drawing empty axes.
    return topLevel(ctx, curves.map((c) => ({ workload: c.workload, variant: c.variant })), {
      mark: { type: "text", text: "No pod waited: every scheduled pod was bound on arrival.", align: "center", baseline: "middle" },
      encoding: {},
    });
  }
  // Axes: decades around the data; y down to one pod in the largest group.
  const x0 = 10 ** Math.floor(Math.log10(minPos) + 1e-9);
  const x1 = 10 ** Math.ceil(Math.log10(maxWait) - 1e-9);
  const values: { workload: string; variant: string; i: number; wait: number | null; frac: number | null }[] = [];
  for (const c of curves) {
    if (c.arrived === 0) continue;
    const unscheduled = c.arrived - c.waits.length;
    const ccdf = (x: number) => (countGt(c.waits, x) + unscheduled) / c.arrived;
    // Exact values at log-spaced x and at the waits themselves (where the steps are; every k-th of
    // them when there are many), so each step is drawn where it happens.
    const xs = Array.from({ length: points }, (_, k) => x0 * (x1 / x0) ** (k / (points - 1)));
    const stride = Math.max(1, Math.ceil(c.waits.length / points));
    for (let k = c.waits.length - 1; k >= 0; k -= stride) if (c.waits[k]! > 0) xs.push(c.waits[k]!);
    xs.sort((a, b) => a - b);
    let last = Infinity;
    for (const x of xs) {
      const y = ccdf(x);
      if (y === 0) {
        // The step down to zero: end the curve at the group's largest wait (log y has no 0).
        if (last > 0 && last !== Infinity) values.push({ workload: c.workload, variant: c.variant, i: values.length, wait: r6(x), frac: r6(last) });
        break;
      }
      values.push({ workload: c.workload, variant: c.variant, i: values.length, wait: r6(x), frac: r6(y) });
      last = y;
    }
  }
  // y over the decades the curves span: most pods wait 0 s, so the curves often live below 1 %.
  const shares = values.map((v) => v.frac ?? 1);
  const y0 = Math.max(10 ** Math.floor(Math.log10(1 / maxArrived) + 1e-9), 10 ** Math.floor(Math.log10(Math.min(1, ...shares)) + 1e-9));
  const y1 = Math.min(1, 10 ** Math.ceil(Math.log10(Math.max(...shares)) - 1e-9));
  const xTicks = TICKS.filter(([s]) => s >= x0 * 0.999 && s <= x1 * 1.001);
  const yTicks: number[] = [];
  for (let y = y1; y >= y0 * 0.999; y /= 10) yTicks.push(Number(y.toPrecision(3)));
  return topLevel(
    ctx,
    values,
    {
      mark: { type: "line", interpolate: "step-after", clip: true },
      encoding: {
        x: {
          field: "wait", type: "quantitative", title: "Scheduling wait",
          scale: { type: "log", domain: [r6(x0), r6(x1)], nice: false },
          axis: { values: xTicks.map(([s]) => s), labelExpr: tickLabelExpr(xTicks), labelFlush: false, labelOverlap: "greedy" },
        },
        y: {
          field: "frac", type: "quantitative", title: "Pods waiting longer",
          scale: { type: "log", domain: [y0, y1 > y0 ? y1 : y0 * 10], nice: false },
          axis: { values: yTicks, format: "~%" },
        },
        ...lineSeriesEncoding(ctx, shown, legendLabels),
        order: { field: "i", type: "quantitative" },
      },
    },
    { independentX: true },
  );
}

/** A vega expression mapping an axis value to its label from `ticks`. */
function tickLabelExpr(ticks: readonly [number, string][]): string {
  return ticks.map(([v, l]) => `abs(datum.value - ${v}) < ${v * 1e-6} ? '${l}' : `).join("") + "''";
}

/** "default (97.1% no wait)" per variant, for the legend (one workload only: the share differs per workload). */
function legendWithZeroShares(ctx: ChartContext, inputs: readonly WaitInput[]): Map<string, string> | null {
  if (ctx.workloads.length > 1) return null;
  return new Map(waitShares(inputs).map((s) => [s.variant, `${s.variant} (${pct(s.zeroShare)} no wait)`]));
}

export function pct(x: number): string {
  const p = x * 100;
  return `${p >= 99.95 || p < 10 ? p.toFixed(p === 100 || p === 0 ? 0 : 1) : p.toFixed(1)}%`;
}
