/**
 * The FGD paper's figures (Weng et al., ATC'23) from fill.csv: a GPU measure (unallocated GPU % by
 * default) against the arrived workload in % of the cluster's GPU capacity, one median line per policy
 * with a band over seeds.
 */
import type { FillPoint } from "../results.js";
import { colorEncoding, r6, topLevel, type BandKind, type ChartContext, type VlSpec } from "./common.js";
import { centreAndBand } from "./series.js";

export type FillMeasure = "gpu_unalloc_pct" | "gpu_alloc_pct" | "gpu_frag_pct";

const TITLES: Record<FillMeasure, string> = {
  gpu_unalloc_pct: "Unallocated GPU (%)",
  gpu_alloc_pct: "Allocated GPU (%)",
  gpu_frag_pct: "Fragmented GPU (%)",
};

export interface FillChartOptions {
  measure?: FillMeasure;
  band?: BandKind;
}

export function fillCurveChart(ctx: ChartContext, points: readonly FillPoint[], opts: FillChartOptions = {}): VlSpec {
  const measure = opts.measure ?? "gpu_unalloc_pct";
  const band = opts.band ?? "minmax";
  const groups = new Map<string, { workload: string; variant: string; arrived: number; v: number[] }>();
  for (const p of points) {
    const k = `${p.workload}\u0000${p.variant}\u0000${p.arrived_pct}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { workload: p.workload, variant: p.variant, arrived: p.arrived_pct, v: [] }));
    g.v.push(p[measure]);
  }
  let seeds = 0;
  const values = [...groups.values()].map((g) => {
    seeds = Math.max(seeds, g.v.length);
    const c = centreAndBand(g.v, "median", band);
    return { workload: g.workload, variant: g.variant, arrived: g.arrived, y: r6(c.y), lo: r6(c.lo), hi: r6(c.hi) };
  });
  values.sort((a, b) => a.arrived - b.arrived);
  const shown = ctx.colors.domain.filter((v) => values.some((r) => r.variant === v));
  const x = { field: "arrived", type: "quantitative", title: ctx.workloads.length > 1 ? ["Arrived workload", "(% of GPU capacity)"] : "Arrived workload (% of GPU capacity)", scale: { nice: false }, axis: { tickCount: ctx.workloads.length > 1 ? 4 : 6 } };
  const yScale = { zero: true, nice: true };
  const layers: VlSpec[] = [];
  if (seeds > 1 && band !== "none") {
    layers.push({ mark: { type: "area", opacity: 0.22 }, encoding: { x, y: { field: "lo", type: "quantitative", scale: yScale }, y2: { field: "hi" }, color: colorEncoding(ctx, shown) } });
  }
  layers.push({ mark: { type: "line" }, encoding: { x, y: { field: "y", type: "quantitative", title: TITLES[measure], scale: yScale }, color: colorEncoding(ctx, shown) } });
  return topLevel(ctx, values, { layer: layers }, {});
}
