/**
 * Runs a fill experiment file (spec.ts) end to end and writes its results folder (atomically):
 *   fill.csv        variant,workload,seed,arrived_pct,gpu_alloc_pct,gpu_frag_pct,gpu_unalloc_pct
 *                   (one row per integer arrived % from 0 to tune·100, per run)
 *   runs.csv        variant,workload,seed,pods,scheduled,failed,first_failure_pct,wall_seconds,decisions_per_second
 *   summary.json    the spec, version, RNG, wall time, and per variant × workload the mean unallocated GPU %
 *                   at 100 % and at tune·100 % arrived
 *   comparison.md   with `compareWith`: ours vs the authors' summary (compare.ts)
 *   experiment.yaml a copy of the input file
 *   manifest.json   marks the folder as clusterlab's (kind Fill), so a later fill may replace it
 * This is the CLI-independent entry a `clusterlab fill` command or an experiment `kind: Fill` calls.
 */
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { RNG_ALGORITHM } from "../engine/rng.js";
import { MANIFEST_FILE, markerJson, prepareResultsFolder, writeAtomically } from "../util/results-folder.js";
import { VERSION } from "../version.js";
import { fillCsv, toRows, type FillRow } from "./aggregate.js";
import { runFillBatch, type FillJob, type FillJobResult } from "./batch.js";
import { compareWithExpected, comparisonTable, parseExpectedSummary } from "./compare.js";
import type { FillSpec } from "./spec.js";
import type { PluginRegistry } from "../scheduler/profile.js";

export interface FillExperimentOptions {
  outDir: string;
  /** How the output folder was named by the user, for error messages (default: outDir). */
  outLabel?: string;
  /** Worker threads (default 1). */
  jobs?: number;
  /** The scheduling plugins (for runs in this thread). */
  registry: PluginRegistry;
  /** The worker thread entry (see batch.ts); without it every run stays in this thread. */
  workerFile?: string;
  /** Called after each run. */
  onProgress?(done: number, total: number): void;
}

export interface FillExperimentResult {
  dir: string;
  rows: FillRow[];
  results: FillJobResult[];
  wallSeconds: number;
}

/** The runs of a spec, variant-major (variant × workload × seed). */
export function fillJobs(spec: FillSpec): FillJob[] {
  const jobs: FillJob[] = [];
  for (const v of spec.variants) {
    for (const w of spec.workloads) {
      for (const seed of spec.seeds) {
        jobs.push({
          variant: v.name,
          workload: w.name,
          seed,
          nodesFile: spec.nodesFile,
          nodesFormat: spec.nodesFormat,
          podsFile: w.file,
          format: w.format,
          ...(v.policy ? { policy: v.policy } : {}),
          ...(v.schedulerConfig ? { schedulerConfig: v.schedulerConfig } : {}),
          ...(v.profile ? { profile: v.profile } : {}),
          tune: spec.tune,
          shuffleNodes: spec.shuffleNodes,
          maxPodsPerNode: spec.maxPodsPerNode,
          tieBreak: spec.tieBreak,
        });
      }
    }
  }
  return jobs;
}

/** Every file a fill experiment reads (none may lie inside its results folder). */
function fillInputs(spec: FillSpec): string[] {
  const files = [spec.file, spec.nodesFile, ...spec.workloads.map((w) => w.file)];
  for (const v of spec.variants) if (v.schedulerConfig) files.push(v.schedulerConfig);
  if (spec.compareWith) files.push(spec.compareWith);
  return files;
}

const RUNS_HEADER = "variant,workload,seed,pods,scheduled,failed,first_failure_pct,wall_seconds,decisions_per_second";

export async function runFillExperiment(spec: FillSpec, opts: FillExperimentOptions): Promise<FillExperimentResult> {
  const t0 = performance.now();
  const folder = { label: opts.outLabel ?? opts.outDir, inputs: fillInputs(spec) };
  prepareResultsFolder(opts.outDir, folder);
  const jobs = fillJobs(spec);
  const results = await runFillBatch(jobs, {
    jobs: opts.jobs ?? 1,
    registry: opts.registry,
    ...(opts.workerFile ? { workerFile: opts.workerFile } : {}),
    onResult: (_r, done, total) => opts.onProgress?.(done, total),
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  const rows = results.flatMap((r) => toRows(r.job.variant, r.job.workload, r.job.seed, r.curve));
  const top = Math.round(spec.tune * 100);
  const means: Record<string, Record<string, { unallocAt100: number; unallocAtTop: number }>> = {};
  for (const v of spec.variants) {
    means[v.name] = {};
    for (const w of spec.workloads) {
      const mine = rows.filter((r) => r.variant === v.name && r.workload === w.name);
      const mean = (x: number) => {
        const ys = mine.filter((r) => r.arrivedPct === x && !Number.isNaN(r.gpuUnallocPct)).map((r) => r.gpuUnallocPct);
        return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : NaN;
      };
      means[v.name]![w.name] = { unallocAt100: mean(100), unallocAtTop: mean(top) };
    }
  }
  const runsCsv = [
    RUNS_HEADER,
    ...results.map((r) => {
      const s = r.stats;
      const ff = s.firstFailureArrivedPct === null ? "" : s.firstFailureArrivedPct.toFixed(2);
      return [r.job.variant, r.job.workload, r.job.seed, s.pods, s.scheduled, s.failed, ff, s.wallSeconds.toFixed(3), Math.round(s.decisionsPerSecond)].join(",");
    }),
  ].join("\n");
  const comparison = spec.compareWith ? comparisonTable(compareWithExpected(rows, parseExpectedSummary(await readFile(spec.compareWith, "utf8")), { at: [100, top] })) : null;
  await writeAtomically(opts.outDir, async (tmp) => {
    await writeFile(join(tmp, "fill.csv"), fillCsv(rows));
    await writeFile(join(tmp, "runs.csv"), runsCsv + "\n");
    const summary = { version: VERSION, rng: RNG_ALGORITHM, name: spec.name, spec: { ...spec, file: undefined }, wallSeconds, runs: results.length, meanUnallocatedGpuPct: means };
    await writeFile(join(tmp, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
    if (comparison) await writeFile(join(tmp, "comparison.md"), comparison);
    await copyFile(spec.file, join(tmp, "experiment.yaml"));
    await writeFile(join(tmp, MANIFEST_FILE), markerJson("Fill", spec.name, VERSION));
  }, folder);
  return { dir: opts.outDir, rows, results, wallSeconds };
}
