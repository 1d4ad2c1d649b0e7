/**
 * calico-ipam, simulated: one address per pod from the cluster's Calico IPAM datastore (ipam-blocks.ts),
 * shared by every node of the simulation, under the handle "<network>.<containerID>" as Calico names it.
 * IPv4 unless `assign_ipv6` is "true" (then both, as the reference); addresses are host routes (/32, /128).
 */
import type { CniCall } from "../../../core/network/cni/args.js";
import { field, str } from "../../../core/network/cni/go-decode.js";
import type { CniHost, CniPlugin, CniPluginInstance, PluginConf } from "../../../core/network/cni/plugin.js";
import type { CniResult } from "../../../core/network/cni/result.js";
import { EXEC_ONLY } from "../latency.js";
import { CURRENT_VERSION, SUPPORTED_VERSIONS } from "../../../core/network/cni/version.js";
import { CalicoIpam, encapOverhead, parsePool, type EncapMode, type PoolSpec } from "./ipam-blocks.js";

/** The datastore key every host shares; a simulation may put a configured CalicoIpam there first. */
export const CALICO_DATASTORE = "calico-ipam";

export function calicoDatastore(host: CniHost): CalicoIpam {
  return host.shared(CALICO_DATASTORE, () => new CalicoIpam());
}

const handleOf = (conf: PluginConf, call: CniCall) => `${conf.name}.${call.containerId}`;

class CalicoIpamPlugin implements CniPluginInstance {
  constructor(private readonly host: CniHost) {}

  private node(conf: PluginConf): string {
    return str(conf, "nodename", "NetConf") || this.host.node;
  }

  add(conf: PluginConf, call: CniCall): CniResult {
    const ipam = (field(conf, "ipam") ?? {}) as Record<string, unknown>;
    const v4 = ipam.assign_ipv4 !== "false";
    const v6 = ipam.assign_ipv6 === "true";
    const store = calicoDatastore(this.host);
    const handle = handleOf(conf, call);
    const ips: NonNullable<CniResult["ips"]> = [];
    try {
      if (v4) ips.push({ address: `${store.autoAssign(this.node(conf), handle, false).ip}/32` });
      if (v6) ips.push({ address: `${store.autoAssign(this.node(conf), handle, true).ip}/128` });
    } catch (e) {
      store.releaseByHandle(handle);
      throw e;
    }
    return { cniVersion: CURRENT_VERSION, ips };
  }

  del(conf: PluginConf, call: CniCall): void {
    calicoDatastore(this.host).releaseByHandle(handleOf(conf, call));
  }

  check(conf: PluginConf, call: CniCall): void {
    const handle = handleOf(conf, call);
    if (![...calicoDatastore(this.host).handles()].includes(handle)) throw new Error(`no addresses held by handle ${handle}`);
  }
}

export const calicoIpamPlugin: CniPlugin = {
  name: "calico-ipam",
  description: "IPAM: Calico's /26 blocks affine to nodes, borrowing from other nodes' blocks when full",
  ipam: true,
  supportedVersions: SUPPORTED_VERSIONS,
  latency: EXEC_ONLY,
  create: (host) => new CalicoIpamPlugin(host),
  /** calico-node's side: the cluster's IPAM datastore with `options.pools` (default: the cluster CIDR, /26 blocks, IP-in-IP) and `options.strictAffinity`. */
  nodeAgent(host, _node, options, clusterCIDR) {
    host.shared(CALICO_DATASTORE, () => new CalicoIpam(calicoPools(options, clusterCIDR), options.strictAffinity === true));
  },
  /** The first IPv4 pool's encapsulation between nodes of one subnet (CrossSubnet modes do not encapsulate there). */
  crossNodePath(options, clusterCIDR) {
    const pool = parsePool(calicoPools(options, clusterCIDR)[0]!);
    const overheadBytes = encapOverhead(pool, false);
    return { mode: `calico ${pool.vxlanMode !== "Never" ? `vxlan ${pool.vxlanMode}` : pool.ipipMode !== "Never" ? `ipip ${pool.ipipMode}` : "bgp"}`, encapsulated: overheadBytes > 0, overheadBytes };
  },
};

const MODES: readonly EncapMode[] = ["Always", "CrossSubnet", "Never"];

/** `network.plugins.calico-ipam.pools` (IPPool specs); errors name the field. */
export function calicoPools(options: Readonly<Record<string, unknown>>, clusterCIDR: string): PoolSpec[] {
  const raw = options.pools;
  if (raw === undefined) return [{ cidr: clusterCIDR, blockSize: 26, ipipMode: "Always", vxlanMode: "Never", natOutgoing: true }];
  if (!Array.isArray(raw) || raw.length === 0) throw new Error("pools: expected a list of IP pools ({cidr, blockSize, ipipMode, vxlanMode, natOutgoing})");
  return raw.map((p: Record<string, unknown>, i) => {
    if (typeof p?.cidr !== "string") throw new Error(`pools[${i}].cidr: expected a CIDR such as 192.168.0.0/16`);
    for (const k of ["ipipMode", "vxlanMode"] as const) {
      if (p[k] !== undefined && !MODES.includes(p[k] as EncapMode)) throw new Error(`pools[${i}].${k}: expected one of ${MODES.join(", ")}, got ${JSON.stringify(p[k])}`);
    }
    if (p.blockSize !== undefined && typeof p.blockSize !== "number") throw new Error(`pools[${i}].blockSize: expected a number`);
    return { cidr: p.cidr, ...(p.blockSize !== undefined ? { blockSize: p.blockSize as number } : {}), ipipMode: (p.ipipMode as EncapMode) ?? "Never", vxlanMode: (p.vxlanMode as EncapMode) ?? "Never", natOutgoing: p.natOutgoing === true };
  });
}
