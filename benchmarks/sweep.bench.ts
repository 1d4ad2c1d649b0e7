/**
 * The sweep runner's parallel speed-up: wall time of `clusterlab run` on the 5-seed example
 * (examples/compare-openb.yaml: 3 variants × 1 workload × 5 seeds = 15 runs) with --jobs 1 and --jobs 2,
 * end to end as a user runs it (process start, decoding, runs, summary.csv; --no-report so chart
 * rendering, which is the same either way, does not dilute the ratio). Each setting is run --repeat
 * times, alternating, and the median is reported; the results of both are checked to be identical.
 *   npx tsc -p tsconfig.bench.json
 *   node dist-bench/benchmarks/sweep.bench.js [--experiment examples/compare-openb.yaml] [--repeat 3] [--jobs 1,2]
 */
import { spawnSync } from "node:child_process";
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

function main(): void {
  const experiment = flag("experiment", "examples/compare-openb.yaml");
  const repeat = Number(flag("repeat", "1"));
  const jobsList = flag("jobs", "1,2").split(",").map(Number);
  const tmp = mkdtempSync(join(tmpdir(), "clusterlab-sweep-bench-"));
  const times = new Map<number, number[]>(jobsList.map((j) => [j, []]));
  const summaries = new Map<number, string>();
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
        summaries.set(jobs, withoutMachineColumns(csv));
        rmSync(out, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const identical = new Set(summaries.values()).size === 1;
  const base = median(times.get(jobsList[0]!)!);
  console.log(`sweep runner: ${experiment}, ${runs} runs, median of ${repeat}; ${machine()}`);
  console.log("| --jobs | wall (s) | speed-up |");
  console.log("|---:|---:|---:|");
  for (const j of jobsList) {
    const m = median(times.get(j)!);
    console.log(`| ${j} | ${m.toFixed(1)} | ${(base / m).toFixed(2)}× |`);
  }
  console.log(`summary.csv identical across --jobs (machine-dependent columns aside): ${identical ? "yes" : "NO"}`);
  if (!identical) process.exitCode = 1;
}

main();
