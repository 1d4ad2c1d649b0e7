import { describe, expect, it } from "vitest";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import type { Pod } from "../api/types.js";
import type { Deployment, ReplicaSet } from "../api/workload-types.js";
import { controllerCluster, testDeployment } from "./testing.js";

const S = 1_000_000;

const deployment = testDeployment;

function setImage(d: Deployment, image: string): Deployment {
  const t = d.spec.template;
  return { ...d, metadata: { ...d.metadata, generation: (d.metadata.generation ?? 1) + 1 }, spec: { ...d.spec, template: { ...t, spec: { ...t.spec, containers: [{ ...t.spec.containers[0]!, image }] } } } };
}

const imageOf = (p: Pod) => p.spec.containers[0]!.image;

describe("DeploymentController", () => {
  it("creates a ReplicaSet named <deployment>-<hash> and brings up every replica", () => {
    const c = controllerCluster(inTreeRegistry());
    c.store.create(deployment("web", 3, "nginx:1.25"));
    c.engine.run({ until: 30 * S });
    const sets = c.store.list<ReplicaSet>("ReplicaSet");
    expect(sets).toHaveLength(1);
    const rs = sets[0]!;
    const hash = rs.metadata.labels!["pod-template-hash"]!;
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("1");
    const pods = c.ready();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.ownerReferences![0]).toMatchObject({ kind: "ReplicaSet", name: rs.metadata.name, controller: true });
      // DefaultTolerationSeconds admission.
      expect(p.spec.tolerations).toContainEqual({ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 });
    }
    const d = c.store.get<Deployment>("Deployment", "default", "web")!;
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0 });
    expect(d.status!.conditions!.map((x) => [x.type, x.status, x.reason])).toEqual([
      ["Available", "True", "MinimumReplicasAvailable"],
      ["Progressing", "True", "NewReplicaSetAvailable"],
    ]);
  });

  it("a rolling update of 10 replicas with 25%/25% never has fewer than 8 available or more than 13 pods", () => {
    for (const latency of [1 * S, 3 * S]) {
      const c = controllerCluster(inTreeRegistry(), { podStartLatencyUs: latency });
      c.store.create(deployment("web", 10, "nginx:1.25"));
      c.engine.run({ until: 60 * S });
      expect(c.ready()).toHaveLength(10);
      c.store.update(setImage(c.store.get<Deployment>("Deployment", "default", "web")!, "nginx:1.26"));
      let minAvailable = Infinity;
      let maxPods = 0;
      let steps = 0;
      while (c.engine.now < 300 * S && c.engine.step()) {
        minAvailable = Math.min(minAvailable, c.ready().length);
        maxPods = Math.max(maxPods, c.store.count("Pod"));
        steps++;
      }
      expect(steps).toBeGreaterThan(20);
      expect(minAvailable).toBe(8);
      expect(maxPods).toBe(13);
      const pods = c.ready();
      expect(pods).toHaveLength(10);
      expect(new Set(pods.map(imageOf))).toEqual(new Set(["nginx:1.26"]));
      const sets = c.store.list<ReplicaSet>("ReplicaSet").sort((a, b) => a.metadata.annotations!["deployment.kubernetes.io/revision"]!.localeCompare(b.metadata.annotations!["deployment.kubernetes.io/revision"]!));
      expect(sets.map((s) => s.spec.replicas)).toEqual([0, 10]);
      const msgs = c.events.events.filter((e) => e.reason === "ScalingReplicaSet").map((e) => e.message.replace(/web-\w+/, "RS"));
      // The first steps as upstream takes them: surge 3 on the new set, then 2 old ones down (maxUnavailable).
      expect(msgs.slice(0, 3)).toEqual(["Scaled up replica set RS from 0 to 10", "Scaled up replica set RS from 0 to 3", "Scaled down replica set RS from 10 to 8"]);
    }
  });

  it("Recreate stops every old pod before starting a new one", () => {
    const c = controllerCluster(inTreeRegistry());
    c.store.create(deployment("db", 4, "postgres:15", { strategy: { type: "Recreate" } }));
    c.engine.run({ until: 30 * S });
    c.store.update(setImage(c.store.get<Deployment>("Deployment", "default", "db")!, "postgres:16"));
    let mixed = false;
    while (c.engine.now < 120 * S && c.engine.step()) {
      const images = new Set(c.pods().map(imageOf));
      if (images.size > 1) mixed = true;
    }
    expect(mixed).toBe(false);
    expect(c.ready().map(imageOf)).toEqual(Array(4).fill("postgres:16"));
  });

  it("scaling, rollback to the previous revision reusing its ReplicaSet, and the revision history limit", () => {
    const c = controllerCluster(inTreeRegistry());
    c.store.create(deployment("web", 2, "v1", { revisionHistoryLimit: 1 }));
    c.engine.run({ until: 20 * S });
    const get = () => c.store.get<Deployment>("Deployment", "default", "web")!;
    c.store.update({ ...get(), spec: { ...get().spec, replicas: 5 } });
    c.engine.run({ until: 40 * S });
    expect(c.ready()).toHaveLength(5);
    c.store.update(setImage(get(), "v2"));
    c.engine.run({ until: 80 * S });
    c.store.update(setImage(get(), "v3"));
    c.engine.run({ until: 120 * S });
    // revisionHistoryLimit 1: v1's set (at zero) was deleted, v2's kept.
    let sets = c.store.list<ReplicaSet>("ReplicaSet");
    expect(sets.map((s) => s.spec.template.spec.containers[0]!.image).sort()).toEqual(["v2", "v3"]);
    const v2 = sets.find((s) => s.spec.template.spec.containers[0]!.image === "v2")!;
    // kubectl rollout undo: the previous revision's template, without the hash label.
    const { ["pod-template-hash"]: _, ...labels } = v2.spec.template.metadata!.labels!;
    c.store.update({ ...get(), spec: { ...get().spec, template: { ...v2.spec.template, metadata: { ...v2.spec.template.metadata, labels } } } });
    c.engine.run({ until: 160 * S });
    sets = c.store.list<ReplicaSet>("ReplicaSet");
    const back = sets.find((s) => s.metadata.uid === v2.metadata.uid)!;
    expect(back.spec.replicas).toBe(5);
    expect(back.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("4");
    expect(get().metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("4");
    expect(c.ready().map(imageOf)).toEqual(Array(5).fill("v2"));
  });

  it("a paused Deployment is scaled but not rolled out; resuming rolls out", () => {
    const c = controllerCluster(inTreeRegistry());
    c.store.create(deployment("web", 2, "v1"));
    c.engine.run({ until: 20 * S });
    const get = () => c.store.get<Deployment>("Deployment", "default", "web")!;
    c.store.update({ ...get(), spec: { ...get().spec, paused: true } });
    c.engine.run({ until: 25 * S });
    c.store.update(setImage(get(), "v2"));
    c.store.update({ ...get(), spec: { ...get().spec, replicas: 4 } });
    c.engine.run({ until: 60 * S });
    expect(c.ready().map(imageOf)).toEqual(Array(4).fill("v1"));
    expect(get().status!.conditions!.find((x) => x.type === "Progressing")!.reason).toBe("DeploymentPaused");
    c.store.update({ ...get(), spec: { ...get().spec, paused: false } });
    c.engine.run({ until: 120 * S });
    expect(c.ready().map(imageOf)).toEqual(Array(4).fill("v2"));
  });

  it("deleting the Deployment deletes its ReplicaSets and pods", () => {
    const c = controllerCluster(inTreeRegistry());
    c.store.create(deployment("web", 3, "v1"));
    c.engine.run({ until: 20 * S });
    c.store.delete("Deployment", "default", "web");
    c.engine.run({ until: 40 * S });
    expect(c.store.count("ReplicaSet")).toBe(0);
    expect(c.store.count("Pod")).toBe(0);
  });
});
