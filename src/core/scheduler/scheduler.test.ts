// The Scheduler component wired to an Engine and an ObjectStore, with the real in-tree registry.
import { describe, expect, it } from "vitest";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import { ObjectStore } from "../api/store.js";
import type { Pod } from "../api/types.js";
import { Engine } from "../engine/engine.js";
import { Rng } from "../engine/rng.js";
import { parseYaml } from "../util/yaml-doc.js";
import { decodeSchedulerConfig, defaultSchedulerConfig, type SchedulerConfig } from "./config.js";
import { definePlugin, noArgs, type FrameworkHandle, type PluginFactory } from "./framework.js";
import type { PluginRegistry } from "./profile.js";
import { Scheduler } from "./scheduler.js";
import { Status } from "./status.js";
import { makeNode, makePod } from "./testing.js";

const S = 1_000_000;
const HEAD = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";
const config = (yaml: string) => decodeSchedulerConfig(parseYaml(HEAD + yaml, "sched.yaml"));

function cluster(opts: { config?: SchedulerConfig; registry?: PluginRegistry; nodes?: string[]; cpu?: string; seed?: number } = {}) {
  const engine = new Engine();
  const store = new ObjectStore(engine);
  const scheduler = new Scheduler(engine, store, opts.config ?? defaultSchedulerConfig(), opts.registry ?? inTreeRegistry(), Rng.seeded(opts.seed ?? 1));
  scheduler.start();
  for (const name of opts.nodes ?? ["n1", "n2"]) store.create(makeNode({ name, allocatable: { cpu: opts.cpu ?? "1", memory: "4Gi" } }));
  return { engine, store, scheduler };
}

const getPod = (store: ObjectStore, name: string) => store.get<Pod>("Pod", "default", name);
const nodeOf = (store: ObjectStore, name: string) => getPod(store, name)?.spec.nodeName;

function withPlugins(...extra: PluginFactory<unknown>[]): PluginRegistry {
  const r = new Map<string, PluginFactory<unknown>>(inTreeRegistry());
  for (const f of extra) r.set(f.name, f);
  return r;
}

describe("Scheduler", () => {
  it("binds pods through the store (spec.nodeName and a PodScheduled condition)", () => {
    const { engine, store, scheduler } = cluster();
    for (const n of ["a", "b", "c"]) store.create(makePod({ name: n, requests: { cpu: "300m" } }));
    engine.run();
    for (const n of ["a", "b", "c"]) {
      expect(["n1", "n2"]).toContain(nodeOf(store, n));
      expect(getPod(store, n)!.status?.conditions).toContainEqual({ type: "PodScheduled", status: "True" });
    }
    expect(scheduler.queue.pendingCount).toBe(0);
    expect(scheduler.cycles).toBe(3);
    // The snapshot accounts for what was bound.
    const used = scheduler.snapshot.nodes.reduce((s, n) => s + n.requested.milliCPU, 0);
    expect(used).toBe(900);
  });

  it("spreads equal pods (default profile prefers the less allocated node)", () => {
    const { engine, store } = cluster();
    store.create(makePod({ name: "a", requests: { cpu: "400m" } }));
    engine.run();
    store.create(makePod({ name: "b", requests: { cpu: "400m" } }));
    engine.run();
    expect(nodeOf(store, "a")).not.toBe(nodeOf(store, "b"));
  });

  it("a pod that does not fit waits, and is scheduled when another pod is deleted", () => {
    const { engine, store, scheduler } = cluster({ nodes: ["n1"] });
    store.create(makePod({ name: "big", requests: { cpu: "800m" } }));
    engine.run();
    store.create(makePod({ name: "waiting", requests: { cpu: "500m" } }));
    engine.run();
    expect(nodeOf(store, "waiting")).toBeUndefined();
    expect(scheduler.queue.unschedulableCount).toBe(1);
    const before = scheduler.cycles;
    engine.at(engine.now + 10 * S, () => store.delete("Pod", "default", "big"));
    engine.run();
    expect(nodeOf(store, "waiting")).toBe("n1");
    expect(engine.now).toBeGreaterThanOrEqual(10 * S);
    expect(scheduler.cycles - before).toBe(1); // one retry, right after the delete
  });

  it("a pod rejected by a plugin whose events never come is retried by the 5-minute flush", () => {
    // Rejects until t = 60 s and only registers NodeAdd, so nothing moves the pod out of the pool.
    const NotBefore60s = definePlugin({
      name: "NotBefore60s",
      description: "test",
      args: noArgs,
      create: (_a, h: FrameworkHandle) => ({
        name: "NotBefore60s",
        events: ["NodeAdd"] as const,
        filter: () => (h.now() < 60 * S ? Status.unschedulable("too early") : null),
      }),
    });
    const cfg = config("profiles:\n- plugins:\n    multiPoint:\n      enabled: [{name: NotBefore60s}]\n");
    const { engine, store } = cluster({ config: cfg, registry: withPlugins(NotBefore60s as PluginFactory<unknown>) });
    store.create(makePod({ name: "p", requests: { cpu: "100m" } }));
    let boundAt = -1;
    store.watch<Pod>("Pod", (ev) => {
      if (boundAt < 0 && ev.object.spec.nodeName) boundAt = engine.now;
    });
    engine.at(20 * 60 * S, () => {}); // keep the simulation alive for 20 minutes
    engine.run();
    expect(nodeOf(store, "p")).toBeDefined();
    // kube-scheduler checks the pool every 30 s and moves pods that waited more than 5 minutes.
    expect(boundAt).toBeGreaterThan(5 * 60 * S);
    expect(boundAt).toBeLessThanOrEqual(5 * 60 * S + 30 * S);
  });

  it("a node deletion requeues pods rejected by a plugin that registered NodeDelete", () => {
    // Rejects every node while a node named "blocker" exists (a stand-in for topology spreading).
    const NoBlocker = definePlugin({
      name: "NoBlocker",
      description: "test",
      args: noArgs,
      create: (_a, h: FrameworkHandle) => ({
        name: "NoBlocker",
        events: ["NodeDelete"] as const,
        filter: () => (h.snapshot.get("blocker") ? Status.unschedulable("blocked") : null),
      }),
    });
    const cfg = config("profiles:\n- plugins:\n    multiPoint:\n      enabled: [{name: NoBlocker}]\n");
    const { engine, store, scheduler } = cluster({ config: cfg, registry: withPlugins(NoBlocker as PluginFactory<unknown>), nodes: ["n1", "blocker"] });
    store.create(makePod({ name: "p" }));
    engine.run();
    expect(scheduler.queue.unschedulableCount).toBe(1);
    store.delete("Node", undefined, "blocker");
    engine.run();
    expect(nodeOf(store, "p")).toBe("n1");
  });

  it("the 5-minute flush does not keep a finished simulation alive", () => {
    const { engine, store } = cluster({ nodes: ["n1"] });
    store.create(makePod({ name: "huge", requests: { cpu: "5" } }));
    engine.run();
    expect(nodeOf(store, "huge")).toBeUndefined();
    expect(engine.now).toBeLessThan(60 * S);
  });

  it("a high-priority pod preempts a low-priority one (DefaultPreemption)", () => {
    const { engine, store } = cluster({ nodes: ["n1"] });
    store.create(makePod({ name: "low", priority: 1, requests: { cpu: "800m" } }));
    engine.run();
    expect(nodeOf(store, "low")).toBe("n1");
    store.create(makePod({ name: "high", priority: 1000, requests: { cpu: "800m" } }));
    engine.run();
    expect(getPod(store, "low")).toBeUndefined();
    expect(nodeOf(store, "high")).toBe("n1");
  });

  it("picks the profile by spec.schedulerName", () => {
    const cfg = config(`profiles:
- schedulerName: packer
  plugins:
    score:
      disabled: [{name: "*"}]
      enabled: [{name: NodeResourcesFit}]
  pluginConfig:
  - name: NodeResourcesFit
    args: {scoringStrategy: {type: MostAllocated}}
- schedulerName: spreader
  plugins:
    score:
      disabled: [{name: "*"}]
      enabled: [{name: NodeResourcesFit}]
`);
    const { engine, store, scheduler } = cluster({ config: cfg });
    expect([...scheduler.frameworks.keys()]).toEqual(["packer", "spreader"]);
    store.create(makePod({ name: "first", requests: { cpu: "300m" }, nodeName: "n1" }));
    engine.run();
    store.create(makePod({ name: "packed", requests: { cpu: "300m" }, spec: { schedulerName: "packer" } }));
    engine.run();
    store.create(makePod({ name: "spread", requests: { cpu: "100m" }, spec: { schedulerName: "spreader" } }));
    engine.run();
    expect(nodeOf(store, "packed")).toBe("n1");
    expect(nodeOf(store, "spread")).toBe("n2");
  });

  it("ignores a pod whose schedulerName has no profile", () => {
    const { engine, store, scheduler } = cluster();
    store.create(makePod({ name: "other", spec: { schedulerName: "someone-else" } }));
    engine.run();
    expect(nodeOf(store, "other")).toBeUndefined();
    expect(scheduler.queue.pendingCount).toBe(0);
    expect(scheduler.cycles).toBe(0);
  });

  it("a gated pod (SchedulingGates) is scheduled once its gates are removed", () => {
    const { engine, store, scheduler } = cluster();
    store.create(makePod({ name: "g", spec: { schedulingGates: [{ name: "wait-for-quota" }] } }));
    engine.run();
    expect(scheduler.queue.gatedCount).toBe(1);
    expect(scheduler.cycles).toBe(0);
    store.patch<Pod>("Pod", "default", "g", (p) => ({ ...p, spec: { ...p.spec, schedulingGates: [] } }));
    engine.run();
    expect(nodeOf(store, "g")).toBeDefined();
  });

  it("a Permit Wait binds once the plugin allows the pod through the handle", () => {
    const Approve = definePlugin({
      name: "Approve",
      description: "test",
      args: noArgs,
      create: (_a, h: FrameworkHandle) => ({
        name: "Approve",
        permit: (_s, pod) => {
          // The test approves later (like an external quota check would).
          approvals.push(() => h.allowWaitingPod(pod.uid, "Approve"));
          return Status.wait(60 * S);
        },
      }),
    });
    const approvals: (() => void)[] = [];
    const cfg = config("profiles:\n- plugins:\n    permit:\n      enabled: [{name: Approve}]\n");
    const { engine, store, scheduler } = cluster({ config: cfg, registry: withPlugins(Approve as PluginFactory<unknown>) });
    store.create(makePod({ name: "p" }));
    engine.run({ until: 1 * S });
    expect(scheduler.waitingCount).toBe(1);
    expect(nodeOf(store, "p")).toBeUndefined();
    engine.at(3 * S, () => approvals.shift()!());
    engine.run();
    expect(scheduler.waitingCount).toBe(0);
    expect(nodeOf(store, "p")).toBeDefined();
  });

  it("a Permit Wait that times out is rejected and the pod is requeued", () => {
    let permits = 0;
    const Slow = definePlugin({
      name: "Slow",
      description: "test",
      args: noArgs,
      create: () => ({ name: "Slow", permit: () => (++permits === 1 ? Status.wait(5 * S) : null) }),
    });
    const cfg = config("profiles:\n- plugins:\n    permit:\n      enabled: [{name: Slow}]\n");
    const { engine, store } = cluster({ config: cfg, registry: withPlugins(Slow as PluginFactory<unknown>) });
    store.create(makePod({ name: "p" }));
    engine.run();
    expect(permits).toBe(2); // rejected at 5 s, scheduled again
    expect(nodeOf(store, "p")).toBeDefined();
    expect(engine.now).toBeGreaterThanOrEqual(5 * S);
  });

  it("a Reserve failure runs Unreserve and leaves the pod unbound and unassumed", () => {
    const log: string[] = [];
    const Res = definePlugin({
      name: "Res",
      description: "test",
      args: noArgs,
      create: () => ({
        name: "Res",
        reserve: () => (log.push("reserve"), Status.unschedulable("no reservation")),
        unreserve: () => void log.push("unreserve"),
      }),
    });
    const cfg = config("profiles:\n- plugins:\n    reserve:\n      enabled: [{name: Res}]\n");
    const { engine, store, scheduler } = cluster({ config: cfg, registry: withPlugins(Res as PluginFactory<unknown>) });
    store.create(makePod({ name: "p", requests: { cpu: "500m" } }));
    engine.run({ until: 1000 });
    expect(log.slice(0, 2)).toEqual(["reserve", "unreserve"]);
    expect(nodeOf(store, "p")).toBeUndefined();
    expect(scheduler.snapshot.nodes.every((n) => n.pods.length === 0)).toBe(true);
  });

  it("the same seed gives the same placements", () => {
    const place = (seed: number) => {
      const { engine, store } = cluster({ nodes: ["n1", "n2", "n3", "n4"], cpu: "8", seed });
      for (let i = 0; i < 12; i++) store.create(makePod({ name: `p${i}` }));
      engine.run();
      return Array.from({ length: 12 }, (_, i) => nodeOf(store, `p${i}`));
    };
    expect(place(3)).toEqual(place(3));
  });
});
