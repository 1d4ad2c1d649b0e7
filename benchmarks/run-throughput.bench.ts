/**
 * Whole-run throughput as a user gets it: 5,000 generated nodes (32 CPU, 256 GiB, 110 pods) and 20,000 CPU
 * pods, all arriving at once with varied requests (the same as scheduling.bench's), through `clusterlab run`
 * — trace reading, the store and its watches, the kubelets, the recorder and the results folder included.
 * decisions/s is the run's own figure (summary.json: scheduling cycles over the run's wall time).
 *   node dist-bench/benchmarks/run-throughput.bench.js [--nodes 5000] [--pods 20000] [--runs N]
 * Target: 15,000 decisions/s at 5,000 nodes on one core.
 */
import "reflect-metadata";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flag, machine, peakRssMiB, repeatedRuns, timedRun, writeThroughputExperiment } from "./common.js";

if (repeatedRuns(/all scheduled; ([\d,]+) decisions\/s/, "decisions/s")) process.exit(0);

const nodes = Number(flag("nodes", "5000"));
const pods = Number(flag("pods", "20000"));
const dir = mkdtempSync(join(tmpdir(), "clusterlab-run-throughput-"));
const experiment = writeThroughputExperiment(dir, nodes, pods);

try {
  const { wall, cpu } = await timedRun(experiment, join(dir, "out"));
  const s = JSON.parse(readFileSync(join(dir, "out", "default", "pods", "seed-1", "summary.json"), "utf8"));
  // Every pod fits: a figure from a run that placed fewer would be wrong.
  if (s.pods.scheduled !== pods) throw new Error(`only ${s.pods.scheduled} of ${pods} pods were scheduled`);
  console.log(
    `run throughput (${nodes.toLocaleString("en-US")} nodes, ${pods.toLocaleString("en-US")} pods, clusterlab run): all scheduled; ` +
      `${s.decisions_per_second.toLocaleString("en-US")} decisions/s over the run's ${s.wall_seconds.toFixed(2)} s ` +
      `(${s.scheduling_attempts.toLocaleString("en-US")} attempts); command ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU, peak RSS ${peakRssMiB().toFixed(0)} MiB [${machine()}]`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
