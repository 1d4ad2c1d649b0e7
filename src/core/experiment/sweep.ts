/**
 * Runs an experiment's run list (or one shard of it) and writes the results folder:
 *   <out>/experiment.yaml                     the experiment file, verbatim
 *   <out>/manifest.json                       hashes of the inputs, the run list, the shard (manifest.ts)
 *   <out>/summary.csv                         one row per run (table.ts)
 *   <out>/<variant>/scheduler.yaml            the variant's effective KubeSchedulerConfiguration
 *   <out>/<variant>/<workload>/seed-<n>/      pods.csv, timeseries.csv, summary.json
 *   and, for a complete experiment, aggregate.csv, comparison.csv, charts/ and report.html (report-hook.ts).
 * Everything is written into a temporary folder beside <out> that is renamed at the end, so a failed or
 * interrupted experiment leaves nothing under <out>. Runs are independent and deterministic, so they
 * run in any order, in this thread (jobs = 1) or in a piscina pool of worker threads (the caller's worker
 * entry, compiled JS only; from TypeScript sources the runs stay in this thread), with identical results.
 */
import { NO_NETWORK_PLUGINS, type NetworkPlugins } from "../network/network-plugins.js";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { writeRunFiles } from "../metrics/results.js";
import type { RunSummary } from "../metrics/summary.js";
import type { PluginRegistry } from "../scheduler/profile.js";
import { createRunScope } from "./container.js";
import { drive, type RunKind } from "./driver.js";
import { buildManifest, manifestJson, type Manifest } from "./manifest.js";
import { renderReport, type ReportFiles } from "./report-hook.js";
import { shardRuns, type Shard } from "./shard.js";
import { runList, type ExperimentPlan, type PlannedRun } from "./spec.js";
import { summaryCsv } from "./table.js";
import { simulate, type RunProgress } from "./run.js";
import type { WorkerTask } from "./worker.js";

export interface SweepOptions {
  outDir: string;
  /** How the output folder was named by the user, for error messages (default: outDir). */
  outLabel?: string;
  /** Worker threads; 1 runs everything in this thread. */
  jobs: number;
  shard?: Shard | null;
  /** The --seed override the plan was decoded with (recorded in the manifest, passed to workers). */
  seedOverride?: number | null;
  /** Plugin registry for runs in this thread and for checking the variants' plugin args up front. */
  registry: PluginRegistry;
  /** Service-proxy plugins by name, for runs in this thread that set model.proxy. */
  networkPlugins?: NetworkPlugins;
  /** The experiment's plugin files, which worker threads load into their own registry. */
  pluginFiles?: readonly string[];
  /** The piscina worker entry (a compiled module running `runTask`); without it every run stays in this thread. */
  workerFile?: string;
  signal?: AbortSignal;
  /** Called as each run starts and finishes (in completion order). */
  onRunStart?(run: PlannedRun): void;
  onRunDone?(run: PlannedRun, summary: RunSummary, done: number, total: number): void;
  /** Progress of a run in this thread (about every 100 ms; runs in worker threads report only when done). */
  onRunProgress?(run: PlannedRun, progress: RunProgress): void;
  /** Write each run's decisions.csv (one line per scheduling outcome). */
  decisions?: boolean;
  /** Render statistics, charts and report.html (default true; never for a shard). */
  report?: boolean;
}

export interface SweepResult {
  outDir: string;
  manifest: Manifest;
  runs: PlannedRun[];
  summaries: RunSummary[];
  /** Threads actually used (1 when running from sources or with a single run). */
  jobs: number;
  wallSeconds: number;
  report: ReportFiles | null;
  /** Why the report could not be rendered (the results are written all the same). */
  reportError: string | null;
}


/**
 * Checks every variant's scheduler profiles build with the registry (plugin names and args), before
 * anything is written: a bad plugin arg fails here with its position, not in the middle of a sweep.
 */
export function checkVariants(plan: ExperimentPlan, registry: PluginRegistry, networkPlugins: NetworkPlugins = NO_NETWORK_PLUGINS): void {
  const runs = runList(plan);
  for (const v of plan.variants) {
    const run = runs.find((r) => r.variant === v);
    if (run) createRunScope(run.spec, run.seed, v.scheduler, registry, 1_000_000, networkPlugins);
  }
}

/** The Experiment kind for the driver: simulate a run and write its folder; summary.csv, manifest and report at the end. */
function experimentKind(plan: ExperimentPlan, text: string, runs: readonly PlannedRun[], manifest: Manifest, opts: SweepOptions, report: { files: ReportFiles | null; error: string | null }): RunKind<PlannedRun, RunSummary> {
  return {
    kind: "Experiment",
    async prepare(tmp) {
      await writeFile(join(tmp, "experiment.yaml"), text);
      for (const v of plan.variants) {
        await mkdir(join(tmp, v.name), { recursive: true });
        await writeFile(join(tmp, v.name, "scheduler.yaml"), v.schedulerYaml);
      }
    },
    async runHere(run, dir, signal) {
      const onRunProgress = opts.onRunProgress;
      const { recorder, summary, decisions, extraFiles } = await simulate(run.spec, {
        registry: opts.registry,
        ...(opts.networkPlugins ? { networkPlugins: opts.networkPlugins } : {}),
        decisions: !!opts.decisions,
        config: run.variant.scheduler,
        ...(signal ? { signal } : {}),
        ...(onRunProgress ? { onProgress: (p: RunProgress) => onRunProgress(run, p) } : {}),
      });
      await writeRunFiles(dir, recorder, summary, decisions, extraFiles);
      return summary;
    },
    task(run, dir): WorkerTask {
      return {
        kind: "Experiment",
        file: plan.file,
        text,
        seedOverride: opts.seedOverride ?? null,
        index: run.index,
        dir: run.dir,
        outDir: dir,
        pluginFiles: [...(opts.pluginFiles ?? [])],
        decisions: !!opts.decisions,
      };
    },
    async finish(tmp, summaries) {
      await writeFile(join(tmp, "summary.csv"), summaryCsv(runs.map((r, i) => ({ variant: r.variant.name, workload: r.workload.name, seed: r.seed, summary: summaries[i] }))));
      await writeFile(join(tmp, "manifest.json"), manifestJson(manifest));
      if (manifest.shard === null && opts.report !== false && runs.length > 0) {
        opts.signal?.throwIfAborted();
        try {
          report.files = relocate(await renderReport(tmp), tmp, opts.outDir);
        } catch (e) {
          report.error = (e as Error).message.split("\n")[0]!;
        }
      }
    },
  };
}

/** Runs the plan's runs (or the shard's) and writes the results folder atomically. */
export async function runSweep(plan: ExperimentPlan, text: string, opts: SweepOptions): Promise<SweepResult> {
  const start = performance.now();
  const shard = opts.shard ?? null;
  const all = runList(plan);
  const runs = shardRuns(all, shard);
  checkVariants(plan, opts.registry, opts.networkPlugins);
  const manifest = await buildManifest(plan, text, all, opts.seedOverride ?? null, shard);
  const report: { files: ReportFiles | null; error: string | null } = { files: null, error: null };
  const { results, threads } = await drive(experimentKind(plan, text, runs, manifest, opts, report), runs, {
    outDir: opts.outDir,
    outLabel: opts.outLabel ?? opts.outDir,
    inputs: [plan.file, ...plan.inputFiles],
    jobs: opts.jobs,
    ...(opts.workerFile ? { workerFile: opts.workerFile } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onRunStart ? { onRunStart: opts.onRunStart } : {}),
    ...(opts.onRunDone ? { onRunDone: opts.onRunDone } : {}),
  });
  return { outDir: opts.outDir, manifest, runs, summaries: results, jobs: threads, wallSeconds: (performance.now() - start) / 1000, report: report.files, reportError: report.error };
}

/** Paths written under the temporary folder, as they are after the rename. */
export function relocate(files: ReportFiles, from: string, to: string): ReportFiles {
  const mv = (p: string) => (p.startsWith(from) ? to + p.slice(from.length) : p);
  return { report: mv(files.report), stats: files.stats.map(mv), charts: files.charts.map(mv) };
}
