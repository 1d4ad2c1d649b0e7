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
import { readManifest, type Manifest } from "./manifest.js";

export interface ReportFiles {
  report: string;
  stats: string[];
  charts: string[];
}

/** Report options from a results folder: `report:` and `baseline` of its experiment.yaml, order from manifest.json. */
export async function reportOptionsFor(dir: string): Promise<ReportOptions> {
  const manifest: Manifest | null = isExperimentFolder(dir) ? await readManifest(dir) : null;
  let opts: ReportOptions = {};
  const file = join(dir, "experiment.yaml");
  if (existsSync(file)) {
    const src = parseYaml(readFileSync(file, "utf8"), file);
    const root = src.docs[0]?.toJS() as Record<string, unknown> | null | undefined;
    if (root && typeof root === "object") {
      opts = decodeReportOptions(root.report, (path, msg) => {
        throw src.error(path, msg);
      }, ["report"]);
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

/** Whether `dir`'s manifest.json is an experiment's (run or merge); a fill folder's names no run list. */
function isExperimentFolder(dir: string): boolean {
  const file = join(dir, "manifest.json");
  if (!existsSync(file)) return false;
  try {
    const kind = (JSON.parse(readFileSync(file, "utf8")) as { kind?: unknown }).kind;
    return kind === undefined;
  } catch {
    return true; // readManifest names the problem
  }
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
