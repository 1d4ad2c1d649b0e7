/**
 * flanneld, the node agent behind the flannel CNI plugin (flannel-io/flannel pkg/subnet, pkg/backend):
 * the network configuration (net-conf.json) with upstream's defaults and checks, a node's subnet lease —
 * the node's spec.podCIDR with --kube-subnet-mgr (kube-flannel's default), or in etcd mode a random pick
 * among the first 100 free subnets between SubnetMin and SubnetMax, kept by a node that asks again — and
 * the subnet.env the CNI plugin reads. Backends set the pod MTU: vxlan takes 50 bytes for its headers,
 * udp 28, ipip 20, host-gw none.
 */
import { field, int, obj, str } from "../../../core/network/cni/go-decode.js";
import { formatIP, parseIP, parseIPNet, type IPNet } from "../../../core/network/ip.js";

export type FlannelBackend = "vxlan" | "host-gw" | "udp" | "ipip";

export interface FlannelConfig {
  readonly network: IPNet;
  readonly subnetLen: number;
  /** First and last subnet addresses that may be leased (uint32). */
  readonly subnetMin: number;
  readonly subnetMax: number;
  readonly backend: FlannelBackend;
  /** vxlan: VNI (default 1) and UDP port (0: the kernel's 8472); DirectRouting uses host-gw routes between nodes on one subnet. */
  readonly vni: number;
  readonly port: number;
  readonly directRouting: boolean;
}

export const ENCAP_OVERHEAD: Readonly<Record<FlannelBackend, number>> = { vxlan: 50, "host-gw": 0, udp: 28, ipip: 20 };
/** Linux's VXLAN port when flannel's Port is 0. */
export const VXLAN_KERNEL_PORT = 8472;

const u32 = (ip: string, what: string): number => {
  const p = parseIP(ip);
  if (!p || p.v6) throw new Error(`${what}: ${JSON.stringify(ip)} is not an IPv4 address`);
  return Number(p.n);
};

/** net-conf.json as flanneld reads it (subnet.ParseConfig + CheckNetworkConfig), IPv4. */
export function parseFlannelConfig(text: string): FlannelConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`failed to parse flannel network config: ${(e as Error).message}`, { cause: e });
  }
  const o = obj(raw, "Config", "subnet.Config") ?? {};
  const netText = str(o, "Network", "Config");
  const network = parseIPNet(netText);
  if (!network || network.ip.v6) throw new Error("please define a correct Network parameter in the flannel config");
  const backendRaw = field(o, "Backend");
  const backend = backendRaw === undefined ? "udp" : str(obj(backendRaw, "Config.Backend", "struct") ?? {}, "Type", "Config.Backend");
  if (!(backend in ENCAP_OVERHEAD)) throw new Error(`backend type ${JSON.stringify(backend)} is not modelled (vxlan, host-gw, udp, ipip)`);
  const be = (obj(backendRaw, "Config.Backend", "struct") ?? {}) as Record<string, unknown>;
  let subnetLen = int(o, "SubnetLen", "Config", 0, 0);
  if (subnetLen > 0) {
    if (subnetLen > 30) throw new Error("SubnetLen must be less than /31");
    if (subnetLen < network.prefix + 2) throw new Error("network must be able to accommodate at least four subnets");
  } else if (network.prefix > 28) throw new Error("network is too small. Minimum useful network prefix is /28");
  else subnetLen = network.prefix <= 22 ? 24 : network.prefix + 2;
  const size = 2 ** (32 - subnetLen);
  const base = Number(network.ip.n) - (Number(network.ip.n) % 2 ** (32 - network.prefix));
  const end = base + 2 ** (32 - network.prefix);
  const inNet = (v: number) => v >= base && v < end;
  const minText = str(o, "SubnetMin", "Config");
  const maxText = str(o, "SubnetMax", "Config");
  const subnetMin = minText ? u32(minText, "SubnetMin") : base + size;
  const subnetMax = maxText ? u32(maxText, "SubnetMax") : end - size;
  if (minText && !inNet(subnetMin)) throw new Error("SubnetMin is not in the range of the Network");
  if (maxText && !inNet(subnetMax)) throw new Error("SubnetMax is not in the range of the Network");
  if (subnetMin % size) throw new Error(`SubnetMin is not on a SubnetLen boundary: ${minText}`);
  if (subnetMax % size) throw new Error(`SubnetMax is not on a SubnetLen boundary: ${maxText}`);
  return {
    network: { ip: { v6: false, n: BigInt(base) }, prefix: network.prefix },
    subnetLen,
    subnetMin,
    subnetMax,
    backend: backend as FlannelBackend,
    vni: int(be, "VNI", "VXLANConfig", 1),
    port: int(be, "Port", "VXLANConfig", 0),
    directRouting: field(be, "DirectRouting") === true,
  };
}

const subnetText = (c: FlannelConfig, base: number) => `${formatIP({ v6: false, n: BigInt(base) })}/${c.subnetLen}`;

/** The pod network's MTU on a node whose uplink has `ifaceMtu` (flannel.1's MTU for vxlan). */
export function podMtu(c: FlannelConfig, ifaceMtu: number): number {
  return ifaceMtu - ENCAP_OVERHEAD[c.backend];
}

/** /run/flannel/subnet.env for a node holding `subnet` (its first address is written, as flanneld does). */
export function subnetEnv(c: FlannelConfig, subnet: string, mtu: number, ipMasq: boolean): string {
  const sn = parseIPNet(subnet)!;
  const first = formatIP({ v6: false, n: sn.ip.n + 1n });
  return `FLANNEL_NETWORK=${formatIP(c.network.ip)}/${c.network.prefix}\nFLANNEL_SUBNET=${first}/${sn.prefix}\nFLANNEL_MTU=${mtu}\nFLANNEL_IPMASQ=${ipMasq}\n`;
}

/** etcd-mode leases: one subnet per node, kept while the node holds it. */
export class FlannelLeases {
  private readonly byNode = new Map<string, number>();
  private readonly taken = new Set<number>();

  constructor(readonly config: FlannelConfig) {}

  /** The node's lease, acquiring one on first call; `random` draws in [0, 1) (upstream: rand.Intn over the first 100 free subnets). */
  acquire(node: string, random: () => number): string {
    const held = this.byNode.get(node);
    if (held !== undefined) return subnetText(this.config, held);
    const size = 2 ** (32 - this.config.subnetLen);
    const free: number[] = [];
    for (let sn = this.config.subnetMin; sn <= this.config.subnetMax && free.length < 100; sn += size) if (!this.taken.has(sn)) free.push(sn);
    if (free.length === 0) throw new Error("out of subnets");
    const pick = free[Math.floor(random() * free.length)]!;
    this.byNode.set(node, pick);
    this.taken.add(pick);
    return subnetText(this.config, pick);
  }

  release(node: string): void {
    const held = this.byNode.get(node);
    if (held === undefined) return;
    this.byNode.delete(node);
    this.taken.delete(held);
  }

  leases(): ReadonlyMap<string, string> {
    return new Map([...this.byNode].map(([n, sn]) => [n, subnetText(this.config, sn)]));
  }
}

/** --kube-subnet-mgr: the node's lease is its spec.podCIDR, which must lie in the flannel Network. */
export function kubeSubnet(c: FlannelConfig, node: string, podCIDR: string | undefined): string {
  if (!podCIDR) throw new Error(`node "${node}" pod cidr not assigned`);
  const sn = parseIPNet(podCIDR);
  if (!sn || sn.ip.v6) throw new Error(`node "${node}" pod cidr ${podCIDR} is not an IPv4 CIDR`);
  const base = Number(c.network.ip.n);
  const n = Number(sn.ip.n);
  if (n < base || n >= base + 2 ** (32 - c.network.prefix)) throw new Error(`node "${node}" pod cidr ${podCIDR} is outside the flannel network ${formatIP(c.network.ip)}/${c.network.prefix}`);
  return podCIDR;
}

/** What a packet between pods on two nodes costs in this backend: extra header bytes and whether it is encapsulated. */
export function crossNodePath(c: FlannelConfig, sameL2: boolean): { readonly encapsulated: boolean; readonly overheadBytes: number } {
  if (c.backend === "host-gw" || (c.backend === "vxlan" && c.directRouting && sameL2)) return { encapsulated: false, overheadBytes: 0 };
  return { encapsulated: true, overheadBytes: ENCAP_OVERHEAD[c.backend] };
}
