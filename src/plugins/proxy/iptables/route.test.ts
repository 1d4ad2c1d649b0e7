// Packets through the generated rules: kube-proxy's TestTracePacket cases on the rules of
// TestOverallIPTablesRules, then the probabilities and ClientIP affinity the rules encode.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseManifests } from "../../../core/api/manifests.js";
import { Rng } from "../../../core/engine/rng.js";
import { emptyRoute, tcpPacket, type Packet, type ProxyNode } from "../../../core/network/proxy-plugin.js";
import { proxyState } from "../../../core/network/proxy-state.js";
import { IptablesDataPlane } from "./index.js";

const NODE: ProxyNode = { name: "test-node", ip: "192.168.0.2", zone: "", clusterCIDR: "10.0.0.0/8", masqueradeAll: false };
const set = parseManifests(readFileSync(new URL("fixtures/overall.yaml", import.meta.url), "utf8"), "overall.yaml");

function plane(): IptablesDataPlane {
  const p = new IptablesDataPlane(NODE);
  p.sync(proxyState(set.services, set.endpointSlices, NODE.name), null);
  return p;
}

const packet = (src: string, dst: string, dport: number): Packet => tcpPacket(src, dst, dport, NODE.ip);

describe("routing through kube-proxy's iptables rules (TestTracePacket's cases)", () => {
  const p = plane();
  const rng = Rng.seeded(1);
  const random = () => rng.float();
  it.each([
    ["no match", "10.0.0.2", "10.0.0.3", 80, "none", "", false],
    ["single endpoint", "10.0.0.2", "172.30.0.41", 80, "endpoint", "10.180.0.1:80", false],
    ["LOCAL, KUBE-MARK-MASQ", "192.168.0.2", "192.168.99.22", 80, "endpoint", "10.180.0.2:80", true],
    ["DROP", "203.0.113.2", "192.168.99.22", 80, "drop", "", false],
    ["ACCEPT (NodePortHealthCheck)", "192.168.0.2", "192.168.0.2", 30000, "accept", "", false],
    ["REJECT", "10.0.0.2", "172.30.0.46", 80, "reject", "", false],
    ["off-cluster client to a cluster IP is masqueraded", "203.0.113.2", "172.30.0.41", 80, "endpoint", "10.180.0.1:80", true],
    ["NodePort from outside", "203.0.113.2", "192.168.0.2", 3003, "endpoint", "10.180.0.3:80", true],
    ["load balancer IP from an allowed source", "203.0.113.9", "5.6.7.8", 80, "endpoint", "10.180.0.3:80", true],
    ["load balancer IP from a source outside loadBalancerSourceRanges", "198.51.100.1", "5.6.7.8", 80, "drop", "", false],
  ] as const)("%s", (_name, src, dst, port, verdict, endpoint, masq) => {
    const r = p.route(packet(src, dst, port), emptyRoute(), random, 0);
    expect([r.verdict, r.endpoint, r.masquerade]).toEqual([verdict, endpoint, masq]);
  });

  it("multiple endpoints: either of them", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) seen.add(p.route(packet("10.0.0.2", "172.30.0.44", 80), emptyRoute(), random, 0).endpoint);
    expect([...seen].sort()).toEqual(["10.180.0.4:80", "10.180.0.5:80"]);
  });

  it("counts the rules walked: a later service costs more", () => {
    const first = p.route(packet("10.0.0.2", "172.30.0.41", 80), emptyRoute(), random, 0).rulesVisited;
    const later = p.route(packet("10.0.0.2", "172.30.0.45", 80), emptyRoute(), random, 0).rulesVisited;
    // ns1/svc1: KUBE-SERVICES rule 1, its SVC chain's masq rule and endpoint rule, the SEP's two rules.
    expect(first).toBe(5);
    expect(later).toBeGreaterThan(first + 5);
  });
});

describe("what the rules encode", () => {
  const manifests = (n: number, affinity: string) => `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  clusterIP: 10.96.0.10
  ports: [{port: 80}]
${affinity}---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
endpoints: [${Array.from({ length: n }, (_, i) => `{addresses: [10.1.0.${i + 1}]}`).join(", ")}]
ports: [{port: 8080}]
`;
  const planeFor = (text: string) => {
    const s = parseManifests(text, "m.yaml");
    const d = new IptablesDataPlane(NODE);
    d.sync(proxyState(s.services, s.endpointSlices, NODE.name), null);
    return d;
  };

  it("1/(n−i) probabilities spread new connections evenly over 3 endpoints", () => {
    const d = planeFor(manifests(3, ""));
    const rng = Rng.seeded(7);
    const counts = new Map<string, number>();
    const N = 30_000;
    for (let i = 0; i < N; i++) {
      const ep = d.route(packet(`10.2.${i >> 8 & 255}.${i & 255}`, "10.96.0.10", 80), emptyRoute(), () => rng.float(), 0).endpoint;
      counts.set(ep, (counts.get(ep) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(["10.1.0.1:8080", "10.1.0.2:8080", "10.1.0.3:8080"]);
    for (const c of counts.values()) expect(Math.abs(c / N - 1 / 3)).toBeLessThan(0.015);
  });

  it("ClientIP affinity keeps a client on its endpoint until the timeout passes", () => {
    const d = planeFor(manifests(5, "  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}\n"));
    const rng = Rng.seeded(3);
    const random = () => rng.float();
    const pkt = packet("10.2.0.9", "10.96.0.10", 80);
    const first = d.route(pkt, emptyRoute(), random, 0).endpoint;
    for (let t = 1; t <= 60; t += 7) expect(d.route(pkt, emptyRoute(), random, t).endpoint).toBe(first);
    const later = new Set<string>();
    for (let k = 0; k < 40; k++) later.add(d.route(pkt, emptyRoute(), random, 1000 + k * 100).endpoint);
    expect(later.size).toBeGreaterThan(1);
  });

  it("a service without endpoints rejects; once it has some, the same packet reaches one", () => {
    const s = parseManifests(manifests(2, ""), "m.yaml");
    const d = new IptablesDataPlane(NODE);
    d.sync(proxyState(s.services, [], NODE.name), null);
    const pkt = packet("10.2.0.9", "10.96.0.10", 80);
    expect(d.route(pkt, emptyRoute(), Math.random, 0).verdict).toBe("reject");
    d.sync(proxyState(s.services, s.endpointSlices, NODE.name), new Set(["default/web"]));
    expect(d.route(pkt, emptyRoute(), Math.random, 0).verdict).toBe("endpoint");
  });
});
