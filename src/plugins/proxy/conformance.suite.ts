/**
 * The proxy family's conformance suite: every service-proxy plugin gets the same Services and
 * EndpointSlices and must reach the same set of endpoints (kube-proxy's semantics: ready endpoints,
 * terminating fallback, traffic policies, topology, NodePorts), refuse what kube-proxy refuses and leave
 * other traffic alone. Cases a data plane does not promise are skipped with the reason.
 */
import { expect } from "vitest";
import { parseManifests } from "../../core/api/manifests.js";
import { conformanceSuite, type ConformanceCase } from "../../core/conformance.suite.js";
import { Rng } from "../../core/engine/rng.js";
import { parseIPv4 } from "../../core/network/ipv4.js";
import { emptyRoute, tcpPacket, type DataPlane, type Packet, type ProxyNode, type ProxyPlugin } from "../../core/network/proxy-plugin.js";
import { proxyState } from "../../core/network/proxy-state.js";

const NODE: ProxyNode = { name: "node-1", ip: "192.168.0.2", zone: "zone-a", clusterCIDR: "10.244.0.0/16", masqueradeAll: false };
const VIP = "10.96.0.10";
const POD_CLIENT = "10.244.9.9";
const EXTERNAL_CLIENT = "203.0.113.7";

interface Endpoint {
  ip: string;
  node?: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  zone?: string;
}

function manifests(spec: string, endpoints: readonly Endpoint[], slicePort = "http"): string {
  const eps = endpoints
    .map((e) => {
      const cond = `{ready: ${e.ready ?? true}, serving: ${e.serving ?? e.ready ?? true}, terminating: ${e.terminating ?? false}}`;
      const hints = e.zone ? `, zone: ${e.zone}, hints: {forZones: [{name: ${e.zone}}]}` : "";
      return `- {addresses: [${e.ip}], conditions: ${cond}, nodeName: ${e.node ?? "node-2"}${hints}}`;
    })
    .join("\n");
  return `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: ${VIP}
  ports: [{name: http, port: 80, targetPort: 8080}]
${spec}---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: shop, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
endpoints:${eps ? `\n${eps}` : " []"}
ports: [{name: ${slicePort}, port: 8080, protocol: TCP}]
`;
}

function plane(plugin: ProxyPlugin, text: string): DataPlane {
  const set = parseManifests(text, "conformance.yaml");
  const d = plugin.create(NODE);
  d.sync(proxyState(set.services, set.endpointSlices, NODE.name), null);
  return d;
}

const packet = (src: string, dst: string, dport: number, sport = 40000): Packet => tcpPacket(src, dst, dport, NODE.ip, sport);

/** Endpoints reached by many new connections from varied clients and ports (seeded). */
function reached(d: DataPlane, dst: string, dport: number, client = POD_CLIENT, n = 600): Set<string> {
  const rng = Rng.seeded(11);
  const out = new Set<string>();
  const base = parseIPv4(client)!;
  for (let i = 0; i < n; i++) {
    const p = packet(client, dst, dport, 1024 + i);
    p.src = base + (i % 50);
    const r = d.route(p, emptyRoute(), () => rng.float(), i);
    out.add(r.verdict === "endpoint" ? r.endpoint : r.verdict);
  }
  return out;
}

const sorted = (s: Set<string>) => [...s].sort();

const CASES: ConformanceCase<ProxyPlugin>[] = [
  {
    name: "a cluster IP reaches every ready endpoint and no other",
    run(p) {
      const d = plane(p, manifests("", [{ ip: "10.244.1.1" }, { ip: "10.244.1.2" }, { ip: "10.244.1.3" }, { ip: "10.244.1.4", ready: false, serving: false }]));
      expect(sorted(reached(d, VIP, 80))).toEqual(["10.244.1.1:8080", "10.244.1.2:8080", "10.244.1.3:8080"]);
    },
  },
  {
    name: "a service without endpoints reaches none",
    run(p) {
      const d = plane(p, manifests("", []));
      expect([...reached(d, VIP, 80)].filter((v) => v.includes(":"))).toEqual([]);
    },
  },
  {
    name: "a service without endpoints rejects, as kube-proxy's REJECT rule does",
    notApplicable: (p) => (p.name === "ipvs" ? "IPVS mode has no REJECT: a virtual server without real servers drops the packet" : null),
    run(p) {
      expect(sorted(reached(plane(p, manifests("", [])), VIP, 80))).toEqual(["reject"]);
    },
  },
  {
    name: "a port name no endpoint slice has reaches no endpoint",
    run(p) {
      const d = plane(p, manifests("", [{ ip: "10.244.1.1" }], "metrics"));
      expect([...reached(d, VIP, 80)].filter((v) => v.includes(":"))).toEqual([]);
    },
  },
  {
    name: "serving-but-terminating endpoints are used only when none is ready",
    run(p) {
      const term = { ip: "10.244.1.9", ready: false, serving: true, terminating: true };
      expect(sorted(reached(plane(p, manifests("", [{ ip: "10.244.1.1" }, term])), VIP, 80))).toEqual(["10.244.1.1:8080"]);
      expect(sorted(reached(plane(p, manifests("", [term])), VIP, 80))).toEqual(["10.244.1.9:8080"]);
    },
  },
  {
    name: "internalTrafficPolicy Local reaches only this node's endpoints",
    run(p) {
      const eps = [{ ip: "10.244.1.1", node: "node-1" }, { ip: "10.244.2.1", node: "node-2" }];
      expect(sorted(reached(plane(p, manifests("  internalTrafficPolicy: Local\n", eps)), VIP, 80))).toEqual(["10.244.1.1:8080"]);
      const remote = plane(p, manifests("  internalTrafficPolicy: Local\n", [{ ip: "10.244.2.1", node: "node-2" }]));
      expect([...reached(remote, VIP, 80)].filter((v) => v.includes(":"))).toEqual([]);
    },
  },
  {
    name: "a NodePort on the node's address reaches the service's endpoints",
    run(p) {
      const d = plane(p, manifests("  type: NodePort\n", [{ ip: "10.244.1.1" }, { ip: "10.244.2.1" }]).replace("targetPort: 8080}", "targetPort: 8080, nodePort: 30080}"));
      expect(sorted(reached(d, NODE.ip, 30080, EXTERNAL_CLIENT))).toEqual(["10.244.1.1:8080", "10.244.2.1:8080"]);
    },
  },
  {
    name: "externalTrafficPolicy Local: an external client reaches only this node's endpoints",
    run(p) {
      const text = manifests("  type: NodePort\n  externalTrafficPolicy: Local\n", [{ ip: "10.244.1.1", node: "node-1" }, { ip: "10.244.2.1" }]);
      const d = plane(p, text.replace("targetPort: 8080}", "targetPort: 8080, nodePort: 30080}"));
      expect(sorted(reached(d, NODE.ip, 30080, EXTERNAL_CLIENT))).toEqual(["10.244.1.1:8080"]);
    },
  },
  {
    name: "trafficDistribution PreferClose keeps traffic in the node's zone when hints allow",
    run(p) {
      const eps = [{ ip: "10.244.1.1", zone: "zone-a" }, { ip: "10.244.2.1", zone: "zone-b" }];
      expect(sorted(reached(plane(p, manifests("  trafficDistribution: PreferClose\n", eps)), VIP, 80))).toEqual(["10.244.1.1:8080"]);
    },
  },
  {
    name: "traffic to an address that is no service passes untouched",
    run(p) {
      const d = plane(p, manifests("", [{ ip: "10.244.1.1" }]));
      expect(sorted(reached(d, "10.244.5.5", 80))).toEqual(["none"]);
      expect(sorted(reached(d, VIP, 81)).filter((v) => v.includes(":"))).toEqual([]);
    },
  },
  {
    name: "ClientIP affinity keeps a client on one endpoint",
    notApplicable: (p) => (p.name === "maglev" ? "Maglev keys each connection by client address and port; ClientIP affinity is a separate feature there" : null),
    run(p) {
      const d = plane(p, manifests("  sessionAffinity: ClientIP\n", [{ ip: "10.244.1.1" }, { ip: "10.244.1.2" }, { ip: "10.244.1.3" }]));
      const rng = Rng.seeded(5);
      const seen = new Set<string>();
      for (let i = 0; i < 50; i++) seen.add(d.route(packet(POD_CLIENT, VIP, 80, 2000 + i), emptyRoute(), () => rng.float(), i).endpoint);
      expect(seen.size).toBe(1);
    },
  },
  {
    name: "after an endpoint is removed and the rules synced, it is never chosen",
    run(p) {
      const before = parseManifests(manifests("", [{ ip: "10.244.1.1" }, { ip: "10.244.1.2" }]), "a.yaml");
      const after = parseManifests(manifests("", [{ ip: "10.244.1.2" }]), "b.yaml");
      const d = p.create(NODE);
      d.sync(proxyState(before.services, before.endpointSlices, NODE.name), null);
      expect(reached(d, VIP, 80).size).toBe(2);
      d.sync(proxyState(after.services, after.endpointSlices, NODE.name), new Set(["shop/web:http"]));
      expect(sorted(reached(d, VIP, 80))).toEqual(["10.244.1.2:8080"]);
    },
  },
  {
    name: "the same random draws choose the same endpoints",
    run(p) {
      const text = manifests("", [{ ip: "10.244.1.1" }, { ip: "10.244.1.2" }, { ip: "10.244.1.3" }]);
      const run = () => {
        const d = plane(p, text);
        const rng = Rng.seeded(9);
        return Array.from({ length: 40 }, (_, i) => d.route(packet(POD_CLIENT, VIP, 80, 3000 + i), emptyRoute(), () => rng.float(), i).endpoint).join(",");
      };
      expect(run()).toBe(run());
    },
  },
];

export const proxyConformance = conformanceSuite<ProxyPlugin>("proxy", CASES);
