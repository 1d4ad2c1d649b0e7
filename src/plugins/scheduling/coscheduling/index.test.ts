import { describe, expect, it } from "vitest";
import { ObjectStore } from "../../../core/api/store.js";
import type { Pod } from "../../../core/api/types.js";
import { Engine } from "../../../core/engine/engine.js";
import { Rng } from "../../../core/engine/rng.js";
import { NodeAgents } from "../../../core/kubelet/kubelet.js";
import { decodeSchedulerConfig } from "../../../core/scheduler/config.js";
import { Scheduler } from "../../../core/scheduler/scheduler.js";
import { makeNode, makePod } from "../../../core/scheduler/testing.js";
import { parseYaml } from "../../../core/util/yaml-doc.js";
import { inTreeRegistry } from "../index.js";
import { PodGroupLabel, type PodGroup } from "./index.js";

const S = 1_000_000;

/** scheduler-plugins' documented profile for Coscheduling. */
const CONFIG = `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
  plugins:
    queueSort:
      enabled: [{name: Coscheduling}]
      disabled: [{name: "*"}]
    preFilter: {enabled: [{name: Coscheduling}]}
    postFilter: {enabled: [{name: Coscheduling}]}
    permit: {enabled: [{name: Coscheduling}]}
    reserve: {enabled: [{name: Coscheduling}]}
  pluginConfig:
  - name: Coscheduling
    args: {permitWaitingTimeSeconds: 10}
`;

function cluster(nodes: number, gpusPerNode: number) {
  const engine = new Engine();
  const store = new ObjectStore(engine);
  const scheduler = new Scheduler(engine, store, decodeSchedulerConfig(parseYaml(CONFIG, "cosched.yaml")), inTreeRegistry(), Rng.seeded(1));
  const agents = new NodeAgents(engine, store, { podStartLatencyUs: S, deleteFinishedPods: true });
  for (let i = 0; i < nodes; i++) store.create(makeNode({ name: `n${i}`, allocatable: { cpu: "64", memory: "256Gi", "nvidia.com/gpu": String(gpusPerNode) } }));
  scheduler.start();
  agents.start();
  return { engine, store, scheduler };
}

const group = (name: string, minMember: number, timeout?: number): PodGroup => ({
  apiVersion: "scheduling.x-k8s.io/v1alpha1",
  kind: "PodGroup",
  metadata: { name, namespace: "default" },
  spec: { minMember, ...(timeout !== undefined ? { scheduleTimeoutSeconds: timeout } : {}) },
});

function worker(name: string, g: string, gpus = 1): Pod {
  const p = makePod({ name, requests: { cpu: "1", "nvidia.com/gpu": String(gpus) } });
  p.metadata.labels = { ...p.metadata.labels, [PodGroupLabel]: g };
  return p;
}

const bound = (store: ObjectStore) => store.list<Pod>("Pod", (p) => !!p.spec.nodeName).length;

describe("Coscheduling (gang scheduling with PodGroups)", () => {
  it("a gang of 8 with room for 7 schedules none: members wait in Permit and are let go, none is ever bound", () => {
    const c = cluster(7, 1);
    c.store.create(group("train", 8));
    for (let i = 0; i < 8; i++) c.store.create(worker(`train-${i}`, "train"));
    let maxBound = 0;
    let maxWaiting = 0;
    let released = 0;
    let prev = 0;
    while (c.engine.now < 120 * S && c.engine.step()) {
      maxBound = Math.max(maxBound, bound(c.store));
      const w = c.scheduler.waitingCount;
      maxWaiting = Math.max(maxWaiting, w);
      if (w < prev) released++;
      prev = w;
    }
    expect(maxBound).toBe(0);
    expect(maxWaiting).toBe(7);
    expect(released).toBeGreaterThan(0);
  });

  it("a gang of 8 with room for 8 is placed, every member at the same time", () => {
    const c = cluster(8, 1);
    c.store.create(group("train", 8));
    for (let i = 0; i < 8; i++) c.store.create(worker(`train-${i}`, "train"));
    const boundAt = new Map<string, number>();
    c.store.watch<Pod>("Pod", (ev) => {
      if (ev.object.spec.nodeName && !ev.oldObject?.spec.nodeName) boundAt.set(ev.object.metadata.name, c.engine.now);
    });
    c.engine.run({ until: 30 * S });
    expect(bound(c.store)).toBe(8);
    expect(new Set(boundAt.values()).size).toBe(1);
  });

  it("members wait at PreFilter until minMember pods exist, and for a PodGroup that does not exist", () => {
    const c = cluster(8, 1);
    c.store.create(group("train", 4));
    for (let i = 0; i < 3; i++) c.store.create(worker(`train-${i}`, "train"));
    c.store.create(worker("orphan", "nogroup"));
    c.engine.run({ until: 10 * S });
    expect(bound(c.store)).toBe(0);
    const failures: string[] = [];
    c.scheduler.observe({ onUnschedulable: (pi, st) => failures.push(`${pi.name}: ${st.message()}`) });
    c.store.create(worker("train-3", "train"));
    c.engine.run({ until: 40 * S });
    expect(c.store.list<Pod>("Pod", (p) => !!p.spec.nodeName).map((p) => p.metadata.name).sort()).toEqual(["train-0", "train-1", "train-2", "train-3"]);
    c.store.delete("Pod", "default", "orphan");
    c.store.create(worker("orphan", "nogroup"));
    c.engine.run({ until: 50 * S });
    expect(failures.some((f) => f.startsWith("orphan: ") && f.includes("PodGroup default/nogroup not found"))).toBe(true);
  });

  it("members that wait longer than scheduleTimeoutSeconds are all rejected and go back to the queue", () => {
    // Room for 3 of a gang of 4 whose last member arrives late: the first three wait, time out, let go.
    const c = cluster(3, 1);
    c.store.create(group("train", 4, 5));
    for (let i = 0; i < 3; i++) c.store.create(worker(`train-${i}`, "train"));
    c.store.create({ ...worker("train-3", "train"), spec: { ...worker("train-3", "train").spec, schedulingGates: [{ name: "late" }] } });
    c.engine.run({ until: 4 * S });
    expect(c.scheduler.waitingCount).toBe(3);
    let releasedAt = -1;
    while (c.engine.now < 7 * S && c.engine.step()) if (releasedAt < 0 && c.scheduler.waitingCount === 0) releasedAt = c.engine.now;
    expect(releasedAt).toBe(5 * S);
    expect(bound(c.store)).toBe(0);
  });
});
