/** `clusterlab fill <fill.yaml> [--out DIR] [--jobs N] [--shard i/N|auto]`: the FGD paper's fill experiment. */
import { parseArgs } from "node:util";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../core/errors.js";
import { decodeFill, runFillExperiment } from "../core/fill/index.js";
import { loadYaml } from "../core/util/yaml-doc.js";
import { inTreePlugins } from "../plugins/index.js";
import { DRIVER_OPTIONS, jobsAndShard } from "./driver-options.js";
import { Progress } from "./progress.js";
import { stoppable } from "./stop-signals.js";

export const FILL_HELP = `Usage: clusterlab fill <fill.yaml> [--out DIR] [--jobs N] [--shard i/N|auto]
       (or clusterlab run <fill.yaml> …: run hands a kind: Fill file to fill)

Runs a fill experiment (kind: Fill), the method of the FGD paper (Weng et al., ATC'23): every pod of
the list once in a seeded random order, then pods sampled with replacement until the arrived GPU
request reaches tune x the cluster's GPU capacity; no departures, each pod tried once. Writes
fill.csv (one row per integer arrived % per run), runs.csv, summary.json, manifest.json, each run's
folder (<variant>/<workload>/seed-<n>/: its fill.csv rows and run.json) and, with compareWith,
comparison.md against the authors' results. Written under a temporary name and renamed at the end:
an interrupted or failed fill (Ctrl-C included) leaves nothing behind.

Options:
  --out DIR    results folder (default: results/<metadata.name>, or
               results/<metadata.name>-shard-<i>-of-<N> for a shard); new, empty, or an earlier
               results folder (replaced); any other folder is refused
  --jobs N     worker threads (default: number of cores)
  --shard i/N  run only the i-th of N slices of the run list (round-robin; i from 0); combine the
               shard folders with clusterlab merge
  --shard auto take i from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID (see clusterlab run --help)
  --shards N   the number of shards for --shard auto
  --no-report  skip the charts (unallocated GPU vs arrived per policy, allocation bars) and report.html
  --quiet      print nothing but errors
  -h, --help   show this help`;

export async function fillCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: DRIVER_OPTIONS,
  });
  if (values.help) {
    console.log(FILL_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new InputError("fill: expected exactly one fill experiment file (see clusterlab fill --help)");
  const { jobs, shard } = jobsAndShard("fill", values);
  const spec = decodeFill(await loadYaml(positionals[0]!));
  const shownOut = values.out ?? relative(process.cwd(), resolve(shard ? `results/${spec.name}-shard-${shard.index}-of-${shard.count}` : `results/${spec.name}`));
  const outDir = resolve(shownOut);
  const quiet = !!values.quiet;
  const progress = new Progress(`${spec.name}${shard ? ` shard ${shard.index}/${shard.count}` : ""}`, { quiet });
  const stopped = await stoppable("fill", outDir, progress, quiet, (signal) =>
    runFillExperiment(spec, {
      outDir,
      outLabel: `--out ${shownOut}`,
      jobs,
      shard,
      registry: inTreePlugins().scheduling,
      workerFile: fileURLToPath(new URL("./run-worker.js", import.meta.url)),
      signal,
      onProgress: (d, t) => progress.update(d, t, "runs done"),
    }),
  );
  if ("exitCode" in stopped) return stopped.exitCode;
  const r = stopped.result;
  progress.done();
  if (!quiet) console.log(`${spec.name}: ${r.results.length} runs in ${r.wallSeconds.toFixed(1)} s with ${r.jobs} job(s)`);
  if (!values["no-report"] && shard === null) {
    // Loaded on demand: the chart renderer is only needed here.
    const { renderReport, reportOptionsFor } = await import("../core/experiment/report-hook.js");
    const files = await renderReport(outDir, await reportOptionsFor(outDir));
    if (!quiet) console.log(`report: ${join(shownOut, "report.html")} (${files.charts.length} chart files)`);
  }
  if (!quiet) console.log(`results written to ${shownOut}`);
  if (shard && !quiet) console.log(`shard ${shard.index}/${shard.count} of experiment ${r.manifest.hash.slice(0, 19)}…: combine the shards with clusterlab merge <out> <shard folders…>`);
  return 0;
}
