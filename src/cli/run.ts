/** `clusterlab run <experiment.yaml> [--out DIR] [--jobs N] [--shard i/N|auto] [--seed N]` */
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadManifests } from "../core/api/manifests.js";
import { Rng } from "../core/engine/rng.js";
import { InputError } from "../core/errors.js";
import { shardRuns } from "../core/experiment/shard.js";
import { decodeExperimentPlan, runList } from "../core/experiment/spec.js";
import { runSweep } from "../core/experiment/sweep.js";
import { loadPlugins } from "../plugins/index.js";
import type { RunSummary } from "../core/metrics/summary.js";
import { rankingText } from "../core/report/ranking.js";
import { readAggregate } from "../core/report/stats.js";
import { buildProfile } from "../core/scheduler/profile.js";
import { Snapshot } from "../core/scheduler/snapshot.js";
import { readTextFile } from "../core/util/input-file.js";
import { prepareResultsFolder } from "../core/util/results-folder.js";
import { parseYaml } from "../core/util/yaml-doc.js";
import { DRIVER_OPTIONS, intOption, jobsAndShard } from "./driver-options.js";
import { describeRun, Progress } from "./progress.js";
import { stoppable } from "./stop-signals.js";

export const RUN_HELP = `Usage: clusterlab run <experiment.yaml> [options]

Runs an experiment: every variant (scheduler configuration × matrix values) on every workload with
every seed, each run replaying its workload through the configured scheduler on the cluster.
Writes, into the results folder:
  <variant>/<workload>/seed-<n>/   pods.csv, timeseries.csv, summary.json of each run
  summary.csv                      one row per run
  experiment.yaml, manifest.json   the experiment file; input hashes and the run list
  aggregate.csv, comparison.csv,   mean, sd and 95% CI across seeds; paired comparison with the
  charts/, report.html             baseline; charts (SVG, PNG, Vega-Lite) and a self-contained report
The folder is written under a temporary name and renamed at the end: an interrupted or failed
experiment (Ctrl-C included) leaves nothing behind. --out may name a new or empty folder or an
earlier results folder (it has a manifest.json), which is replaced; any other folder is refused.
A fill experiment file (kind: Fill) is run as clusterlab fill runs it (see clusterlab fill --help).

Options:
  --out DIR        results folder (default: results/<metadata.name>, or
                   results/<metadata.name>-shard-<i>-of-<N> for a shard)
  -j, --jobs N     runs in parallel, in worker threads (default: number of cores)
  --shard i/N      run only the i-th of N slices of the run list (round-robin; i from 0);
                   combine the shard folders with clusterlab merge
  --shard auto     take i from JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or from
                   SLURM_ARRAY_TASK_ID (Slurm job array)
  --shards N       the number of shards for --shard auto (default: CLUSTERLAB_SHARDS, or
                   SLURM_ARRAY_TASK_COUNT under Slurm)
  --seed N         run only seed N (replaces the experiment's seeds)
  --decisions      also write each run's decisions.csv: one line per scheduling outcome (time,
                   pod, attempt, bound/unschedulable/nominated/evicted, node, nodes rejected per
                   plugin, kube-scheduler's message); kept in memory during the run
  --no-report      skip statistics, charts and report.html (clusterlab chart makes them later)
  --quiet          print nothing but errors (no progress)
  --progress-every S  seconds between progress lines when stderr is not a terminal (default 5)
  -h, --help       show this help`;

/** run's options (scenario takes the same). */
export const RUN_OPTIONS = { ...DRIVER_OPTIONS, seed: { type: "string" }, decisions: { type: "boolean" }, "progress-every": { type: "string" } } as const;

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: RUN_OPTIONS });
  if (values.help) {
    console.log(RUN_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new InputError("run: expected exactly one experiment file (see clusterlab run --help)");
  let seed: number | undefined;
  if (values.seed !== undefined) {
    if (!/^-?\d+$/.test(values.seed)) throw new InputError(`run: --seed must be an integer, got "${values.seed}"`);
    seed = Number(values.seed);
    if (seed < 0 || seed > 2 ** 31 - 1) throw new InputError(`run: --seed must be between 0 and 2147483647, got ${values.seed}`);
  }
  const { jobs, shard } = jobsAndShard("run", values);

  const file = positionals[0]!;
  const text = await readTextFile(file);
  const source = parseYaml(text, file);
  // One command for every kind of experiment file: a fill experiment goes to fill (same options).
  if (kindOf(source) === "Fill") return (await import("./fill.js")).fillCommand(argv);
  const plan = decodeExperimentPlan(source, seed === undefined ? {} : { seed });
  const outDir = resolve(values.out ?? (shard ? `results/${plan.name}-shard-${shard.index}-of-${shard.count}` : `results/${plan.name}`));
  // The results folder as the user named it (relative to here when it is the default).
  const shownOut = values.out ?? rel(outDir);
  const outLabel = `--out ${shownOut}`;
  // Before anything else runs or prints: never replace what clusterlab did not write.
  prepareResultsFolder(outDir, { label: outLabel, inputs: [plan.file, ...plan.inputFiles] });
  // Manifest inputs are small: validate them now, so their errors too come before any run starts.
  const manifestFiles = [plan.cluster, ...plan.workloads.map((w) => w.spec)].flatMap((s) => (s.kind === "manifests" ? [s.file] : []));
  for (const f of new Set(manifestFiles)) await loadManifests(f);
  const total = shardRuns(runList(plan), shard).length;
  const quiet = !!values.quiet;
  // The experiment's own plugin files (`plugins:`): loaded here, and by each worker from its task.
  const families = await loadPlugins(plan.pluginFiles);
  const registry = families.scheduling;
  // A variant's model.proxy must name a proxy plugin: checked before any run, too.
  for (const v of plan.variants) {
    if (v.model.proxy !== null && !families.proxy.has(v.model.proxy)) {
      throw new InputError(`${plan.file}: variant "${v.name}": model.proxy: unknown proxy plugin "${v.model.proxy}" (known: ${families.proxy.names().join(", ")})`);
    }
  }
  // Plugin args are checked when a profile is built: build each variant's profiles once, on an empty snapshot,
  // so their errors too come before the plan line and any run.
  for (const v of plan.variants) {
    for (const profile of v.scheduler.profiles) buildProfile(v.scheduler, profile, registry, { snapshot: new Snapshot(), rng: Rng.seeded(0) });
  }
  const progress = new Progress(`${plan.name}${shard ? ` shard ${shard.index}/${shard.count}` : ""}`, {
    quiet,
    ...(values["progress-every"] !== undefined ? { plainEverySeconds: intOption("run", values["progress-every"], "--progress-every", 1) } : {}),
  });
  let finishedRuns = 0;
  const plain = !quiet && !(process.stderr.isTTY && !process.env.CI);
  if (!quiet) {
    const dims = `${plan.variants.length} variant(s) × ${plan.workloads.length} workload(s) × ${plan.seeds.length} seed(s)`;
    console.error(`${plan.name}: ${dims} = ${runList(plan).length} run(s)${shard ? `; shard ${shard.index}/${shard.count} runs ${total}` : ""}`);
  }

  // Ctrl-C / SIGTERM: abort (workers are terminated, the temporary folder removed); a second one exits at once.
  const stopped = await stoppable("run", outDir, progress, quiet, (signal) =>
    runSweep(plan, text, {
      outDir,
      outLabel,
      jobs,
      shard,
      seedOverride: seed ?? null,
      registry,
      networkPlugins: { proxy: families.proxy, cni: families.cni },
      pluginFiles: plan.pluginFiles,
      workerFile: fileURLToPath(new URL("./run-worker.js", import.meta.url)),
      signal,
      report: !values["no-report"],
      decisions: !!values.decisions,
      onRunProgress: (run, p) => {
        if (total === 1) progress.run(p);
        else progress.update(finishedRuns, total, `${run.dir}: ${describeRun(p, false)}`);
      },
      onRunDone: (run, s, done, n) => {
        finishedRuns = done;
        if (n > 1) progress.update(done, n, "runs done");
        if (plain && n > 1) console.error(`[${done}/${n}] ${run.dir}: ${runLine(s)}`);
      },
    }),
  );
  if ("exitCode" in stopped) return stopped.exitCode;
  const result = stopped.result;
  progress.done();
  if (quiet) return 0;
  if (result.runs.length === 1) console.log(`${plan.name}: ${runLine(result.summaries[0]!)}`);
  console.log(`${result.runs.length} run(s) in ${result.wallSeconds.toFixed(1)} s with ${result.jobs} job(s)`);
  console.log(`results written to ${shownOut}`);
  if (shard) console.log(`shard ${shard.index}/${shard.count} of experiment ${result.manifest.hash.slice(0, 19)}…: combine the shards with clusterlab merge <out> <shard folders…>`);
  if (result.report && plan.variants.length > 1) {
    const ranking = rankingText(await readAggregate(join(outDir, "aggregate.csv")), plan.report.metrics?.[0] ?? "wait_us.mean");
    if (ranking.length) console.log(["", ...ranking, ""].join("\n"));
  }
  if (result.report) console.log(`report: ${join(shownOut, relative(outDir, result.report.report))} (${result.report.charts.length} chart files)`);
  if (result.reportError) console.error(`clusterlab run: warning: no report (${result.reportError}); retry with clusterlab chart ${shownOut}`);
  return 0;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const rel = (p: string) => relative(process.cwd(), p) || ".";

function runLine(s: RunSummary): string {
  const p = s.pods;
  const a = s.allocation;
  return (
    `${p.arrived} pods arrived, ${p.scheduled} scheduled, ${p.unschedulable} unschedulable, ${p.completed} completed${p.failed ? `, ${p.failed} failed` : ""}${p.deleted ? `, ${p.deleted} deleted` : ""}; ` +
    `allocation mean cpu ${pct(a.cpu.mean)} memory ${pct(a.memory.mean)} gpu ${pct(a.gpu.mean)}; ` +
    `${s.scheduling_attempts} scheduling decisions in ${s.wall_seconds.toFixed(2)} s (${s.decisions_per_second.toLocaleString("en-US")}/s)`
  );
}

/** The `kind` of an experiment file's first document, if it is a string. */
function kindOf(src: ReturnType<typeof parseYaml>): string | undefined {
  const doc = src.docs[0]?.toJS() as { kind?: unknown } | null | undefined;
  return typeof doc?.kind === "string" ? doc.kind : undefined;
}
