/**
 * Ctrl-C and SIGTERM for commands that run experiments: the first one aborts the work (workers are
 * terminated, the temporary folder removed) and the command exits 130 (SIGINT) or 143 (SIGTERM); a
 * second one exits at once.
 */
import { InputError } from "../core/errors.js";
import type { Progress } from "./progress.js";

/**
 * Runs `work` with the stop signals wired to its AbortSignal: its result, or — when a stop signal ended
 * it — the exit code, after one line saying nothing was written to `outDir`.
 */
export async function stoppable<T>(
  command: string,
  outDir: string,
  progress: Progress,
  quiet: boolean,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<{ result: T } | { exitCode: number }> {
  const ac = new AbortController();
  const started = Date.now();
  let exitCode = 130;
  const onSignal = (sig: NodeJS.Signals) => {
    if (ac.signal.aborted) process.exit(exitCode);
    exitCode = sig === "SIGTERM" ? 143 : 130;
    progress.done();
    if (!quiet) console.error(`\n${sig}: stopping runs and removing the temporary folder (again to exit at once)`);
    ac.abort(new InputError("interrupted"));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return { result: await work(ac.signal) };
  } catch (e) {
    progress.done();
    if (!ac.signal.aborted) throw e;
    console.error(`clusterlab ${command}: interrupted after ${((Date.now() - started) / 1000).toFixed(1)} s; nothing written to ${outDir}`);
    return { exitCode };
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
