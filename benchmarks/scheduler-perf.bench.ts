/**
 * kube-scheduler's scheduler_perf SchedulingBasic/5000Nodes_10000Pods, like for like
 * (test/integration/scheduler_perf/misc/performance-config.yaml): 5,000 nodes of the node-default template
 * (4 CPU, 32 GiB, 110 pods), 1,000 initial pods, then 10,000 measured pods of the pod-default template
 * (100m / 500Mi), all created at once. Throughput = measured pods / wall seconds until the last is bound.
 * Upstream's CI threshold for this workload is 680 pods/s (16 parallel goroutines and a real API server).
 *   node dist-bench/benchmarks/scheduler-perf.bench.js [--nodes 5000 --init 1000 --measure 10000]
 */
import "reflect-metadata";
import { performance } from "node:perf_hooks";
import { defaultCluster, flag, machine, peakRssMiB, schedulerPerfNodes, schedulerPerfPods } from "./common.js";

export interface SchedulerPerfResult {
  nodes: number;
  measured: number;
  bound: number;
  seconds: number;
  podsPerSecond: number;
}

export function schedulingBasic(nodes: number, init: number, measure: number): SchedulerPerfResult {
  const { engine, store, scheduler } = defaultCluster(schedulerPerfNodes(nodes));
  for (const p of schedulerPerfPods(init, "init")) store.create(p);
  engine.run();
  const measured = schedulerPerfPods(measure, "measure");
  const t0 = performance.now();
  for (const p of measured) store.create(p);
  engine.run();
  const seconds = (performance.now() - t0) / 1000;
  let bound = 0;
  for (const ni of scheduler.snapshot.nodes) bound += ni.pods.length;
  // Every pod fits (40 per node by CPU): a figure from a run that bound fewer would be wrong.
  if (bound !== init + measure) throw new Error(`only ${bound} of ${init + measure} pods were bound`);
  return { nodes, measured: measure, bound, seconds, podsPerSecond: measure / seconds };
}

if (process.argv[1]?.endsWith("scheduler-perf.bench.js")) {
  const nodes = Number(flag("nodes", "5000"));
  const init = Number(flag("init", "1000"));
  const measure = Number(flag("measure", "10000"));
  schedulingBasic(500, 500, 1000); // warm-up (JIT), scheduler_perf's 500Nodes workload
  const r = schedulingBasic(nodes, init, measure);
  console.log(
    `scheduler_perf SchedulingBasic ${nodes} nodes, ${init} init + ${measure} measured pods (default profile): ` +
      `all ${r.bound} bound; measured ${r.seconds.toFixed(2)} s = ${Math.round(r.podsPerSecond).toLocaleString("en-US")} pods/s ` +
      `(upstream threshold 680 pods/s), peak RSS ${peakRssMiB().toFixed(0)} MiB [${machine()}]`,
  );
}
