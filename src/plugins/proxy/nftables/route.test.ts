// Packets through the nftables rules: kube-proxy's packet-flow expectations on TestOverallNFTablesRules'
// services, and the compiled fast path agreeing with the rule-by-rule walk packet for packet.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseManifests } from "../../../core/api/manifests.js";
import { AffinityTable } from "../../../core/network/affinity-table.js";
import { Rng } from "../../../core/engine/rng.js";
import { emptyRoute, tcpPacket, type Packet, type ProxyNode } from "../../../core/network/proxy-plugin.js";
import { proxyState } from "../../../core/network/proxy-state.js";
import { syntheticCluster } from "../../../core/network/synthetic.js";
import { generateNftables } from "./generate.js";
import { NftWalker } from "./route.js";

const NODE: ProxyNode = { name: "test-node", ip: "192.168.0.2", zone: "", clusterCIDR: "10.0.0.0/8", masqueradeAll: false };
const OPTIONS = { masqueradeBit: 14, serviceCIDRs: ["172.30.0.0/16"] };
const set = parseManifests(readFileSync(new URL("../iptables/fixtures/overall.yaml", import.meta.url), "utf8"), "overall.yaml");
const packet = (src: string, dst: string, dport: number, sport = 40000): Packet => tcpPacket(src, dst, dport, NODE.ip, sport);

describe("routing through kube-proxy's nftables rules", () => {
  const walker = new NftWalker(generateNftables(proxyState(set.services, set.endpointSlices, NODE.name), NODE, OPTIONS), new AffinityTable());
  const rng = Rng.seeded(1);
  it.each([
    ["no match", "10.0.0.2", "10.0.0.3", 80, "none", "", false],
    ["single endpoint", "10.0.0.2", "172.30.0.41", 80, "endpoint", "10.180.0.1:80", false],
    ["LOCAL, masqueraded", "192.168.0.2", "192.168.99.22", 80, "endpoint", "10.180.0.2:80", true],
    ["external client, Local policy without local endpoints: DROP", "203.0.113.2", "192.168.99.22", 80, "drop", "", false],
    ["no endpoints: REJECT", "10.0.0.2", "172.30.0.46", 80, "reject", "", false],
    ["a cluster IP's other port: REJECT", "10.0.0.2", "172.30.0.41", 8080, "reject", "", false],
    ["an unallocated service address: DROP", "10.0.0.2", "172.30.0.99", 80, "drop", "", false],
    ["NodePort from outside, masqueraded", "203.0.113.2", "192.168.0.2", 3003, "endpoint", "10.180.0.3:80", true],
    ["load balancer IP from outside loadBalancerSourceRanges: DROP", "198.51.100.1", "5.6.7.8", 80, "drop", "", false],
    ["load balancer IP from an allowed source", "203.0.113.9", "5.6.7.8", 80, "endpoint", "10.180.0.3:80", true],
  ] as const)("%s", (_name, src, dst, port, verdict, endpoint, masq) => {
    const r = walker.route(packet(src, dst, port), emptyRoute(), () => rng.float(), 0);
    expect([r.verdict, r.endpoint, r.masquerade]).toEqual([verdict, endpoint, masq]);
  });
});

describe("the compiled fast path", () => {
  it("agrees with walking the chains on 20,000 packets: verdict, endpoint, masquerade, rules and lookups", () => {
    const c = syntheticCluster({ services: 300, minEndpoints: 1, maxEndpoints: 6, seed: 3 });
    const rs = generateNftables(proxyState(c.services, c.endpointSlices, "node-1"), { ...NODE, name: "node-1", clusterCIDR: "10.128.0.0/9" });
    const fast = new NftWalker(rs, new AffinityTable(), true);
    const slow = new NftWalker(rs, new AffinityTable(), false);
    const a = Rng.seeded(8);
    const b = Rng.seeded(8);
    const pick = Rng.seeded(2);
    for (let i = 0; i < 20_000; i++) {
      // clients inside and outside the cluster CIDR, endpoints talking to their own service (hairpin)
      const src = i % 3 === 0 ? "203.0.113.5" : i % 3 === 1 ? "10.128.0.7" : `10.128.0.${1 + (i % 200)}`;
      const p = packet(src, `10.96.${(1 + pick.below(310)) >> 8}.${(1 + pick.below(310)) & 255}`, 80);
      const x = fast.route(p, emptyRoute(), () => a.float(), i);
      const y = slow.route(p, emptyRoute(), () => b.float(), i);
      expect(x).toEqual(y);
    }
  });
});
