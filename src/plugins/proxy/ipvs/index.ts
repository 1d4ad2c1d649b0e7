/**
 * kube-proxy's IPVS mode as a proxy plugin: a hash lookup finds the virtual server (constant cost per
 * packet), the kernel scheduler picks the real server, and per-server connection counts drive the
 * least-connection schedulers. Scheduler state and connection counts survive syncs, as in the kernel.
 * IPVS has no REJECT: a virtual server without real servers drops the packet.
 */
import { parseIPv4 } from "../../../core/network/ipv4.js";
import { resetRoute, type DataPlane, type Packet, type ProxyNode, type ProxyPlugin, type ProxyState, type Route, type SyncReport } from "../../../core/network/proxy-plugin.js";
import { FlowTable, IP_PROTO } from "../../../core/network/flow-table.js";
import { InputError } from "../../../core/errors.js";
import { createScheduler, SCHEDULERS, type Dest, type Scheduler, type SchedulerName } from "./schedulers.js";
import { ipsetText, ipvsadmText, virtualServers, type VirtualServer } from "./virtual-servers.js";

interface ServerState {
  vs: VirtualServer;
  dests: Dest[];
  scheduler: Scheduler;
  /** Persistence templates: client address → chosen server and when last used (s). */
  persistent: Map<number, { dest: Dest; at: number }>;
}


export class IpvsDataPlane implements DataPlane {
  /** Virtual servers by address: `index` finds a server's slot in `states` with one allocation-free probe. */
  private states: ServerState[] = [];
  private index = new FlowTable();
  private lastText = "";
  private lastIpsets = "";

  constructor(
    private readonly node: ProxyNode,
    readonly schedulerName: SchedulerName = "rr",
  ) {}

  sync(state: ProxyState, changed: ReadonlySet<string> | null): SyncReport {
    const { servers, ipsets } = virtualServers(state, this.node);
    this.lastIpsets = ipsetText(ipsets);
    const states: ServerState[] = [];
    const index = new FlowTable(servers.length);
    let ops = 0;
    let total = 0;
    for (const vs of servers) {
      const proto = IP_PROTO[vs.protocol]!;
      const old = this.lookup(vs.ip, proto, vs.port);
      const byAddress = new Map(old?.dests.map((d) => [d.address, d]));
      const dests = vs.reals.map((r) => byAddress.get(r.address) ?? { address: r.address, ip: parseIPv4(r.ip)!, weight: 1, activeConns: 0, inactConns: 0 });
      const same = old !== undefined && old.dests.length === dests.length && old.dests.every((d, i) => d === dests[i]) && old.vs.persistence === vs.persistence;
      const st: ServerState = same ? { ...old, vs } : { vs, dests, scheduler: old?.scheduler ?? createScheduler(this.schedulerName), persistent: old?.persistent ?? new Map() };
      if (!same) {
        st.scheduler.changed(dests);
        const added = dests.filter((d) => !byAddress.has(d.address)).length;
        const removed = old ? old.dests.filter((d) => !dests.includes(d)).length : 0;
        ops += (old && old.vs.persistence === vs.persistence ? 0 : 1) + added + removed;
      }
      index.set(vs.ip, proto, vs.port, states.push(st) - 1);
      total += 1 + dests.length;
    }
    for (const old of this.states) if (index.get(old.vs.ip, IP_PROTO[old.vs.protocol]!, old.vs.port) < 0) ops++;
    const full = changed === null;
    this.states = states;
    this.index = index;
    this.lastText = ipvsadmText(servers, this.schedulerName);
    // kube-proxy's IPVS proxier reconciles every virtual server on each sync; the kernel sees only the differences.
    return { full, lines: full ? total : ops, total };
  }

  route(p: Packet, out: Route, _random: () => number, now: number): Route {
    resetRoute(out);
    out.lookups++;
    const st = this.lookup(p.dst, IP_PROTO[p.protocol]!, p.dport);
    if (!st) return out;
    out.masquerade = true; // real servers are masqueraded (NAT forwarding)
    let dest: Dest | null = null;
    if (st.vs.persistence > 0) {
      const t = st.persistent.get(p.src);
      if (t && now - t.at <= st.vs.persistence && t.dest.weight > 0 && st.dests.includes(t.dest)) dest = t.dest;
    }
    dest ??= st.scheduler.pick(st.dests, p.src, p.dst);
    if (!dest) {
      out.verdict = "drop";
      return out;
    }
    if (st.vs.persistence > 0) st.persistent.set(p.src, { dest, at: now });
    dest.activeConns++;
    out.verdict = "endpoint";
    out.endpoint = dest.address;
    return out;
  }

  /** A routed connection ended: its server's active count drops (least-connection schedulers read it). */
  closed(p: Packet, endpoint: string): void {
    const d = this.lookup(p.dst, IP_PROTO[p.protocol]!, p.dport)?.dests.find((x) => x.address === endpoint);
    if (d && d.activeConns > 0) d.activeConns--;
  }

  ruleText(): string {
    return this.lastText;
  }

  /** `ipset restore` input for the sets kube-proxy keeps beside the virtual servers. */
  ipsetText(): string {
    return this.lastIpsets;
  }

  private lookup(ip: number, proto: number, port: number): ServerState | undefined {
    const i = this.index.get(ip, proto, port);
    return i < 0 ? undefined : this.states[i];
  }
}

export const ipvsPlugin: ProxyPlugin = {
  name: "ipvs",
  description: "kube-proxy's IPVS mode: one hash lookup per new connection, the kernel's schedulers (default rr)",
  /** Option `scheduler`: kube-proxy's --ipvs-scheduler. */
  create: (node, options) => {
    const scheduler = options?.scheduler ?? "rr";
    if (typeof scheduler !== "string" || !(SCHEDULERS as readonly string[]).includes(scheduler)) {
      throw new InputError(`ipvs: unknown scheduler ${JSON.stringify(scheduler)} (schedulers: ${SCHEDULERS.join(", ")})`);
    }
    return new IpvsDataPlane(node, scheduler as SchedulerName);
  },
};
