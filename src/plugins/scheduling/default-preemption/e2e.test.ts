/** End to end through the Scheduler with the default profile: a high-priority pod evicts a low one and takes its place. */
import { describe, expect, it } from "vitest";
import type { Pod } from "../../../core/api/types.js";
import { ObjectStore } from "../../../core/api/store.js";
import { Engine } from "../../../core/engine/engine.js";
import { Rng } from "../../../core/engine/rng.js";
import { defaultSchedulerConfig } from "../../../core/scheduler/config.js";
import { Scheduler } from "../../../core/scheduler/scheduler.js";
import { makeNode, makePod } from "../../../core/scheduler/testing.js";
import { inTreeRegistry } from "../index.js";

function cluster() {
  const engine = new Engine();
  const store = new ObjectStore(engine);
  const scheduler = new Scheduler(engine, store, defaultSchedulerConfig(), inTreeRegistry(), Rng.seeded(7));
  scheduler.start();
  for (const name of ["node1", "node2"]) store.create(makeNode({ name, allocatable: { cpu: "1", memory: "1Gi" } }));
  return { engine, store };
}

const nodeOf = (store: ObjectStore, name: string) => store.get<Pod>("Pod", "default", name)?.spec.nodeName;

describe("DefaultPreemption end to end", () => {
  it("evicts the lowest-priority victim, nominates the node, and binds the preemptor there once the victim is gone", () => {
    const { engine, store } = cluster();
    store.create(makePod({ name: "low", priority: 0, requests: { cpu: "800m" }, nodeName: "node1" }));
    store.create(makePod({ name: "mid", priority: 100, requests: { cpu: "800m" }, nodeName: "node2" }));
    engine.run();
    store.create(makePod({ name: "high", priority: 1000, requests: { cpu: "500m" } }));
    engine.run();
    expect(store.get("Pod", "default", "low")).toBeUndefined();
    expect(nodeOf(store, "mid")).toBe("node2");
    expect(nodeOf(store, "high")).toBe("node1");
    expect(store.get<Pod>("Pod", "default", "high")?.status?.nominatedNodeName).toBe("node1");
  });

  it("a pod with preemptionPolicy Never stays pending and evicts nothing", () => {
    const { engine, store } = cluster();
    store.create(makePod({ name: "low", priority: 0, requests: { cpu: "800m" }, nodeName: "node1" }));
    store.create(makePod({ name: "low2", priority: 0, requests: { cpu: "800m" }, nodeName: "node2" }));
    engine.run();
    store.create(makePod({ name: "never", priority: 1000, requests: { cpu: "500m" }, spec: { preemptionPolicy: "Never" } }));
    engine.run({ until: 60_000_000 });
    expect(nodeOf(store, "low")).toBe("node1");
    expect(nodeOf(store, "low2")).toBe("node2");
    expect(nodeOf(store, "never")).toBeUndefined();
  });
});
