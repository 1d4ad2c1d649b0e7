/**
 * Ctrl-C and SIGTERM for commands that run experiments: the first one aborts the work (workers are
 * terminated, the temporary folder removed) and the command exits 130 (SIGINT) or 143 (SIGTERM); a
 * second one exits at once.
 */
import { InputError } from "../core/errors.js";

export interface StopSignals {
  readonly signal: AbortSignal;
  /** 130 or 143 once a signal came. */
  readonly exitCode: number;
  /** For a failed command: when a stop signal caused the failure, one line saying so and the exit code; else null. */
  interrupted(command: string, outDir: string): number | null;
  dispose(): void;
}

export function stopOnSignals(onStop: (sig: NodeJS.Signals) => void): StopSignals {
  const ac = new AbortController();
  const started = Date.now();
  let exitCode = 130;
  const handler = (sig: NodeJS.Signals) => {
    if (ac.signal.aborted) process.exit(exitCode);
    exitCode = sig === "SIGTERM" ? 143 : 130;
    onStop(sig);
    ac.abort(new InputError("interrupted"));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: ac.signal,
    get exitCode() {
      return exitCode;
    },
    interrupted(command, outDir) {
      if (!ac.signal.aborted) return null;
      console.error(`clusterlab ${command}: interrupted after ${((Date.now() - started) / 1000).toFixed(1)} s; nothing written to ${outDir}`);
      return exitCode;
    },
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
