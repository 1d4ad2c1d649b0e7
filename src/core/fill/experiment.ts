/**
 * The Fill kind of experiment: runs a fill experiment file (spec.ts), or one shard of its run list, through
 * the run driver (experiment/driver.ts: worker threads, abort, atomic folder) and writes its results folder:
 *   fill.csv        variant,workload,seed,arrived_pct,gpu_alloc_pct,gpu_frag_pct,gpu_unalloc_pct
 *                   (one row per integer arrived % from 0 to tune·100, per run)
 *   runs.csv        variant,workload,seed,pods,scheduled,failed,first_failure_pct,wall_seconds,decisions_per_second
 *   summary.json    the spec, version, RNG, wall time, and per variant × workload the mean unallocated GPU %
 *                   at 100 % and at tune·100 % arrived
 *   comparison.md   with `compareWith`: ours vs the authors' summary (compare.ts)
 *   experiment.yaml a copy of the input file
 *   manifest.json   the inputs' hashes, the run list and the shard (experiment/manifest.ts, kind Fill), and
 *                   what `merge` needs to write the files above from the runs' folders
 *   <variant>/<workload>/seed-<n>/   fill.csv (this run's rows) and run.json (its curve and stats, exact)
 * `clusterlab fill` and `clusterlab run` on a kind: Fill file call it.
 */
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { RNG_ALGORITHM } from "../engine/rng.js";
import { MANIFEST_FILE, prepareResultsFolder } from "../util/results-folder.js";
import { drive, type DriverRun, type KindTask, type RunKind } from "../experiment/driver.js";
import { manifestJson, manifestOf, type Manifest } from "../experiment/manifest.js";
import { shardRuns, type Shard } from "../experiment/shard.js";
import { VERSION } from "../version.js";
import { fillCsv, toRows, type FillRow } from "./aggregate.js";
import { FillInputs, type FillJob, type FillJobResult } from "./batch.js";
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
  /** The piscina worker entry (see driver.ts); without it every run stays in this thread. */
  workerFile?: string;
  /** Run only this slice of the run list (`--shard i/N`); `clusterlab merge` combines the slices. */
  shard?: Shard | null;
  signal?: AbortSignal;
  /** Called after each run. */
  onProgress?(done: number, total: number): void;
}

export interface FillExperimentResult {
  dir: string;
  rows: FillRow[];
  results: FillJobResult[];
  manifest: Manifest;
  /** Threads actually used. */
  jobs: number;
  wallSeconds: number;
}

/** One run of a fill experiment: its job and its place in the run list. */
export interface FillRun extends DriverRun {
  job: FillJob;
}

/** What a worker thread is sent for one fill run. */
export interface FillTask extends KindTask {
  kind: "Fill";
  job: FillJob;
  /** Absolute folder of the run's files. */
  outDir: string;
}

/** The runs of a spec, variant-major (variant × workload × seed), each with its folder. */
export function fillRuns(spec: FillSpec): FillRun[] {
  const runs: FillRun[] = [];
  for (const v of spec.variants) {
    for (const w of spec.workloads) {
      for (const seed of spec.seeds) {
        const job: FillJob = {
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
        };
        runs.push({ index: runs.length, dir: `${v.name}/${w.name}/seed-${seed}`, job });
      }
    }
  }
  return runs;
}

/** Every file a fill experiment reads (none may lie inside its results folder). */
function fillInputs(spec: FillSpec): string[] {
  const files = [spec.file, spec.nodesFile, ...spec.workloads.map((w) => w.file)];
  for (const v of spec.variants) if (v.schedulerConfig) files.push(v.schedulerConfig);
  if (spec.compareWith) files.push(spec.compareWith);
  return files;
}

const RUN_FILE = "run.json";

/** Runs one fill job and writes its folder: this run's fill.csv rows and run.json (the curve and stats, exactly). */
export async function runFillJob(inputs: FillInputs, job: FillJob, dir: string): Promise<FillJobResult> {
  const r = await inputs.run(job);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "fill.csv"), fillCsv(toRows(job.variant, job.workload, job.seed, r.curve)));
  // NaN (an arrived % no sample reached) is not JSON: written as null, read back as NaN.
  await writeFile(join(dir, RUN_FILE), JSON.stringify({ job, totalGpus: r.totalGpus, curve: r.curve, stats: r.stats }, (_k, v: unknown) => (typeof v === "number" && Number.isNaN(v) ? null : v)) + "\n");
  return r;
}

/** A run's result read back from its folder (for `merge`). */
export async function readFillRun(dir: string): Promise<FillJobResult> {
  const r = JSON.parse(await readFile(join(dir, RUN_FILE), "utf8")) as FillJobResult;
  const nan = (x: number | null) => (x === null ? NaN : x);
  for (const p of r.curve) {
    p.gpuAllocPct = nan(p.gpuAllocPct);
    p.gpuFragPct = nan(p.gpuFragPct);
    p.gpuUnallocPct = nan(p.gpuUnallocPct);
  }
  return r;
}

const RUNS_HEADER = "variant,workload,seed,pods,scheduled,failed,first_failure_pct,wall_seconds,decisions_per_second";

/**
 * fill.csv, runs.csv, summary.json and (for a complete experiment with `compareWith`) comparison.md from
 * the results in run order. Shared by a run and by `merge`, so a merged folder equals an unsharded one.
 */
export async function writeFillSummaries(tmp: string, spec: Omit<FillSpec, "file">, expectedSummary: string | null, results: readonly FillJobResult[], wallSeconds: number): Promise<void> {
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
  await writeFile(join(tmp, "fill.csv"), fillCsv(rows));
  await writeFile(join(tmp, "runs.csv"), runsCsv + "\n");
  const summary = { version: VERSION, rng: RNG_ALGORITHM, name: spec.name, spec: { ...spec, file: undefined }, wallSeconds, runs: results.length, meanUnallocatedGpuPct: means };
  await writeFile(join(tmp, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  if (expectedSummary !== null) {
    await writeFile(join(tmp, "comparison.md"), comparisonTable(compareWithExpected(rows, parseExpectedSummary(expectedSummary), { at: [100, top] })));
  }
}

/** The Fill kind for the run driver. */
function fillKind(spec: FillSpec, manifest: Manifest, opts: FillExperimentOptions, t0: number): RunKind<FillRun, FillJobResult> {
  const inputs = new FillInputs(() => opts.registry);
  return {
    kind: "Fill",
    async prepare(tmp) {
      await copyFile(spec.file, join(tmp, "experiment.yaml"));
    },
    runHere: (run, dir) => runFillJob(inputs, run.job, dir),
    task: (run, dir): FillTask => ({ kind: "Fill", job: run.job, outDir: dir }),
    async finish(tmp, results) {
      const complete = manifest.shard === null;
      const expected = complete ? (manifest.fill?.expectedSummary ?? null) : null;
      await writeFillSummaries(tmp, spec, expected, results, (performance.now() - t0) / 1000);
      await writeFile(join(tmp, MANIFEST_FILE), manifestJson(manifest));
    },
  };
}

/** The manifest of a fill experiment: the inputs' hashes, the run list, the shard, and what merge needs. */
export async function fillManifest(spec: FillSpec, runs: readonly FillRun[], shard: Shard | null): Promise<Manifest> {
  const text = await readFile(spec.file, "utf8");
  const expectedSummary = spec.compareWith ? await readFile(spec.compareWith, "utf8") : null;
  return manifestOf(
    {
      kind: "Fill",
      name: spec.name,
      file: spec.file,
      text,
      inputFiles: fillInputs(spec).slice(1),
      seedOverride: null,
      baseline: null,
      variants: spec.variants.map((v) => ({ name: v.name, base: v.name, params: {} })),
      workloads: spec.workloads.map((w) => w.name),
      seeds: spec.seeds,
      fill: { spec: { ...spec, file: undefined }, expectedSummary },
    },
    runs.map((r) => ({ index: r.index, variant: r.job.variant, workload: r.job.workload, seed: r.job.seed, dir: r.dir })),
    shard,
  );
}

export async function runFillExperiment(spec: FillSpec, opts: FillExperimentOptions): Promise<FillExperimentResult> {
  const t0 = performance.now();
  const shard = opts.shard ?? null;
  const all = fillRuns(spec);
  const runs = shardRuns(all, shard);
  const inputs = fillInputs(spec);
  prepareResultsFolder(opts.outDir, { label: opts.outLabel ?? opts.outDir, inputs });
  const manifest = await fillManifest(spec, all, shard);
  const { results, threads } = await drive(fillKind(spec, manifest, opts, t0), runs, {
    outDir: opts.outDir,
    outLabel: opts.outLabel ?? opts.outDir,
    inputs,
    jobs: opts.jobs ?? 1,
    ...(opts.workerFile ? { workerFile: opts.workerFile } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    onRunDone: (_r, _s, done, total) => opts.onProgress?.(done, total),
  });
  const rows = results.flatMap((r) => toRows(r.job.variant, r.job.workload, r.job.seed, r.curve));
  return { dir: opts.outDir, rows, results, manifest, jobs: threads, wallSeconds: (performance.now() - t0) / 1000 };
}
