/**
 * The integration point with src/core/report: statistics (aggregate.csv, comparison.csv), charts
 * (charts/*.{vl.json,svg,png}) and report.html for a results folder, with the experiment's `report:`
 * options, its baseline, and its variant and workload order. Loaded on demand so that runs (and worker
 * threads) never load the chart renderer.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeReportOptions, type ReportOptions } from "../report/options.js";
import { parseYaml } from "../util/yaml-doc.js";
import { StrictDecoder } from "../util/strict-decoder.js";
import { readResultsMarker } from "../util/results-folder.js";
import { readManifest, type Manifest } from "./manifest.js";

export interface ReportFiles {
  report: string;
  stats: string[];
  charts: string[];
}

/** Report options from a results folder: `report:` and `baseline` of its experiment.yaml, order from manifest.json. */
export async function reportOptionsFor(dir: string): Promise<ReportOptions> {
  // A fill's or a single run's manifest names no run list; an experiment's does (and is validated).
  // (A manifest.json that is not clusterlab's goes to readManifest, which names the problem.)
  const experimentManifest = existsSync(join(dir, "manifest.json")) && readResultsMarker(dir)?.kind === undefined;
  const manifest: Manifest | null = experimentManifest ? await readManifest(dir) : null;
  let opts: ReportOptions = {};
  const file = join(dir, "experiment.yaml");
  if (existsSync(file)) {
    const src = parseYaml(readFileSync(file, "utf8"), file);
    const root = src.docs[0]?.toJS() as Record<string, unknown> | null | undefined;
    if (root && typeof root === "object") {
      opts = decodeReportOptions(new StrictDecoder(src, dir), root.report, ["report"]);
      if (opts.baseline === undefined && typeof root.baseline === "string") opts.baseline = root.baseline;
    }
  }
  if (manifest) {
    opts.variants ??= manifest.variants.map((v) => v.name);
    opts.workloads ??= manifest.workloads;
    if (opts.baseline === undefined && manifest.baseline) opts.baseline = manifest.baseline;
    opts.environment = { "experiment hash": manifest.hash, ...opts.environment };
  }
  return opts;
}

/** Writes statistics, charts and report.html into `dir` (see src/core/report/index.ts). */
export async function renderReport(dir: string, opts?: ReportOptions): Promise<ReportFiles> {
  const report = await import("../report/index.js");
  const r = await report.writeReport(dir, opts ?? (await reportOptionsFor(dir)));
  return {
    report: r.report,
    stats: [r.stats.aggregate, ...(r.stats.comparison ? [r.stats.comparison] : [])],
    charts: r.charts.flatMap((c) => [c.svg, c.png, c.pdf]),
  };
}
