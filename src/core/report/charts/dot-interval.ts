/**
 * One summary metric per variant as a dot (the mean over seeds) with its 95 % t-interval, clipped to
 * the metric's bounds (absent with one seed). Dots rather than bars from zero: differences of a few
 * percent between policies stay visible, and the axis is framed on the data. Horizontal, so variant
 * names of any length stay readable.
 */
import { clampInterval, metricInfo, metricLabel } from "../metric-info.js";
import type { AggregateRow } from "../stats.js";
import { textWidth } from "../text-metrics.js";
import { colorEncoding, r6, topLevel, wrapTitle, type ChartContext, type VlSpec } from "./common.js";

export interface DotIntervalOptions {
  /** Axis title (default: the metric's label). */
  title?: string;
}

/** `rows`: aggregate rows of one metric (any variants and workloads). */
export function metricDotChart(ctx: ChartContext, rows: readonly AggregateRow[], opts: DotIntervalOptions = {}): VlSpec {
  const metric = rows[0]?.metric ?? "";
  const info = metricInfo(metric);
  const values = rows.map((r) => {
    const [lo, hi] = clampInterval(metric, r.ci_low, r.ci_high);
    return { workload: r.workload, variant: r.variant, n: r.n, mean: r6(r.mean * info.factor), ci_low: r6(lo * info.factor), ci_high: r6(hi * info.factor) };
  });
  const variants = ctx.colors.domain.filter((v) => rows.some((r) => r.variant === v));
  const y = { field: "variant", type: "nominal", title: null, sort: variants, scale: { padding: 0.6 } };
  // The plot is what is left of the figure after the variant labels; wrap the x title to fit under it.
  const fs = ctx.style.fontSize;
  const plotWidth = ctx.workloads.length > 1 ? ctx.style.facetWidth : ctx.style.width - Math.max(...variants.map((v) => textWidth(v, fs))) - 24;
  const title = wrapTitle(opts.title ?? metricLabel(metric), Math.max(80, plotWidth), fs);
  const x = { field: "mean", type: "quantitative", title, scale: { zero: false, nice: true, ...domainWithin(info.min, info.max, info.factor, values) }, axis: { tickCount: 5, format: ",~r" } };
  const view = {
    layer: [
      {
        transform: [{ filter: "isValid(datum.ci_low) && isFinite(datum.ci_low)" }],
        mark: { type: "rule", strokeWidth: 1.4, color: "#444" },
        encoding: { y, x: { field: "ci_low", type: "quantitative", title }, x2: { field: "ci_high" } },
      },
      { mark: { type: "point", filled: true, size: 60, opacity: 1, stroke: "#222", strokeWidth: 0.6 }, encoding: { y, x, color: colorEncoding(ctx, variants, false) } },
    ],
  };
  const height = Math.max(70, 22 * variants.length + 44) + (Array.isArray(title) ? (title.length - 1) * (fs + 2) : 0);
  return topLevel(ctx, values, view, { independentX: true, height });
}

/** Keeps a framed axis inside the metric's bounds (no "−2 pods" tick below a count). */
function domainWithin(min: number | null, max: number | null, factor: number, values: { mean: number | null; ci_low: number | null; ci_high: number | null }[]): { domainMin?: number; domainMax?: number } {
  const lo = Math.min(...values.flatMap((v) => [v.mean, v.ci_low].filter((x): x is number => x !== null)));
  const hi = Math.max(...values.flatMap((v) => [v.mean, v.ci_high].filter((x): x is number => x !== null)));
  const out: { domainMin?: number; domainMax?: number } = {};
  // Padding of 5 % of the range on each side, not crossing a bound.
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.05 || 1;
  if (min !== null && lo - pad < min * factor) out.domainMin = min * factor;
  if (max !== null && hi + pad > max * factor) out.domainMax = max * factor;
  return out;
}
