/**
 * Scheduling throughput with kube-scheduler's default profile on a synthetic cluster (whole-run timing,
 * like scheduler_perf's SchedulingBasic): N nodes, P pending pods created at once, run until all are bound.
 *   node dist-bench/benchmarks/scheduling.bench.js --nodes 5000 --pods 10000
 * Prints decisions per second (scheduling cycles / wall seconds of the run) and peak RSS.
 * Target: 15,000 decisions/s at 5,000 nodes on one core (scheduler-perf.bench.ts compares like for like with
 * kube-scheduler's scheduler_perf, whose threshold is 680 pods/s).
 */
import "reflect-metadata";
import { performance } from "node:perf_hooks";
import { benchNodes, benchPods, defaultCluster, flag, machine, peakRssMiB } from "./common.js";

export interface ThroughputResult {
  nodes: number;
  pods: number;
  scheduled: number;
  seconds: number;
  /** CPU time of this process during the run (user + system). */
  cpuSeconds: number;
  decisionsPerSecond: number;
  peakRssMiB: number;
}

export function runThroughput(nodes: number, pods: number): ThroughputResult {
  const { engine, store, scheduler } = defaultCluster(benchNodes(nodes));
  const podObjs = benchPods(pods);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const p of podObjs) store.create(p);
  engine.run();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpuSeconds = (c.user + c.system) / 1e6;
  let scheduled = 0;
  for (const ni of scheduler.snapshot.nodes) scheduled += ni.pods.length;
  return { nodes, pods, scheduled, seconds, cpuSeconds, decisionsPerSecond: scheduler.cycles / seconds, peakRssMiB: peakRssMiB() };
}

if (process.argv[1]?.endsWith("scheduling.bench.js")) {
  const nodes = Number(flag("nodes", "5000"));
  const pods = Number(flag("pods", "10000"));
  runThroughput(Math.min(nodes, 500), 2000); // warm-up (JIT)
  const r = runThroughput(nodes, pods);
  // Every pod fits (the nodes have room for all of them): a figure from a run that bound fewer would be wrong.
  if (r.scheduled !== r.pods) throw new Error(`only ${r.scheduled} of ${r.pods} pods were bound`);
  console.log(
    `scheduling ${r.nodes} nodes, ${r.pods} pods (default profile): ${r.scheduled} bound in ${r.seconds.toFixed(2)} s — ` +
      `${Math.round(r.decisionsPerSecond).toLocaleString("en-US")} decisions/s ` +
      `(${Math.round(r.pods / r.cpuSeconds).toLocaleString("en-US")} per CPU-second), peak RSS ${r.peakRssMiB.toFixed(0)} MiB [${machine()}]`,
  );
}
