/**
 * calico's CNI plugin, simulated: addresses from the IPAM plugin (calico-ipam), a veth per pod whose host
 * end is named cali + the first 11 hex digits of SHA-1 of "<namespace>.<pod>" and carries Calico's fixed
 * MAC ee:ee:ee:ee:ee:ee, no bridge (the node routes each pod's /32). The pod MTU is `mtu`, or with
 * mtu 0 the uplink's 1500 less the pool's encapsulation: IP-in-IP 20 bytes, VXLAN 50, none for BGP.
 */
import { createHash } from "node:crypto";
import type { CniCall } from "../../../core/network/cni/args.js";
import { loadArgs } from "../../../core/network/cni/args.js";
import { field, int, obj, str } from "../../../core/network/cni/go-decode.js";
import { macFor } from "../../../core/network/cni/names.js";
import type { CniHost, CniPlugin, CniPluginInstance, PluginConf } from "../../../core/network/cni/plugin.js";
import type { CniResult } from "../../../core/network/cni/result.js";
import { EXEC_ONLY } from "../latency.js";
import { CURRENT_VERSION, SUPPORTED_VERSIONS } from "../../../core/network/cni/version.js";
import { calicoDatastore } from "./ipam.js";
import { encapOverhead } from "./ipam-blocks.js";

export const CALICO_HOST_MAC = "ee:ee:ee:ee:ee:ee";


export interface WorkloadEndpoint {
  readonly node: string;
  readonly hostVeth: string;
  readonly addresses: readonly string[];
  readonly mtu: number;
}

class Calico implements CniPluginInstance {
  readonly endpoints = new Map<string, WorkloadEndpoint>();

  constructor(private readonly host: CniHost) {}

  add(conf: PluginConf, call: CniCall): CniResult {
    const ipamType = str(obj(field(conf, "ipam"), "NetConf.ipam", "struct") ?? {}, "type", "NetConf.ipam");
    if (ipamType === "") throw new Error("calico: the configuration has no ipam section");
    const key = `${call.containerId}\0${call.ifname}`;
    if (this.endpoints.has(key)) throw new Error(`calico: endpoint of container ${call.containerId} on ${call.ifname} already exists`);
    const k8s = loadArgs(call.args, ["K8S_POD_NAMESPACE", "K8S_POD_NAME", "K8S_POD_INFRA_CONTAINER_ID", "K8S_POD_UID", "IP"]);
    const workload = k8s.has("K8S_POD_NAME") ? `${k8s.get("K8S_POD_NAMESPACE") ?? "default"}.${k8s.get("K8S_POD_NAME")}` : call.containerId;
    const hostVeth = `cali${createHash("sha1").update(workload).digest("hex").slice(0, 11)}`;
    const ipam = this.host.delegate("ADD", conf, call);
    const pool = calicoDatastore(this.host).pools.find((p) => !p.net.ip.v6);
    const mtu = int(conf, "mtu", "NetConf", 0) || 1500 - (pool ? encapOverhead(pool, false) : 0);
    this.endpoints.set(key, { node: str(conf, "nodename", "NetConf") || this.host.node, hostVeth, addresses: (ipam.ips ?? []).map((i) => i.address), mtu });
    return {
      cniVersion: CURRENT_VERSION,
      interfaces: [
        { name: hostVeth, mac: CALICO_HOST_MAC },
        { name: call.ifname, mac: macFor(`calico\0${key}`), sandbox: call.netns },
      ],
      ips: (ipam.ips ?? []).map((ip) => ({ ...ip, interface: 1 })),
      dns: ipam.dns ?? {},
    };
  }

  del(conf: PluginConf, call: CniCall): void {
    this.host.delegate("DEL", conf, call);
    this.endpoints.delete(`${call.containerId}\0${call.ifname}`);
  }

  check(conf: PluginConf, call: CniCall): void {
    if (!this.endpoints.has(`${call.containerId}\0${call.ifname}`)) throw new Error(`calico: no endpoint for container ${call.containerId} on ${call.ifname}`);
    this.host.delegate("CHECK", conf, call);
  }

  held(): number {
    return this.endpoints.size;
  }
}

export const calicoPlugin: CniPlugin = {
  name: "calico",
  description: "calico: routed veths (no bridge), addresses from calico-ipam; BGP, IP-in-IP or VXLAN between nodes",
  ipam: false,
  supportedVersions: SUPPORTED_VERSIONS,
  latency: EXEC_ONLY,
  create: (host) => new Calico(host),

};
