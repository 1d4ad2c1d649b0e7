import { describe, expect, it } from "vitest";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import type { Node, Pod } from "../api/types.js";
import type { DaemonSet } from "../api/workload-types.js";
import { makeNode } from "../scheduler/testing.js";
import { controllerCluster } from "./testing.js";

const S = 1_000_000;

const agent = (nodeSelector?: Record<string, string>): DaemonSet => ({
  apiVersion: "apps/v1",
  kind: "DaemonSet",
  metadata: { name: "agent", namespace: "kube-system", generation: 1 },
  spec: {
    selector: { matchLabels: { app: "agent" } },
    template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "a", image: "fluent-bit", resources: { requests: { cpu: "50m" } } }], ...(nodeSelector ? { nodeSelector } : {}) } },
  },
});

const nodesOf = (pods: Pod[]) => pods.filter((p) => p.metadata.labels?.app === "agent").map((p) => p.spec.nodeName ?? "?").sort();

describe("DaemonSetController", () => {
  it("one pod on every node it should run on: untolerated NoSchedule taints and nodeSelector respected, nodes added and removed followed", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 3 });
    c.store.patch<Node>("Node", undefined, "node-3", (n) => ({ ...n, spec: { ...n.spec, taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] } }));
    c.store.create(agent());
    c.engine.run({ until: 10 * S });
    expect(nodesOf(c.ready())).toEqual(["node-1", "node-2"]);
    const pod = c.pods().find((p) => p.spec.nodeName === "node-1")!;
    expect(pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["node-1"] }] }]);
    expect(pod.spec.tolerations).toContainEqual({ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" });
    c.store.create(makeNode({ name: "node-4", allocatable: { cpu: "8", memory: "32Gi", pods: "110" } }));
    c.engine.run({ until: 20 * S });
    expect(nodesOf(c.ready())).toEqual(["node-1", "node-2", "node-4"]);
    c.store.delete("Node", undefined, "node-2");
    c.engine.run({ until: 30 * S });
    expect(nodesOf(c.pods())).toEqual(["node-1", "node-4"]);
    expect(c.store.get<DaemonSet>("DaemonSet", "kube-system", "agent")!.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, numberMisscheduled: 0 });
  });

  it("a cordoned node keeps its daemon pod (daemon pods tolerate unschedulable); a node relabelled out of the selector loses it", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 2 });
    for (const n of ["node-1", "node-2"]) c.store.patch<Node>("Node", undefined, n, (x) => ({ ...x, metadata: { ...x.metadata, labels: { ...x.metadata.labels, logging: "on" } } }));
    c.store.create(agent({ logging: "on" }));
    c.engine.run({ until: 10 * S });
    expect(nodesOf(c.ready())).toEqual(["node-1", "node-2"]);
    c.store.patch<Node>("Node", undefined, "node-1", (x) => ({ ...x, spec: { ...x.spec, unschedulable: true, taints: [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }] } }));
    c.store.patch<Node>("Node", undefined, "node-2", (x) => ({ ...x, metadata: { ...x.metadata, labels: { ...x.metadata.labels, logging: "off" } } }));
    c.engine.run({ until: 20 * S });
    expect(nodesOf(c.pods())).toEqual(["node-1"]);
  });
});
