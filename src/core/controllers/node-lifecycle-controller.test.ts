import { describe, expect, it } from "vitest";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import type { Node, Pod } from "../api/types.js";
import type { Deployment } from "../api/workload-types.js";
import { controllerCluster, testDeployment } from "./testing.js";

const S = 1_000_000;

const web = (replicas: number) => testDeployment("web", replicas);

const onNode = (pods: Pod[], node: string) => pods.filter((p) => p.spec.nodeName === node);

describe("node lifecycle and taint eviction", () => {
  it("a failed node is NotReady after the 50 s grace period, and its pods are replaced 300 s later, not before", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 3 });
    c.store.create(web(6));
    c.engine.run({ until: 103 * S });
    const doomed = onNode(c.pods(), "node-2").map((p) => p.metadata.name);
    expect(doomed.length).toBeGreaterThan(0);
    c.agents.failNode("node-2"); // at 103 s: the last Lease renewal was at 100 s
    const ready = () => c.store.get<Node>("Node", undefined, "node-2")!.status.conditions?.find((x) => x.type === "Ready")?.status;
    c.engine.run({ until: 150 * S + 1 });
    expect(ready()).not.toBe("Unknown"); // 100 s + 50 s is not yet past the grace period
    c.engine.run({ until: 155 * S + 1 });
    expect(ready()).toBe("Unknown"); // the monitor period after it
    const node = c.store.get<Node>("Node", undefined, "node-2")!;
    expect(node.spec.taints!.map((t) => `${t.key}:${t.effect}`)).toEqual(["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"]);
    // Its pods are no longer ready, so the Deployment is short of them...
    expect(c.store.get<Deployment>("Deployment", "default", "web")!.status!.availableReplicas).toBe(6 - doomed.length);
    // ...but they are not replaced before tolerationSeconds (300 s) have passed since the taint.
    c.engine.run({ until: 455 * S - 1 });
    expect(c.pods().map((p) => p.metadata.name)).toEqual(expect.arrayContaining(doomed));
    expect(c.pods()).toHaveLength(6);
    c.engine.run({ until: 470 * S });
    const now = c.pods();
    expect(now).toHaveLength(6);
    for (const name of doomed) expect(now.map((p) => p.metadata.name)).not.toContain(name);
    expect(onNode(now, "node-2")).toHaveLength(0);
    expect(c.ready()).toHaveLength(6);
    expect(c.events.events.filter((e) => e.reason === "TaintManagerEviction").map((e) => e.firstUs)).toEqual(doomed.map(() => 455 * S));
  });

  it("a node back before the eviction keeps its pods; a pod tolerating the taint for 0 s goes at once", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 2 });
    c.store.create(web(4));
    c.engine.run({ until: 30 * S });
    const kept = onNode(c.pods(), "node-1").map((p) => p.metadata.name).sort();
    c.store.create<Pod>({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "impatient", namespace: "default" },
      spec: { nodeName: "node-1", containers: [{ name: "c" }], tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 0 }] },
    });
    c.engine.run({ until: 40 * S });
    c.agents.failNode("node-1");
    c.engine.run({ until: 200 * S });
    expect(c.store.get<Pod>("Pod", "default", "impatient")).toBeUndefined();
    c.agents.recoverNode("node-1");
    c.engine.run({ until: 600 * S });
    expect(onNode(c.pods(), "node-1").map((p) => p.metadata.name).sort()).toEqual(kept);
    expect(c.store.get<Node>("Node", undefined, "node-1")!.spec.taints ?? []).toEqual([]);
    expect(c.ready()).toHaveLength(4);
  });
});
