/**
 * The FGD paper's figures (Weng et al., ATC'23) from fill.csv: a GPU measure (unallocated GPU % by
 * default) against the arrived workload in % of the cluster's GPU capacity, one median line per policy
 * with a band over seeds. Framed on the informative range: the x axis starts a little before the
 * policies' medians first differ (below that every policy places every pod and the lines coincide),
 * and the y axis spans the data shown. Lines differ by dash pattern and marker as well as colour.
 */
import type { FillPoint } from "../results.js";
import { colorEncoding, lineSeriesEncoding, r6, topLevel, type BandKind, type ChartContext, type VlSpec } from "./common.js";
import { centreAndBand } from "./series.js";

export type FillMeasure = "gpu_unalloc_pct" | "gpu_alloc_pct" | "gpu_frag_pct";

const TITLES: Record<FillMeasure, string> = {
  gpu_unalloc_pct: "Unallocated GPU (%)",
  gpu_alloc_pct: "Allocated GPU (%)",
  gpu_frag_pct: "Fragmented GPU (%)",
};

/** Markers by variant (in the variant order), drawn every MARK_EVERY % arrived. */
const SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-right"];
const MARK_EVERY = 5;
/** Medians further apart than this (points of %) count as "the policies differ". */
const DIFFER_BY = 0.5;

export interface FillChartOptions {
  measure?: FillMeasure;
  band?: BandKind;
  /** First arrived % shown (default: where the policies part, minus 5, down to a multiple of 5). */
  fromPct?: number;
}

interface Row {
  workload: string;
  variant: string;
  arrived: number;
  y: number | null;
  lo: number | null;
  hi: number | null;
}

/**
 * Where the lines part: the first arrived % at which at least half of the policies' medians are more
 * than DIFFER_BY above the best one (one early outlier such as Random does not pull the frame left).
 */
export function divergencePct(rows: readonly Row[]): number | null {
  const byX = new Map<number, number[]>();
  for (const r of rows) if (r.y !== null) (byX.get(r.arrived) ?? byX.set(r.arrived, []).get(r.arrived)!).push(r.y);
  for (const x of [...byX.keys()].sort((a, b) => a - b)) {
    const ys = byX.get(x)!;
    const best = Math.min(...ys);
    if (ys.length > 1 && ys.filter((y) => y - best > DIFFER_BY).length >= Math.floor(ys.length / 2)) return x;
  }
  return null;
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
  const all: Row[] = [...groups.values()].map((g) => {
    seeds = Math.max(seeds, g.v.length);
    const c = centreAndBand(g.v, "median", band);
    return { workload: g.workload, variant: g.variant, arrived: g.arrived, y: r6(c.y), lo: r6(c.lo), hi: r6(c.hi) };
  });
  all.sort((a, b) => a.arrived - b.arrived);
  const maxX = Math.max(0, ...all.map((r) => r.arrived));
  const parts = divergencePct(all);
  const from = opts.fromPct ?? (parts === null ? 0 : Math.max(0, Math.floor((parts - 5) / 5) * 5));
  const values = all.filter((r) => r.arrived >= from);
  const shown = ctx.colors.domain.filter((v) => values.some((r) => r.variant === v));
  const ys = values.flatMap((r) => [r.y, seeds > 1 && band !== "none" ? r.lo : null, seeds > 1 && band !== "none" ? r.hi : null]).filter((y): y is number => y !== null);
  const yMin = Math.max(0, Math.floor(Math.min(...ys)));
  const yMax = Math.ceil(Math.max(...ys));
  const x = {
    field: "arrived", type: "quantitative",
    title: ctx.workloads.length > 1 ? ["Arrived workload", "(% of GPU capacity)"] : "Arrived workload (% of GPU capacity)",
    scale: { domain: [from, maxX], nice: false }, axis: { tickCount: ctx.workloads.length > 1 ? 4 : 6, format: "~r" },
  };
  const yScale = { domain: [yMin, yMax === yMin ? yMin + 1 : yMax], nice: true, zero: false };
  const layers: VlSpec[] = [];
  if (seeds > 1 && band !== "none") {
    // The same colour legend as the lines (a legend-less colour here would switch the legend off).
    layers.push({ mark: { type: "area", opacity: 0.18 }, encoding: { x, y: { field: "lo", type: "quantitative", scale: yScale }, y2: { field: "hi" }, color: colorEncoding(ctx, shown) } });
  }
  const lines = lineSeriesEncoding(ctx, shown);
  layers.push({ mark: { type: "line", strokeWidth: 1.6 }, encoding: { x, y: { field: "y", type: "quantitative", title: TITLES[measure], scale: yScale, axis: { format: "~r" } }, ...lines } });
  // Markers: one layer per variant with its shape fixed (a shape channel would turn the legend's
  // line symbols into shapes); fill, not color, so the lines' colour legend stays the only one.
  shown.forEach((variant) => {
    const i = ctx.colors.domain.indexOf(variant);
    layers.push({
      transform: [{ filter: `datum.variant === ${JSON.stringify(variant)} && datum.arrived % ${MARK_EVERY} === 0` }],
      mark: { type: "point", shape: SHAPES[i % SHAPES.length], filled: true, size: 26, opacity: 1, strokeWidth: 0 },
      encoding: { x, y: { field: "y", type: "quantitative", scale: yScale }, fill: { field: "variant", type: "nominal", scale: { domain: ctx.colors.domain, range: ctx.colors.range }, legend: null } },
    });
  });
  return topLevel(ctx, values, { layer: layers }, {});
}
