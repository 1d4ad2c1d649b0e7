/** `clusterlab run <experiment.yaml> [--out DIR] [--seed N]` */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { decodeExperiment } from "../core/experiment/spec.js";
import { runExperiment } from "../core/experiment/run.js";
import { InputError } from "../core/errors.js";
import { loadYaml } from "../core/util/yaml-doc.js";
import { inTreeRegistry } from "../plugins/scheduling/index.js";
import { Progress } from "./progress.js";

export const RUN_HELP = `Usage: clusterlab run <experiment.yaml> [--out DIR] [--seed N]

Runs an experiment: builds the cluster, replays the workload through the configured scheduler,
and writes pods.csv, timeseries.csv and summary.json (plus a copy of the inputs) into the results
folder. The folder is written under a temporary name and renamed at the end.

Options:
  --out DIR    results folder (default: results/<metadata.name>)
  --seed N     override the experiment's seed
  --quiet      print nothing but errors
  -h, --help   show this help`;

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: "string" }, seed: { type: "string" }, quiet: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(RUN_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new InputError("run: expected exactly one experiment file (see clusterlab run --help)");
  let seed: number | undefined;
  if (values.seed !== undefined) {
    if (!/^-?\d+$/.test(values.seed)) throw new InputError(`run: --seed must be an integer, got "${values.seed}"`);
    seed = Number(values.seed);
  }
  const spec = decodeExperiment(await loadYaml(positionals[0]!));
  const outDir = resolve(values.out ?? `results/${spec.name}`);
  const progress = new Progress(`${spec.name}`);
  const { summary } = await runExperiment(spec, { outDir, ...(seed !== undefined ? { seed } : {}), registry: inTreeRegistry(), onProgress: (d, t) => progress.update(d, t) });
  progress.done();
  if (!values.quiet) {
    const p = summary.pods;
    const a = summary.allocation;
    console.log(
      `${spec.name}: ${p.arrived} pods arrived, ${p.scheduled} scheduled, ${p.unschedulable} unschedulable, ${p.completed} completed; ` +
        `allocation mean cpu ${pct(a.cpu.mean)} memory ${pct(a.memory.mean)} gpu ${pct(a.gpu.mean)}; ` +
        `${summary.scheduling_attempts} scheduling decisions in ${summary.wall_seconds.toFixed(2)} s (${summary.decisions_per_second.toLocaleString("en-US")}/s)`,
    );
    console.log(`results written to ${outDir}`);
  }
  return 0;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
