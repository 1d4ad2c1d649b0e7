/**
 * The bundled Alibaba DLRM 2025 trace (23,871 pods, real departures, per-app caps as hostname spread
 * constraints) on its recommended 2,680-node cluster, default profile, through `clusterlab run` — the
 * run examples/dlrm-2025.yaml makes per variant and seed. Every pod must be accounted for: scheduled, or
 * left unschedulable with a recorded reason.
 *   node dist-bench/benchmarks/dlrm.bench.js [--seed 1]
 * Prints wall seconds, decisions/s, scheduling attempts, CPU seconds and peak RSS, with the machine.
 */
import "reflect-metadata";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { flag, machine, peakRssMiB, timedRun } from "./common.js";

const seed = Number(flag("seed", "1"));
const traces = resolve(fileURLToPath(import.meta.url), "../../../traces/alibaba-dlrm-2025");
const dir = mkdtempSync(join(tmpdir(), "clusterlab-dlrm-"));
writeFileSync(
  join(dir, "dlrm.yaml"),
  [
    "apiVersion: clusterlab/v1",
    "kind: Experiment",
    "metadata: {name: dlrm}",
    `cluster: {trace: ${JSON.stringify(join(traces, "recommended-nodes.csv"))}}`,
    `workload: {trace: ${JSON.stringify(join(traces, "disaggregated_DLRM_trace.csv"))}, format: alibaba-dlrm-2025}`,
    `seed: ${seed}`,
    "",
  ].join("\n"),
);

const { wall, cpu } = await timedRun(join(dir, "dlrm.yaml"), join(dir, "out"));
const runDir = join(dir, "out", "default", "disaggregated_DLRM_trace", `seed-${seed}`);
const s = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
const rows = readFileSync(join(runDir, "pods.csv"), "utf8").trimEnd().split("\n");
rmSync(dir, { recursive: true, force: true });
const header = rows[0]!.split(",");
const outcome = header.indexOf("outcome");
const reason = header.indexOf("last_failure");
const unplaced = rows.slice(1).filter((r) => r.split(",")[outcome] === "unschedulable");
if (rows.length - 1 !== 23871) throw new Error(`pods.csv has ${rows.length - 1} pods, not 23,871`);
if (s.pods.scheduled + s.pods.unschedulable !== 23871) throw new Error(`${s.pods.scheduled} scheduled + ${s.pods.unschedulable} unschedulable ≠ 23,871`);
if (unplaced.some((r) => r.split(",")[reason] === "")) throw new Error("an unschedulable pod has no recorded reason");
console.log(
  `dlrm (23,871 pods, 2,680 nodes, default profile, seed ${seed}): ${s.pods.scheduled.toLocaleString("en-US")} scheduled, ` +
    `${s.pods.unschedulable} unschedulable with a reason; ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU, ` +
    `${s.scheduling_attempts.toLocaleString("en-US")} attempts, ${Math.round(s.scheduling_attempts / wall).toLocaleString("en-US")} decisions/s, ` +
    `peak RSS ${peakRssMiB().toFixed(0)} MiB [${machine()}]`,
);
