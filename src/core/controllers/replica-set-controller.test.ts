import { describe, expect, it } from "vitest";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import type { Pod } from "../api/types.js";
import { defaultReplicaSet, type ReplicaSet } from "../api/workload-types.js";
import { podsToDelete } from "./replica-set-controller.js";
import { controllerCluster } from "./testing.js";

const S = 1_000_000;

function replicaSet(name: string, replicas: number, cpu = "100m"): ReplicaSet {
  return defaultReplicaSet({
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "default" },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "x", resources: { requests: { cpu } } }] } } },
  });
}

const pod = (name: string, o: { node?: string; phase?: Pod["status"] extends infer S ? S extends { phase?: infer P } ? P : never : never; created?: number; started?: number } = {}): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", creationTimestamp: new Date((o.created ?? 0) * 1000).toISOString() },
  spec: { containers: [], ...(o.node ? { nodeName: o.node } : {}) },
  status: { ...(o.phase ? { phase: o.phase } : {}), ...(o.started !== undefined ? { startTime: new Date(o.started * 1000).toISOString() } : {}) },
});

describe("ReplicaSetController", () => {
  it("keeps spec.replicas pods: replaces a deleted pod, and reports ready and available replicas", () => {
    const c = controllerCluster(inTreeRegistry());
    c.store.create(replicaSet("web", 3));
    c.engine.run({ until: 10 * S });
    expect(c.ready()).toHaveLength(3);
    const victim = c.pods()[0]!;
    c.store.delete("Pod", "default", victim.metadata.name);
    c.engine.run({ until: 10 * S + 1 });
    const now = c.pods();
    expect(now).toHaveLength(3);
    expect(now.map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
    c.engine.run({ until: 20 * S });
    expect(c.store.get<ReplicaSet>("ReplicaSet", "default", "web")!.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(c.events.events.filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(4);
  });

  it("minReadySeconds: a ready pod counts as available only after it", () => {
    const c = controllerCluster(inTreeRegistry());
    c.store.create({ ...replicaSet("web", 2), spec: { ...replicaSet("web", 2).spec, minReadySeconds: 10 } });
    c.engine.run({ until: 5 * S });
    expect(c.store.get<ReplicaSet>("ReplicaSet", "default", "web")!.status).toMatchObject({ readyReplicas: 2, availableReplicas: 0 });
    c.engine.run({ until: 12 * S });
    expect(c.store.get<ReplicaSet>("ReplicaSet", "default", "web")!.status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
  });

  it("scales down pods that cannot run first: unscheduled ones before running ones", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 1, cpu: "1" });
    c.store.create(replicaSet("web", 4, "400m"));
    c.engine.run({ until: 10 * S });
    expect(c.ready()).toHaveLength(2);
    const running = new Set(c.ready().map((p) => p.metadata.name));
    c.store.patch<ReplicaSet>("ReplicaSet", "default", "web", (rs) => ({ ...rs, spec: { ...rs.spec, replicas: 2 } }));
    c.engine.run({ until: 20 * S });
    expect(new Set(c.pods().map((p) => p.metadata.name))).toEqual(running);
  });

  it("ranks pods to delete as getPodsToDelete does", () => {
    const now = 1000;
    const pods = [
      pod("running-old", { node: "a", phase: "Running", created: 0, started: 1 }),
      pod("running-new", { node: "b", phase: "Running", created: 900, started: 990 }),
      pod("pending-bound", { node: "c", phase: "Pending", created: 0 }),
      pod("unscheduled", { created: 0 }),
    ];
    expect(podsToDelete(pods, pods, 3, now * S).map((p) => p.metadata.name)).toEqual(["unscheduled", "pending-bound", "running-new"]);
    // Doubled up: among ready pods, one sharing its node with more related pods goes first.
    const spread = [pod("alone", { node: "x", phase: "Running", started: 1 }), pod("crowded", { node: "y", phase: "Running", started: 1 })];
    const related = [...spread, pod("other", { node: "y", phase: "Running", started: 1 })];
    expect(podsToDelete(spread, related, 1, now * S).map((p) => p.metadata.name)).toEqual(["crowded"]);
  });
});
