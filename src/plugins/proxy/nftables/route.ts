/**
 * The first packet of a connection through kube-proxy's nftables rules: the firewall check and the
 * service dispatch are one verdict-map lookup each (counted in `lookups`), then the service's chain picks
 * an endpoint with numgen; a packet nothing translated meets the no-endpoint maps and the cluster-IP
 * checks (reject a cluster IP's unknown port, drop an unallocated service address).
 */
import { flowKey } from "../../../core/network/flow-key.js";
import { AffinityTable } from "../../../core/network/affinity-table.js";
import { cidrContains } from "../../../core/network/ipv4.js";
import { resetRoute, type Packet, type Route } from "../../../core/network/proxy-plugin.js";
import { type NftRule, type NftRuleset, type Verdict } from "./generate.js";

const PROTO: Readonly<Record<Packet["protocol"], number>> = { TCP: 6, UDP: 17, SCTP: 132 };
const MAX_GOTO = 8;

export class NftWalker {
  constructor(
    private readonly rs: NftRuleset,
    /** The affinity sets' contents, kept across syncs as the kernel keeps them. */
    private readonly affinity: AffinityTable,
  ) {}

  route(p: Packet, out: Route, random: () => number, now: number): Route {
    resetRoute(out);
    const rs = this.rs;
    const proto = PROTO[p.protocol];
    const key = flowKey(p.dst, proto, p.dport);
    // filter prerouting, before DNAT: LoadBalancerSourceRanges.
    out.lookups++;
    const fw = rs.firewallIPs.get(key);
    if (fw && this.verdict(fw, p, out, random, now)) return out;
    // nat prerouting: service dispatch.
    out.lookups++;
    let v = rs.serviceIPs.get(key);
    const toNodePort = rs.nodeIPs.has(p.dst);
    if (!v && toNodePort) {
      out.lookups++;
      v = rs.serviceNodePorts.get(flowKey(0, proto, p.dport));
    }
    if (v && this.verdict(v, p, out, random, now)) return out;
    // filter input/forward/output: services without (local) endpoints, then cluster-IP checks.
    out.lookups++;
    const none = rs.noEndpointServices.get(key) ?? (toNodePort ? (out.lookups++, rs.noEndpointNodePorts.get(flowKey(0, proto, p.dport))) : undefined);
    if (none) {
      out.verdict = none.kind === "reject" ? "reject" : "drop";
      return out;
    }
    out.lookups++;
    if (rs.clusterIPs.has(p.dst)) out.verdict = "reject";
    else if (rs.serviceCIDRs.some((c) => cidrContains(c, p.dst))) out.verdict = "drop";
    return out;
  }

  /** Applies a map verdict; true when the packet's fate is settled (DNAT or drop). */
  private verdict(v: Verdict, p: Packet, out: Route, random: () => number, now: number): boolean {
    if (v.kind !== "goto") {
      out.verdict = v.kind;
      return true;
    }
    return this.chain(v.chain, p, out, random, now, 0);
  }

  private chain(name: string, p: Packet, out: Route, random: () => number, now: number, depth: number): boolean {
    const rules = this.rs.chains.get(name);
    if (!rules || depth > MAX_GOTO) return false;
    for (const r of rules) {
      out.rulesVisited++;
      if (!matches(r, p)) continue;
      switch (r.action) {
        case "jump-masq":
          out.masquerade = true;
          continue;
        case "drop":
          if (r.notSrcAny!.some((c) => cidrContains(c, p.src))) continue;
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
          return this.chain(r.targets[0]!, p, out, random, now, depth + 1);
        case "numgen":
          out.lookups++;
          return this.chain(r.targets[Math.floor(random() * r.targets.length)]!, p, out, random, now, depth + 1);
      }
    }
    return false;
  }
}

function matches(r: NftRule, p: Packet): boolean {
  if (r.dst !== null && r.dst !== p.dst) return false;
  if (r.srcNet !== null && !cidrContains(r.srcNet, p.src)) return false;
  if (r.notSrcNet !== null && cidrContains(r.notSrcNet, p.src)) return false;
  if (r.srcIP !== null && r.srcIP !== p.src) return false;
  if (r.srcLocal && !p.fromNode) return false;
  return true;
}
