/**
 * tinybench: one scheduling decision (PreFilter → Filter over the sampled nodes → Score → selectHost) with
 * the default profile on a synthetic cluster, without the store or the engine — the algorithm's own cost.
 *   node dist-bench/benchmarks/cycle.bench.js [--nodes 5000]
 */
import "reflect-metadata";
import { Bench } from "tinybench";
import { Rng } from "../src/core/engine/rng.js";
import { defaultSchedulerConfig } from "../src/core/scheduler/config.js";
import { CycleState } from "../src/core/scheduler/cycle-state.js";
import { PodInfo } from "../src/core/scheduler/pod-info.js";
import { buildFramework } from "../src/core/scheduler/profile.js";
import { PodScheduler } from "../src/core/scheduler/schedule-pod.js";
import { makeHandle, makeSnapshot } from "../src/core/scheduler/testing.js";
import { inTreeRegistry } from "../src/plugins/scheduling/index.js";
import { benchNodes, benchPods, flag, machine } from "./common.js";

const nodes = Number(flag("nodes", "5000"));
const snapshot = makeSnapshot(benchNodes(nodes));
// Half-fill the cluster so scores differ between nodes.
const filler = benchPods(nodes * 4, 2).map((p) => new PodInfo(p));
filler.forEach((p, i) => snapshot.addPod(p, snapshot.nodes[i % nodes]!.name));
const handle = makeHandle(snapshot);
handle.anyNominatedPods = () => false; // as the scheduler's handle says when no pod is nominated
const cfg = defaultSchedulerConfig();
const fwk = buildFramework(cfg, cfg.profiles[0]!, inTreeRegistry(), () => handle);
(handle as unknown as { framework: unknown }).framework = fwk;
const pods = benchPods(1000, 3).map((p) => new PodInfo(p));
const sched = new PodScheduler(Rng.seeded(1));
sched.useSnapshot(snapshot); // as the scheduler does: the nodes scanned are the snapshot's
let k = 0;

const bench = new Bench({ name: "scheduling cycle", time: 2000, warmupTime: 500 });
bench.add(`schedulePod, default profile, ${nodes} nodes`, () => {
  const r = sched.schedulePod(fwk, new CycleState(), pods[k++ % pods.length]!, snapshot.nodes, undefined);
  if (!r.ok) throw new Error("pod did not fit");
});
await bench.run();
for (const t of bench.tasks) {
  const r = t.result;
  if (r.state !== "completed") throw new Error(`${t.name}: ${r.state}`);
  const us = r.latency.mean * 1000;
  console.log(`${t.name}: ${us.toFixed(1)} µs per decision (p50 ${(r.latency.p50! * 1000).toFixed(1)} µs, ±${r.latency.rme.toFixed(1)}%) ≈ ${Math.round(1e6 / us).toLocaleString("en-US")} decisions/s [${machine()}]`);
}
