/**
 * The overloaded GPU cluster, through `clusterlab run`: 500 nodes × 8 GPUs, one-GPU pods arriving every
 * 0.5 s and running 3,000–5,000 s each (about twice the cluster's GPUs: the saturated regime GPU-
 * scheduling papers study). Every pod that ends moves every pending pod back to the queue, as in
 * kube-scheduler; the run must still finish, and every pod must eventually be scheduled.
 *   node dist-bench/benchmarks/overload.bench.js [--pods 20000] [--nodes 500] [--reuse true|false]
 * Prints wall seconds, decisions/s, scheduling attempts, CPU seconds and peak RSS, with the machine.
 */
import "reflect-metadata";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flag, machine, peakRssMiB, timedRun } from "./common.js";

const pods = Number(flag("pods", "20000"));
const nodes = Number(flag("nodes", "500"));
const reuse = flag("reuse", "true") === "true";

const dir = mkdtempSync(join(tmpdir(), "clusterlab-overload-"));
let nodeCsv = "name,cpu_milli,memory_mib,gpu_count,gpu_model\n";
for (let i = 0; i < nodes; i++) nodeCsv += `n${i},96000,786432,8,V100\n`;
writeFileSync(join(dir, "nodes.csv"), nodeCsv);
let podCsv = "name,arrival_s,duration_s,cpu_milli,memory_mib,gpu_count\n";
let x = 12345; // a fixed LCG: the same workload on every machine
for (let i = 0; i < pods; i++) {
  x = (x * 1103515245 + 12345) % 2147483648;
  podCsv += `p${i},${(i * 0.5).toFixed(1)},${Math.round(3000 + (2000 * x) / 2147483648)},4000,16384,1\n`;
}
writeFileSync(join(dir, "pods.csv"), podCsv);
writeFileSync(
  join(dir, "overload.yaml"),
  `apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: overload}\ncluster: {trace: nodes.csv}\nworkload: {trace: pods.csv}\nseed: 1\nmodel: {reuseFilterFailures: ${reuse}}\n`,
);

const { wall, cpu } = await timedRun(join(dir, "overload.yaml"), join(dir, "out"));
const runDir = join(dir, "out", "default", readdirSync(join(dir, "out", "default"))[0]!, "seed-1");
const s = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
const series = readFileSync(join(runDir, "timeseries.csv"), "utf8").trimEnd().split("\n");
const pendingCol = series[0]!.split(",").indexOf("pending_pods");
const peakPending = Math.max(...series.slice(1).map((r) => Number(r.split(",")[pendingCol])));
rmSync(dir, { recursive: true, force: true });
if (s.pods.scheduled !== pods) throw new Error(`only ${s.pods.scheduled} of ${pods} pods were scheduled`);
console.log(
  `overload (${pods.toLocaleString("en-US")} one-GPU pods, ${nodes} nodes x 8 GPUs, reuseFilterFailures ${reuse}): all scheduled, ` +
    `peak ${peakPending.toLocaleString("en-US")} pending; ` +
    `${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU, ${s.scheduling_attempts.toLocaleString("en-US")} attempts ` +
    `(${s.attempts.mean_per_pod.toFixed(1)} per pod), ${Math.round(s.scheduling_attempts / wall).toLocaleString("en-US")} decisions/s, ` +
    `peak RSS ${peakRssMiB().toFixed(0)} MiB [${machine()}]`,
);
