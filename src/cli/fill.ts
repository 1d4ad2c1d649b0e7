/** `clusterlab fill <fill.yaml> [--out DIR] [--jobs N]`: the FGD paper's fill experiment. */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../core/errors.js";
import { decodeFill, runFillExperiment } from "../core/fill/index.js";
import { loadYaml } from "../core/util/yaml-doc.js";
import { inTreePlugins } from "../plugins/index.js";
import { Progress } from "./progress.js";

export const FILL_HELP = `Usage: clusterlab fill <fill.yaml> [--out DIR] [--jobs N]

Runs a fill experiment (kind: Fill), the method of the FGD paper (Weng et al., ATC'23): every pod of
the list once in a seeded random order, then pods sampled with replacement until the arrived GPU
request reaches tune x the cluster's GPU capacity; no departures, each pod tried once. Writes
fill.csv (one row per integer arrived % per run), runs.csv, summary.json and, with compareWith,
comparison.md against the authors' results.

Options:
  --out DIR    results folder (default: results/<metadata.name>); new, empty, or an earlier
               results folder (replaced); any other folder is refused
  --jobs N     worker threads (default: number of cores)
  --no-report  skip the charts (unallocated GPU vs arrived per policy, allocation bars) and report.html
  --quiet      print nothing but errors
  -h, --help   show this help`;

export async function fillCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" }, jobs: { type: "string", short: "j" }, "no-report": { type: "boolean" }, quiet: { type: "boolean" }, help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(FILL_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new InputError("fill: expected exactly one fill experiment file (see clusterlab fill --help)");
  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new InputError(`fill: --jobs must be a positive integer, got "${values.jobs}"`);
  const spec = decodeFill(await loadYaml(positionals[0]!));
  const outDir = resolve(values.out ?? `results/${spec.name}`);
  const shownOut = values.out ?? `results/${spec.name}`;
  const progress = new Progress(`${spec.name}`, { quiet: !!values.quiet });
  const r = await runFillExperiment(spec, {
    outDir,
    outLabel: `--out ${shownOut}`,
    jobs,
    registry: inTreePlugins().scheduling,
    workerFile: fileURLToPath(new URL("./fill-worker.js", import.meta.url)),
    onProgress: (d, t) => progress.update(d, t, "runs done"),
  });
  progress.done();
  if (!values.quiet) console.log(`${spec.name}: ${r.results.length} runs in ${r.wallSeconds.toFixed(1)} s with ${jobs} job(s)`);
  if (!values["no-report"]) {
    // Loaded on demand: the chart renderer is only needed here.
    const { renderReport, reportOptionsFor } = await import("../core/experiment/report-hook.js");
    const files = await renderReport(outDir, await reportOptionsFor(outDir));
    if (!values.quiet) console.log(`report: ${join(shownOut, "report.html")} (${files.charts.length} chart files)`);
  }
  if (!values.quiet) console.log(`results written to ${shownOut}`);
  return 0;
}
