// Service networking in a large cluster: every node gets a pod CIDR and a kube-proxy (the experiments'
// cluster CIDR holds thousands of /24s, not the 256 of a /16).
import { describe, expect, it } from "vitest";
import { ObjectStore } from "../api/store.js";
import type { Node, Pod } from "../api/types.js";
import { Engine } from "../engine/engine.js";
import { Rng } from "../engine/rng.js";
import type { DataPlane, ProxyPlugin } from "./proxy-plugin.js";
import { resetRoute } from "./proxy-plugin.js";
import { EXPERIMENT_CLUSTER_CIDR, ServiceNetwork } from "./service-network.js";

/** A data plane that routes nothing: this test is about addresses and components, not rules. */
const inert: ProxyPlugin = {
  name: "inert",
  description: "routes nothing",
  create: (): DataPlane => ({ sync: () => ({ full: true, lines: 0, total: 0 }), route: (_p, out) => resetRoute(out), ruleText: () => "" }),
};

describe("ServiceNetwork", () => {
  it("gives 1,000 nodes each a pod CIDR and a kube-proxy", () => {
    const engine = new Engine();
    const store = new ObjectStore(engine);
    for (let i = 0; i < 1000; i++) store.create<Node>({ apiVersion: "v1", kind: "Node", metadata: { name: `node-${i}` }, spec: {}, status: {} });
    store.create<Pod>({ apiVersion: "v1", kind: "Pod", metadata: { name: "last", namespace: "default" }, spec: { nodeName: "node-999", containers: [{ name: "c" }] }, status: { phase: "Running" } });
    const net = new ServiceNetwork(engine, store, Rng.seeded(1), { plugin: inert, minSyncPeriodUs: 1_000_000, syncPeriodUs: 30_000_000, clusterCIDR: EXPERIMENT_CLUSTER_CIDR, traffic: null, cni: null });
    net.start();
    engine.run();
    expect(net.proxies.size).toBe(1000);
    // node-999 is the 1000th /24 of 10.128.0.0/9: 10.128.(999 >> 8 = 3 → 10.131).(999 & 255 = 231).0/24
    expect(store.get<Pod>("Pod", "default", "last")!.status!.podIP).toBe("10.131.231.2");
  });
});
