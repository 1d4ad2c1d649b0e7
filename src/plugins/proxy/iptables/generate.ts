/**
 * The rule set kube-proxy's iptables mode writes for a node (pkg/proxy/iptables/proxier.go,
 * syncProxyRules, Kubernetes v1.33): the filter and nat tables' KUBE-* chains, in the order kube-proxy
 * writes them, with service ports taken in name order so the output is deterministic (kube-proxy walks
 * a Go map; its tests sort the output, see restore-text.ts).
 */
import { categorizeEndpoints } from "../../../core/network/categorize.js";
import type { EndpointInfo } from "../../../core/network/endpoint-info.js";
import { cidrContains, parseCidr, parseIPv4 } from "../../../core/network/ipv4.js";
import type { ProxyNode, ProxyState } from "../../../core/network/proxy-plugin.js";
import { servicePortKey, usesClusterEndpoints, usesLocalEndpoints, type ServicePortInfo } from "../../../core/network/service-port.js";
import { endpointChain, portProtoHash } from "./chain-names.js";
import { probability } from "./probability.js";
import { RuleBuilder, type Rule } from "./rule.js";

/** kube-proxy flags and host capabilities that change the rules. */
export interface IptablesOptions {
  /** --iptables-masquerade-bit (default 14 → mark 0x4000). */
  readonly masqueradeBit: number;
  /** --iptables-localhost-nodeports (default true). */
  readonly localhostNodePorts: boolean;
  /** Whether nfacct counters exist (kube-proxy adds `-m nfacct` matches for its metrics when they do). */
  readonly nfacct: boolean;
  /** MASQUERADE --random-fully (iptables ≥ 1.6.2). */
  readonly randomFully: boolean;
  /** --conntrack-tcp-be-liberal: no rule dropping INVALID packets. */
  readonly conntrackTCPLiberal: boolean;
}

export const DEFAULT_IPTABLES_OPTIONS: IptablesOptions = {
  masqueradeBit: 14,
  localhostNodePorts: true,
  nfacct: false,
  randomFully: true,
  conntrackTCPLiberal: false,
};

/** Above this many endpoints kube-proxy drops per-endpoint comments (largeClusterEndpointsThreshold). */
export const LARGE_CLUSTER_ENDPOINTS = 1000;

export interface Ruleset {
  readonly filterChains: readonly string[];
  readonly filterRules: readonly Rule[];
  readonly natChains: readonly string[];
  /** Chain declared for each per-service nat chain: its owner service port. */
  readonly natChainOwner: ReadonlyMap<string, string>;
  readonly natRules: readonly Rule[];
  readonly largeClusterMode: boolean;
}

const KUBE_SERVICES = "KUBE-SERVICES";
const KUBE_EXTERNAL_SERVICES = "KUBE-EXTERNAL-SERVICES";
const KUBE_FORWARD = "KUBE-FORWARD";
const KUBE_NODEPORTS = "KUBE-NODEPORTS";
const KUBE_PROXY_FIREWALL = "KUBE-PROXY-FIREWALL";
const KUBE_FIREWALL = "KUBE-FIREWALL";
const KUBE_POSTROUTING = "KUBE-POSTROUTING";
const KUBE_MARK_MASQ = "KUBE-MARK-MASQ";
const LOCALHOST = "127.0.0.0/8";

export function generateRules(state: ProxyState, node: ProxyNode, opts: IptablesOptions = DEFAULT_IPTABLES_OPTIONS): Ruleset {
  const mark = `0x${(1 << opts.masqueradeBit).toString(16)}`;
  const filterChains = [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL];
  const natChains = [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ];
  const natChainOwner = new Map<string, string>();
  const filter: Rule[] = [];
  const nat: Rule[] = [];

  nat.push(new RuleBuilder(KUBE_POSTROUTING).raw("-m", "mark", "!", "--mark", `${mark}/${mark}`).terminal("RETURN"));
  nat.push(new RuleBuilder(KUBE_POSTROUTING).terminal("MARK", "--xor-mark", mark));
  const masq = new RuleBuilder(KUBE_POSTROUTING).comment('"kubernetes service traffic requiring SNAT"');
  nat.push(opts.randomFully ? masq.terminal("MASQUERADE", "--random-fully") : masq.terminal("MASQUERADE"));
  nat.push(new RuleBuilder(KUBE_MARK_MASQ).terminal("MARK", "--or-mark", mark));
  if (opts.localhostNodePorts) {
    filterChains.push(KUBE_FIREWALL);
    filter.push(
      new RuleBuilder(KUBE_FIREWALL)
        .comment('"block incoming localnet connections"')
        .dst(LOCALHOST)
        .notSrc(LOCALHOST)
        .raw("-m", "conntrack", "!", "--ctstate", "RELATED,ESTABLISHED,DNAT")
        .terminal("DROP"),
    );
  }

  let totalEndpoints = 0;
  for (const svc of state.services) totalEndpoints += state.endpoints.get(servicePortKey(svc.name, svc.protocol))?.length ?? 0;
  const largeClusterMode = totalEndpoints > LARGE_CLUSTER_ENDPOINTS;
  const nodeIP = parseIPv4(node.ip);

  for (const svc of state.services) {
    const protocol = svc.protocol.toLowerCase();
    const name = svc.name;
    const eps = categorizeEndpoints(state.endpoints.get(servicePortKey(name, svc.protocol)), svc, node.zone);
    const hasEndpoints = eps.hasAny;
    const hash = portProtoHash(name, protocol);
    const svcChain = `KUBE-SVC-${hash}`;
    const svlChain = `KUBE-SVL-${hash}`;
    const extChain = `KUBE-EXT-${hash}`;
    const fwChain = `KUBE-FW-${hash}`;
    const usesClusterChain = eps.cluster.length > 0 && usesClusterEndpoints(svc);
    const usesLocalChain = eps.local.length > 0 && usesLocalEndpoints(svc);
    const internalChain = svc.internalPolicyLocal ? svlChain : svcChain;
    const hasInternal = hasEndpoints && !(svc.internalPolicyLocal && eps.local.length === 0);
    const externalPolicyChain = svc.externalPolicyLocal ? svlChain : svcChain;
    const hasExternal = hasEndpoints && !(svc.externalPolicyLocal && eps.local.length === 0);
    const usesExtChain = hasEndpoints && svc.externallyAccessible;
    const usesFwChain = hasEndpoints && svc.loadBalancerIPs.length > 0 && svc.loadBalancerSourceRanges.length > 0;
    const lbChain = usesFwChain ? fwChain : extChain;

    let internalTarget: "REJECT" | "DROP" = "REJECT";
    let internalComment = `"${name} has no endpoints"`;
    let externalTarget: "REJECT" | "DROP" = "REJECT";
    let externalComment = internalComment;
    if (hasEndpoints) {
      internalTarget = externalTarget = "DROP";
      internalComment = externalComment = `"${name} has no local endpoints"`;
    }
    const portMatch = (b: RuleBuilder, ip: string, port = svc.port) => b.proto(protocol).dst(ip).dport(port);

    // Capture the cluster IP.
    if (hasInternal) {
      nat.push(portMatch(new RuleBuilder(KUBE_SERVICES).comment(`"${name} cluster IP"`), svc.clusterIP).jump(internalChain));
    } else {
      filter.push(portMatch(new RuleBuilder(KUBE_SERVICES).comment(internalComment), svc.clusterIP).terminal(internalTarget));
    }
    // Capture external IPs.
    for (const ip of svc.externalIPs) {
      if (hasEndpoints) nat.push(portMatch(new RuleBuilder(KUBE_SERVICES).comment(`"${name} external IP"`), ip).jump(extChain));
      if (!hasExternal) filter.push(portMatch(new RuleBuilder(KUBE_EXTERNAL_SERVICES).comment(externalComment), ip).terminal(externalTarget));
    }
    // Capture load-balancer ingress.
    for (const ip of svc.loadBalancerIPs) {
      if (hasEndpoints) nat.push(portMatch(new RuleBuilder(KUBE_SERVICES).comment(`"${name} loadbalancer IP"`), ip).jump(lbChain));
      if (usesFwChain) {
        filter.push(portMatch(new RuleBuilder(KUBE_PROXY_FIREWALL).comment(`"${name} traffic not accepted by ${fwChain}"`), ip).terminal("DROP"));
      }
    }
    if (!hasExternal) {
      for (const ip of svc.loadBalancerIPs) {
        filter.push(portMatch(new RuleBuilder(KUBE_EXTERNAL_SERVICES).comment(externalComment), ip).terminal(externalTarget));
      }
    }
    // Capture node ports.
    if (svc.nodePort !== 0) {
      if (hasEndpoints) {
        if (opts.localhostNodePorts && opts.nfacct) {
          nat.push(
            new RuleBuilder(KUBE_NODEPORTS).comment(name).proto(protocol).dst(LOCALHOST).dport(svc.nodePort)
              .raw("-m", "nfacct", "--nfacct-name", "localhost_nps_accepted_pkts").jump(extChain),
          );
        }
        nat.push(new RuleBuilder(KUBE_NODEPORTS).comment(name).proto(protocol).dport(svc.nodePort).jump(extChain));
      }
      if (!hasExternal) {
        filter.push(
          new RuleBuilder(KUBE_EXTERNAL_SERVICES).comment(externalComment).dstTypeLocal().proto(protocol).dport(svc.nodePort).terminal(externalTarget),
        );
      }
    }
    if (svc.healthCheckNodePort !== 0) {
      filter.push(
        new RuleBuilder(KUBE_NODEPORTS).comment(`"${name} health check node port"`).proto("tcp").dport(svc.healthCheckNodePort).terminal("ACCEPT"),
      );
    }

    // Per-service chains.
    const declare = (chain: string) => {
      natChains.push(chain);
      natChainOwner.set(chain, name);
    };
    const own = (chain: string) => new RuleBuilder(chain, name);
    if (hasInternal) {
      const b = () => portMatch(own(internalChain).comment(`"${name} cluster IP"`), svc.clusterIP);
      if (node.masqueradeAll) nat.push(b().jump(KUBE_MARK_MASQ));
      else if (node.clusterCIDR) nat.push(b().notSrc(node.clusterCIDR).jump(KUBE_MARK_MASQ));
    }
    if (usesExtChain) {
      declare(extChain);
      if (!svc.externalPolicyLocal) {
        nat.push(own(extChain).comment(`"masquerade traffic for ${name} external destinations"`).jump(KUBE_MARK_MASQ));
      } else {
        if (node.clusterCIDR) {
          nat.push(own(extChain).comment(`"pod traffic for ${name} external destinations"`).src(node.clusterCIDR).jump(svcChain));
        }
        nat.push(own(extChain).comment(`"masquerade LOCAL traffic for ${name} external destinations"`).srcTypeLocal().jump(KUBE_MARK_MASQ));
        nat.push(own(extChain).comment(`"route LOCAL traffic for ${name} external destinations"`).srcTypeLocal().jump(svcChain));
      }
      if (hasExternal) nat.push(own(extChain).jump(externalPolicyChain));
    }
    if (usesFwChain) {
      declare(fwChain);
      let allowFromNode = false;
      for (const range of svc.loadBalancerSourceRanges) {
        nat.push(own(fwChain).comment(`"${name} loadbalancer IP"`).src(range).jump(extChain));
        const c = parseCidr(range);
        if (c && nodeIP !== null && cidrContains(c, nodeIP)) allowFromNode = true;
      }
      if (allowFromNode) for (const ip of svc.loadBalancerIPs) nat.push(own(fwChain).comment(`"${name} loadbalancer IP"`).src(ip).jump(extChain));
      nat.push(own(fwChain).comment(`"other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL"`).noTarget());
    }
    const comment = (b: RuleBuilder, c: string) => (largeClusterMode ? b : b.comment(c));
    if (usesClusterChain) {
      declare(svcChain);
      endpointRules(nat, svc, svcChain, eps.cluster, protocol, comment, own);
    }
    if (usesLocalChain) {
      declare(svlChain);
      endpointRules(nat, svc, svlChain, eps.local, protocol, comment, own);
    }
    for (const ep of eps.reachable) {
      const sep = endpointChain(name, protocol, ep.address);
      declare(sep);
      nat.push(comment(own(sep), name).src(ep.ip).jump(KUBE_MARK_MASQ));
      const b = comment(own(sep), name);
      if (svc.stickySeconds > 0) b.recentSet(sep);
      nat.push(b.raw("-m", protocol, "-p", protocol).terminal("DNAT", "--to-destination", ep.address));
    }
  }

  // Tail-call to the node-ports chain: the last rule of KUBE-SERVICES.
  const tail = new RuleBuilder(KUBE_SERVICES).comment('"kubernetes service nodeports; NOTE: this must be the last rule in this chain"').dstTypeLocal();
  if (!opts.localhostNodePorts) tail.notDst(LOCALHOST);
  nat.push(tail.jump(KUBE_NODEPORTS));

  if (!opts.conntrackTCPLiberal) {
    const b = new RuleBuilder(KUBE_FORWARD).raw("-m", "conntrack", "--ctstate", "INVALID");
    if (opts.nfacct) b.raw("-m", "nfacct", "--nfacct-name", "ct_state_invalid_dropped_pkts");
    filter.push(b.terminal("DROP"));
  }
  filter.push(new RuleBuilder(KUBE_FORWARD).comment('"kubernetes forwarding rules"').raw("-m", "mark", "--mark", `${mark}/${mark}`).terminal("ACCEPT"));
  filter.push(
    new RuleBuilder(KUBE_FORWARD).comment('"kubernetes forwarding conntrack rule"').raw("-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED").terminal("ACCEPT"),
  );
  return { filterChains, filterRules: filter, natChains, natChainOwner, natRules: nat, largeClusterMode };
}

/** writeServiceToEndpointRules: affinity checks first, then one probabilistic rule per endpoint. */
function endpointRules(
  nat: Rule[],
  svc: ServicePortInfo,
  chain: string,
  eps: readonly EndpointInfo[],
  protocol: string,
  comment: (b: RuleBuilder, c: string) => RuleBuilder,
  own: (chain: string) => RuleBuilder,
): void {
  if (svc.stickySeconds > 0) {
    for (const ep of eps) {
      const sep = endpointChain(svc.name, protocol, ep.address);
      nat.push(comment(own(chain), `"${svc.name} -> ${ep.address}"`).recentCheck(sep, svc.stickySeconds).jump(sep));
    }
  }
  eps.forEach((ep, i) => {
    const b = comment(own(chain), `"${svc.name} -> ${ep.address}"`);
    if (i < eps.length - 1) b.probability(probability(eps.length - i));
    nat.push(b.jump(endpointChain(svc.name, protocol, ep.address)));
  });
}
