/**
 * Synthetic results folders for the report's tests and demos: the layout of an experiment
 * (<variant>/<workload>/seed-<n>/ with pods.csv, timeseries.csv, summary.json; summary.csv;
 * experiment.yaml) and optionally a fill experiment's fill.csv. Deterministic for given options.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { POD_COLUMNS, TIMESERIES_COLUMNS } from "../metrics/results.js";
import { flattenSummary } from "./results.js";

export interface SyntheticOptions {
  variants?: string[];
  workloads?: string[];
  seeds?: number[];
  pods?: number;
  samples?: number;
  /** Also write fill.csv (default true). */
  fill?: boolean;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]! : 0);

export async function writeSyntheticResults(dir: string, o: SyntheticOptions = {}): Promise<void> {
  const variants = o.variants ?? ["default", "MostAllocated", "BalancedAllocation"];
  const workloads = o.workloads ?? ["openb"];
  const seeds = o.seeds ?? [1, 2, 3];
  const nPods = o.pods ?? 300;
  const samples = o.samples ?? 240;
  const horizonUs = 6 * 3600e6;
  const summaryRows: string[] = [];
  let header: string[] | null = null;
  for (const [vi, variant] of variants.entries()) {
    for (const [wi, workload] of workloads.entries()) {
      for (const seed of seeds) {
        const rand = rng(1000 * seed + 37 * vi + wi);
        const level = 0.45 + 0.12 * vi + 0.05 * wi;
        const runDir = join(dir, variant, workload, `seed-${seed}`);
        await mkdir(runDir, { recursive: true });
        // timeseries: a ramp to a plateau with noise, per resource.
        const ts = [TIMESERIES_COLUMNS.join(",")];
        const allocSum = [0, 0, 0];
        for (let i = 0; i < samples; i++) {
          const t = Math.round((horizonUs * i) / (samples - 1));
          const shape = Math.min(1, i / (samples * 0.3)) * (i > samples * 0.85 ? (samples - i) / (samples * 0.15) : 1);
          const a = [0.9, 0.7, 1.1].map((f) => Math.max(0, Math.min(1, shape * level * f + 0.03 * (rand() - 0.5))));
          a.forEach((v, k) => (allocSum[k]! += v));
          const pending = Math.max(0, Math.round(shape * (12 - 3 * vi) * (1 + Math.sin(i / 9)) + 3 * rand()));
          ts.push(`${t},${a.map((v) => v.toFixed(6)).join(",")},${pending},${Math.round(shape * 80)},${Math.round(shape * 80)}`);
        }
        await writeFile(join(runDir, "timeseries.csv"), ts.join("\n") + "\n");
        // pods: exponential waits (some zero), a few never scheduled.
        const lines = [POD_COLUMNS.join(",")];
        const waits: number[] = [];
        for (let p = 0; p < nPods; p++) {
          const arrival = Math.round(rand() * horizonUs * 0.8);
          const unsched = rand() < 0.02 * (vi + 1);
          const wait = rand() < 0.4 ? 0 : Math.round(-Math.log(1 - rand()) * (20e6 + 15e6 * vi + 5e6 * wi) * (rand() < 0.05 ? 30 : 1));
          if (!unsched) waits.push(wait);
          const s = unsched ? "" : String(arrival + wait);
          lines.push(`pod-${p},default,${arrival},${s},${unsched ? "" : `node-${p % 7}`},${unsched ? "" : arrival + wait + 1e6},,${unsched ? "" : wait},1,${unsched ? "unschedulable" : "running"},1000,1073741824,1,1000,${unsched ? '"0/7 nodes are available: 7 Insufficient nvidia.com/gpu."' : ""}`);
        }
        await writeFile(join(runDir, "pods.csv"), lines.join("\n") + "\n");
        waits.sort((a, b) => a - b);
        const summary = {
          clusterlab: { version: "0.1.0", rng: "synthetic", seed },
          experiment: "synthetic",
          pods: { arrived: nPods, scheduled: waits.length, unschedulable: nPods - waits.length, completed: 0, running: waits.length, pending: 0 },
          wait_us: { p50: pct(waits, 50), p90: pct(waits, 90), p99: pct(waits, 99), mean: Math.round(waits.reduce((a, b) => a + b, 0) / Math.max(1, waits.length)), max: waits[waits.length - 1] ?? 0 },
          allocation: Object.fromEntries(["cpu", "memory", "gpu"].map((r, k) => [r, { mean: Number((allocSum[k]! / samples).toFixed(6)), final: 0 }])),
          nodes: 7,
          start_us: 0,
          end_us: horizonUs,
          makespan_us: horizonUs,
          scheduling_attempts: nPods,
          wall_seconds: 0.5 + rand(),
          decisions_per_second: 1000,
          peak_rss_bytes: 100 * 2 ** 20,
          trace: { bad_rows_skipped: 0 },
        };
        await writeFile(join(runDir, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
        const flat = flattenSummary(summary);
        header ??= Object.keys(flat);
        summaryRows.push([variant, workload, seed, ...header.map((k) => flat[k] ?? "")].join(","));
      }
    }
  }
  await writeFile(join(dir, "summary.csv"), ["variant,workload,seed," + header!.join(","), ...summaryRows].join("\n") + "\n");
  await writeFile(
    join(dir, "experiment.yaml"),
    `# synthetic experiment for the report's tests\napiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: synthetic}\nvariants:\n${variants.map((v) => `  - {name: ${v}}`).join("\n")}\nseeds: [${seeds.join(", ")}]\n`,
  );
  if (o.fill ?? true) {
    const rows = ["variant,workload,seed,arrived_pct,gpu_alloc_pct,gpu_frag_pct,gpu_unalloc_pct"];
    for (const [vi, variant] of variants.entries()) {
      for (const workload of workloads) {
        for (const seed of seeds) {
          const rand = rng(7 * seed + vi);
          const knee = 70 + 6 * vi + 4 * rand();
          for (let a = 0; a <= 130; a++) {
            const alloc = a <= knee ? a : knee + (100 - knee) * (1 - Math.exp(-(a - knee) / 25));
            const frag = Math.max(0, Math.min(100 - alloc, 100 - alloc - 2 * vi) * (a / 130));
            rows.push(`${variant},${workload},${seed},${a},${alloc.toFixed(2)},${frag.toFixed(2)},${(100 - alloc).toFixed(2)}`);
          }
        }
      }
    }
    await writeFile(join(dir, "fill.csv"), rows.join("\n") + "\n");
  }
}
