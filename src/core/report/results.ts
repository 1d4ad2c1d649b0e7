/**
 * Reads an experiment's results folder for statistics and charts, without re-running anything:
 *   <dir>/<variant>/<workload>/seed-<n>/{pods.csv,timeseries.csv,summary.json}   one folder per run
 *   <dir>/summary.csv   optional; one row per run: variant,workload,seed,<flattened summary fields>
 *   <dir>/fill.csv      optional; the fill experiment's curves (variant,workload,seed,arrived_pct,…)
 *   <dir>/experiment.yaml   optional; the experiment file, shown in the report
 * A single run's folder (summary.json at the top) also works: one run, variant = its experiment name.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { InputError } from "../errors.js";
import { num, readCsv } from "./csv.js";
import type { RunMetrics } from "./stats.js";

export interface RunRef extends RunMetrics {
  /** The run's folder, or null for runs known only from summary.csv or fill.csv. */
  dir: string | null;
}

export interface FillPoint {
  variant: string;
  workload: string;
  seed: number;
  arrived_pct: number;
  gpu_alloc_pct: number;
  gpu_frag_pct: number;
  gpu_unalloc_pct: number;
}

export interface Results {
  dir: string;
  runs: RunRef[];
  /** Variant order: the colour order of every chart and the row order of every table. */
  variants: string[];
  workloads: string[];
  fill: FillPoint[];
  experimentFile: string | null;
  experimentText: string | null;
  /** Distinct "clusterlab <version>, <rng>" strings found in the runs' summary.json files. */
  producers: string[];
}

export interface LoadOptions {
  /** Variant order (others follow in first-seen order). */
  variants?: readonly string[];
  workloads?: readonly string[];
  /** The experiment file to show (default: <dir>/experiment.yaml if present). */
  experimentFile?: string;
  /** Arrived % at which fill.csv values become per-run metrics "fill.<column>@<pct>" (default 100). */
  fillArrivedPct?: number;
}

const RUN_FILES_DIR = /^seed-(-?\d+)$/;
const SKIP_DIRS = new Set(["charts"]);

/** Numeric leaves of a summary.json object as dotted keys ("wait_us.p99"); clusterlab.* is skipped. */
export function flattenSummary(obj: unknown, prefix = ""): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (v: unknown, key: string) => {
    if (typeof v === "number" && Number.isFinite(v)) out[key] = v;
    else if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) if (!(key === "" && k === "clusterlab")) walk(x, key ? `${key}.${k}` : k);
    }
  };
  walk(obj, prefix);
  return out;
}

async function subdirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith(".") && !SKIP_DIRS.has(e.name))
    .map((e) => e.name)
    .sort();
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new InputError(`${file}: cannot read summary (${(e as Error).message.split("\n")[0]})`);
  }
}

function producer(s: Record<string, unknown>): string | null {
  const c = s.clusterlab as { version?: unknown; rng?: unknown } | undefined;
  return c && typeof c.version === "string" ? `clusterlab ${c.version}${typeof c.rng === "string" ? `, ${c.rng}` : ""}` : null;
}

/** summary.json of one run (metrics/summary.ts RunSummary), as opposed to e.g. a fill experiment's. */
function isRunSummary(s: Record<string, unknown>): boolean {
  return typeof s.pods === "object" && s.pods !== null && typeof s.wait_us === "object" && s.wait_us !== null;
}

function ordered(firstSeen: Iterable<string>, preferred: readonly string[] | undefined): string[] {
  const seen = [...new Set(firstSeen)];
  if (!preferred) return seen;
  return [...preferred.filter((v) => seen.includes(v)), ...seen.filter((v) => !preferred.includes(v))];
}

/** Loads a results folder (see the file comment). Throws InputError when it holds no results. */
export async function loadResults(dir: string, opts: LoadOptions = {}): Promise<Results> {
  if (!existsSync(dir)) throw new InputError(`${dir}: no such results folder`);
  const runs: RunRef[] = [];
  const producers = new Set<string>();
  const key = (v: string, w: string, s: number) => `${v}\u0000${w}\u0000${s}`;
  const byKey = new Map<string, RunRef>();
  const add = (r: RunRef) => {
    const k = key(r.variant, r.workload, r.seed);
    const old = byKey.get(k);
    if (old) {
      Object.assign(old.metrics, r.metrics);
      old.dir ??= r.dir;
    } else {
      byKey.set(k, r);
      runs.push(r);
    }
  };

  // summary.csv first: its row order is the experiment's order.
  const summaryCsv = join(dir, "summary.csv");
  if (existsSync(summaryCsv)) {
    for (const row of await readCsv(summaryCsv)) {
      const seed = num(row.seed);
      if (row.variant === undefined || row.workload === undefined || seed === undefined) {
        throw new InputError(`${summaryCsv}: expected columns variant, workload, seed`);
      }
      const metrics: Record<string, number> = {};
      for (const [k, v] of Object.entries(row)) {
        if (k === "variant" || k === "workload" || k === "seed") continue;
        const x = num(v);
        if (x !== undefined) metrics[k] = x;
      }
      add({ variant: row.variant, workload: row.workload, seed, dir: null, metrics });
    }
  }

  const top = existsSync(join(dir, "summary.json")) ? await readJson(join(dir, "summary.json")) : null;
  if (top && isRunSummary(top)) {
    // A single run's folder (a fill experiment's summary.json has another shape and is not a run).
    const s = top;
    const p = producer(s);
    if (p) producers.add(p);
    const seed = Number((s.clusterlab as { seed?: unknown } | undefined)?.seed ?? 0);
    const variant = typeof s.experiment === "string" && s.experiment ? s.experiment : basename(dir);
    add({ variant, workload: "workload", seed, dir, metrics: flattenSummary(s) });
  } else {
    for (const v of await subdirs(dir)) {
      for (const w of await subdirs(join(dir, v))) {
        for (const sd of await subdirs(join(dir, v, w))) {
          const m = RUN_FILES_DIR.exec(sd);
          const runDir = join(dir, v, w, sd);
          if (!m || !existsSync(join(runDir, "summary.json"))) continue;
          const s = await readJson(join(runDir, "summary.json"));
          const p = producer(s);
          if (p) producers.add(p);
          const k = key(v, w, Number(m[1]));
          // summary.csv already has this run's metrics (possibly more than summary.json): keep them.
          if (byKey.has(k)) byKey.get(k)!.dir = runDir;
          else add({ variant: v, workload: w, seed: Number(m[1]), dir: runDir, metrics: flattenSummary(s) });
        }
      }
    }
  }

  const fill: FillPoint[] = [];
  const fillCsv = join(dir, "fill.csv");
  if (existsSync(fillCsv)) {
    const at = opts.fillArrivedPct ?? 100;
    for (const row of await readCsv(fillCsv)) {
      const p: FillPoint = {
        variant: row.variant ?? "",
        workload: row.workload ?? "",
        seed: num(row.seed) ?? 0,
        arrived_pct: num(row.arrived_pct) ?? NaN,
        gpu_alloc_pct: num(row.gpu_alloc_pct) ?? NaN,
        gpu_frag_pct: num(row.gpu_frag_pct) ?? NaN,
        gpu_unalloc_pct: num(row.gpu_unalloc_pct) ?? NaN,
      };
      if (!p.variant || Number.isNaN(p.arrived_pct)) throw new InputError(`${fillCsv}: expected columns variant, workload, seed, arrived_pct, …`);
      fill.push(p);
      if (p.arrived_pct === at) {
        add({
          variant: p.variant, workload: p.workload, seed: p.seed, dir: null,
          metrics: { [`fill.gpu_alloc_pct@${at}`]: p.gpu_alloc_pct, [`fill.gpu_frag_pct@${at}`]: p.gpu_frag_pct, [`fill.gpu_unalloc_pct@${at}`]: p.gpu_unalloc_pct },
        });
      }
    }
  }

  if (runs.length === 0 && fill.length === 0) {
    throw new InputError(`${dir}: no results found (expected <variant>/<workload>/seed-<n>/summary.json, summary.csv, fill.csv or a run folder)`);
  }
  const experimentFile = opts.experimentFile ?? (existsSync(join(dir, "experiment.yaml")) ? join(dir, "experiment.yaml") : null);
  const experimentText = experimentFile ? await readFile(experimentFile, "utf8") : null;
  return {
    dir,
    runs,
    variants: ordered([...runs.map((r) => r.variant), ...fill.map((p) => p.variant)], opts.variants),
    workloads: ordered([...runs.map((r) => r.workload), ...fill.map((p) => p.workload)], opts.workloads),
    fill,
    experimentFile,
    experimentText,
    producers: [...producers],
  };
}

/** A run's time series: one Float64Array per column of timeseries.csv (or another per-run CSV of numbers, such as pod-network.csv). */
export type Timeseries = Record<string, Float64Array>;

export async function readTimeseries(runDir: string, name = "timeseries.csv"): Promise<Timeseries | null> {
  const file = join(runDir, name);
  if (!existsSync(file)) return null;
  const lines = (await readFile(file, "utf8")).split("\n").filter((l) => l.length > 0);
  const header = lines[0]?.split(",") ?? [];
  const cols: Timeseries = {};
  header.forEach((h) => (cols[h] = new Float64Array(lines.length - 1)));
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.split(",");
    for (let j = 0; j < header.length; j++) cols[header[j]!]![i - 1] = f[j] === "" || f[j] === undefined ? NaN : Number(f[j]);
  }
  return cols;
}

/** Scheduling waits (µs, ascending) of a run's scheduled pods, and how many pods arrived. */
/** Each started pod's node and run span from pods.csv (end absent while it still ran at the end). */
export async function readPodSpans(runDir: string): Promise<{ node: string; startUs: number; endUs?: number }[]> {
  const file = join(runDir, "pods.csv");
  if (!existsSync(file)) return [];
  const out: { node: string; startUs: number; endUs?: number }[] = [];
  for (const r of await readCsv(file)) {
    const start = num(r.start_us);
    if (start === undefined || !r.node) continue;
    const end = num(r.end_us);
    out.push(end === undefined ? { node: r.node, startUs: start } : { node: r.node, startUs: start, endUs: end });
  }
  return out;
}

export async function readWaits(runDir: string): Promise<{ waitsUs: Float64Array; arrived: number } | null> {
  const file = join(runDir, "pods.csv");
  if (!existsSync(file)) return null;
  const rows = await readCsv(file);
  const waits: number[] = [];
  for (const r of rows) {
    const w = num(r.wait_us);
    if (w !== undefined) waits.push(w);
  }
  const out = Float64Array.from(waits).sort();
  return { waitsUs: out, arrived: rows.length };
}
