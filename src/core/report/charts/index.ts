/**
 * The charts of an experiment, built from its results folder (see ../results.ts). Every chart uses the
 * same variant → colour mapping (the experiment's variant order) and the paper style of common.ts.
 */
import { variantColors } from "../palette.js";
import { readPodSpans, readTimeseries, readWaits, type Results, type Timeseries } from "../results.js";
import { aggregate } from "../stats.js";
import { metricLabel } from "../metric-info.js";
import { metricDotChart } from "./dot-interval.js";
import { deepMerge, DEFAULT_STYLE, type BandKind, type ChartContext, type ChartStyle, type VlSpec } from "./common.js";
import { fillCurveChart } from "./fill.js";
import { podsPerNode, podsPerNodeChart } from "./pods-per-node.js";
import { lineOverTimeChart, type SeriesInput } from "./timeseries.js";
import { pct, waitCcdfChart, waitShares, type WaitInput } from "./wait-ccdf.js";

export const CHART_KINDS = ["allocation", "pending", "wait", "network", "workloads", "metrics", "fill-unallocated", "fill-fragmentation", "fill-allocation"] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** Bar charts drawn by default (those present and not zero in every run). */
export const DEFAULT_BAR_METRICS = ["wait_us.mean", "wait_us.p99", "allocation.cpu.mean", "allocation.memory.mean", "allocation.gpu.mean", "pods.unschedulable"];

export type { VlSpec } from "./common.js";

export interface ChartOptions extends Partial<ChartStyle> {
  /** Which kinds of chart (default: every kind the results have data for). */
  charts?: readonly ChartKind[];
  /** Summary metrics that get a bar chart (default DEFAULT_BAR_METRICS); explicit ones are drawn even if all zero. */
  metrics?: readonly string[];
  /** Spread shown around lines over seeds (default "minmax"). */
  band?: BandKind;
  /** Arrived % of the fill-allocation bar chart (default 100). */
  fillArrivedPct?: number;
  /** Raw Vega-Lite deep-merged into every spec (see deepMerge: null deletes a key). */
  override?: Record<string, unknown>;
  /** Per chart name (e.g. "allocation-gpu") or kind (e.g. "metrics"): merged after `override`. */
  overrides?: Record<string, Record<string, unknown>>;
}

export interface NamedChart {
  /** File name stem: <name>.vl.json, <name>.svg, <name>.png. */
  name: string;
  kind: ChartKind;
  /** One sentence for the report (papers keep captions out of the figure). */
  caption: string;
  spec: VlSpec;
}

const RESOURCE_LABEL: Record<string, string> = { cpu: "CPU", memory: "Memory", gpu: "GPU" };

export function chartStyle(opts: ChartOptions): ChartStyle {
  return {
    width: opts.width ?? DEFAULT_STYLE.width,
    height: opts.height ?? DEFAULT_STYLE.height,
    facetWidth: opts.facetWidth ?? DEFAULT_STYLE.facetWidth,
    facetHeight: opts.facetHeight ?? DEFAULT_STYLE.facetHeight,
    facetColumns: opts.facetColumns ?? DEFAULT_STYLE.facetColumns,
    fontSize: opts.fontSize ?? DEFAULT_STYLE.fontSize,
  };
}

/** "fill.gpu_alloc_pct@100" → "fill.gpu_alloc_pct-100": safe as a file name. */
export function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "-");
}

const BAND_TEXT: Record<BandKind, string> = { minmax: "min–max over seeds", iqr: "interquartile range over seeds", ci: "95 % CI of the mean", none: "" };

export async function buildExperimentCharts(results: Results, opts: ChartOptions = {}): Promise<NamedChart[]> {
  const want = new Set<ChartKind>(opts.charts ?? CHART_KINDS);
  const style = chartStyle(opts);
  const colors = variantColors(results.variants);
  const band = opts.band ?? "minmax";
  const ctxFor = (workloads: Iterable<string>): ChartContext => {
    const present = new Set(workloads);
    return { colors, style, workloads: results.workloads.filter((w) => present.has(w)) };
  };
  const charts: NamedChart[] = [];
  const runsWithFiles = results.runs.filter((r) => r.dir !== null);
  const seedsNote = (n: number) => (n > 1 && band !== "none" ? `, mean over seeds with a band (${BAND_TEXT[band]})` : "");
  const maxSeeds = (rs: { variant: string; workload: string }[]) => {
    const c = new Map<string, number>();
    for (const r of rs) c.set(`${r.variant}\u0000${r.workload}`, (c.get(`${r.variant}\u0000${r.workload}`) ?? 0) + 1);
    return Math.max(0, ...c.values());
  };

  // Over time, from timeseries.csv.
  if (want.has("allocation") || want.has("pending")) {
    const series = [];
    for (const r of runsWithFiles) {
      const ts = await readTimeseries(r.dir!);
      if (ts?.time_us) series.push({ run: r, ts });
    }
    const seeds = maxSeeds(series.map((s) => s.run));
    if (want.has("allocation")) {
      const resources = [...new Set(series.flatMap((s) => Object.keys(s.ts).filter((k) => k.endsWith("_alloc"))))];
      for (const col of resources) {
        const inputs: SeriesInput[] = series.filter((s) => s.ts[col]).map((s) => ({ ...s.run, t: s.ts.time_us!, y: s.ts[col]! }));
        if (!inputs.some((i) => Array.prototype.some.call(i.y, (v: number) => v > 0))) continue; // e.g. no GPUs in the cluster
        const res = col.slice(0, -"_alloc".length);
        const label = RESOURCE_LABEL[res] ?? res;
        charts.push({
          name: `allocation-${slug(res)}`,
          kind: "allocation",
          caption: `${label} allocated (requests / allocatable, %) over time per variant${seedsNote(seeds)}.`,
          spec: lineOverTimeChart(ctxFor(inputs.map((i) => i.workload)), inputs, { yTitle: `${label} allocated (%)`, scale: 100, band }),
        });
      }
    }
    if (want.has("pending")) {
      const inputs: SeriesInput[] = series.filter((s) => s.ts.pending_pods).map((s) => ({ ...s.run, t: s.ts.time_us!, y: s.ts.pending_pods! }));
      if (inputs.length) {
        charts.push({
          name: "pending-pods",
          kind: "pending",
          caption: `Pending pods over time per variant${seedsNote(seeds)}.`,
          spec: lineOverTimeChart(ctxFor(inputs.map((i) => i.workload)), inputs, { yTitle: "Pending pods", band }),
        });
      }
    }
  }

  // Pod networking over time, from pod-network.csv (runs with a network section).
  if (want.has("network")) {
    const series: { run: (typeof runsWithFiles)[number]; t: Float64Array; ts: Timeseries }[] = [];
    for (const r of runsWithFiles) {
      const ts = await readTimeseries(r.dir!, "pod-network.csv");
      if (ts?.time_s) series.push({ run: r, t: ts.time_s.map((x) => x * 1e6), ts });
    }
    if (series.length) {
      const seeds = maxSeeds(series.map((s) => s.run));
      const waiting: SeriesInput[] = series.map((s) => ({ ...s.run, t: s.t, y: s.ts.waiting_for_network! }));
      charts.push({
        name: "network-waiting",
        kind: "network",
        caption: `Pods waiting for their sandbox network (ContainerCreating after a failed CNI ADD) over time per variant${seedsNote(seeds)}.`,
        spec: lineOverTimeChart(ctxFor(waiting.map((i) => i.workload)), waiting, { yTitle: "Pods waiting for a network", band }),
      });
      // Start latency of the pods that started in each interval (intervals without a start left out).
      const starts: SeriesInput[] = series
        .filter((s) => s.ts.mean_start_latency_s)
        .map((s) => {
          const keep = [...s.ts.mean_start_latency_s!.keys()].filter((i) => Number.isFinite(s.ts.mean_start_latency_s![i]));
          return { ...s.run, t: keep.map((i) => s.t[i]!), y: keep.map((i) => s.ts.mean_start_latency_s![i]!) };
        })
        .filter((i) => i.t.length > 0);
      if (starts.length) {
        charts.push({
          name: "network-start-latency",
          kind: "network",
          caption: `Pod start latency (bind → Running, the CNI ADD and its retries included, s), mean over the pods that started in each sampling interval, per variant${seedsNote(seeds)}.`,
          spec: lineOverTimeChart(ctxFor(starts.map((i) => i.workload)), starts, { yTitle: "Pod start latency (s)", band }),
        });
      }
      const withCapacity = series.filter((s) => Array.prototype.some.call(s.ts.ip_capacity!, (v: number) => v > 0));
      const use = (s: (typeof series)[number], col: string) => ({ ...s.run, t: s.t, y: s.ts[col]!.map((v, i) => (s.ts.ip_capacity![i]! > 0 ? v / (col === "ips_in_use" ? s.ts.ip_capacity![i]! : 100) : NaN)) });
      if (withCapacity.length) {
        const cluster = withCapacity.map((s) => use(s, "ips_in_use"));
        charts.push({
          name: "network-ip-use",
          kind: "network",
          caption: `Pod addresses in use over the nodes' podCIDRs (%) over time per variant${seedsNote(seeds)}.`,
          spec: lineOverTimeChart(ctxFor(cluster.map((i) => i.workload)), cluster, { yTitle: "Pod addresses in use (%)", scale: 100, band }),
        });
        const fullest = withCapacity.map((s) => use(s, "max_node_ip_use_pct"));
        charts.push({
          name: "network-ip-use-fullest-node",
          kind: "network",
          caption: `Pod addresses in use on the fullest node (% of its podCIDR) over time per variant${seedsNote(seeds)}.`,
          spec: lineOverTimeChart(ctxFor(fullest.map((i) => i.workload)), fullest, { yTitle: "Fullest node, in use (%)", scale: 100, band }),
        });
      }
    }
  }

  // A scenario's workloads over time, from workloads.csv: replicas wanted and ready, Job pods running.
  if (want.has("workloads")) {
    const series: { run: (typeof runsWithFiles)[number]; t: Float64Array; ts: Timeseries }[] = [];
    for (const r of runsWithFiles) {
      const ts = await readTimeseries(r.dir!, "workloads.csv");
      if (ts?.time_s) series.push({ run: r, t: ts.time_s.map((x) => x * 1e6), ts });
    }
    const seeds = maxSeeds(series.map((s) => s.run));
    const line = (col: string) => series.filter((s) => Array.prototype.some.call(s.ts[col]!, (v: number) => v > 0)).map((s) => ({ ...s.run, t: s.t, y: s.ts[col]! }));
    for (const [col, name, what, yTitle] of [
      ["ready_replicas", "workloads-ready-replicas", "Ready replicas of all Deployments", "Ready replicas"],
      ["desired_replicas", "workloads-desired-replicas", "Replicas the Deployments want (spec.replicas: scaling, autoscaling)", "Desired replicas"],
      ["jobs_active", "workloads-jobs-active", "Jobs' active pods", "Active Job pods"],
    ] as const) {
      const inputs: SeriesInput[] = line(col);
      if (!inputs.length) continue;
      charts.push({
        name,
        kind: "workloads",
        caption: `${what} over time per variant${seedsNote(seeds)}.`,
        spec: lineOverTimeChart(ctxFor(inputs.map((i) => i.workload)), inputs, { yTitle, band }),
      });
    }
    // Where the pods ran: per variant, its first run (a scenario's nodes are few; more than 20 are not drawn).
    const firsts = new Map<string, (typeof series)[number]>();
    for (const s of series) if (!firsts.has(s.run.variant) || s.run.seed < firsts.get(s.run.variant)!.run.seed) firsts.set(s.run.variant, s);
    for (const [variant, s] of firsts) {
      const spans = await readPodSpans(s.run.dir!);
      const nodes = new Set(spans.map((p) => p.node));
      if (spans.length === 0 || nodes.size > 20) continue;
      const endUs = s.t.length ? s.t[s.t.length - 1]! : 0;
      charts.push({
        name: firsts.size > 1 ? `workloads-pods-per-node-${slug(variant)}` : "workloads-pods-per-node",
        kind: "workloads",
        caption: `Pods running on each node over time${firsts.size > 1 ? ` (${variant})` : ""}, seed ${s.run.seed}${results.workloads.length > 1 ? `, ${s.run.workload}` : ""}.`,
        spec: podsPerNodeChart(ctxFor([s.run.workload]), podsPerNode(spans, endUs)),
      });
    }
  }

  if (want.has("wait")) {
    const inputs: WaitInput[] = [];
    for (const r of runsWithFiles) {
      const w = await readWaits(r.dir!);
      if (w) inputs.push({ variant: r.variant, workload: r.workload, ...w });
    }
    if (inputs.length) {
      const shares = waitShares(inputs)
        .map((s) => `${s.variant}${results.workloads.length > 1 ? ` on ${s.workload}` : ""} ${pct(s.zeroShare)}${s.unscheduledShare > 0 ? ` (never scheduled: ${pct(s.unscheduledShare)})` : ""}`)
        .join(", ");
      charts.push({
        name: "wait-ccdf",
        kind: "wait",
        caption:
          "Scheduling wait (bind decision − arrival) as a CCDF on log–log axes: the fraction of all arrived pods, seeds pooled, that waited longer than x; " +
          `pods never scheduled count as waiting forever. Pods that waited 0 s (not drawable on a log axis): ${shares}.`,
        spec: waitCcdfChart(ctxFor(inputs.map((i) => i.workload)), inputs),
      });
    }
  }

  if (want.has("metrics")) {
    const explicit = opts.metrics !== undefined;
    for (const metric of opts.metrics ?? DEFAULT_BAR_METRICS) {
      const rows = aggregate(results.runs, { metrics: [metric], variants: results.variants, workloads: results.workloads });
      if (rows.length === 0 || (!explicit && rows.every((r) => r.mean === 0 && r.max === 0))) continue;
      const n = Math.max(...rows.map((r) => r.n));
      charts.push({
        name: `metric-${slug(metric)}`,
        kind: "metrics",
        caption: `${metricLabel(metric)}: mean over ${n > 1 ? `${n} seeds (dot) with the 95 % t-interval, clipped to the metric's range` : "one seed"}.`,
        spec: metricDotChart(ctxFor(rows.map((r) => r.workload)), rows),
      });
    }
  }

  if (results.fill.length) {
    const ctx = ctxFor(results.fill.map((p) => p.workload));
    const seeds = maxSeeds(results.fill.filter((p) => p.arrived_pct === results.fill[0]!.arrived_pct));
    const bandNote = seeds > 1 && band !== "none" ? ` with a band (${BAND_TEXT[band]})` : "";
    if (want.has("fill-unallocated")) {
      charts.push({
        name: "fill-unallocated-gpu",
        kind: "fill-unallocated",
        caption: `Unallocated GPU (%) against the arrived workload (% of the cluster's GPU capacity), median over seeds${bandNote} (FGD paper style).`,
        spec: fillCurveChart(ctx, results.fill, { measure: "gpu_unalloc_pct", band }),
      });
    }
    if (want.has("fill-fragmentation")) {
      charts.push({
        name: "fill-fragmented-gpu",
        kind: "fill-fragmentation",
        caption: `Fragmented GPU (% of capacity) against the arrived workload, median over seeds${bandNote}.`,
        spec: fillCurveChart(ctx, results.fill, { measure: "gpu_frag_pct", band }),
      });
    }
    const at = opts.fillArrivedPct ?? 100;
    const metric = `fill.gpu_alloc_pct@${at}`;
    const rows = aggregate(results.runs, { metrics: [metric], variants: results.variants, workloads: results.workloads });
    if (want.has("fill-allocation") && rows.length) {
      charts.push({
        name: "fill-gpu-allocation",
        kind: "fill-allocation",
        caption: `GPU allocated (%) when the arrived workload reaches ${at}% of GPU capacity: mean over seeds with the 95 % t-interval.`,
        spec: metricDotChart(ctx, rows, { title: `GPU allocated at ${at}% arrived (%)` }),
      });
    }
  }

  for (const c of charts) {
    let spec = deepMerge(c.spec, opts.override);
    spec = deepMerge(spec, opts.overrides?.[c.kind]);
    c.spec = deepMerge(spec, opts.overrides?.[c.name]);
  }
  return charts;
}
