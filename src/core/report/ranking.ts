/**
 * The ranking a run prints at its end: variants ordered by one metric's mean over seeds (best first,
 * by the metric's direction), with the 95 % interval clipped to the metric's bounds, per workload.
 */
import { fmt } from "./html.js";
import { clampInterval, metricInfo, metricLabel } from "./metric-info.js";
import type { AggregateRow } from "./stats.js";

/** Lines of text, one heading per workload; empty when the metric is missing or has no direction. */
export function rankingText(rows: readonly AggregateRow[], metric: string): string[] {
  const info = metricInfo(metric);
  const mine = rows.filter((r) => r.metric === metric);
  if (mine.length === 0 || info.better === null) return [];
  const sign = info.better === "lower" ? 1 : -1;
  const out: string[] = [];
  const workloads = [...new Set(mine.map((r) => r.workload))];
  const num = (x: number) => fmt(x * info.factor);
  for (const w of workloads) {
    const ranked = mine.filter((r) => r.workload === w).sort((a, b) => sign * (a.mean - b.mean) || (a.variant < b.variant ? -1 : 1));
    const seeds = Math.max(...ranked.map((r) => r.n));
    out.push(`${metricLabel(metric)}, ${info.better} is better — ${w}, ${seeds} seed${seeds === 1 ? "" : "s"}, mean [95% CI]:`);
    const width = Math.max(...ranked.map((r) => r.variant.length));
    const cells = ranked.map((r) => {
      const [lo, hi] = clampInterval(metric, r.ci_low, r.ci_high);
      return { v: r.variant, mean: num(r.mean), ci: Number.isFinite(lo) && Number.isFinite(hi) ? `[${num(lo)}, ${num(hi)}]` : "" };
    });
    const meanWidth = Math.max(...cells.map((c) => c.mean.length));
    cells.forEach((c, i) => out.push(`  ${i + 1}. ${c.v.padEnd(width)}  ${c.mean.padStart(meanWidth)}  ${c.ci}`.trimEnd()));
  }
  return out;
}
