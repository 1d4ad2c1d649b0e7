/**
 * The nftables transaction kube-proxy's nftables mode (GA in v1.33) writes for a node: one private
 * table `ip kube-proxy`; service dispatch through the `service-ips` and `service-nodeports` verdict maps
 * (one hash lookup, whatever the number of services); per service port a chain choosing an endpoint
 * with `numgen random mod N`; per endpoint a chain that DNATs. Service ports in name order.
 */
import { FlowTable, IP_PROTO } from "../../../core/network/flow-table.js";
import { categorizeEndpoints } from "../../../core/network/categorize.js";
import type { EndpointInfo } from "../../../core/network/endpoint-info.js";
import { cidrContains, parseCidr, parseIPv4, type Cidr } from "../../../core/network/ipv4.js";
import type { ProxyNode, ProxyState } from "../../../core/network/proxy-plugin.js";
import { servicePortKey, usesClusterEndpoints, usesLocalEndpoints } from "../../../core/network/service-port.js";
import { FastServices } from "./fast-path.js";
import { endpointBase, serviceBase } from "./names.js";

export interface NftablesOptions {
  /** --iptables-masquerade-bit (kube-proxy uses the same flag): default 14 → 0x4000. */
  readonly masqueradeBit: number;
  /** The service CIDRs: traffic to an unallocated address in them is dropped. */
  readonly serviceCIDRs: readonly string[];
}

export const DEFAULT_NFTABLES_OPTIONS: NftablesOptions = { masqueradeBit: 14, serviceCIDRs: ["10.96.0.0/12"] };

const T = "ip kube-proxy";
const MASQ = "mark-for-masquerade";

/** One rule of a service's chains, as text and as the router evaluates it. */
export interface NftRule {
  readonly text: string;
  /** Matches (all must hold). */
  readonly dst: number | null;
  readonly srcNet: Cidr | null;
  readonly notSrcNet: Cidr | null;
  /** `ip saddr != { … }`: drop unless the source is in one of these. */
  readonly notSrcAny: readonly Cidr[] | null;
  readonly srcLocal: boolean;
  readonly srcIP: number | null;
  readonly affinity: string | null;
  readonly action: "jump-masq" | "goto" | "numgen" | "dnat" | "drop" | "update";
  /** goto target, or the numgen vmap's chains in order. */
  readonly targets: readonly string[];
  /** The targets' rules, linked once the table is complete (the router follows them without a name lookup). */
  readonly links: readonly (readonly NftRule[])[];
  readonly dnat: string;
  readonly affinityTimeout: number;
}

export interface ServiceBlock {
  /** The service port these lines belong to. */
  readonly owner: string;
  readonly chains: readonly string[];
  readonly sets: readonly string[];
  readonly rules: readonly string[];
  readonly elements: readonly string[];
}

export type Verdict = { kind: "goto"; chain: string; rules?: readonly NftRule[] } | { kind: "drop" } | { kind: "reject" };

/** A verdict map (`type ipv4_addr . inet_proto . inet_service : verdict`) as the router reads it. */
export class VerdictMap {
  private readonly table = new FlowTable();
  private readonly verdicts: Verdict[] = [];
  /** The goto verdicts' chains compiled for the router's fast path, by verdict slot. */
  readonly fast = new FastServices();
  /** Node-port maps are keyed by protocol and port only: their entries use address 0. */
  set(ip: number, proto: number, port: number, v: Verdict): void {
    this.table.set(ip, proto, port, this.verdicts.push(v) - 1);
  }
  get(ip: number, proto: number, port: number): Verdict | undefined {
    const i = this.table.get(ip, proto, port);
    return i < 0 ? undefined : this.verdicts[i];
  }
  /** The verdict slot for the key, or −1 (see `verdict` and `fast`). */
  slot(ip: number, proto: number, port: number): number {
    return this.table.get(ip, proto, port);
  }
  verdict(slot: number): Verdict {
    return this.verdicts[slot]!;
  }
  get size(): number {
    return this.table.size;
  }
  /** Points each goto verdict at its chain's rules. */
  link(chains: ReadonlyMap<string, readonly NftRule[]>): void {
    this.verdicts.forEach((v, i) => {
      if (v.kind !== "goto") return;
      v.rules = chains.get(v.chain) ?? [];
      this.fast.add(i, v.rules);
    });
  }
}

export interface NftRuleset {
  readonly base: readonly string[];
  readonly services: readonly ServiceBlock[];
  readonly chains: ReadonlyMap<string, readonly NftRule[]>;
  readonly serviceIPs: VerdictMap;
  readonly serviceNodePorts: VerdictMap;
  readonly noEndpointServices: VerdictMap;
  readonly noEndpointNodePorts: VerdictMap;
  readonly firewallIPs: VerdictMap;
  /** cluster-ips: any port of these addresses (value unused). */
  readonly clusterIPs: FlowTable;
  readonly serviceCIDRs: readonly Cidr[];
  /** The node's address (nodeport-ips), or −1. */
  readonly nodeIP: number;
}


function rule(partial: Partial<NftRule> & Pick<NftRule, "text" | "action">): NftRule {
  return { dst: null, srcNet: null, notSrcNet: null, notSrcAny: null, srcLocal: false, srcIP: null, affinity: null, targets: [], links: [], dnat: "", affinityTimeout: 0, ...partial };
}

export function baseLines(node: ProxyNode, opts: NftablesOptions): string[] {
  const mark = `0x${(1 << opts.masqueradeBit).toString(16)}`;
  const cidrs = opts.serviceCIDRs.join(", ");
  return [
    `add table ${T} { comment "rules for kube-proxy" ; }`,
    `add set ${T} cluster-ips { type ipv4_addr ; comment "Active ClusterIPs" ; }`,
    `add set ${T} nodeport-ips { type ipv4_addr ; comment "IPs that accept NodePort traffic" ; }`,
    `add map ${T} firewall-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "destinations that are subject to LoadBalancerSourceRanges" ; }`,
    `add map ${T} no-endpoint-nodeports { type inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to service nodeports with no endpoints" ; }`,
    `add map ${T} no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to services with no endpoints" ; }`,
    `add map ${T} service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ; }`,
    `add map ${T} service-nodeports { type inet_proto . inet_service : verdict ; comment "NodePort traffic" ; }`,
    `add chain ${T} cluster-ips-check`,
    `add chain ${T} filter-prerouting-pre-dnat { type filter hook prerouting priority -110 ; }`,
    `add chain ${T} filter-output-pre-dnat { type filter hook output priority -110 ; }`,
    `add chain ${T} filter-forward { type filter hook forward priority 0 ; }`,
    `add chain ${T} filter-input { type filter hook input priority 0 ; }`,
    `add chain ${T} filter-output { type filter hook output priority 0 ; }`,
    `add chain ${T} firewall-check`,
    `add chain ${T} ${MASQ}`,
    `add chain ${T} masquerading`,
    `add chain ${T} nat-output { type nat hook output priority -100 ; }`,
    `add chain ${T} nat-postrouting { type nat hook postrouting priority 100 ; }`,
    `add chain ${T} nat-prerouting { type nat hook prerouting priority -100 ; }`,
    `add chain ${T} nodeport-endpoints-check`,
    `add chain ${T} reject-chain { comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }`,
    `add chain ${T} services`,
    `add chain ${T} service-endpoints-check`,
    `add rule ${T} cluster-ips-check ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"`,
    ...(cidrs ? [`add rule ${T} cluster-ips-check ip daddr { ${cidrs} } drop comment "Drop traffic to unallocated ClusterIPs"`] : []),
    `add rule ${T} filter-prerouting-pre-dnat ct state new jump firewall-check`,
    `add rule ${T} filter-forward ct state new jump service-endpoints-check`,
    `add rule ${T} filter-forward ct state new jump cluster-ips-check`,
    `add rule ${T} filter-input ct state new jump nodeport-endpoints-check`,
    `add rule ${T} filter-input ct state new jump service-endpoints-check`,
    `add rule ${T} filter-output ct state new jump service-endpoints-check`,
    `add rule ${T} filter-output-pre-dnat ct state new jump firewall-check`,
    `add rule ${T} filter-output ct state new jump cluster-ips-check`,
    `add rule ${T} firewall-check ip daddr . meta l4proto . th dport vmap @firewall-ips`,
    `add rule ${T} ${MASQ} mark set mark or ${mark}`,
    `add rule ${T} masquerading mark and ${mark} == 0 return`,
    `add rule ${T} masquerading mark set mark xor ${mark}`,
    `add rule ${T} masquerading masquerade fully-random`,
    `add rule ${T} nat-output jump services`,
    `add rule ${T} nat-postrouting jump masquerading`,
    `add rule ${T} nat-prerouting jump services`,
    `add rule ${T} nodeport-endpoints-check ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports`,
    `add rule ${T} reject-chain reject`,
    `add rule ${T} services ip daddr . meta l4proto . th dport vmap @service-ips`,
    `add rule ${T} services ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports`,
    `add element ${T} nodeport-ips { ${node.ip} }`,
    `add rule ${T} service-endpoints-check ip daddr . meta l4proto . th dport vmap @no-endpoint-services`,
  ];
}

export function generateNftables(state: ProxyState, node: ProxyNode, opts: NftablesOptions = DEFAULT_NFTABLES_OPTIONS): NftRuleset {
  const chains = new Map<string, NftRule[]>();
  const serviceIPs = new VerdictMap();
  const serviceNodePorts = new VerdictMap();
  const noEndpointServices = new VerdictMap();
  const noEndpointNodePorts = new VerdictMap();
  const firewallIPs = new VerdictMap();
  const clusterIPs = new FlowTable();
  const services: ServiceBlock[] = [];
  const nodeIP = parseIPv4(node.ip);
  const clusterNet = node.clusterCIDR ? parseCidr(node.clusterCIDR) : null;

  for (const svc of state.services) {
    const protocol = svc.protocol.toLowerCase();
    const proto = IP_PROTO[svc.protocol]!;
    const name = svc.name;
    const eps = categorizeEndpoints(state.endpoints.get(servicePortKey(name, svc.protocol)), svc, node.zone);
    const base = serviceBase(svc, protocol);
    const svcChain = `service-${base}`;
    const localChain = `local-${base}`;
    const extChain = `external-${base}`;
    const fwChain = `firewall-${base}`;
    const block = { owner: name, chains: [] as string[], sets: [] as string[], rules: [] as string[], elements: [] as string[] };
    const addChain = (c: string) => {
      block.chains.push(`add chain ${T} ${c}`);
      chains.set(c, []);
    };
    const addRule = (c: string, r: NftRule) => {
      block.rules.push(`add rule ${T} ${c} ${r.text}`);
      chains.get(c)!.push(r);
    };
    const element = (set: string, key: string, value: string | null, comment: boolean) =>
      block.elements.push(`add element ${T} ${set} { ${key}${comment ? ` comment "${name}"` : ""}${value ? ` : ${value}` : ""} }`);
    const sticky = svc.stickySeconds > 0;
    const epChain = (ep: EndpointInfo) => `endpoint-${endpointBase(svc, protocol, ep.address)}`;
    const affinitySet = (ep: EndpointInfo) => `affinity-${endpointBase(svc, protocol, ep.address)}`;

    const usesCluster = eps.cluster.length > 0 && usesClusterEndpoints(svc);
    const usesLocal = eps.local.length > 0 && usesLocalEndpoints(svc);
    const hasEndpoints = eps.hasAny;
    const internalChain = svc.internalPolicyLocal ? localChain : svcChain;
    const hasInternal = hasEndpoints && !(svc.internalPolicyLocal && eps.local.length === 0);
    const externalPolicyChain = svc.externalPolicyLocal ? localChain : svcChain;
    const hasExternal = hasEndpoints && !(svc.externalPolicyLocal && eps.local.length === 0);
    const usesExt = hasEndpoints && svc.externallyAccessible;
    const usesFw = svc.loadBalancerIPs.length > 0 && svc.loadBalancerSourceRanges.length > 0;
    const refuse: Verdict = hasEndpoints ? { kind: "drop" } : { kind: "reject" };
    const refuseText = hasEndpoints ? "drop" : "goto reject-chain";

    for (const ep of eps.reachable) addChain(epChain(ep));
    if (usesCluster) addChain(svcChain);
    if (usesLocal) addChain(localChain);
    if (usesExt) addChain(extChain);

    const vip = parseIPv4(svc.clusterIP)!;
    if (clusterIPs.get(vip, 0, 0) < 0) element("cluster-ips", svc.clusterIP, null, false); // once per address, as ensureElem does
    clusterIPs.set(vip, 0, 0, 1);
    const key = (ip: string) => `${ip} . ${protocol} . ${svc.port}`;
    if (hasInternal) {
      serviceIPs.set(vip, proto, svc.port, { kind: "goto", chain: internalChain });
      element("service-ips", key(svc.clusterIP), `goto ${internalChain}`, false);
    } else {
      noEndpointServices.set(vip, proto, svc.port, refuse);
      element("no-endpoint-services", key(svc.clusterIP), refuseText, true);
    }
    for (const ip of svc.externalIPs) {
      const a = parseIPv4(ip)!;
      if (hasEndpoints) {
        serviceIPs.set(a, proto, svc.port, { kind: "goto", chain: extChain });
        element("service-ips", key(ip), `goto ${extChain}`, false);
      }
      if (!hasExternal) {
        noEndpointServices.set(a, proto, svc.port, refuse);
        element("no-endpoint-services", key(ip), refuseText, true);
      }
    }
    if (usesFw) addChain(fwChain);
    for (const ip of svc.loadBalancerIPs) {
      const a = parseIPv4(ip)!;
      if (hasEndpoints) {
        serviceIPs.set(a, proto, svc.port, { kind: "goto", chain: extChain });
        element("service-ips", key(ip), `goto ${extChain}`, false);
      }
      if (usesFw) {
        firewallIPs.set(a, proto, svc.port, { kind: "goto", chain: fwChain });
        element("firewall-ips", key(ip), `goto ${fwChain}`, false);
      }
    }
    if (!hasExternal) {
      for (const ip of svc.loadBalancerIPs) {
        noEndpointServices.set(parseIPv4(ip)!, proto, svc.port, refuse);
        element("no-endpoint-services", key(ip), refuseText, true);
      }
    }
    if (svc.nodePort !== 0) {
      if (hasEndpoints) {
        serviceNodePorts.set(0, proto, svc.nodePort, { kind: "goto", chain: extChain });
        element("service-nodeports", `${protocol} . ${svc.nodePort}`, `goto ${extChain}`, false);
      }
      if (!hasExternal) {
        noEndpointNodePorts.set(0, proto, svc.nodePort, refuse);
        element("no-endpoint-nodeports", `${protocol} . ${svc.nodePort}`, refuseText, true);
      }
    }

    if (hasInternal) {
      if (node.masqueradeAll) addRule(internalChain, rule({ text: `ip daddr ${svc.clusterIP} jump ${MASQ}`, dst: vip, action: "jump-masq" }));
      else if (clusterNet) {
        addRule(internalChain, rule({ text: `ip daddr ${svc.clusterIP} ip saddr != ${node.clusterCIDR} jump ${MASQ}`, dst: vip, notSrcNet: clusterNet, action: "jump-masq" }));
      }
    }
    if (usesExt) {
      if (!svc.externalPolicyLocal) {
        addRule(extChain, rule({ text: `jump ${MASQ}`, action: "jump-masq" }));
      } else {
        if (clusterNet) {
          addRule(extChain, rule({ text: `ip saddr ${node.clusterCIDR} goto ${svcChain} comment "short-circuit pod traffic"`, srcNet: clusterNet, action: "goto", targets: [svcChain] }));
        }
        addRule(extChain, rule({ text: `fib saddr type local jump ${MASQ} comment "masquerade local traffic"`, srcLocal: true, action: "jump-masq" }));
        addRule(extChain, rule({ text: `fib saddr type local goto ${svcChain} comment "short-circuit local traffic"`, srcLocal: true, action: "goto", targets: [svcChain] }));
      }
      if (hasExternal) addRule(extChain, rule({ text: `goto ${externalPolicyChain}`, action: "goto", targets: [externalPolicyChain] }));
    }
    if (usesFw) {
      const ranges = [...svc.loadBalancerSourceRanges];
      const nets = ranges.map((r) => parseCidr(r)!).filter((c) => c !== null);
      if (nodeIP !== null && nets.some((c) => cidrContains(c, nodeIP))) {
        for (const ip of svc.loadBalancerIPs) {
          ranges.push(ip);
          nets.push(parseCidr(`${ip}/32`)!);
        }
      }
      addRule(fwChain, rule({ text: `ip saddr != { ${ranges.join(", ")} } drop`, notSrcAny: nets, action: "drop" }));
    }
    if (sticky) {
      for (const ep of eps.reachable) {
        block.sets.push(`add set ${T} ${affinitySet(ep)} { type ipv4_addr ; flags dynamic,timeout ; timeout ${svc.stickySeconds}s ; }`);
      }
    }
    const toEndpoints = (chain: string, list: readonly EndpointInfo[]) => {
      if (sticky) {
        for (const ep of list) {
          addRule(chain, rule({ text: `ip saddr @${affinitySet(ep)} goto ${epChain(ep)}`, affinity: affinitySet(ep), affinityTimeout: svc.stickySeconds, action: "goto", targets: [epChain(ep)] }));
        }
      }
      const vmap = list.map((ep, i) => `${i} : goto ${epChain(ep)}`).join(" , ");
      addRule(chain, rule({ text: `numgen random mod ${list.length} vmap { ${vmap} }`, action: "numgen", targets: list.map(epChain) }));
    };
    if (usesCluster) toEndpoints(svcChain, eps.cluster);
    if (usesLocal) toEndpoints(localChain, eps.local);
    for (const ep of eps.reachable) {
      const c = epChain(ep);
      addRule(c, rule({ text: `ip saddr ${ep.ip} jump ${MASQ}`, srcIP: parseIPv4(ep.ip), action: "jump-masq" }));
      if (sticky) addRule(c, rule({ text: `update @${affinitySet(ep)} { ip saddr }`, affinity: affinitySet(ep), affinityTimeout: svc.stickySeconds, action: "update" }));
      addRule(c, rule({ text: `meta l4proto ${protocol} dnat to ${ep.address}`, action: "dnat", dnat: ep.address }));
    }
    services.push(block);
  }
  for (const rules of chains.values()) {
    for (const r of rules) (r as { links: readonly (readonly NftRule[])[] }).links = r.targets.map((t) => chains.get(t) ?? []);
  }
  for (const m of [serviceIPs, serviceNodePorts, noEndpointServices, noEndpointNodePorts, firewallIPs]) m.link(chains);
  return {
    base: baseLines(node, opts),
    services,
    chains,
    serviceIPs,
    serviceNodePorts,
    noEndpointServices,
    noEndpointNodePorts,
    firewallIPs,
    clusterIPs,
    serviceCIDRs: opts.serviceCIDRs.map((c) => parseCidr(c)!),
    nodeIP: nodeIP ?? -1,
  };
}

