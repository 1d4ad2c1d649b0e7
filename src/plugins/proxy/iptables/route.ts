/**
 * The first packet of a connection through the rules, as netfilter walks them: nat PREROUTING jumps to
 * KUBE-SERVICES, whose rules are tried in order (each one tried counts as a rule visited); a jump
 * descends into a chain and comes back when that chain ends without a verdict; DNAT ends the walk.
 * A packet that no nat rule translated then meets the filter table's KUBE-* chains (REJECT for services
 * without endpoints, DROP for Local policy without local endpoints or a firewalled load balancer).
 * `-m recent` keeps, per endpoint chain, when each client address was last seen.
 */
import { AffinityTable } from "../../../core/network/affinity-table.js";
import { cidrContains } from "../../../core/network/ipv4.js";
import { resetRoute, type Packet, type Route } from "../../../core/network/proxy-plugin.js";
import type { Rule } from "./rule.js";
import type { Ruleset } from "./generate.js";

const THRESHOLD_SCALE = 2 ** 31;
/** The filter chains a packet meets after nat, in the order kube-proxy's own packet tracer runs them. */
const FILTER_CHAINS = ["KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL"];

export class RuleWalker {
  private readonly nat = new Map<string, readonly Rule[]>();
  private readonly filter = new Map<string, readonly Rule[]>();
  /** `recent`: the -m recent lists, kept across syncs as the kernel keeps them. */
  constructor(
    rs: Ruleset,
    private readonly recent = new AffinityTable(),
  ) {
    for (const r of rs.natRules) push(this.nat, r);
    for (const r of rs.filterRules) push(this.filter, r);
  }

  route(p: Packet, out: Route, random: () => number, nowSec: number): Route {
    resetRoute(out);
    if (this.walk("KUBE-SERVICES", p, out, random, nowSec, 0)) return out;
    for (const chain of FILTER_CHAINS) {
      for (const r of this.filter.get(chain) ?? []) {
        out.rulesVisited++;
        if (!matches(r, p)) continue;
        if (r.terminal === "REJECT") out.verdict = "reject";
        else if (r.terminal === "DROP") out.verdict = "drop";
        else if (r.terminal === "ACCEPT") out.verdict = "accept";
        else continue;
        return out;
      }
    }
    return out;
  }

  /** True when the walk reached a verdict (DNAT). */
  private walk(chain: string, p: Packet, out: Route, random: () => number, now: number, depth: number): boolean {
    const rules = this.nat.get(chain);
    if (!rules || depth > 8) return false;
    for (const r of rules) {
      out.rulesVisited++;
      if (!matches(r, p)) continue;
      if (r.threshold < THRESHOLD_SCALE && Math.floor(random() * THRESHOLD_SCALE) >= r.threshold) continue;
      if (r.recentCheck !== null && !this.recent.recent(r.recentCheck, p.src, now, r.recentSeconds)) continue;
      if (r.recentSet !== null) this.recent.record(r.recentSet, p.src, now);
      if (r.terminal === "DNAT") {
        out.verdict = "endpoint";
        out.endpoint = r.dnat;
        return true;
      }
      if (r.jump === "KUBE-MARK-MASQ") {
        out.rulesVisited++; // its one MARK rule
        out.masquerade = true;
        continue;
      }
      if (r.jump !== null && this.walk(r.jump, p, out, random, now, depth + 1)) return true;
    }
    return false;
  }
}

function push(m: Map<string, readonly Rule[]>, r: Rule): void {
  const list = m.get(r.chain) as Rule[] | undefined;
  if (list) list.push(r);
  else m.set(r.chain, [r]);
}

const LOWER: Readonly<Record<Packet["protocol"], string>> = { TCP: "tcp", UDP: "udp", SCTP: "sctp" };

function matches(r: Rule, p: Packet): boolean {
  if (r.proto !== null && r.proto !== LOWER[p.protocol]) return false;
  if (r.dst !== null && r.dst !== p.dst) return false;
  if (r.dport !== null && r.dport !== p.dport) return false;
  if (r.dstNet !== null && !cidrContains(r.dstNet, p.dst)) return false;
  if (r.notDstNet !== null && cidrContains(r.notDstNet, p.dst)) return false;
  if (r.src !== null && !cidrContains(r.src, p.src)) return false;
  if (r.notSrc !== null && cidrContains(r.notSrc, p.src)) return false;
  if (r.dstLocal && !p.toNode) return false;
  if (r.srcLocal && !p.fromNode) return false;
  return true;
}
