/**
 * The sweep runner's parallel speed-up: wall time of `clusterlab run` on the 5-seed example
 * (examples/compare-openb.yaml: 3 variants × 1 workload × 5 seeds = 15 runs) with --jobs 1 and --jobs 2,
 * end to end as a user runs it (process start, decoding, runs, summary.csv; --no-report so chart
 * rendering, which is the same either way, does not dilute the ratio). Each setting is run --repeat
 * times, alternating, and the median is reported; the results of every run are checked to be identical.
 * For scale, the machine's own ceiling: the speed-up of an allocation-heavy JS loop (objects, a Map;
 * like a simulation) in 2 worker threads over 1. On a 2-vCPU VM with shared caches and memory bandwidth
 * this is well below 2×, and the sweep cannot beat it.
 *   npx tsc -p tsconfig.bench.json
 *   node dist-bench/benchmarks/sweep.bench.js [--experiment examples/compare-openb.yaml] [--repeat 3] [--jobs 1,2]
 */
import { spawnSync } from "node:child_process";
import { Worker } from "node:worker_threads";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { MACHINE_COLUMNS } from "../src/core/experiment/table.js";
import { flag, machine } from "./common.js";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "../src/cli/main.js");

function withoutMachineColumns(csv: string): string {
  const lines = csv.trimEnd().split("\n");
  const header = lines[0]!.split(",");
  const keep = header.map((h, i) => (MACHINE_COLUMNS.includes(h) ? -1 : i)).filter((i) => i >= 0);
  return lines.map((l) => keep.map((i) => l.split(",")[i]).join(",")).join("\n");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const LOOP = `let m = new Map(); let x = 0;
for (let i = 0; i < 8e6; i++) { const o = { a: i, b: [i, i + 1], c: "k" + (i % 1000) }; m.set(i % 200000, o); x += o.b.length; }
require("node:worker_threads").parentPort.postMessage(x);`;

/** Wall ms of `n` allocation-heavy loops in parallel worker threads. */
async function loops(n: number): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, () => new Promise<void>((resolve, reject) => {
      const w = new Worker(LOOP, { eval: true });
      w.once("message", () => void w.terminate().then(() => resolve()));
      w.once("error", reject);
    })),
  );
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const experiment = flag("experiment", "examples/compare-openb.yaml");
  const repeat = Number(flag("repeat", "1"));
  const jobsList = flag("jobs", "1,2").split(",").map(Number);
  const tmp = mkdtempSync(join(tmpdir(), "clusterlab-sweep-bench-"));
  const times = new Map<number, number[]>(jobsList.map((j) => [j, []]));
  // Every repetition of every setting: the results must not depend on --jobs or on the repetition.
  const summaries = new Set<string>();
  let runs = 0;
  try {
    for (let r = 0; r < repeat; r++) {
      for (const jobs of r % 2 ? [...jobsList].reverse() : jobsList) {
        const out = join(tmp, `jobs-${jobs}-${r}`);
        const t0 = performance.now();
        const p = spawnSync(process.execPath, [cli, "run", experiment, "--out", out, "--jobs", String(jobs), "--no-report", "--quiet"], { stdio: ["ignore", "inherit", "inherit"] });
        const s = (performance.now() - t0) / 1000;
        if (p.status !== 0) throw new Error(`clusterlab run --jobs ${jobs} failed (exit ${p.status})`);
        times.get(jobs)!.push(s);
        const csv = readFileSync(join(out, "summary.csv"), "utf8");
        runs = csv.trimEnd().split("\n").length - 1;
        summaries.add(withoutMachineColumns(csv));
        rmSync(out, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const identical = summaries.size === 1;
  const one = await loops(1);
  const two = await loops(2);
  const base = median(times.get(jobsList[0]!)!);
  console.log(`sweep runner: ${experiment}, ${runs} runs, median of ${repeat}; ${machine()}`);
  console.log("| --jobs | wall (s) | speed-up |");
  console.log("|---:|---:|---:|");
  for (const j of jobsList) {
    const m = median(times.get(j)!);
    console.log(`| ${j} | ${m.toFixed(1)} | ${(base / m).toFixed(2)}× |`);
  }
  console.log(`machine ceiling: an allocation-heavy loop runs ${((2 * one) / two).toFixed(2)}× faster in 2 threads than in 1 (2 loops in ${(two / 1000).toFixed(1)} s vs 1 in ${(one / 1000).toFixed(1)} s)`);
  console.log(`summary.csv identical across --jobs and all ${repeat} repetition(s) (machine-dependent columns aside): ${identical ? "yes" : "NO"}`);
  if (!identical) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
