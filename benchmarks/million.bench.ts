/**
 * A long trace in bounded memory: 1,000,000 short CPU pods (one every 5 ms, each running 20-40 s, so
 * ~6,000 alive at once) on 5,000 nodes through `clusterlab run`. The trace is streamed in; pods whose
 * story has ended keep only their pods.csv row (as bytes) and their numbers for summary.json, so peak
 * memory follows the live pods, not the trace length.
 *   node dist-bench/benchmarks/million.bench.js [--pods 1000000]
 * Prints wall seconds, decisions/s, CPU seconds and peak RSS, with the machine.
 */
import "reflect-metadata";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flag, machine, peakRssMiB, timedRun } from "./common.js";

const pods = Number(flag("pods", "1000000"));
const dir = mkdtempSync(join(tmpdir(), "clusterlab-million-"));
let nodes = "name,cpu_milli,memory_mib,gpu_count,gpu_model\n";
for (let i = 0; i < 5000; i++) nodes += `n${i},32000,262144,0,\n`;
writeFileSync(join(dir, "nodes.csv"), nodes);
const out = createWriteStream(join(dir, "pods.csv"));
out.write("name,arrival_s,duration_s,cpu_milli,memory_mib,gpu_count\n");
let x = 7; // a fixed LCG: the same workload on every machine
let buf = "";
for (let i = 0; i < pods; i++) {
  x = (x * 1103515245 + 12345) % 2147483648;
  buf += `p${i},${(i * 0.005).toFixed(3)},${(20 + (20 * x) / 2147483648).toFixed(1)},${100 * (1 + (i % 20))},${128 * (1 + (i % 32))},0\n`;
  if (buf.length > 1 << 20) {
    out.write(buf);
    buf = "";
  }
}
await new Promise<void>((res) => out.end(buf, () => res()));
writeFileSync(join(dir, "million.yaml"), "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: million}\ncluster: {trace: nodes.csv}\nworkload: {trace: pods.csv}\nseed: 1\n");

const { wall, cpu } = await timedRun(join(dir, "million.yaml"), join(dir, "out"));
const s = JSON.parse(readFileSync(join(dir, "out", "default", "pods", "seed-1", "summary.json"), "utf8"));
rmSync(dir, { recursive: true, force: true });
if (s.pods.completed !== pods) throw new Error(`only ${s.pods.completed} of ${pods} pods completed`);
console.log(
  `million (${pods.toLocaleString("en-US")} pods, 5,000 nodes): all completed; ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU, ` +
    `${Math.round(s.scheduling_attempts / wall).toLocaleString("en-US")} decisions/s, peak RSS ${peakRssMiB().toFixed(0)} MiB [${machine()}]`,
);
