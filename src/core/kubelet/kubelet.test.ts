// Node agents: bound pods start after the start latency, finish after their run time, are deleted (or kept),
// and stop at once when deleted.
import { describe, expect, it } from "vitest";
import { ObjectStore } from "../api/store.js";
import type { Pod } from "../api/types.js";
import { Engine } from "../engine/engine.js";
import { Rng } from "../engine/rng.js";
import { makePod } from "../scheduler/testing.js";
import { AnnotationDurationUs, NodeAgents } from "./kubelet.js";

const S = 1_000_000;

function setup(deleteFinishedPods = true) {
  const engine = new Engine();
  const store = new ObjectStore(engine);
  const agents = new NodeAgents(engine, store, { podStartLatencyUs: 2 * S, deleteFinishedPods });
  const log: string[] = [];
  agents.observe({
    onRunning: (p, at) => void log.push(`running ${p.metadata.name} @${at / S}`),
    onFinished: (p, at, phase) => void log.push(`${phase} ${p.metadata.name} @${at / S}`),
  });
  agents.start();
  return { engine, store, agents, log };
}

const get = (store: ObjectStore, name: string) => store.get<Pod>("Pod", "default", name);
const bind = (store: ObjectStore, name: string, node = "n1") =>
  store.patch<Pod>("Pod", "default", name, (p) => ({ ...p, spec: { ...p.spec, nodeName: node } }));
const job = (name: string, runUs: number) => makePod({ name, annotations: { [AnnotationDurationUs]: String(runUs) } });

describe("NodeAgents", () => {
  it("a bound pod runs after the start latency, succeeds after its run time, and is deleted", () => {
    const { engine, store, agents, log } = setup();
    store.create(job("p", 10 * S));
    engine.at(1 * S, () => bind(store, "p"));
    engine.run({ until: 4 * S });
    expect(get(store, "p")!.status?.phase).toBe("Running");
    expect(get(store, "p")!.status?.startTime).toBe("1970-01-01T00:00:03.000Z");
    expect(agents.running).toBe(1);
    engine.run();
    expect(log).toEqual(["running p @3", "Succeeded p @13"]);
    expect(get(store, "p")).toBeUndefined();
    expect(agents.running).toBe(0);
  });

  it("with deleteFinishedPods off, a finished pod stays Succeeded", () => {
    const { engine, store, agents } = setup(false);
    store.create(job("p", 1 * S));
    bind(store, "p");
    engine.run();
    expect(get(store, "p")!.status?.phase).toBe("Succeeded");
    expect(agents.running).toBe(0);
  });

  it("a pod without a run time runs forever (no timer keeps the simulation alive)", () => {
    const { engine, store, agents, log } = setup();
    store.create(makePod({ name: "svc" }));
    bind(store, "svc");
    engine.run();
    expect(log).toEqual(["running svc @2"]);
    expect(agents.running).toBe(1);
    expect(engine.hasLiveEvents).toBe(false);
  });

  it("a pod created already bound is started too", () => {
    const { engine, store, log } = setup();
    store.create(makePod({ name: "pre", nodeName: "n1" }));
    engine.run();
    expect(log).toEqual(["running pre @2"]);
  });

  it("an unbound pod is left alone", () => {
    const { engine, store, log } = setup();
    store.create(job("p", S));
    engine.run();
    expect(log).toEqual([]);
    expect(get(store, "p")!.status?.phase).toBeUndefined();
  });

  it("a pod deleted while running stops at once: no finish, running count drops", () => {
    const { engine, store, agents, log } = setup();
    store.create(job("p", 100 * S));
    bind(store, "p");
    engine.at(5 * S, () => store.delete("Pod", "default", "p"));
    engine.run();
    expect(log).toEqual(["running p @2"]);
    expect(agents.running).toBe(0);
    expect(engine.now).toBe(5 * S); // the 100 s finish timer was cancelled
  });

  it("a pod deleted before it started never runs", () => {
    const { engine, store, agents, log } = setup();
    store.create(job("p", S));
    bind(store, "p");
    engine.at(1 * S, () => store.delete("Pod", "default", "p"));
    engine.run();
    expect(log).toEqual([]);
    expect(agents.running).toBe(0);
  });

  it("a new pod with the same name is not started by the old pod's timer", () => {
    const { engine, store, log } = setup();
    store.create(job("p", S));
    bind(store, "p");
    engine.at(1 * S, () => {
      store.delete("Pod", "default", "p");
      store.create(makePod({ name: "p", uid: "second" })); // unbound
    });
    engine.run();
    expect(log).toEqual([]);
    expect(get(store, "p")!.status?.phase).toBeUndefined();
  });

  it("later updates of a running pod do not start it again", () => {
    const { engine, store, log } = setup();
    store.create(makePod({ name: "svc" }));
    bind(store, "svc");
    engine.run();
    store.patch<Pod>("Pod", "default", "svc", (p) => ({ ...p, metadata: { ...p.metadata, labels: { touched: "yes" } } }));
    engine.run();
    expect(log).toEqual(["running svc @2"]);
  });

  it("KWOK-style jitter: start delays uniform between podStartLatency and podStartJitter, the same for the same seed", () => {
    const delays = (seed: number) => {
      const engine = new Engine();
      const store = new ObjectStore(engine);
      const agents = new NodeAgents(engine, store, { podStartLatencyUs: 2 * S, podStartJitterUs: 6 * S, rng: Rng.seeded(seed), deleteFinishedPods: true });
      const out: number[] = [];
      agents.observe({ onRunning: (_p, at) => void out.push(at) });
      agents.start();
      for (let i = 0; i < 200; i++) {
        store.create(makePod({ name: `p${i}` }));
        bind(store, `p${i}`);
      }
      engine.run();
      return out;
    };
    const a = delays(1);
    expect(a).toHaveLength(200);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(2 * S);
    expect(Math.max(...a)).toBeLessThanOrEqual(6 * S);
    // Spread over the range, not a constant: each quarter of it gets some.
    for (let q = 0; q < 4; q++) expect(a.filter((t) => t >= 2 * S + q * S && t < 3 * S + q * S).length, `quarter ${q}`).toBeGreaterThan(20);
    expect(delays(1)).toEqual(a);
    expect(delays(2)).not.toEqual(a);
  });
});
