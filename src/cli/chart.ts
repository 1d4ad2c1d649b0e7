/** `clusterlab chart <results-dir>`: statistics, charts and report.html again, from the files only. */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "../core/errors.js";
import { renderReport } from "../core/experiment/report-hook.js";

export const CHART_HELP = `Usage: clusterlab chart <results-dir> [--quiet]

Re-renders aggregate.csv, comparison.csv, charts/ (Vega-Lite, SVG, PNG) and report.html of a results
folder from its files, without re-running anything. Options come from the folder's experiment.yaml
(its report: section and baseline); edit that copy to change charts.

Options:
  --quiet      print nothing but errors
  -h, --help   show this help`;

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
  const r = await renderReport(dir);
  if (!values.quiet) {
    const rel = (p: string) => relative(process.cwd(), p) || ".";
    for (const f of [...r.stats, ...r.charts]) console.log(rel(f));
    console.log(rel(r.report));
  }
  return 0;
}
