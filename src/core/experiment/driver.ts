/**
 * The one run driver of every kind of experiment (`kind: Experiment` sweeps, `kind: Fill`): it writes a
 * results folder under a temporary name and renames it at the end (writeAtomically), runs the runs in
 * this thread or in a piscina pool of worker threads, stops on the caller's AbortSignal or the first
 * failure (workers terminated, the temporary folder removed), and reports each run as it finishes.
 * What a run computes and which files a kind writes are the kind's; the order of the results is the
 * run list's whatever order the runs finish in, so outputs do not depend on threads.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Piscina } from "piscina";
import { writeAtomically } from "../util/results-folder.js";

export interface DriverRun {
  /** Position in the experiment's whole run list (shards keep the whole list's indexes). */
  readonly index: number;
  /** The run's folder, relative to the results folder. */
  readonly dir: string;
}

/** What a worker thread is sent: the kind's task, tagged so one worker entry serves every kind. */
export interface KindTask {
  readonly kind: string;
}

export interface RunKind<R extends DriverRun, S> {
  readonly kind: string;
  /** Runs `run` in this thread, writing its files under `dir` (absolute); its result. */
  runHere(run: R, dir: string, signal: AbortSignal | undefined): Promise<S>;
  /** The task that makes a worker thread do the same (structured-cloneable). */
  task(run: R, dir: string): KindTask;
  /** Files written before the runs (into the temporary folder). */
  prepare(tmp: string): Promise<void>;
  /** Files written from all the results, in run-list order, after the runs. */
  finish(tmp: string, results: readonly S[]): Promise<void>;
}

export interface DriveOptions<R, S> {
  outDir: string;
  /** How the user named the results folder (for errors). */
  outLabel?: string;
  /** Files the experiment reads: none may lie in the results folder. */
  inputs: readonly string[];
  /** Worker threads wanted (1 runs everything in this thread). */
  jobs: number;
  /** The piscina worker entry (compiled JS); without it, or from TypeScript sources, runs stay in this thread. */
  workerFile?: string;
  signal?: AbortSignal;
  onRunStart?(run: R): void;
  onRunDone?(run: R, result: S, done: number, total: number): void;
}

/** True when worker threads can run: a compiled worker entry exists. */
export function workersAvailable(workerFile: string | undefined): workerFile is string {
  return workerFile !== undefined && workerFile.endsWith(".js") && existsSync(workerFile);
}

/** Runs `runs` with `kind` into `opts.outDir`; the results in run order and the threads used. */
export async function drive<R extends DriverRun, S>(kind: RunKind<R, S>, runs: readonly R[], opts: DriveOptions<R, S>): Promise<{ results: S[]; threads: number }> {
  const jobs = Math.max(1, Math.min(opts.jobs, runs.length));
  const threads = jobs > 1 && workersAvailable(opts.workerFile) ? jobs : 1;
  const results: S[] = new Array(runs.length);
  let done = 0;
  const finished = (i: number, s: S) => {
    results[i] = s;
    opts.onRunDone?.(runs[i]!, s, ++done, runs.length);
  };
  await writeAtomically(opts.outDir, async (tmp) => {
    await kind.prepare(tmp);
    if (threads > 1) {
      for (const r of runs) opts.onRunStart?.(r);
      await runInPool(kind, runs, tmp, threads, opts.workerFile!, opts.signal, finished);
    } else {
      for (let i = 0; i < runs.length; i++) {
        opts.signal?.throwIfAborted();
        opts.onRunStart?.(runs[i]!);
        finished(i, await kind.runHere(runs[i]!, join(tmp, runs[i]!.dir), opts.signal));
      }
    }
    opts.signal?.throwIfAborted();
    await kind.finish(tmp, results);
    opts.signal?.throwIfAborted();
  }, { label: opts.outLabel ?? opts.outDir, inputs: opts.inputs });
  return { results, threads };
}

async function runInPool<R extends DriverRun, S>(
  kind: RunKind<R, S>,
  runs: readonly R[],
  root: string,
  jobs: number,
  workerFile: string,
  signal: AbortSignal | undefined,
  finished: (i: number, s: S) => void,
): Promise<void> {
  const pool = new Piscina<KindTask, S>({ filename: workerFile, minThreads: jobs, maxThreads: jobs, idleTimeout: 60_000 });
  // The caller's signal or the first failure destroys the pool: workers are terminated, queued tasks rejected.
  let failure: unknown = null;
  let destroyed: Promise<void> | null = null;
  const stop = (why: unknown) => {
    failure ??= why;
    destroyed ??= pool.destroy();
  };
  const onAbort = () => stop(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await Promise.allSettled(
      runs.map(async (run, i) => {
        try {
          finished(i, await pool.run(kind.task(run, join(root, run.dir))));
        } catch (e) {
          stop(e); // the first failure; the others are the destroyed pool's rejections
        }
      }),
    );
    if (failure !== null) throw failure;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await (destroyed ?? pool.destroy());
  }
}
