// Which Stage moves a pod on, and when, as KWOK's lifecycle decides (pkg/utils/lifecycle): a weighted draw
// among matching Stages (uniform when no weight is positive), a delay drawn in [duration, jitter), and a
// pod that is not yet Running read as Pending. Then end to end: a Job whose pods always fail stops at its
// backoffLimit, with the Job controller's reason.
import { describe, expect, it } from "vitest";
import { ObjectStore } from "../api/store.js";
import type { KubeObject, Pod } from "../api/types.js";
import type { Job } from "../api/workload-types.js";
import { defaultJob } from "../api/workload-types.js";
import { Engine } from "../engine/engine.js";
import { Rng } from "../engine/rng.js";
import { controllerCluster } from "../controllers/testing.js";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import { makePod } from "../scheduler/testing.js";
import { PodStages } from "./pod-stages.js";

const stage = (name: string, spec: Record<string, unknown>): KubeObject =>
  ({ apiVersion: "kwok.x-k8s.io/v1alpha1", kind: "Stage", metadata: { name }, spec: { resourceRef: { apiGroup: "v1", kind: "Pod" }, selector: {}, next: { statusTemplate: "phase: Failed" }, ...spec } }) as KubeObject;

function stages(objs: KubeObject[], seed = 1) {
  const engine = new Engine();
  const store = new ObjectStore(engine);
  for (const o of objs) store.create(o);
  const ps = new PodStages(store, Rng.seeded(seed));
  engine.run();
  return ps;
}

const running: Pod = { ...makePod({ name: "p" }), status: { phase: "Running" } };

describe("PodStages", () => {
  it("draws among matching Stages by weight (4:1 gives about 80:20, the same for the same seed)", () => {
    const ps = stages([stage("ok", { weight: 4, next: { statusTemplate: "phase: Succeeded" } }), stage("fail", { weight: 1 })]);
    const n = 5000;
    let ok = 0;
    for (let i = 0; i < n; i++) if (ps.choose(running, 0)!.stage === "ok") ok++;
    expect(ok / n).toBeGreaterThan(0.77);
    expect(ok / n).toBeLessThan(0.83);
    const again = stages([stage("ok", { weight: 4, next: { statusTemplate: "phase: Succeeded" } }), stage("fail", { weight: 1 })]);
    const first = Array.from({ length: 50 }, () => again.choose(running, 0)!.stage);
    const ps2 = stages([stage("ok", { weight: 4, next: { statusTemplate: "phase: Succeeded" } }), stage("fail", { weight: 1 })]);
    expect(Array.from({ length: 50 }, () => ps2.choose(running, 0)!.stage)).toEqual(first);
  });

  it("draws uniformly when no weight is positive, and only among readable weights", () => {
    const ps = stages([stage("a", {}), stage("b", {})]);
    let a = 0;
    for (let i = 0; i < 4000; i++) if (ps.choose(running, 0)!.stage === "a") a++;
    expect(a / 4000).toBeGreaterThan(0.46);
    expect(a / 4000).toBeLessThan(0.54);
    const unreadable = { weightFrom: { expressionFrom: '.metadata.annotations["w"]' } };
    const p = { ...running, metadata: { ...running.metadata, annotations: { w: "many" } } };
    const only = stages([stage("a", unreadable), stage("b", {})]);
    for (let i = 0; i < 100; i++) expect(only.choose(p, 0)!.stage).toBe("b");
  });

  it("delays by the duration, a draw in [duration, jitter) when the jitter is larger, the jitter when smaller", () => {
    const ps = stages([stage("s", { delay: { durationMilliseconds: 2000, jitterDurationMilliseconds: 12000 } })]);
    const d = Array.from({ length: 3000 }, () => ps.choose(running, 0)!.delayUs);
    expect(Math.min(...d)).toBeGreaterThanOrEqual(2_000_000);
    expect(Math.max(...d)).toBeLessThan(12_000_000);
    expect(Math.min(...d)).toBeLessThan(2_100_000);
    expect(Math.max(...d)).toBeGreaterThan(11_900_000);
    expect(stages([stage("s", { delay: { durationMilliseconds: 5000, jitterDurationMilliseconds: 3000 } })]).choose(running, 0)!.delayUs).toBe(3_000_000);
    expect(stages([stage("s", { delay: { jitterDurationMilliseconds: 3000 } })]).choose(running, 0)!.delayUs).toBe(0);
  });

  it("reads a pod without a phase as Pending and one without restartPolicy as Always", () => {
    const ps = stages([stage("ready", { selector: { matchExpressions: [{ key: ".status.phase", operator: "In", values: ["Pending"] }, { key: ".spec.restartPolicy", operator: "In", values: ["Always"] }] } })]);
    expect(ps.choose(makePod({ name: "fresh" }), 0)?.stage).toBe("ready");
    expect(ps.choose(running, 0)).toBeNull();
  });
});

describe("a Job whose pods fail", () => {
  it("stops at backoffLimit 2: three pods fail, the Job fails with BackoffLimitExceeded", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 2 });
    c.agents.useStages(new PodStages(c.store, Rng.seeded(3)));
    c.store.create(stage("crash", { selector: { matchExpressions: [{ key: ".status.phase", operator: "In", values: ["Running"] }] }, delay: { durationMilliseconds: 5000 } }));
    const failed: string[] = [];
    c.store.watch<Pod>("Pod", (ev) => {
      if (ev.type === "MODIFIED" && ev.object.status?.phase === "Failed") failed.push(ev.object.metadata.name);
    });
    const job: Job = defaultJob({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "flaky", namespace: "default" },
      spec: { completions: 1, backoffLimit: 2, template: { metadata: {}, spec: { restartPolicy: "Never", containers: [{ name: "c", resources: { requests: { cpu: "100m" } } }] } } },
    });
    c.store.create(job);
    c.engine.run({ until: 600_000_000 });
    expect(failed).toHaveLength(3);
    const cond = c.store.get<Job>("Job", "default", "flaky")!.status?.conditions?.find((x) => x.type === "Failed");
    expect(cond).toMatchObject({ status: "True", reason: "BackoffLimitExceeded" });
  });
});
