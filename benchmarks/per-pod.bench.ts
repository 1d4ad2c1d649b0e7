/**
 * What one pod costs a whole run, from its arrival to its deletion: store writes, watch deliveries, engine
 * events and bytes allocated, on run-throughput.bench's workload (5,000 generated nodes, 20,000 CPU pods
 * arriving at once and running an hour), simulated in this process. The counts come from wrapping the
 * store's write methods, the Pod watch handlers and the engine's step; the bytes from V8's sampling heap
 * profiler (a sample every 1 KiB allocated on average, objects collected by either GC included) over the
 * simulation alone (module loading left out).
 *   node dist-bench/benchmarks/per-pod.bench.js [--nodes 5000] [--pods 20000]
 */
import "reflect-metadata";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ObjectStore, type WatchHandler } from "../src/core/api/store.js";
import type { KubeObject } from "../src/core/api/types.js";
import { Engine } from "../src/core/engine/engine.js";
import { simulate } from "../src/core/experiment/run.js";
import { decodeExperimentPlan, runList } from "../src/core/experiment/spec.js";
import { parseYaml } from "../src/core/util/yaml-doc.js";
import { loadPlugins } from "../src/plugins/index.js";
import { flag, machine, writeThroughputExperiment } from "./common.js";

const nodes = Number(flag("nodes", "5000"));
const pods = Number(flag("pods", "20000"));

const counts = { writes: 0, deliveries: 0, events: 0 };
// Pod writes and Pod deliveries only: nodes, namespaces and the like are the cluster's, not a pod's.
for (const method of ["create", "update", "delete"] as const) {
  const write = ObjectStore.prototype[method] as (this: ObjectStore, ...args: unknown[]) => unknown;
  (ObjectStore.prototype as unknown as Record<string, unknown>)[method] = function (this: ObjectStore, ...args: unknown[]) {
    const kind = typeof args[0] === "string" ? args[0] : (args[0] as KubeObject).kind;
    if (kind === "Pod") counts.writes++;
    return write.apply(this, args);
  };
}
const watch = ObjectStore.prototype.watch;
ObjectStore.prototype.watch = function (this: ObjectStore, kind: string, handler: WatchHandler, opts?: { replay?: boolean }) {
  const counted: WatchHandler = (ev) => {
    counts.deliveries++;
    handler(ev);
  };
  return watch.call(this, kind, kind === "Pod" ? counted : handler, opts);
} as typeof watch;
const step = Engine.prototype.step;
Engine.prototype.step = function (this: Engine, until?: number) {
  const ran = step.call(this, until);
  if (ran) counts.events++;
  return ran;
};

interface SampledNode {
  selfSize: number;
  children: SampledNode[];
}
const bytes = (n: SampledNode): number => n.children.reduce((sum, c) => sum + bytes(c), n.selfSize);

const dir = mkdtempSync(join(tmpdir(), "clusterlab-per-pod-"));
try {
  const file = writeThroughputExperiment(dir, nodes, pods);
  const run = runList(decodeExperimentPlan(parseYaml(readFileSync(file, "utf8"), file), {}))[0]!;
  const plugins = await loadPlugins([]);
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.enable");
  await session.post("HeapProfiler.startSampling", { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const { summary } = await simulate(run.spec, { registry: plugins.scheduling, networkPlugins: { proxy: plugins.proxy, cni: plugins.cni }, config: run.variant.scheduler });
  const { profile } = await session.post("HeapProfiler.stopSampling");
  session.disconnect();
  if (summary.pods.scheduled !== pods) throw new Error(`only ${summary.pods.scheduled} of ${pods} pods were scheduled`);
  const per = (x: number) => (x / pods).toFixed(1);
  console.log(
    `per pod (${nodes.toLocaleString("en-US")} nodes, ${pods.toLocaleString("en-US")} pods, arrival to deletion): ` +
      `${per(counts.writes)} store writes, ${per(counts.deliveries)} watch deliveries, ${per(counts.events)} engine events ` +
      `(the run's own included: ${summary.scheduling_attempts.toLocaleString("en-US")} scheduling attempts), ` +
      `${(bytes(profile.head as SampledNode) / pods / 1024).toFixed(1)} KiB allocated (sampled) [${machine()}]`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
