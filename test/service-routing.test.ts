// Services inside a simulated run: pod addresses from per-node CIDRs, the EndpointSlice controller, one
// kube-proxy per node (rate-limited syncs that take the kernel's modelled apply time) and traffic from
// client pods. Deleting pods shows requests sent to endpoints that no longer exist until the rules catch up.
import { describe, expect, it } from "vitest";
import type { EndpointSlice, Service } from "../src/core/api/network-types.js";
import { ObjectStore } from "../src/core/api/store.js";
import type { Node, Pod } from "../src/core/api/types.js";
import { Engine } from "../src/core/engine/engine.js";
import { Rng } from "../src/core/engine/rng.js";
import { EndpointSliceController } from "../src/core/network/endpoint-slice-controller.js";
import { KubeProxy } from "../src/core/network/kube-proxy.js";
import { PodIPAllocator } from "../src/core/network/pod-ip-allocator.js";
import { TrafficGenerator } from "../src/core/network/traffic.js";
import { inTreeProxyRegistry } from "../src/plugins/proxy/index.js";

const node = (name: string, zone: string): Node => ({ apiVersion: "v1", kind: "Node", metadata: { name, labels: { "topology.kubernetes.io/zone": zone } }, spec: {}, status: {} });
const pod = (name: string, app: string, nodeName: string, port?: number): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "shop", labels: { app } },
  spec: { nodeName, containers: [{ name: "c", ...(port ? { ports: [{ name: "http", containerPort: port }] } : {}) }] },
  status: { phase: "Running" },
});
const service = (spec: Partial<Service["spec"]> = {}): Service => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web", namespace: "shop" },
  spec: { clusterIP: "10.96.0.10", selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }], ...spec },
});

function cluster(pluginName: string, seed = 1, requestsPerConnection = 1) {
  const engine = new Engine();
  const store = new ObjectStore(engine, { watchDelayUs: 1000 });
  const nodes = ["node-1", "node-2", "node-3"];
  nodes.forEach((n, i) => store.create(node(n, `zone-${i % 2}`)));
  for (let i = 0; i < 4; i++) store.create(pod(`web-${i}`, "web", nodes[i % 3]!, 8080));
  nodes.forEach((n, i) => store.create(pod(`client-${i}`, "client", n)));
  store.create(service());
  const plugin = inTreeProxyRegistry().lookup(pluginName);
  const proxies = new Map(nodes.map((n, i) => [n, new KubeProxy(engine, store, { name: n, ip: `192.168.0.${i + 2}`, zone: `zone-${i % 2}`, clusterCIDR: "10.244.0.0/16", masqueradeAll: false }, plugin)]));
  const traffic = new TrafficGenerator(engine, store, proxies, Rng.seeded(seed), { ratePerService: 1000, clientSelector: { app: "client" }, untilUs: 20_000_000, requestsPerConnection });
  const components = [new PodIPAllocator(store), new EndpointSliceController(engine, store), ...proxies.values(), traffic];
  for (const c of components) c.start();
  return { engine, store, proxies, traffic };
}

describe("Services in a simulated run", () => {
  it("pods get addresses from their node's /24, and the controller lists them with the named port resolved", () => {
    const { engine, store } = cluster("iptables");
    engine.run({ until: 100_000 });
    const ips = store.list<Pod>("Pod").map((p) => `${p.metadata.name} ${p.status?.podIP}`).sort();
    expect(ips).toContain("web-0 10.244.0.2");
    expect(ips).toContain("web-3 10.244.0.3");
    expect(ips).toContain("client-0 10.244.0.4");
    expect(ips).toContain("web-1 10.244.1.2");
    const [slice] = store.list<EndpointSlice>("EndpointSlice");
    expect(slice!.ports).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
    expect(slice!.endpoints.map((e) => `${e.addresses[0]} ${e.nodeName} ${e.zone}`)).toEqual([
      "10.244.0.2 node-1 zone-0",
      "10.244.1.2 node-2 zone-1",
      "10.244.2.2 node-3 zone-0",
      "10.244.0.3 node-1 zone-0",
    ]);
  });

  it.each(["iptables", "nftables"])("%s: deleting pods sends requests to gone endpoints until the sync is applied, then none", (plugin) => {
    const { engine, store, proxies, traffic } = cluster(plugin);
    engine.after(5_000_000, () => {
      store.delete("Pod", "shop", "web-0");
      store.delete("Pod", "shop", "web-3");
    });
    engine.run({ until: 21_000_000 });
    // Until the first sync is applied nothing is a service (unrouted); it ran before the slice existed (REJECT);
    // the next one, a minSyncPeriod later, has the endpoints.
    const early = traffic.requests.filter((r) => r.atUs < 1_000_000);
    expect(early.every((r) => r.outcome === "unrouted" || r.outcome === "refused")).toBe(true);
    expect(early.some((r) => r.outcome === "refused")).toBe(true);
    const before = traffic.requests.filter((r) => r.atUs > 2_000_000 && r.atUs < 5_000_000);
    expect(before.length).toBeGreaterThan(2900);
    expect(before.every((r) => r.outcome === "delivered")).toBe(true);
    const stale = traffic.requests.filter((r) => r.outcome === "stale");
    expect(stale.length).toBeGreaterThan(0);
    const latest = Math.max(...[...proxies.values()].flatMap((p) => p.programmingLatencyUs));
    // every stale request falls between the deletion and the slowest node's rules taking effect
    for (const r of stale) expect(r.atUs).toBeGreaterThanOrEqual(5_000_000);
    for (const r of stale) expect(r.atUs).toBeLessThanOrEqual(5_000_000 + latest + 10_000);
    expect(traffic.requests.filter((r) => r.atUs > 7_000_000).every((r) => r.outcome === "delivered")).toBe(true);
    // each node synced fully once, then partially; syncs began at least minSyncPeriod apart
    for (const p of proxies.values()) {
      expect(p.syncs[0]!.full).toBe(true);
      expect(p.syncs.slice(1).every((s) => !s.full)).toBe(true);
      for (let i = 1; i < p.syncs.length; i++) expect(p.syncs[i]!.startUs - p.syncs[i - 1]!.startUs).toBeGreaterThanOrEqual(1_000_000);
    }
  });

  it("with connection reuse, requests keep going to a deleted pod over its open connections after the rules changed", () => {
    const staleOne = (per: number, seed: number) => {
      const { engine, store, proxies, traffic } = cluster("nftables", seed, per);
      engine.after(5_000_000, () => store.delete("Pod", "shop", "web-0"));
      engine.run({ until: 8_000_000 });
      // every node's first sync after the deletion has been applied
      const applied = Math.max(...[...proxies.values()].map((p) => p.syncs.find((x) => x.startUs >= 5_000_000)!.appliedUs));
      return traffic.requests.filter((r) => r.outcome === "stale" && r.atUs > applied + 10_000).length;
    };
    // Whether a client's open connection points at the deleted pod is chance: sum over four seeds.
    const stale = (per: number) => [1, 2, 3, 4].reduce((n, seed) => n + staleOne(per, seed), 0);
    // a new connection per request: nothing after the rules changed; 50 per connection: the open ones still go there
    expect(stale(1)).toBe(0);
    expect(stale(50)).toBeGreaterThan(0);
  });

  it("is deterministic: the same seed gives the same requests", () => {
    const run = () => {
      const { engine, store, traffic } = cluster("iptables", 7);
      engine.after(3_000_000, () => store.delete("Pod", "shop", "web-1"));
      engine.run({ until: 8_000_000 });
      return JSON.stringify(traffic.requests);
    };
    expect(run()).toBe(run());
  });

  it("a service whose selector matches nothing keeps an empty slice, and its requests are refused", () => {
    const { engine, store, traffic } = cluster("iptables");
    store.update({ ...store.get<Service>("Service", "shop", "web")!, spec: { ...service().spec, selector: { app: "nothing" } } });
    engine.run({ until: 3_000_000 });
    expect(store.list<EndpointSlice>("EndpointSlice").map((s) => s.endpoints.length)).toEqual([0]);
    expect(traffic.counts.refused).toBeGreaterThan(0);
    expect(traffic.counts.delivered + traffic.counts.stale).toBe(0);
  });
});

describe("EndpointSlice controller", () => {
  it("splits at 100 endpoints per slice, leaves out pods without the named port, and rewrites a slice only when it changes", () => {
    const engine = new Engine();
    const store = new ObjectStore(engine);
    store.create(node("node-1", "z"));
    for (let i = 0; i < 250; i++) store.create({ ...pod(`web-${String(i).padStart(3, "0")}`, "web", "node-1", 8080), status: { phase: "Running", podIP: `10.244.${i >> 8}.${(i & 255) + 1}` } });
    store.create({ ...pod("web-noport", "web", "node-1"), status: { phase: "Running", podIP: "10.244.9.9" } });
    store.create(service());
    new EndpointSliceController(engine, store).start();
    engine.run();
    const slices = store.list<EndpointSlice>("EndpointSlice").sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    expect(slices.map((s) => `${s.metadata.name}:${s.endpoints.length}`)).toEqual(["web-0:100", "web-1:100", "web-2:50"]);
    expect(slices.flatMap((s) => s.endpoints).some((e) => e.addresses[0] === "10.244.9.9")).toBe(false);
    const rv = slices.map((s) => s.metadata.resourceVersion);
    store.patch<Pod>("Pod", "shop", "web-noport", (p) => ({ ...p, metadata: { ...p.metadata, annotations: { touched: "yes" } } }));
    engine.run();
    expect(store.list<EndpointSlice>("EndpointSlice").sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)).map((s) => s.metadata.resourceVersion)).toEqual(rv);
  });
});
