/**
 * Line charts over time from timeseries.csv: allocation of a resource (%) and pending pods, one line
 * per variant. With several seeds each line is the mean over seeds on a common time grid, with a band
 * (min–max by default) around it.
 */
import { colorEncoding, lineSeriesEncoding, r6, timeUnit, topLevel, type BandKind, type ChartContext, type VlSpec } from "./common.js";
import { centreAndBand, linearGrid, sampleAt } from "./series.js";

export interface SeriesInput {
  variant: string;
  workload: string;
  seed: number;
  /** Sample times (µs) and values. */
  t: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface SeriesRow {
  workload: string;
  variant: string;
  t: number | null;
  y: number | null;
  lo: number | null;
  hi: number | null;
}

export interface SeriesOptions {
  /** Grid points per line (default 300). */
  points?: number;
  band?: BandKind;
  /** Multiply values by this (e.g. 100 for ratios → %). */
  scale?: number;
}

/** Reduces the runs to rows (time in µs): per workload one grid, per variant mean and band. */
export function seriesRows(inputs: readonly SeriesInput[], opts: SeriesOptions = {}): { rows: SeriesRow[]; seeds: number; maxUs: number } {
  const points = opts.points ?? 300;
  const band = opts.band ?? "minmax";
  const scale = opts.scale ?? 1;
  const rows: SeriesRow[] = [];
  let maxSeeds = 0;
  let maxUs = 0;
  const workloads = [...new Set(inputs.map((i) => i.workload))];
  for (const w of workloads) {
    const runs = inputs.filter((i) => i.workload === w && i.t.length > 0);
    if (runs.length === 0) continue;
    const lo = Math.min(...runs.map((r) => r.t[0]!));
    const hi = Math.max(...runs.map((r) => r.t[r.t.length - 1]!));
    maxUs = Math.max(maxUs, hi);
    const grid = linearGrid(lo, hi, points);
    for (const v of [...new Set(runs.map((r) => r.variant))]) {
      const group = runs.filter((r) => r.variant === v);
      maxSeeds = Math.max(maxSeeds, group.length);
      const sampled = group.map((r) => sampleAt(r.t, r.y, grid));
      grid.forEach((t, i) => {
        const c = centreAndBand(sampled.map((s) => s[i]! * scale), "mean", band);
        rows.push({ workload: w, variant: v, t, y: r6(c.y), lo: r6(c.lo), hi: r6(c.hi) });
      });
    }
  }
  return { rows, seeds: maxSeeds, maxUs };
}

export interface LineChartOptions extends SeriesOptions {
  yTitle: string;
  /** Fix the y domain (e.g. [0, 100] for %); default: zero-based, nice. */
  yDomain?: [number, number];
}

/** Mean line per variant over time, with a band when there are several seeds. */
export function lineOverTimeChart(ctx: ChartContext, inputs: readonly SeriesInput[], opts: LineChartOptions): VlSpec {
  const { rows, seeds, maxUs } = seriesRows(inputs, opts);
  const unit = timeUnit(maxUs);
  const values = rows.map((r) => ({ ...r, t: r.t === null ? null : r6(r.t / unit.div) }));
  const shown = ctx.colors.domain.filter((v) => rows.some((r) => r.variant === v));
  const x = { field: "t", type: "quantitative", title: `Time (${unit.label})`, scale: { nice: false }, axis: { tickCount: ctx.workloads.length > 1 ? 4 : 6 } };
  // The domain covers the bands too (vega-lite would size it on the lines alone and clip the bands).
  const top = Math.max(0, ...rows.flatMap((r) => [r.y ?? 0, seeds > 1 ? (r.hi ?? 0) : 0]));
  const yScale = opts.yDomain ? { domain: opts.yDomain } : { domain: [0, top > 0 ? top : 1], nice: true };
  const layers: VlSpec[] = [];
  if (seeds > 1 && (opts.band ?? "minmax") !== "none") {
    layers.push({
      mark: { type: "area", opacity: 0.22, interpolate: "linear" },
      encoding: { x, y: { field: "lo", type: "quantitative", scale: yScale }, y2: { field: "hi" }, color: colorEncoding(ctx, shown) },
    });
  }
  layers.push({
    mark: { type: "line", interpolate: "linear" },
    encoding: { x, y: { field: "y", type: "quantitative", title: opts.yTitle, scale: yScale, axis: { format: ",~r", tickCount: 5 } }, ...lineSeriesEncoding(ctx, shown) },
  });
  return topLevel(ctx, values, { layer: layers }, { independentX: true });
}
