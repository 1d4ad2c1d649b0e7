/**
 * Statistics, charts and report.html for an experiment's results folder — all computed from the files
 * (see results.ts), so `clusterlab chart <results-dir>` can redo them without re-running anything.
 *
 *   writeStats(dir, opts)              aggregate.csv + comparison.csv
 *   renderExperimentCharts(dir, opts)  charts/<name>.{vl.json,svg,png}
 *   writeReport(dir, opts)             all of the above + report.html
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { InputError } from "../errors.js";
import { buildExperimentCharts, type NamedChart } from "./charts/index.js";
import { buildReportHtml, environmentRows, parseMarkdownTable } from "./html.js";
import type { ReportOptions } from "./options.js";
import { variantColors } from "./palette.js";
import { writeChart, type ChartFiles } from "./render.js";
import { loadResults, type Results } from "./results.js";
import { aggregateCsv, comparisonCsv, writeStatsFiles, type AggregateRow, type ComparisonRow } from "./stats.js";

export type { ReportOptions } from "./options.js";
export { decodeReportOptions, REPORT_OPTIONS_SCHEMA } from "./options.js";
export { buildExperimentCharts, CHART_KINDS, DEFAULT_BAR_METRICS, type ChartKind, type ChartOptions, type NamedChart } from "./charts/index.js";
export { deepMerge } from "./charts/common.js";
export { loadResults, flattenSummary, type Results, type RunRef, type FillPoint } from "./results.js";
export { aggregate, compare, aggregateCsv, comparisonCsv, describe, tQuantile, type AggregateRow, type ComparisonRow, type RunMetrics } from "./stats.js";
export { specToSvg, svgToPng, writeChart, type ChartFiles, type RenderOptions } from "./render.js";
export { variantColors, OKABE_ITO } from "./palette.js";

/** Metrics in the report's tables by default (those present). */
export const DEFAULT_TABLE_METRICS = [
  "pods.scheduled", "pods.unschedulable", "wait_us.mean", "wait_us.p50", "wait_us.p99",
  "allocation.cpu.mean", "allocation.memory.mean", "allocation.gpu.mean", "makespan_us",
];

function load(dir: string, opts: ReportOptions): Promise<Results> {
  return loadResults(dir, { variants: opts.variants, workloads: opts.workloads, experimentFile: opts.experimentFile, fillArrivedPct: opts.fillArrivedPct });
}

/** The baseline: opts.baseline (must be a variant) or the first variant; null with one variant. */
function baselineOf(results: Results, opts: ReportOptions): string | null {
  if (opts.baseline !== undefined) {
    if (!results.variants.includes(opts.baseline)) {
      throw new InputError(`baseline "${opts.baseline}" is not a variant of ${results.dir} (variants: ${results.variants.join(", ")})`);
    }
    return opts.baseline;
  }
  return results.variants.length > 1 ? results.variants[0]! : null;
}

export interface StatsResult {
  aggregate: string;
  comparison: string | null;
  aggregateRows: AggregateRow[];
  comparisonRows: ComparisonRow[];
  baseline: string | null;
}

/** Writes aggregate.csv and comparison.csv (with more than one variant) for a results folder. */
export async function writeStats(dir: string, opts: ReportOptions = {}, results?: Results): Promise<StatsResult> {
  const res = results ?? (await load(dir, opts));
  const baseline = baselineOf(res, opts);
  await mkdir(opts.outDir ?? dir, { recursive: true });
  const out = await writeStatsFiles(opts.outDir ?? dir, res.runs, baseline, { variants: res.variants, workloads: res.workloads });
  return { ...out, baseline };
}

export interface RenderedChart extends ChartFiles {
  kind: NamedChart["kind"];
  caption: string;
}

/** Builds and writes every chart of a results folder into <dir>/charts (or opts.chartsDir). */
export async function renderExperimentCharts(dir: string, opts: ReportOptions = {}, results?: Results): Promise<RenderedChart[]> {
  const res = results ?? (await load(dir, opts));
  const chartsDir = opts.chartsDir ?? join(opts.outDir ?? dir, "charts");
  const out: RenderedChart[] = [];
  for (const c of await buildExperimentCharts(res, opts)) {
    try {
      out.push({ ...(await writeChart(chartsDir, c, opts)), kind: c.kind, caption: c.caption });
    } catch (e) {
      // Most likely a bad user override: name the chart.
      throw new InputError(`chart ${c.name}: cannot render (${(e as Error).message.split("\n")[0]})`);
    }
  }
  return out;
}

function experimentName(res: Results): string | null {
  if (!res.experimentText) return null;
  try {
    const doc = parseYaml(res.experimentText) as { metadata?: { name?: unknown } } | null;
    return typeof doc?.metadata?.name === "string" ? doc.metadata.name : null;
  } catch {
    return null;
  }
}

function scopeText(res: Results): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  const seeds = new Set(res.runs.map((r) => r.seed)).size;
  return `${plural(res.variants.length, "variant")} × ${plural(res.workloads.length, "workload")} × ${plural(seeds, "seed")} = ${plural(res.runs.length, "run")}`;
}

export interface ReportResult {
  report: string;
  stats: StatsResult;
  charts: RenderedChart[];
}

/** Statistics, charts and report.html for a results folder; returns the paths written. */
export async function writeReport(dir: string, opts: ReportOptions = {}): Promise<ReportResult> {
  const res = await load(dir, opts);
  const stats = await writeStats(dir, opts, res);
  const charts = await renderExperimentCharts(dir, opts, res);
  const present = (m: string) => stats.aggregateRows.some((r) => r.metric === m);
  const fillMetrics = [...new Set(stats.aggregateRows.map((r) => r.metric).filter((m) => m.startsWith("fill.")))];
  const tableMetrics = opts.tableMetrics ?? [...DEFAULT_TABLE_METRICS.filter(present), ...fillMetrics];
  const palette = variantColors(res.variants);
  // Table rows: by workload, then variant, in the experiment's order.
  const order = (r: { workload: string; variant: string }) => res.workloads.indexOf(r.workload) * 1e6 + res.variants.indexOf(r.variant);
  const byOrder = <T extends { workload: string; variant: string }>(rows: T[]) => [...rows].sort((a, b) => order(a) - order(b));
  const html = buildReportHtml(
    {
      title: opts.title ?? experimentName(res) ?? basename(resolve(dir)),
      generated: new Date(),
      scope: scopeText(res),
      aggregate: byOrder(stats.aggregateRows),
      comparison: byOrder(stats.comparisonRows),
      baseline: stats.baseline,
      tableMetrics,
      charts: charts.map((c) => ({ name: c.name, caption: c.caption, svg: c.svgText })),
      experimentFile: res.experimentFile,
      experimentText: res.experimentText,
      environment: environmentRows(opts.environment, res.producers),
      reference: existsSync(join(dir, "comparison.md")) ? parseMarkdownTable(await readFile(join(dir, "comparison.md"), "utf8")) : null,
      downloads: [
        { name: "aggregate.csv", text: aggregateCsv(stats.aggregateRows) },
        ...(stats.baseline ? [{ name: "comparison.csv", text: comparisonCsv(stats.comparisonRows) }] : []),
      ],
    },
    new Map(palette.domain.map((v, i) => [v, palette.range[i]!])),
  );
  const report = join(opts.outDir ?? dir, "report.html");
  const tmp = `${report}.tmp-${process.pid}`;
  await writeFile(tmp, html);
  await rename(tmp, report);
  return { report, stats, charts };
}
