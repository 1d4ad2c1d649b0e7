// kube-proxy's IPVS mode: virtual servers for every service address, ipvsadm-restore and ipset
// syntax, persistence for ClientIP affinity, and connection counts driving the least-connection schedulers.
import { describe, expect, it } from "vitest";
import { parseManifests } from "../../../core/api/manifests.js";
import { emptyRoute, tcpPacket, type Packet, type ProxyNode } from "../../../core/network/proxy-plugin.js";
import { proxyState } from "../../../core/network/proxy-state.js";
import { IpvsDataPlane } from "./index.js";
import { ipsetText, virtualServers } from "./virtual-servers.js";

const NODE: ProxyNode = { name: "node-1", ip: "192.168.0.2", zone: "", clusterCIDR: "10.244.0.0/16", masqueradeAll: false };
const TEXT = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.10
  externalIPs: [192.168.99.1]
  ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}]
  sessionAffinity: ClientIP
  sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}
status: {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: shop, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
endpoints: [{addresses: [10.244.1.5], nodeName: node-1}, {addresses: [10.244.2.7], nodeName: node-2}]
ports: [{name: http, port: 8080, protocol: TCP}]
`;
const state = () => {
  const s = parseManifests(TEXT, "m.yaml");
  return proxyState(s.services, s.endpointSlices, NODE.name);
};
const packet = (src: string, dst: string, dport: number): Packet => tcpPacket(src, dst, dport, NODE.ip);

describe("IPVS virtual servers", () => {
  it("one per cluster IP, external IP, load-balancer IP and node port, each with the endpoints masqueraded", () => {
    const d = new IpvsDataPlane(NODE, "wlc");
    d.sync(state(), null);
    expect(d.ruleText()).toBe(
      [
        "-A -t 10.96.0.10:80 -s wlc -p 600",
        "-a -t 10.96.0.10:80 -r 10.244.1.5:8080 -m -w 1",
        "-a -t 10.96.0.10:80 -r 10.244.2.7:8080 -m -w 1",
        "-A -t 192.168.99.1:80 -s wlc -p 600",
        "-a -t 192.168.99.1:80 -r 10.244.1.5:8080 -m -w 1",
        "-a -t 192.168.99.1:80 -r 10.244.2.7:8080 -m -w 1",
        "-A -t 1.2.3.4:80 -s wlc -p 600",
        "-a -t 1.2.3.4:80 -r 10.244.1.5:8080 -m -w 1",
        "-a -t 1.2.3.4:80 -r 10.244.2.7:8080 -m -w 1",
        "-A -t 192.168.0.2:30080 -s wlc -p 600",
        "-a -t 192.168.0.2:30080 -r 10.244.1.5:8080 -m -w 1",
        "-a -t 192.168.0.2:30080 -r 10.244.2.7:8080 -m -w 1",
        "",
      ].join("\n"),
    );
  });

  it("the ipsets kube-proxy matches in its few iptables rules", () => {
    const text = ipsetText(virtualServers(state(), NODE).ipsets);
    expect(text).toContain("create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 -exist");
    expect(text).toContain("add KUBE-CLUSTER-IP 10.96.0.10,tcp:80 -exist");
    expect(text).toContain("add KUBE-EXTERNAL-IP 192.168.99.1,tcp:80 -exist");
    expect(text).toContain("add KUBE-LOAD-BALANCER 1.2.3.4,tcp:80 -exist");
    expect(text).toContain("add KUBE-NODE-PORT-TCP 30080 -exist");
    expect(text).toContain("add KUBE-LOOP-BACK 10.244.1.5,tcp:8080,10.244.1.5 -exist");
  });

  it("persistence holds a client on its server for the timeout, then lets the scheduler choose again", () => {
    const d = new IpvsDataPlane(NODE, "rr");
    d.sync(state(), null);
    const p = packet("10.244.9.9", "10.96.0.10", 80);
    const first = d.route(p, emptyRoute(), Math.random, 0).endpoint;
    expect(d.route(p, emptyRoute(), Math.random, 599).endpoint).toBe(first);
    // 1200 s later the template has expired; rr moves on to the other server
    expect(d.route(p, emptyRoute(), Math.random, 1200).endpoint).not.toBe(first);
  });

  it("lc follows open connections: closing one makes its server the least loaded again", () => {
    const text = TEXT.replace("  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}\n", "");
    const s = parseManifests(text, "m.yaml");
    const d = new IpvsDataPlane(NODE, "lc");
    d.sync(proxyState(s.services, s.endpointSlices, NODE.name), null);
    const p = packet("10.244.9.9", "10.96.0.10", 80);
    const a = d.route(p, emptyRoute(), Math.random, 0).endpoint; // both idle: the first
    const b = d.route(p, emptyRoute(), Math.random, 0).endpoint; // a has one: the other
    expect([a, b]).toEqual(["10.244.1.5:8080", "10.244.2.7:8080"]);
    d.closed(p, a);
    expect(d.route(p, emptyRoute(), Math.random, 0).endpoint).toBe(a);
  });

  it("a full sync reports every server; a repeated sync of the same state changes nothing", () => {
    const d = new IpvsDataPlane(NODE);
    const first = d.sync(state(), null);
    expect(first.total).toBe(12);
    expect(d.sync(state(), new Set()).lines).toBe(0);
  });
});
