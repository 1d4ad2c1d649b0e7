/**
 * Bar chart of one summary metric: the mean over seeds per variant, with the 95 % t-interval as an
 * error bar (absent with one seed). Horizontal bars, so variant names of any length stay readable.
 */
import type { AggregateRow } from "../stats.js";
import { textWidth } from "../text-metrics.js";
import { colorEncoding, r6, topLevel, wrapTitle, type ChartContext, type VlSpec } from "./common.js";
import { clampInterval, metricInfo, metricLabel } from "../metric-info.js";

export interface BarOptions {
  /** Axis title (default: the metric's label). */
  title?: string;
}

/** `rows`: aggregate rows of one metric (any variants and workloads). */
export function metricBarChart(ctx: ChartContext, rows: readonly AggregateRow[], opts: BarOptions = {}): VlSpec {
  const metric = rows[0]?.metric ?? "";
  const d = { ...metricInfo(metric), title: metricLabel(metric) };
  const values = rows.map((r) => {
    const [lo, hi] = clampInterval(metric, r.ci_low, r.ci_high);
    return { workload: r.workload, variant: r.variant, n: r.n, mean: r6(r.mean * d.factor), ci_low: r6(lo * d.factor), ci_high: r6(hi * d.factor) };
  });
  const variants = ctx.colors.domain.filter((v) => rows.some((r) => r.variant === v));
  const y = { field: "variant", type: "nominal", title: null, sort: variants, scale: { paddingInner: 0.25 } };
  // The plot is what is left of the figure after the variant labels; wrap the x title to fit under it.
  const fs = ctx.style.fontSize;
  const plotWidth = ctx.workloads.length > 1 ? ctx.style.facetWidth : ctx.style.width - Math.max(...variants.map((v) => textWidth(v, fs))) - 24;
  const title = wrapTitle(opts.title ?? d.title, Math.max(80, plotWidth), fs);
  const x = { field: "mean", type: "quantitative", title, scale: { zero: true, nice: true }, axis: { tickCount: 5 } };
  const view = {
    layer: [
      { mark: { type: "bar" }, encoding: { y, x, color: colorEncoding(ctx, variants, false) } },
      {
        transform: [{ filter: "isValid(datum.ci_low) && isFinite(datum.ci_low)" }],
        mark: { type: "errorbar", ticks: { size: 8 }, color: "#222" },
        encoding: { y, x: { field: "ci_low", type: "quantitative", title }, x2: { field: "ci_high" } },
      },
    ],
  };
  const height = Math.max(70, 24 * variants.length + 44) + (Array.isArray(title) ? (title.length - 1) * (fs + 2) : 0);
  return topLevel(ctx, values, view, { independentX: true, height });
}
