/**
 * bridge (containernetworking/plugins plugins/main/bridge), simulated: a veth pair per attachment, the
 * host end on a Linux bridge (default cni0), addresses from the IPAM plugin. The result lists the bridge,
 * the host veth and the container interface (addresses point at index 2); with isGateway the bridge holds
 * each subnet's gateway (the subnet's first address when IPAM gave none), and isDefaultGateway adds a
 * default route through it unless IPAM routed the default already. A failure after IPAM releases the
 * address again; DEL releases the address first, then the veth. Names and MACs are derived from the
 * attachment (the reference's are random). The host's bridges and veths are kept for inspection.
 */
import type { Attachment, CniCall } from "../../../core/network/cni/args.js";
import { bool, field, int, obj, str } from "../../../core/network/cni/go-decode.js";
import { macFor, macFromIPv4, vethName } from "../../../core/network/cni/names.js";
import type { CniHost, CniPlugin, CniPluginInstance, PluginConf } from "../../../core/network/cni/plugin.js";
import type { CniResult } from "../../../core/network/cni/result.js";
import { MEASURED_LATENCY } from "../latency.js";
import { CURRENT_VERSION, SUPPORTED_VERSIONS } from "../../../core/network/cni/version.js";
import { formatIP, networkAddress, nextIP, parseIPNet } from "../../../core/network/ip.js";

export interface BridgeConf {
  readonly bridge: string;
  readonly isGateway: boolean;
  readonly isDefaultGateway: boolean;
  readonly ipMasq: boolean;
  readonly mtu: number;
  readonly hairpinMode: boolean;
  readonly promiscMode: boolean;
  readonly vlan: number;
  readonly ipamType: string;
}

export interface Veth {
  readonly bridge: string;
  readonly hostVeth: string;
  readonly containerMac: string;
  readonly netns: string;
  readonly addresses: readonly string[];
  readonly hairpin: boolean;
  readonly ipMasq: boolean;
}

export interface Bridge {
  readonly name: string;
  readonly mac: string;
  readonly mtu: number;
  /** Gateway addresses held by the bridge ("10.244.1.1/24"). */
  readonly gateways: Set<string>;
}

const confCache = new WeakMap<PluginConf, BridgeConf>();

export function bridgeConf(conf: PluginConf): BridgeConf {
  let c = confCache.get(conf);
  if (c) return c;
  const path = "NetConf";
  const isDefaultGateway = bool(conf, "isDefaultGateway", path);
  c = {
    bridge: str(conf, "bridge", path, "cni0") || "cni0",
    isDefaultGateway,
    isGateway: bool(conf, "isGateway", path) || isDefaultGateway,
    ipMasq: bool(conf, "ipMasq", path),
    mtu: int(conf, "mtu", path, 0),
    hairpinMode: bool(conf, "hairpinMode", path),
    promiscMode: bool(conf, "promiscMode", path),
    vlan: int(conf, "vlan", path, 0),
    ipamType: str(obj(field(conf, "ipam"), `${path}.ipam`, "types.IPAM") ?? {}, "type", `${path}.ipam`),
  };
  if (c.vlan < 0 || c.vlan > 4094) throw new Error(`invalid VLAN ID ${c.vlan} (must be between 0 and 4094)`);
  if (c.hairpinMode && c.promiscMode) throw new Error("cannot set hairpin mode and promiscuous mode at the same time");
  confCache.set(conf, c);
  return c;
}

const attachment = (call: CniCall) => `${call.containerId}\0${call.ifname}`;

export class BridgeInstance implements CniPluginInstance {
  readonly bridges = new Map<string, Bridge>();
  readonly veths = new Map<string, Veth>();

  constructor(private readonly host: CniHost) {}

  add(conf: PluginConf, call: CniCall): CniResult {
    const n = bridgeConf(conf);
    const key = attachment(call);
    if (this.veths.has(key)) throw new Error(`container veth name provided (${call.ifname}) already exists`);
    let br = this.bridges.get(n.bridge);
    if (!br) this.bridges.set(n.bridge, (br = { name: n.bridge, mac: macFor(`bridge\0${n.bridge}`), mtu: n.mtu || 1500, gateways: new Set() }));
    const hostVeth = vethName(call.containerId, call.ifname);
    const result: CniResult = { cniVersion: CURRENT_VERSION };
    if (n.ipamType !== "") {
      const ipam = this.host.delegate("ADD", conf, call);
      try {
        if (!ipam.ips?.length) throw new Error("IPAM plugin returned missing IP config");
        result.ips = ipam.ips.map((ip) => ({ ...ip, interface: 2 }));
        result.routes = [...(ipam.routes ?? [])];
        if (ipam.dns) result.dns = ipam.dns;
        this.gateways(n, br, result);
      } catch (e) {
        this.host.delegate("DEL", conf, call);
        throw e;
      }
    }
    const dns = field(conf, "dns") as CniResult["dns"] | undefined;
    if (dns && (dns.nameservers?.length || dns.domain || dns.search?.length || dns.options?.length)) result.dns = dns;
    // The container MAC follows its first IPv4 address (0a:58:<ip>), as Kubernetes networks derive it.
    const v4 = result.ips?.map((ip) => parseIPNet(ip.address)).find((a) => a && !a.ip.v6);
    const mac = v4 ? macFromIPv4(Number(v4.ip.n)) : macFor(`container\0${key}`);
    result.interfaces = [
      { name: br.name, mac: br.mac },
      { name: hostVeth, mac: macFor(`host\0${key}`) },
      { name: call.ifname, mac, sandbox: call.netns },
    ];
    this.veths.set(key, { bridge: br.name, hostVeth, containerMac: mac, netns: call.netns, addresses: (result.ips ?? []).map((i) => i.address), hairpin: n.hairpinMode, ipMasq: n.ipMasq });
    return result;
  }

  /** calcGateways: fill missing gateways, add the default route, give the bridge its gateway addresses. */
  private gateways(n: BridgeConf, br: Bridge, result: CniResult): void {
    const defaultFound = { v4: false, v6: false };
    for (const ip of result.ips ?? []) {
      const addr = parseIPNet(ip.address);
      if (!addr) throw new Error(`Unknown IP object: ${ip.address}`);
      const family = addr.ip.v6 ? "v6" : "v4";
      if (!ip.gateway && n.isGateway) ip.gateway = formatIP(nextIP(networkAddress(addr)));
      if (n.isDefaultGateway && !defaultFound[family]) {
        const dst = addr.ip.v6 ? "::/0" : "0.0.0.0/0";
        if (!result.routes!.some((r) => r.gw && r.dst === dst)) result.routes!.push({ dst, ...(ip.gateway ? { gw: ip.gateway } : {}) });
        defaultFound[family] = true;
      }
      if (n.isGateway && ip.gateway) br.gateways.add(`${ip.gateway}/${addr.prefix}`);
    }
    if (result.routes!.length === 0) delete result.routes;
  }

  held(): number {
    return this.veths.size;
  }

  del(conf: PluginConf, call: CniCall): void {
    const n = bridgeConf(conf);
    if (n.ipamType !== "") this.host.delegate("DEL", conf, call);
    this.veths.delete(attachment(call));
  }

  /** Spec 1.1 GC (the reference bridge has none yet): drop veths of attachments outside `valid`, then the IPAM's GC. */
  gc(conf: PluginConf, valid: readonly Attachment[]): void {
    const n = bridgeConf(conf);
    const keep = new Set(valid.map((a) => `${a.containerID}\0${a.ifname}`));
    for (const k of [...this.veths.keys()]) if (!keep.has(k)) this.veths.delete(k);
    if (n.ipamType !== "") this.host.delegateGc(conf, valid);
  }

  check(conf: PluginConf, call: CniCall): void {
    const n = bridgeConf(conf);
    if (n.ipamType !== "") this.host.delegate("CHECK", conf, call);
    const veth = this.veths.get(attachment(call));
    if (!veth) throw new Error(`failed to find container interface ${call.ifname} in namespace ${call.netns}`);
    if (veth.bridge !== n.bridge) throw new Error(`interface ${veth.hostVeth} is not attached to bridge ${n.bridge}`);
  }
}

export const bridgePlugin: CniPlugin = {
  name: "bridge",
  description: "a veth pair per pod on a Linux bridge (cni0), addresses from the IPAM plugin",
  ipam: false,
  supportedVersions: SUPPORTED_VERSIONS,
  latency: MEASURED_LATENCY.bridge!,
  create: (host) => new BridgeInstance(host),
  /** bridge alone connects pods of one node; between nodes the packet is routed by the hosts, unencapsulated. */
  crossNodePath: () => ({ mode: "bridge (routed between nodes)", encapsulated: false, overheadBytes: 0 }),
};
