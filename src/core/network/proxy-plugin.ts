/**
 * The service-proxy plugin family: one interface every data plane (iptables, IPVS, nftables, Maglev)
 * implements. A node's proxy hands its plugin the node's view of Services and endpoints on each sync;
 * the plugin builds its rules or tables, reports what that sync wrote, and routes the first packet of a
 * new connection, counting the work done so lookup cost is measured, not assumed.
 */
import type { Protocol } from "../api/network-types.js";
import { parseIPv4 } from "./ipv4.js";
import type { EndpointsMap } from "./endpoint-info.js";
import type { ServicePortInfo } from "./service-port.js";

/** The node a proxy runs on and the kube-proxy flags that shape its rules. */
export interface ProxyNode {
  readonly name: string;
  readonly ip: string;
  /** The node's topology.kubernetes.io/zone ("" when unlabelled). */
  readonly zone: string;
  /** --cluster-cidr: traffic from outside it to a cluster IP is masqueraded; null disables that rule. */
  readonly clusterCIDR: string | null;
  /** --masquerade-all */
  readonly masqueradeAll: boolean;
}

/** A node's view of the cluster's services: service ports sorted by name, and their endpoints. */
export interface ProxyState {
  readonly services: readonly ServicePortInfo[];
  readonly endpoints: EndpointsMap;
}

/** What one sync wrote: the size of the update handed to the kernel (or its model). */
export interface SyncReport {
  readonly full: boolean;
  /** Lines (rules, chain declarations, map elements, virtual/real servers) in the update. */
  readonly lines: number;
  /** Rules, chains or entries the data plane holds after the sync. */
  readonly total: number;
}

/** The first packet of a new connection, addresses as uint32 (see ipv4.ts). */
export interface Packet {
  src: number;
  /** Source port: hashing data planes (Maglev) key connections by it. */
  sport: number;
  dst: number;
  dport: number;
  protocol: Protocol;
  /** Sent by a process of the node itself (addrtype --src-type LOCAL), not by a pod or a remote client. */
  fromNode: boolean;
  /** Addressed to one of the node's own addresses (addrtype --dst-type LOCAL): NodePorts. */
  toNode: boolean;
}

/** endpoint: translated to a service endpoint; drop/reject: refused; accept: delivered to the node itself
 *  (a health-check port); none: not a service address, passed on untouched. */
/** The first TCP packet of a connection from `src` to `dst:dport`, seen by the proxy of the node at `nodeIP`. */
export function tcpPacket(src: string, dst: string, dport: number, nodeIP: string, sport = 40000): Packet {
  const s = parseIPv4(src);
  const d = parseIPv4(dst);
  if (s === null || d === null) throw new Error(`not IPv4 addresses: ${src} → ${dst}`);
  return { src: s, sport, dst: d, dport, protocol: "TCP", fromNode: src === nodeIP, toNode: dst === nodeIP };
}

export type Verdict = "endpoint" | "drop" | "reject" | "accept" | "none";

/** Where a packet went and what it cost; reused between calls (no allocation per packet). */
export interface Route {
  verdict: Verdict;
  /** "ip:port" of the chosen endpoint, when verdict is "endpoint". */
  endpoint: string;
  masquerade: boolean;
  /** Rules evaluated (iptables), or hash/table lookups (nftables, IPVS, Maglev). */
  rulesVisited: number;
  lookups: number;
}

export function emptyRoute(): Route {
  return { verdict: "none", endpoint: "", masquerade: false, rulesVisited: 0, lookups: 0 };
}

/** Clears `out` for the next packet (routes are reused, never allocated per packet). */
export function resetRoute(out: Route): Route {
  out.verdict = "none";
  out.endpoint = "";
  out.masquerade = false;
  out.rulesVisited = 0;
  out.lookups = 0;
  return out;
}

/** One node's data plane. */
export interface DataPlane {
  /** Rebuilds from `state`; `changed` names the service ports whose Service or endpoints changed (null: full sync). */
  sync(state: ProxyState, changed: ReadonlySet<string> | null): SyncReport;
  /** Routes `p`; `random` is a uniform draw in [0, 1) per probabilistic choice; `nowSec` the virtual clock. */
  route(p: Packet, out: Route, random: () => number, nowSec: number): Route;
  /** The current rules in the real tool's input syntax (iptables-restore, nft -f, ipvsadm-restore). */
  ruleText(): string;
  /** A connection `route` sent to `endpoint` ended (data planes that count connections per server). */
  closed?(p: Packet, endpoint: string): void;
}

export interface ProxyPlugin {
  readonly name: string;
  /** One line for `clusterlab plugins`. */
  readonly description: string;
  /** `options`: the plugin's own settings (e.g. Maglev's table size), checked by the plugin. */
  create(node: ProxyNode, options?: Readonly<Record<string, unknown>>): DataPlane;
}
