/**
 * Maglev load balancing as eBPF data planes do it (Cilium's kube-proxy replacement with
 * loadBalancer.algorithm=maglev): a hash lookup finds the service, and each service's prime-sized
 * Maglev table maps the connection's hash (client address and port) to a backend, so every node picks
 * the same backend for a connection and losing one backend moves few others' connections. A service
 * without backends rejects (Cilium's default service-no-backend response). Table size: 16381 (Cilium's default).
 */
import { categorizeEndpoints } from "../../../core/network/categorize.js";
import { FlowTable, IP_PROTO } from "../../../core/network/flow-table.js";
import { parseIPv4 } from "../../../core/network/ipv4.js";
import { InputError } from "../../../core/errors.js";
import { connectionHash, isPrime, MAGLEV_PRIMES, MaglevTable } from "../../../core/network/maglev-table.js";
import { resetRoute, type DataPlane, type Packet, type ProxyNode, type ProxyPlugin, type ProxyState, type Route, type SyncReport } from "../../../core/network/proxy-plugin.js";
import { servicePortKey } from "../../../core/network/service-port.js";

export const DEFAULT_TABLE_SIZE = 16381;

interface Frontend {
  readonly ip: number;
  readonly port: number;
  readonly label: string;
  readonly owner: string;
  readonly backends: readonly string[];
  readonly table: MaglevTable;
}

export class MaglevDataPlane implements DataPlane {
  private frontends: Frontend[] = [];
  private index = new FlowTable();
  private lastText = "";

  constructor(
    private readonly node: ProxyNode,
    readonly tableSize = DEFAULT_TABLE_SIZE,
  ) {}

  sync(state: ProxyState, changed: ReadonlySet<string> | null): SyncReport {
    const next: Frontend[] = [];
    const index = new FlowTable(state.services.length);
    const full = changed === null;
    let lines = 0;
    let total = 0;
    const byOwner = new Map<string, Frontend>();
    for (const f of this.frontends) byOwner.set(`${f.owner} ${f.label}`, f);
    for (const svc of state.services) {
      const eps = categorizeEndpoints(state.endpoints.get(servicePortKey(svc.name, svc.protocol)), svc, this.node.zone);
      const internal = (svc.internalPolicyLocal ? eps.local : eps.cluster).map((e) => e.address);
      const external = (svc.externalPolicyLocal ? eps.local : eps.cluster).map((e) => e.address);
      const add = (ip: string, port: number, backends: string[]) => {
        const label = `${ip}:${port}/${svc.protocol}`;
        const old = byOwner.get(`${svc.name} ${label}`);
        const same = old !== undefined && old.backends.length === backends.length && old.backends.every((b, i) => b === backends[i]);
        const table = same ? old.table : MaglevTable.build(backends.map((name) => ({ name, weight: 1 })), this.tableSize);
        // A new or changed service rewrites its whole table (one map update per slot) plus its frontend entry.
        if (full || !same) lines += 1 + (backends.length > 0 ? this.tableSize : 0);
        total += 1 + (backends.length > 0 ? this.tableSize : 0);
        index.set(parseIPv4(ip)!, IP_PROTO[svc.protocol]!, port, next.push({ label, owner: svc.name, backends, table, ip: parseIPv4(ip)!, port }) - 1);
      };
      add(svc.clusterIP, svc.port, internal);
      for (const ip of svc.externalIPs) add(ip, svc.port, external);
      for (const ip of svc.loadBalancerIPs) add(ip, svc.port, external);
      if (svc.nodePort !== 0) add(this.node.ip, svc.nodePort, external);
    }
    for (const f of this.frontends) if (index.get(f.ip, IP_PROTO[f.label.slice(f.label.lastIndexOf("/") + 1)]!, f.port) < 0) lines++;
    this.frontends = next;
    this.index = index;
    this.lastText = next.map((f) => `${f.label} -> ${f.backends.length ? f.backends.join(", ") : "(no backends: reject)"}`).join("\n") + "\n";
    return { full, lines, total };
  }

  route(p: Packet, out: Route): Route {
    resetRoute(out);
    out.lookups++;
    const i = this.index.get(p.dst, IP_PROTO[p.protocol]!, p.dport);
    if (i < 0) return out;
    const f = this.frontends[i]!;
    if (f.backends.length === 0) {
      out.verdict = "reject";
      return out;
    }
    out.lookups++;
    out.verdict = "endpoint";
    out.endpoint = f.backends[f.table.lookup(connectionHash(p.src, p.sport))]!;
    return out;
  }

  /** Each frontend (service address) and its backends, as `cilium service list` shows them. */
  ruleText(): string {
    return this.lastText;
  }
}

export const maglevPlugin: ProxyPlugin = {
  name: "maglev",
  description: "Maglev consistent hashing (eBPF data planes): one hash lookup, the same backend from every node",
  create: (node, options) => {
    const size = options?.tableSize ?? DEFAULT_TABLE_SIZE;
    if (typeof size !== "number" || !isPrime(size)) throw new InputError(`maglev: the table size must be a prime number (Cilium allows ${MAGLEV_PRIMES.join(", ")}), got ${String(size)}`);
    return new MaglevDataPlane(node, size);
  },
};
