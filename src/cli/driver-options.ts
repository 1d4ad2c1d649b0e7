/**
 * The options every command that runs an experiment through the run driver takes (`run`, `fill`):
 * where the results go, how many worker threads, which shard, and how much to print.
 */
import { availableParallelism } from "node:os";
import { InputError } from "../core/errors.js";
import { parseShard, type Shard } from "../core/experiment/shard.js";

export const DRIVER_OPTIONS = {
  out: { type: "string" },
  jobs: { type: "string", short: "j" },
  shard: { type: "string" },
  shards: { type: "string" },
  "no-report": { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** An integer option ≥ `min`, or a one-line error naming the command and the option. */
export function intOption(command: string, v: string, what: string, min: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min) throw new InputError(`${command}: ${what} must be an integer ≥ ${min}, got "${v}"`);
  return Number(v);
}

/** `--jobs` (default: the number of cores) and `--shard`/`--shards`. */
export function jobsAndShard(command: string, values: { jobs?: string; shard?: string; shards?: string }): { jobs: number; shard: Shard | null } {
  const jobs = values.jobs === undefined ? availableParallelism() : intOption(command, values.jobs, "--jobs", 1);
  if (values.shards !== undefined && values.shard === undefined) throw new InputError(`${command}: --shards needs --shard auto (or --shard i/N)`);
  return { jobs, shard: values.shard === undefined ? null : parseShard(values.shard, values.shards) };
}
