/** PodDisruptionBudgets in victim selection (filterPodsWithPDBViolation), through the Scheduler and a store. */
import { describe, expect, it } from "vitest";
import type { PodDisruptionBudget } from "../../../core/api/policy-types.js";
import type { Pod } from "../../../core/api/types.js";
import { ObjectStore } from "../../../core/api/store.js";
import { Engine } from "../../../core/engine/engine.js";
import { Rng } from "../../../core/engine/rng.js";
import { compileLabelSelector } from "../../../core/api/selectors.js";
import { defaultSchedulerConfig } from "../../../core/scheduler/config.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Scheduler } from "../../../core/scheduler/scheduler.js";
import { makeNode, makePod } from "../../../core/scheduler/testing.js";
import { inTreeRegistry } from "../index.js";
import { splitByPDBViolation } from "./pdb.js";

const S = 1_000_000;

function labelled(name: string, app: string): Pod {
  const p = makePod({ name, priority: 0, requests: { cpu: "1" }, nodeName: "node1" });
  p.metadata.labels = { ...p.metadata.labels, app };
  return p;
}

const budget = (app: string, allowed: number, disrupted: string[] = []): PodDisruptionBudget => ({
  apiVersion: "policy/v1",
  kind: "PodDisruptionBudget",
  metadata: { name: app, namespace: "default" },
  spec: { minAvailable: 1, selector: { matchLabels: { app } } },
  status: { disruptionsAllowed: allowed, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1, ...(disrupted.length ? { disruptedPods: Object.fromEntries(disrupted.map((d) => [d, "1970-01-01T00:00:00Z"])) } : {}) },
});

function preempt(withBudget: boolean): string[] {
  const engine = new Engine();
  const store = new ObjectStore(engine);
  const scheduler = new Scheduler(engine, store, defaultSchedulerConfig(), inTreeRegistry(), Rng.seeded(7));
  scheduler.start();
  store.create(makeNode({ name: "node1", allocatable: { cpu: "2", memory: "4Gi" } }));
  store.create(labelled("web", "web"));
  engine.run({ until: 1 * S });
  // db started later, so it is the less important of two equal-priority pods: the victim without a budget.
  store.create(labelled("db", "db"));
  engine.run({ until: 2 * S });
  if (withBudget) store.create(budget("db", 0));
  store.create(makePod({ name: "high", priority: 1000, requests: { cpu: "1" } }));
  engine.run({ until: 10 * S });
  return store.list<Pod>("Pod").map((p) => p.metadata.name).sort();
}

describe("DefaultPreemption and PodDisruptionBudgets", () => {
  it("reprieves the pod a budget protects first, evicting another", () => {
    expect(preempt(false)).toEqual(["high", "web"]);
    expect(preempt(true)).toEqual(["db", "high"]);
  });

  it("spends each budget's allowed disruptions in the victims' order; disruptedPods spend nothing; another namespace is not covered", () => {
    const pis = ["a1", "a2", "a3", "b1"].map((n) => {
      const p = makePod({ name: n, priority: 0 });
      p.metadata.labels = { app: n[0]! };
      return new PodInfo(p);
    });
    const budgets = [
      { namespace: "default", selector: compileLabelSelector({ matchLabels: { app: "a" } }), allowed: 1, disrupted: new Set(["a2"]) },
      { namespace: "other", selector: compileLabelSelector({ matchLabels: { app: "b" } }), allowed: 0, disrupted: new Set<string>() },
    ];
    const { violating, nonViolating } = splitByPDBViolation(pis, budgets);
    expect(violating.map((p) => p.name)).toEqual(["a3"]);
    expect(nonViolating.map((p) => p.name)).toEqual(["a1", "a2", "b1"]);
  });
});
