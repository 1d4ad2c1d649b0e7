/**
 * Parsed traces kept by the process that read them: a sweep runs many simulations of one workload (every
 * variant × seed), and each reads its trace twice (scan, then replay). A trace file small enough to hold
 * (≤ 8 MiB) is parsed once per process (per worker) and its pods replayed from memory; larger ones are
 * always streamed, so a long trace never sits in memory. Runs stay independent: pods are immutable
 * once read (each run makes its own Pod objects from them), and the entry is keyed by the file's size
 * and modification time as well as by what it was read with.
 */
import { statSync } from "node:fs";
import { readPodBatches, readPods, type TracePod, type TraceReadStats } from "../trace/index.js";
import type { TraceFormatName } from "../trace/formats.js";
import { newReadStats } from "../trace/types.js";

const MAX_BYTES = 8 * 1024 * 1024;
const MAX_ENTRIES = 4;

interface Entry {
  pods: readonly TracePod[];
  stats: TraceReadStats;
}

const cache = new Map<string, Entry>();

/**
 * The trace's pods in file order: the array this process holds when the file is small (read on first use,
 * its read stats added to `stats` on every call), else a stream read as it is iterated.
 */
export async function tracePods(file: string, format: TraceFormatName, skipBadRows: boolean, stats: TraceReadStats): Promise<readonly TracePod[] | AsyncIterable<TracePod>> {
  const st = statSync(file);
  if (st.size > MAX_BYTES) return readPods(file, format, { skipBadRows, stats });
  const key = JSON.stringify([file, st.size, st.mtimeMs, format, skipBadRows]);
  let e = cache.get(key);
  if (!e) {
    const read = newReadStats();
    const pods: TracePod[] = [];
    for await (const batch of readPodBatches(file, format, { skipBadRows, stats: read })) for (const p of batch) pods.push(Object.freeze(p));
    e = { pods, stats: read };
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, e);
  }
  stats.format = e.stats.format;
  stats.rows += e.stats.rows;
  stats.badRows += e.stats.badRows;
  stats.errors.push(...e.stats.errors);
  return e.pods;
}

/** Whether tracePods gave the held array (iterate it directly: no promise per pod). */
export function isHeld(pods: readonly TracePod[] | AsyncIterable<TracePod>): pods is readonly TracePod[] {
  return Array.isArray(pods);
}
