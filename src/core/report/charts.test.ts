import { copyFile, mkdir, mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExperimentCharts, type NamedChart } from "./charts/index.js";
import { deepMerge, legendColumns, DEFAULT_STYLE, timeUnit } from "./charts/common.js";
import { clampInterval, metricInfo, metricLabel } from "./metric-info.js";
import { centreAndBand, sampleAt } from "./charts/series.js";
import { seriesRows } from "./charts/timeseries.js";
import { waitCcdfChart, waitShares } from "./charts/wait-ccdf.js";
import { divergencePct, fillCurveChart } from "./charts/fill.js";
import { metricDotChart } from "./charts/dot-interval.js";
import { OKABE_ITO, variantColors } from "./palette.js";
import { loadResults, type Results } from "./results.js";
import { writeSyntheticResults } from "./testing.js";

let dir: string;
let one: Results;
let many: Results;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "clusterlab-charts-"));
  await writeSyntheticResults(join(dir, "one"), { workloads: ["openb"], seeds: [1, 2], pods: 120, samples: 60 });
  await writeSyntheticResults(join(dir, "many"), { workloads: ["openb", "bursty"], seeds: [1, 2], pods: 120, samples: 60 });
  one = await loadResults(join(dir, "one"));
  many = await loadResults(join(dir, "many"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Every object in a spec that has a "field": "variant" encoding with a scale. */
function colorScales(spec: unknown, out: { domain: unknown; range: unknown }[] = []): { domain: unknown; range: unknown }[] {
  if (Array.isArray(spec)) spec.forEach((s) => colorScales(s, out));
  else if (spec && typeof spec === "object") {
    const o = spec as Record<string, unknown>;
    if (o.color && typeof o.color === "object") {
      const c = o.color as { field?: string; scale?: { domain: unknown; range: unknown } };
      if (c.field === "variant" && c.scale) out.push(c.scale);
    }
    for (const v of Object.values(o)) colorScales(v, out);
  }
  return out;
}

const values = (c: NamedChart) => (c.spec.data as { values: Record<string, unknown>[] }).values;

describe("experiment charts", () => {
  it("builds every kind of chart with its data inlined", async () => {
    const charts = await buildExperimentCharts(one);
    expect(charts.map((c) => c.name)).toEqual([
      "allocation-cpu", "allocation-memory", "allocation-gpu", "pending-pods", "wait-ccdf",
      "metric-wait_us.mean", "metric-wait_us.p99", "metric-allocation.cpu.mean", "metric-allocation.memory.mean", "metric-allocation.gpu.mean", "metric-pods.unschedulable",
      "fill-unallocated-gpu", "fill-fragmented-gpu", "fill-gpu-allocation",
    ]);
    for (const c of charts) {
      expect(values(c).length, c.name).toBeGreaterThan(0);
      expect(c.spec.title, c.name).toBeUndefined();
      expect(c.caption.length).toBeGreaterThan(10);
    }
    // Three variants, every one present in every chart.
    for (const c of charts) expect(new Set(values(c).map((v) => v.variant)), c.name).toEqual(new Set(one.variants));
  });

  it("maps variants to the same Okabe–Ito colours in every chart", async () => {
    const charts = [...(await buildExperimentCharts(one)), ...(await buildExperimentCharts(many))];
    const expected = { domain: ["default", "MostAllocated", "BalancedAllocation"], range: [OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2]] };
    for (const c of charts) {
      const scales = colorScales(c.spec);
      expect(scales.length, c.name).toBeGreaterThan(0);
      for (const s of scales) expect(s, c.name).toEqual(expected);
    }
  });

  it("keeps a variant's colour when a chart shows only some variants", async () => {
    const colors = variantColors(["a", "b", "c"]);
    const spec = waitCcdfChart({ colors, style: DEFAULT_STYLE, workloads: ["w"] }, [{ variant: "c", workload: "w", waitsUs: [0, 5e6, 10e6], arrived: 4 }]);
    expect(colorScales(spec)[0]).toEqual({ domain: ["a", "b", "c"], range: [OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2]] });
  });

  it("single workload: a single-column figure; several: small multiples in workload order", async () => {
    const [single] = await buildExperimentCharts(one, { charts: ["allocation"] });
    expect(single!.spec.width).toBe(336); // 3.5 in at 96 px/in: one column
    expect(single!.spec.height).toBe(210);
    expect(single!.spec.autosize).toEqual({ type: "fit", contains: "padding" });
    const [multi] = await buildExperimentCharts(many, { charts: ["allocation"] });
    expect(multi!.spec.facet).toMatchObject({ field: "workload", sort: ["openb", "bursty"] });
    expect(multi!.spec.columns).toBe(2);
    expect((multi!.spec.spec as { width: number }).width).toBe(DEFAULT_STYLE.facetWidth);
  });

  it("uses fonts of at least 9 pt (12 px) everywhere", async () => {
    const [c] = await buildExperimentCharts(one, { charts: ["wait"] });
    const cfg = c!.spec.config as Record<string, Record<string, number>>;
    for (const part of ["axis", "legend", "header"]) {
      expect(cfg[part]!.labelFontSize).toBeGreaterThanOrEqual(12);
      expect(cfg[part]!.titleFontSize).toBeGreaterThanOrEqual(12);
    }
  });

  it("applies options: which charts, which metrics, size, and raw overrides (global, per kind, per name)", async () => {
    const charts = await buildExperimentCharts(one, {
      charts: ["metrics", "wait"],
      metrics: ["pods.completed"], // all zero, drawn because asked for
      width: 500,
      override: { config: { axis: { labelFontSize: 14 } }, autosize: null },
      overrides: { metrics: { height: 123 }, "wait-ccdf": { width: 640 } },
    });
    expect(charts.map((c) => c.name)).toEqual(["wait-ccdf", "metric-pods.completed"]);
    const [cdf, bar] = charts;
    expect(cdf!.spec.width).toBe(640);
    expect(bar!.spec.width).toBe(500);
    expect(bar!.spec.height).toBe(123);
    for (const c of charts) {
      expect((c.spec.config as { axis: { labelFontSize: number; titleFontSize: number } }).axis).toMatchObject({ labelFontSize: 14, titleFontSize: 12 });
      expect("autosize" in c.spec).toBe(false);
    }
  });

  it("leaves out default bar metrics that are zero in every run", async () => {
    const charts = await buildExperimentCharts(one);
    expect(charts.some((c) => c.name === "metric-pods.completed")).toBe(false);
  });

  it("reads the same runs without summary.csv (from each run's summary.json)", async () => {
    await unlink(join(dir, "one", "summary.csv"));
    const again = await loadResults(join(dir, "one"), { variants: ["default", "MostAllocated", "BalancedAllocation"] });
    const key = (r: Results["runs"][number]) => `${r.variant}/${r.workload}/${r.seed}`;
    const strip = (rs: Results["runs"]) =>
      rs.map((r) => [key(r), Object.fromEntries(Object.entries(r.metrics).filter(([k]) => !k.startsWith("fill.")))] as const).sort((a, b) => a[0].localeCompare(b[0]));
    expect(strip(again.runs)).toEqual(strip(one.runs));
  });

  it("reads a fill experiment's folder: fill.csv, and its summary.json is not taken for a run", async () => {
    const fillDir = join(dir, "fill-only");
    await writeSyntheticResults(join(dir, "tmp-fill"), { workloads: ["default"], seeds: [1, 2], pods: 10, samples: 10 });
    await mkdir(fillDir);
    await copyFile(join(dir, "tmp-fill", "fill.csv"), join(fillDir, "fill.csv"));
    await writeFile(join(fillDir, "summary.json"), JSON.stringify({ version: "0.1.0", name: "f", meanUnallocatedGpuPct: { FGD: 1 } }));
    const res = await loadResults(fillDir);
    expect(res.variants).toEqual(["default", "MostAllocated", "BalancedAllocation"]);
    expect(res.runs).toHaveLength(6);
    expect(Object.keys(res.runs[0]!.metrics)).toEqual(["fill.gpu_alloc_pct@100", "fill.gpu_frag_pct@100", "fill.gpu_unalloc_pct@100"]);
    const charts = await buildExperimentCharts(res);
    expect(charts.map((c) => c.name)).toEqual(["fill-unallocated-gpu", "fill-fragmented-gpu", "fill-gpu-allocation"]);
  });

  it("reads a single run's folder", async () => {
    const single = await loadResults(join(dir, "many", "MostAllocated", "bursty", "seed-2"));
    expect(single.runs).toHaveLength(1);
    expect(single.runs[0]).toMatchObject({ variant: "synthetic", seed: 2 });
    const charts = await buildExperimentCharts(single, { charts: ["allocation", "wait"] });
    expect(charts.length).toBe(4);
  });
});

describe("chart data", () => {
  it("mean line and min–max band over seeds on a common grid", () => {
    const { rows, seeds } = seriesRows(
      [
        { variant: "a", workload: "w", seed: 1, t: [0, 10], y: [0, 1] },
        { variant: "a", workload: "w", seed: 2, t: [0, 10], y: [0.5, 0.5] },
      ],
      { points: 3, scale: 100 },
    );
    expect(seeds).toBe(2);
    // grid 0, 5, 10; step values seed 1: 0, 0, 1; seed 2: 0.5, 0.5, 0.5
    expect(rows.map((r) => [r.t, r.y, r.lo, r.hi])).toEqual([
      [0, 25, 0, 50],
      [5, 25, 0, 50],
      [10, 75, 50, 100],
    ]);
  });

  it("step sampling holds the last sample", () => {
    expect(sampleAt([0, 10, 20], [1, 2, 3], [-5, 0, 9, 10, 25])).toEqual([1, 1, 1, 2, 3]);
  });

  it("median and interquartile band", () => {
    expect(centreAndBand([4, 1, 3, 2], "median", "iqr")).toEqual({ y: 2.5, lo: 1.75, hi: 3.25 });
  });

  const ctx1 = { colors: variantColors(["a", "b"]), style: DEFAULT_STYLE, workloads: ["w"] };
  const data = (spec: Record<string, unknown>) => (spec.data as { values: Record<string, number | string | null>[] }).values;
  const enc = (spec: Record<string, unknown>) => spec.encoding as Record<string, { scale?: Record<string, unknown>; axis?: Record<string, unknown>; title?: unknown; legend?: Record<string, unknown> }>;

  it("wait CCDF: fraction of all arrived pods waiting longer than x, log-log, never-scheduled pods waiting forever", () => {
    // 10 pods: 2 waited 0 s, waits of 1 ms, 1 s and 100 s, 5 never scheduled.
    const spec = waitCcdfChart(ctx1, [{ variant: "a", workload: "w", waitsUs: [0, 0, 1e3, 1e6, 1e8], arrived: 10 }]);
    const v = data(spec);
    // P(wait > x): 0.8 for x < 1 ms (every pod but the two zero waits), 0.7 up to 1 s, 0.6 up to 100 s, then the 5 never scheduled.
    const at = (x: number) => v.filter((p) => (p.wait as number) <= x).pop()!.frac;
    expect(at(1e-3)).toBe(0.7);
    expect(at(0.5)).toBe(0.7);
    expect(at(1)).toBe(0.6);
    expect(at(99)).toBe(0.6);
    expect(at(100)).toBe(0.5);
    expect(v.map((p) => p.frac)).toEqual([...v.map((p) => p.frac)].sort((a, b) => (b as number) - (a as number))); // never rises
    const e = enc(spec);
    expect(e.x!.scale).toEqual({ type: "log", domain: [0.001, 100], nice: false });
    expect(e.y!.scale).toEqual({ type: "log", domain: [0.1, 1], nice: false }); // down to one pod in ten
    expect(e.x!.axis!.values).toEqual([0.001, 0.01, 0.1, 1, 60]); // labelled "1 ms" … "1 min"
    expect(e.y!.axis!.format).toBe("~%");
    // The zero waits, which a log axis cannot show, are stated in the legend.
    expect(e.color!.legend!.labelExpr).toContain('"a (20.0% no wait)"');
    expect(waitShares([{ variant: "a", workload: "w", waitsUs: [0, 0, 1e3, 1e6, 1e8], arrived: 10 }])).toEqual([
      { workload: "w", variant: "a", arrived: 10, zeroShare: 0.2, unscheduledShare: 0.5 },
    ]);
  });

  it("wait CCDF: a curve whose pods were all scheduled ends at its largest wait; seeds are pooled", () => {
    const spec = waitCcdfChart(ctx1, [
      { variant: "a", workload: "w", waitsUs: [0, 2e6], arrived: 2 },
      { variant: "a", workload: "w", waitsUs: [0, 20e6], arrived: 2 },
    ]);
    const v = data(spec);
    expect(v[0]!.frac).toBe(0.5); // 2 of 4 pooled pods waited
    expect(v[v.length - 1]).toMatchObject({ wait: 20, frac: 0.25 }); // the last step, held to the largest wait
    expect(v.every((p) => (p.frac as number) > 0)).toBe(true); // no zero on a log axis
  });

  it("wait CCDF when no pod waited: a statement instead of empty axes", () => {
    const spec = waitCcdfChart(ctx1, [{ variant: "a", workload: "w", waitsUs: [0, 0, 0], arrived: 4 }]);
    expect((spec.mark as { type: string; text: string }).type).toBe("text");
    expect((spec.mark as { text: string }).text).toMatch(/No pod waited/);
  });

  it("line charts tell variants apart by dash pattern as well as colour, in one legend", async () => {
    for (const c of (await buildExperimentCharts(one)).filter((x) => ["allocation", "pending", "wait", "fill-unallocated"].includes(x.kind))) {
      const layers = (c.spec.layer as Record<string, unknown>[] | undefined) ?? [c.spec];
      const line = layers.find((l) => (l.mark as { type: string }).type === "line")!;
      const e = line.encoding as Record<string, { field: string; scale: { range: unknown[] }; legend: unknown }>;
      expect(e.strokeDash!.field, c.name).toBe("variant");
      expect(new Set(e.strokeDash!.scale.range.map((d) => JSON.stringify(d))).size, c.name).toBe(3);
      expect(e.strokeDash!.scale.range[0], c.name).toEqual([]); // the first variant solid
      expect(e.strokeDash!.legend, c.name).toEqual(e.color!.legend);
    }
  });

  it("dot and interval: the interval is clipped at the metric's bound and the axis does not cross it", () => {
    const row = (variant: string, mean: number, lo: number, hi: number) => ({ variant, workload: "w", metric: "pods.unschedulable", n: 3, mean, sd: 1, ci_low: lo, ci_high: hi, min: 0, max: 5 });
    const spec = metricDotChart(ctx1, [row("a", 1, -2, 4), row("b", 3, 1, 5)]);
    expect(data(spec).map((v) => [v.variant, v.mean, v.ci_low, v.ci_high])).toEqual([["a", 1, 0, 4], ["b", 3, 1, 5]]);
    const layers = spec.layer as { mark: { type: string }; encoding: { x: { scale?: Record<string, unknown> } } }[];
    expect(layers.map((l) => l.mark.type)).toEqual(["rule", "point"]);
    expect(layers[1]!.encoding.x.scale).toMatchObject({ zero: false, domainMin: 0 });
    // A single seed: a dot and no interval.
    const one = metricDotChart(ctx1, [{ ...row("a", 2, NaN, NaN), n: 1 }]);
    expect(data(one)[0]).toMatchObject({ mean: 2, ci_low: null, ci_high: null });
  });

  it("fill curves: framed where the policies part, y on the data shown, markers every 5 %", () => {
    // Two policies equal up to 90 % arrived, apart from 91 % on; 0..130 % arrived.
    const pts = [];
    for (const variant of ["a", "b"]) {
      for (let x = 0; x <= 130; x++) {
        const unalloc = Math.max(0, 100 - x) + 3 + (variant === "b" && x > 90 ? (x - 90) * 0.2 : 0);
        pts.push({ variant, workload: "w", seed: 1, arrived_pct: x, gpu_alloc_pct: 100 - unalloc, gpu_frag_pct: 1, gpu_unalloc_pct: unalloc });
      }
    }
    const rows = pts.map((p) => ({ workload: p.workload, variant: p.variant, arrived: p.arrived_pct, y: p.gpu_unalloc_pct, lo: null, hi: null }));
    expect(divergencePct(rows)).toBe(93); // first x where b − a > 0.5 points: (93 − 90) × 0.2 = 0.6 (one of two policies above the best)
    const spec = fillCurveChart(ctx1, pts);
    const layers = spec.layer as { mark: { type: string }; encoding: Record<string, { scale?: { domain: number[] } }>; transform?: unknown[] }[];
    const x = layers[0]!.encoding.x!.scale!.domain;
    expect(x).toEqual([85, 130]); // 93 − 5, down to a multiple of 5
    expect(Math.min(...data(spec).map((v) => v.arrived as number))).toBe(85);
    expect(layers[0]!.encoding.y!.scale!.domain).toEqual([3, 18]); // the data from 85 % on: 18 (both at 85 %) .. 3 (a from 100 %)
    expect(layers.map((l) => l.mark.type)).toEqual(["line", "point", "point"]);
    expect(layers[1]!.transform).toEqual([{ filter: 'datum.variant === "a" && datum.arrived % 5 === 0' }]);
    expect(layers.slice(1).map((l) => (l.mark as { shape?: string }).shape)).toEqual(["circle", "square"]);
  });

  it("legend columns fit the width", () => {
    expect(legendColumns(["a", "b", "c"], DEFAULT_STYLE, 320)).toBe(3);
    expect(legendColumns(["a-very-long-variant-name", "another-very-long-one", "x"], DEFAULT_STYLE, 320)).toBeLessThan(3);
  });

  it("units and metric titles", () => {
    expect(timeUnit(500e3).label).toBe("ms");
    expect(timeUnit(30e6).label).toBe("s");
    expect(timeUnit(3 * 3600e6).label).toBe("h");
    // One unit per metric, whatever the magnitude: waits in seconds, makespan in hours, shares in %.
    expect(metricLabel("wait_us.p99")).toBe("p99 scheduling wait (s)");
    expect(metricInfo("wait_us.mean")).toMatchObject({ factor: 1e-6, better: "lower", min: 0 });
    expect(metricLabel("allocation.gpu.mean")).toBe("Mean GPU allocation (%)");
    expect(metricInfo("allocation.gpu.mean")).toMatchObject({ factor: 100, better: "higher", min: 0, max: 1 });
    expect(metricLabel("fill.gpu_alloc_pct@100")).toBe("GPU allocated at 100% arrived (%)");
    expect(metricLabel("pods.unschedulable")).toBe("Pods left unscheduled");
    expect(metricLabel("makespan_us")).toBe("Makespan (h)");
  });

  it("intervals are clipped to a metric's bounds", () => {
    expect(clampInterval("pods.unschedulable", -2, 4)).toEqual([0, 4]);
    expect(clampInterval("allocation.cpu.mean", 0.9, 1.05)).toEqual([0.9, 1]);
    expect(clampInterval("scheduler.custom", -2, 4)).toEqual([-2, 4]);
  });
});

describe("deepMerge", () => {
  it("merges objects, replaces arrays and scalars, deletes on null, and does not mutate", () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 1, e: 2 };
    const out = deepMerge(base, { a: { c: [3], x: 1 }, d: null, f: { g: 1 } });
    expect(out).toEqual({ a: { b: 1, c: [3], x: 1 }, e: 2, f: { g: 1 } });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 1, e: 2 });
  });
});
