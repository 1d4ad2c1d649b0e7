/** `clusterlab chart <results-dir>`: statistics, charts and report.html again, from the files only. */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "../core/errors.js";
import { readManifest } from "../core/experiment/manifest.js";
import { renderReport } from "../core/experiment/report-hook.js";
import { shardRuns } from "../core/experiment/shard.js";

export const CHART_HELP = `Usage: clusterlab chart <results-dir> [--quiet]

Re-renders aggregate.csv, comparison.csv, charts/ (Vega-Lite, SVG, PNG, PDF) and report.html of a results
folder from its files, without re-running anything. Options come from the folder's experiment.yaml
(its report: section and baseline); edit that copy to change charts.

Options:
  --quiet      print nothing but errors
  -h, --help   show this help`;

/** The shard a results folder holds, from its manifest (null for a whole experiment or no experiment manifest). */
async function shardOf(dir: string): Promise<{ index: number; count: number; held: number; total: number } | null> {
  const m = await readManifest(dir).catch(() => null);
  if (!m?.shard) return null;
  return { ...m.shard, held: shardRuns(m.runs, m.shard).length, total: m.runs.length };
}

export async function chartCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { quiet: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(CHART_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new InputError("chart: expected exactly one results folder (see clusterlab chart --help)");
  const dir = resolve(positionals[0]!);
  if (!existsSync(dir)) throw new InputError(`chart: ${positionals[0]}: no such results folder`);
  const shard = await shardOf(dir);
  if (shard) console.error(`clusterlab chart: warning: ${positionals[0]} is shard ${shard.index}/${shard.count} of its experiment (${shard.held} of ${shard.total} runs); combine the shards with clusterlab merge for the whole experiment`);
  const r = await renderReport(dir);
  if (!values.quiet) {
    const rel = (p: string) => relative(process.cwd(), p) || ".";
    for (const f of [...r.stats, ...r.charts]) console.log(rel(f));
    console.log(rel(r.report));
  }
  return 0;
}
