/**
 * Scale-out: `--shard i/N` runs the i-th of N slices of the run list, dealt round-robin (run k belongs to
 * shard k mod N), so every shard gets a similar mix of variants and seeds. `--shard auto` reads the
 * index from the batch system:
 *   Kubernetes Indexed Job   JOB_COMPLETION_INDEX; N from --shards or CLUSTERLAB_SHARDS
 *   Slurm job array          SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_STEP and
 *                            SLURM_ARRAY_TASK_COUNT (so --array=1-4 and --array=0-6:2 work too);
 *                            --shards or CLUSTERLAB_SHARDS override N
 */
import { InputError } from "../errors.js";

export interface Shard {
  index: number;
  count: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function nat(s: string | undefined, what: string, min: number): number {
  if (s === undefined || !/^\d+$/.test(s.trim()) || Number(s) < min) throw new InputError(`${what} must be an integer ≥ ${min}, got ${JSON.stringify(s ?? "")}`);
  return Number(s);
}

function check(s: Shard, what: string): Shard {
  if (s.index >= s.count) throw new InputError(`${what}: shard index ${s.index} is not below the shard count ${s.count}`);
  return s;
}

/** The shard given by `--shard` (`i/N` or `auto`), `--shards` and the environment. */
export function parseShard(arg: string, shards: string | undefined, env: Env = process.env): Shard {
  const countOverride = shards !== undefined ? nat(shards, "--shards", 1) : env.CLUSTERLAB_SHARDS !== undefined ? nat(env.CLUSTERLAB_SHARDS, "CLUSTERLAB_SHARDS", 1) : null;
  if (arg !== "auto") {
    const m = /^(\d+)\/(\d+)$/.exec(arg.trim());
    if (!m) throw new InputError(`--shard must be i/N (e.g. 0/4) or auto, got "${arg}"`);
    const s = { index: Number(m[1]), count: Number(m[2]) };
    if (s.count < 1) throw new InputError(`--shard ${arg}: the shard count must be at least 1`);
    if (shards !== undefined && countOverride !== s.count) throw new InputError(`--shard ${arg} and --shards ${shards} disagree`);
    return check(s, `--shard ${arg}`);
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    const index = nat(env.JOB_COMPLETION_INDEX, "JOB_COMPLETION_INDEX", 0);
    if (countOverride === null) {
      throw new InputError("--shard auto: JOB_COMPLETION_INDEX is set but the number of shards is not: pass --shards N or set CLUSTERLAB_SHARDS (the Job's completions)");
    }
    return check({ index, count: countOverride }, "--shard auto (JOB_COMPLETION_INDEX)");
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const id = nat(env.SLURM_ARRAY_TASK_ID, "SLURM_ARRAY_TASK_ID", 0);
    const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : nat(env.SLURM_ARRAY_TASK_MIN, "SLURM_ARRAY_TASK_MIN", 0);
    const step = env.SLURM_ARRAY_TASK_STEP === undefined ? 1 : nat(env.SLURM_ARRAY_TASK_STEP, "SLURM_ARRAY_TASK_STEP", 1);
    if ((id - min) % step !== 0 || id < min) throw new InputError(`--shard auto: SLURM_ARRAY_TASK_ID ${id} is not min ${min} + k × step ${step}`);
    const count = countOverride ?? (env.SLURM_ARRAY_TASK_COUNT === undefined ? null : nat(env.SLURM_ARRAY_TASK_COUNT, "SLURM_ARRAY_TASK_COUNT", 1));
    if (count === null) throw new InputError("--shard auto: SLURM_ARRAY_TASK_COUNT is not set: pass --shards N");
    return check({ index: (id - min) / step, count }, "--shard auto (SLURM_ARRAY_TASK_ID)");
  }
  throw new InputError("--shard auto: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (Slurm job array) is set");
}

/** The runs of `shard`: every run whose position in the ordered list is ≡ index (mod count). */
export function shardRuns<T extends { index: number }>(runs: readonly T[], shard: Shard | null): T[] {
  return shard ? runs.filter((r) => r.index % shard.count === shard.index) : [...runs];
}
