/**
 * kube-proxy's IPVS mode state for a node (pkg/proxy/ipvs/proxier.go): one virtual server per service
 * address — cluster IP, each external IP, each load-balancer IP, and the node's IP for a NodePort — with
 * the service's endpoints as real servers (masquerading forward, weight 1), ClientIP affinity as the
 * virtual server's persistence timeout; and the ipsets kube-proxy keeps for its few iptables rules.
 */
import { categorizeEndpoints } from "../../../core/network/categorize.js";
import type { EndpointInfo } from "../../../core/network/endpoint-info.js";
import { parseIPv4 } from "../../../core/network/ipv4.js";
import type { ProxyNode, ProxyState } from "../../../core/network/proxy-plugin.js";
import { servicePortKey } from "../../../core/network/service-port.js";

export interface VirtualServer {
  /** "10.96.0.10:80" */
  readonly address: string;
  readonly ip: number;
  readonly port: number;
  readonly protocol: "tcp" | "udp" | "sctp";
  /** The service port it belongs to. */
  readonly owner: string;
  /** Persistence (ClientIP affinity) timeout in seconds; 0 without. */
  readonly persistence: number;
  readonly reals: readonly EndpointInfo[];
}

export interface IpsetEntry {
  readonly set: string;
  readonly entry: string;
}

export function virtualServers(state: ProxyState, node: ProxyNode): { servers: VirtualServer[]; ipsets: IpsetEntry[] } {
  const servers: VirtualServer[] = [];
  const ipsets: IpsetEntry[] = [];
  for (const svc of state.services) {
    const protocol = svc.protocol.toLowerCase() as VirtualServer["protocol"];
    const eps = categorizeEndpoints(state.endpoints.get(servicePortKey(svc.name, svc.protocol)), svc, node.zone);
    const internal = svc.internalPolicyLocal ? eps.local : eps.cluster;
    const external = svc.externalPolicyLocal ? eps.local : eps.cluster;
    const add = (ip: string, port: number, reals: readonly EndpointInfo[]) =>
      servers.push({ address: `${ip}:${port}`, ip: parseIPv4(ip)!, port, protocol, owner: svc.name, persistence: svc.stickySeconds, reals });
    add(svc.clusterIP, svc.port, internal);
    ipsets.push({ set: "KUBE-CLUSTER-IP", entry: `${svc.clusterIP},${protocol}:${svc.port}` });
    for (const ip of svc.externalIPs) {
      add(ip, svc.port, external);
      ipsets.push({ set: svc.externalPolicyLocal ? "KUBE-EXTERNAL-IP-LOCAL" : "KUBE-EXTERNAL-IP", entry: `${ip},${protocol}:${svc.port}` });
    }
    for (const ip of svc.loadBalancerIPs) {
      add(ip, svc.port, external);
      ipsets.push({ set: "KUBE-LOAD-BALANCER", entry: `${ip},${protocol}:${svc.port}` });
      if (svc.externalPolicyLocal) ipsets.push({ set: "KUBE-LOAD-BALANCER-LOCAL", entry: `${ip},${protocol}:${svc.port}` });
    }
    if (svc.nodePort !== 0) {
      add(node.ip, svc.nodePort, external);
      const set = `KUBE-NODE-PORT-${svc.externalPolicyLocal ? "LOCAL-" : ""}${protocol.toUpperCase()}`;
      ipsets.push({ set, entry: String(svc.nodePort) });
    }
    // Hairpin: an endpoint reaching its own service is masqueraded.
    for (const ep of eps.reachable) ipsets.push({ set: "KUBE-LOOP-BACK", entry: `${ep.ip},${protocol}:${ep.port},${ep.ip}` });
  }
  return { servers, ipsets };
}

/** The ipsets' types (pkg/proxy/ipvs/ipset.go) for `ipset restore`. */
export const IPSET_TYPES: Readonly<Record<string, string>> = {
  "KUBE-LOOP-BACK": "hash:ip,port,ip",
  "KUBE-CLUSTER-IP": "hash:ip,port",
  "KUBE-EXTERNAL-IP": "hash:ip,port",
  "KUBE-EXTERNAL-IP-LOCAL": "hash:ip,port",
  "KUBE-LOAD-BALANCER": "hash:ip,port",
  "KUBE-LOAD-BALANCER-LOCAL": "hash:ip,port",
  "KUBE-NODE-PORT-TCP": "bitmap:port",
  "KUBE-NODE-PORT-LOCAL-TCP": "bitmap:port",
  "KUBE-NODE-PORT-UDP": "bitmap:port",
  "KUBE-NODE-PORT-LOCAL-UDP": "bitmap:port",
};

/** `ipvsadm-restore` input: virtual servers with scheduler and persistence, real servers masqueraded. */
export function ipvsadmText(servers: readonly VirtualServer[], scheduler: string): string {
  const flag = { tcp: "-t", udp: "-u", sctp: "--sctp-service" } as const;
  const out: string[] = [];
  for (const vs of servers) {
    out.push(`-A ${flag[vs.protocol]} ${vs.address} -s ${scheduler}${vs.persistence > 0 ? ` -p ${vs.persistence}` : ""}`);
    for (const r of vs.reals) out.push(`-a ${flag[vs.protocol]} ${vs.address} -r ${r.address} -m -w 1`);
  }
  return out.join("\n") + "\n";
}

/** `ipset restore` input for kube-proxy's sets. */
export function ipsetText(entries: readonly IpsetEntry[]): string {
  const sets = [...new Set(entries.map((e) => e.set))].sort();
  const out: string[] = [];
  for (const s of sets) {
    const type = IPSET_TYPES[s] ?? "hash:ip,port";
    out.push(`create ${s} ${type} ${type.startsWith("bitmap") ? "range 0-65535" : "family inet hashsize 1024 maxelem 65536"} -exist`);
  }
  for (const e of entries) out.push(`add ${e.set} ${e.entry} -exist`);
  return out.join("\n") + "\n";
}
