/**
 * flannel's CNI plugin (flannel-io/cni-plugin), simulated: reads the node's subnet.env written by flanneld
 * (flanneld.ts), builds the delegate configuration as upstream does — bridge by default, isGateway, the
 * flannel MTU, ipMasq unless flanneld masquerades, host-local over the node's subnet with a route to the
 * whole flannel network — keeps it per container (upstream: /var/lib/cni/flannel/<id>) and runs the
 * delegate; DEL runs the delegate with the kept configuration and succeeds when there is none.
 */
import type { CniCall } from "../../../core/network/cni/args.js";
import { field, list, obj, str } from "../../../core/network/cni/go-decode.js";
import type { CniHost, CniPlugin, CniPluginInstance, PluginConf } from "../../../core/network/cni/plugin.js";
import type { CniResult } from "../../../core/network/cni/result.js";
import { EXEC_ONLY } from "../latency.js";
import { SUPPORTED_VERSIONS } from "../../../core/network/cni/version.js";
import { formatNet, parseIPNet } from "../../../core/network/ip.js";
import { crossNodePath, kubeSubnet, parseFlannelConfig, podMtu, subnetEnv, type FlannelConfig } from "./flanneld.js";

export const DEFAULT_SUBNET_FILE = "/run/flannel/subnet.env";

interface SubnetEnv {
  readonly networks: string[];
  readonly subnet: string | null;
  readonly mtu: number | null;
  readonly ipMasq: boolean | null;
}

/** subnet.env as the plugin reads it: networks and subnet as their network addresses. */
export function parseSubnetEnv(text: string, file: string): SubnetEnv {
  const env: { networks: string[]; subnet: string | null; mtu: number | null; ipMasq: boolean | null } = { networks: [], subnet: null, mtu: null, ipMasq: null };
  const cidr = (v: string) => {
    const net = parseIPNet(v);
    if (!net) throw new Error(`invalid CIDR address: ${v}`);
    return formatNet(net);
  };
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    const [k, v] = eq < 0 ? [line, ""] : [line.slice(0, eq), line.slice(eq + 1)];
    if (k === "FLANNEL_NETWORK") env.networks = [...new Set(v.split(",").map(cidr))];
    else if (k === "FLANNEL_SUBNET") env.subnet = cidr(v);
    else if (k === "FLANNEL_MTU") {
      if (!/^\d+$/.test(v)) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(v)}: invalid syntax`);
      env.mtu = Number(v);
    } else if (k === "FLANNEL_IPMASQ") env.ipMasq = v === "true";
  }
  const missing = [
    ...(env.networks.length ? [] : ["FLANNEL_NETWORK", "FLANNEL_IPV6_NETWORK"]),
    ...(env.subnet ? [] : ["FLANNEL_SUBNET", "FLANNEL_IPV6_SUBNET"]),
    ...(env.mtu === null ? ["FLANNEL_MTU"] : []),
    ...(env.ipMasq === null ? ["FLANNEL_IPMASQ"] : []),
  ];
  if (missing.length) throw new Error(`${file} is missing ${missing.join(", ")}`);
  return env;
}

class Flannel implements CniPluginInstance {
  /** The delegate configuration kept per container, for DEL. */
  private readonly scratch = new Map<string, PluginConf>();

  constructor(private readonly host: CniHost) {}

  private delegateConf(conf: PluginConf): PluginConf {
    const path = "NetConf";
    const subnetFile = str(conf, "subnetFile", path, DEFAULT_SUBNET_FILE) || DEFAULT_SUBNET_FILE;
    const text = this.host.readFile(subnetFile);
    if (text === null) throw new Error(`failed to load flannel 'subnet.env' file: open ${subnetFile}: no such file or directory. Check the flannel pod log for this node.`);
    let fenv: SubnetEnv;
    try {
      fenv = parseSubnetEnv(text, subnetFile);
    } catch (e) {
      throw new Error(`failed to load flannel 'subnet.env' file: ${(e as Error).message}. Check the flannel pod log for this node.`, { cause: e });
    }
    const delegate = { ...(obj(field(conf, "delegate"), `${path}.delegate`, "map[string]interface {}") ?? {}) } as Record<string, unknown>;
    if ("type" in delegate && typeof delegate.type !== "string") throw new Error("'delegate' dictionary, if present, must have (string) 'type' field");
    if ("name" in delegate) throw new Error("'delegate' dictionary must not have 'name' field, it'll be set by flannel");
    if ("ipam" in delegate) throw new Error("'delegate' dictionary must not have 'ipam' field, it'll be set by flannel");
    delegate.name = conf.name;
    delegate.type ??= "bridge";
    delegate.ipMasq ??= !fenv.ipMasq;
    delegate.mtu ??= fenv.mtu;
    if (delegate.type === "bridge") delegate.isGateway ??= true;
    if (conf.cniVersion) delegate.cniVersion = conf.cniVersion;
    const ipam = { ...(obj(field(conf, "ipam"), `${path}.ipam`, "map[string]interface {}") ?? {}) } as Record<string, unknown>;
    ipam.type ??= "host-local";
    ipam.ranges = [[{ subnet: fenv.subnet }]];
    ipam.routes = [...list(field(ipam, "routes"), "ipam.routes", "[]types.Route"), ...fenv.networks.map((dst) => ({ dst }))];
    delegate.ipam = ipam;
    return delegate as PluginConf;
  }

  add(conf: PluginConf, call: CniCall): CniResult {
    const d = this.delegateConf(conf);
    this.scratch.set(call.containerId, d);
    try {
      return this.host.invoke(d.type, "ADD", d, call);
    } catch (e) {
      this.scratch.delete(call.containerId);
      throw new Error(`failed to delegate add: ${(e as Error).message}`, { cause: e });
    }
  }

  del(_conf: PluginConf, call: CniCall): void {
    const d = this.scratch.get(call.containerId);
    if (!d) return;
    this.host.invoke(d.type, "DEL", d, call);
    this.scratch.delete(call.containerId);
  }

  check(_conf: PluginConf, call: CniCall): void {
    const d = this.scratch.get(call.containerId);
    if (!d) throw new Error(`failed to find the delegate configuration of container ${call.containerId}`);
    this.host.invoke(d.type, "CHECK", d, call);
  }

  held(): number {
    return this.scratch.size;
  }
}

export const flannelPlugin: CniPlugin = {
  name: "flannel",
  description: "flannel: bridge + host-local over the node's flannel subnet (subnet.env from flanneld; vxlan/host-gw/udp/ipip)",
  ipam: false,
  supportedVersions: SUPPORTED_VERSIONS,
  latency: EXEC_ONLY,
  create: (host) => new Flannel(host),
  // The delegate is bridge unless the configuration names another; its IPAM is host-local unless `ipam.type` says.
  delegatesTo(conf) {
    const delegate = (conf.delegate as { type?: unknown } | undefined)?.type;
    const ipam = (conf.ipam as { type?: unknown } | undefined)?.type;
    return [typeof delegate === "string" ? delegate : "bridge", ...(typeof ipam === "string" ? [] : ["host-local"])];
  },
  /**
   * flanneld as kube-flannel.yml runs it (--kube-subnet-mgr --ip-masq): `options` is net-conf.json (default:
   * the cluster CIDR with the vxlan backend); the node's podCIDR becomes its lease, its uplink MTU 1500.
   */
  nodeAgent(host, node, options, clusterCIDR) {
    const config = netConf(options, clusterCIDR);
    if (node.podCIDR === null) return;
    host.writeFile(DEFAULT_SUBNET_FILE, subnetEnv(config, kubeSubnet(config, node.name, node.podCIDR), podMtu(config, 1500), true));
  },
  /** The backend's way between nodes (the simulated nodes share one L2 segment, so DirectRouting routes). */
  crossNodePath(options, clusterCIDR) {
    const config = netConf(options, clusterCIDR);
    return { mode: `flannel ${config.backend}${config.directRouting ? " (DirectRouting)" : ""}`, ...crossNodePath(config, true) };
  },
};

/** net-conf.json from the experiment (default: the cluster CIDR with the vxlan backend, as kube-flannel.yml). */
function netConf(options: Readonly<Record<string, unknown>>, clusterCIDR: string): FlannelConfig {
  return parseFlannelConfig(JSON.stringify(Object.keys(options).length ? options : { Network: clusterCIDR, Backend: { Type: "vxlan" } }));
}
