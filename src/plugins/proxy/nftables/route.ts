/**
 * The first packet of a connection through kube-proxy's nftables rules: the firewall check and the
 * service dispatch are one verdict-map lookup each (counted in `lookups`), then the service's chain picks
 * an endpoint with numgen; a packet nothing translated meets the no-endpoint maps and the cluster-IP
 * checks (reject a cluster IP's unknown port, drop an unallocated service address).
 */
import { IP_PROTO } from "../../../core/network/flow-table.js";
import { AffinityTable } from "../../../core/network/affinity-table.js";
import { cidrContains, type Cidr } from "../../../core/network/ipv4.js";
import { resetRoute, type Packet, type Route } from "../../../core/network/proxy-plugin.js";
import { type NftRule, type NftRuleset, type Verdict } from "./generate.js";

const MAX_GOTO = 8;

export class NftWalker {
  constructor(
    private readonly rs: NftRuleset,
    /** The affinity sets' contents, kept across syncs as the kernel keeps them. */
    private readonly affinity: AffinityTable,
    /** Follow compiled service chains (fast-path.ts); false walks every chain rule by rule. */
    private readonly fast = true,
  ) {}

  route(p: Packet, out: Route, random: () => number, now: number): Route {
    resetRoute(out);
    const rs = this.rs;
    const proto = IP_PROTO[p.protocol]!;
    // filter prerouting, before DNAT: LoadBalancerSourceRanges (an empty map matches nothing).
    out.lookups++;
    const fw = rs.firewallIPs.size === 0 ? undefined : rs.firewallIPs.get(p.dst, proto, p.dport);
    if (fw && this.verdict(fw, p, out, random, now)) return out;
    // nat prerouting: service dispatch.
    out.lookups++;
    const slot = rs.serviceIPs.slot(p.dst, proto, p.dport);
    if (slot >= 0) {
      if (this.fast && rs.serviceIPs.fast.run(slot, p, out, random)) return out;
      if (this.verdict(rs.serviceIPs.verdict(slot), p, out, random, now)) return out;
    }
    const toNodePort = p.dst === rs.nodeIP;
    if (slot < 0 && toNodePort) {
      out.lookups++;
      const v = rs.serviceNodePorts.get(0, proto, p.dport);
      if (v && this.verdict(v, p, out, random, now)) return out;
    }
    // filter input/forward/output: services without (local) endpoints, then cluster-IP checks.
    out.lookups++;
    let none = rs.noEndpointServices.get(p.dst, proto, p.dport);
    if (!none && toNodePort) {
      out.lookups++;
      none = rs.noEndpointNodePorts.get(0, proto, p.dport);
    }
    if (none) {
      out.verdict = none.kind === "reject" ? "reject" : "drop";
      return out;
    }
    out.lookups++;
    if (rs.clusterIPs.get(p.dst, 0, 0) >= 0) out.verdict = "reject";
    else for (const c of rs.serviceCIDRs) if (cidrContains(c, p.dst)) out.verdict = "drop";
    return out;
  }

  /** Applies a map verdict; true when the packet's fate is settled (DNAT or drop). */
  private verdict(v: Verdict, p: Packet, out: Route, random: () => number, now: number): boolean {
    if (v.kind !== "goto") {
      out.verdict = v.kind;
      return true;
    }
    return this.chain(v.rules!, p, out, random, now, 0);
  }

  private chain(rules: readonly NftRule[], p: Packet, out: Route, random: () => number, now: number, depth: number): boolean {
    if (depth > MAX_GOTO) return false;
    for (const r of rules) {
      out.rulesVisited++;
      if (!matches(r, p)) continue;
      switch (r.action) {
        case "jump-masq":
          out.masquerade = true;
          continue;
        case "drop":
          if (inAny(r.notSrcAny!, p.src)) continue;
          out.verdict = "drop";
          return true;
        case "update":
          this.affinity.record(r.affinity!, p.src, now);
          continue;
        case "dnat":
          out.verdict = "endpoint";
          out.endpoint = r.dnat;
          return true;
        case "goto":
          if (r.affinity !== null && !this.affinity.recent(r.affinity, p.src, now, r.affinityTimeout)) continue;
          return this.chain(r.links[0]!, p, out, random, now, depth + 1);
        case "numgen":
          out.lookups++;
          return this.chain(r.links[Math.floor(random() * r.links.length)]!, p, out, random, now, depth + 1);
      }
    }
    return false;
  }
}

function inAny(nets: readonly Cidr[], ip: number): boolean {
  for (const c of nets) if (cidrContains(c, ip)) return true;
  return false;
}

function matches(r: NftRule, p: Packet): boolean {
  if (r.dst !== null && r.dst !== p.dst) return false;
  if (r.srcNet !== null && !cidrContains(r.srcNet, p.src)) return false;
  if (r.notSrcNet !== null && cidrContains(r.notSrcNet, p.src)) return false;
  if (r.srcIP !== null && r.srcIP !== p.src) return false;
  if (r.srcLocal && !p.fromNode) return false;
  return true;
}
