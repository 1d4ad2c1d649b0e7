/** Every in-tree CNI plugin runs the family's conformance suite with a realistic configuration. */
import { expect, it } from "vitest";
import type { CniCall } from "../../core/network/cni/args.js";
import { PluginHost } from "../../core/network/cni/host.js";
import type { PluginConf } from "../../core/network/cni/plugin.js";
import type { CniResult } from "../../core/network/cni/result.js";
import { cniConformance, type CniFixture } from "./conformance.suite.js";
import { inTreeCniRegistry } from "./index.js";

const conf = (type: string, fields: object): PluginConf => ({ cniVersion: "1.0.0", name: "k8s-pod-network", type, ...fields });
const IPAM = { type: "host-local", ranges: [[{ subnet: "10.244.1.0/24" }]], routes: [{ dst: "0.0.0.0/0" }] };
const BRIDGE = conf("bridge", { bridge: "cni0", isGateway: true, ipMasq: true, hairpinMode: true, ipam: IPAM });

/** A bridge result for chained plugins: what the bridge itself returns for the call. */
function bridgeResult(): (call: CniCall) => CniResult {
  const host = new PluginHost(inTreeCniRegistry(), false);
  const results = new Map<string, CniResult>();
  return (call) => {
    const key = `${call.containerId}/${call.ifname}`;
    if (!results.has(key)) results.set(key, host.instance("bridge").add(BRIDGE, call, null));
    return results.get(key)!;
  };
}

const registry = inTreeCniRegistry();

/** Cases a plugin knowingly does not meet, as the reference plugin does not. */
const SKIPS: Record<string, Record<string, string>> = {
  portmap: { "two interfaces of one container are independent attachments": "the reference names its chain CNI-DN-<hash of network name + container ID>, without the interface, so two interfaces of one container in one network share it" },
  flannel: { "two interfaces of one container are independent attachments": "the reference keeps the delegate configuration in one file per container ID (/var/lib/cni/flannel/<id>), so a second interface of the container replaces the first's" },
  calico: { "two interfaces of one container are independent attachments": "its addresses come from calico-ipam, whose handle <network>.<containerID> has no interface: deleting one interface releases both's addresses" },
  "calico-ipam": { "two interfaces of one container are independent attachments": "Calico's IPAM handle is <network>.<containerID>, without the interface: releasing one interface's handle releases both" },
  bandwidth: { "two interfaces of one container are independent attachments": "the reference names its IFB device bwp<hash of network name + container ID>, without the interface, so two interfaces of one container in one network share it" },
};
const FIXTURES: Record<string, Omit<CniFixture, "plugin">> = {
  "host-local": { conf: conf("bridge", { ipam: IPAM }), prev: null, bad: [conf("bridge", { ipam: { type: "host-local", ranges: [[{ subnet: "10.0.0.0/33" }]] } }), conf("bridge", { ipam: { type: "host-local", ranges: "x" } }), conf("bridge", {})] },
  loopback: { conf: conf("loopback", {}), prev: null, bad: [] },
  bridge: { conf: BRIDGE, prev: null, bad: [conf("bridge", { mtu: "1500", ipam: IPAM }), conf("bridge", { hairpinMode: true, promiscMode: true, ipam: IPAM }), conf("bridge", { vlan: 5000, ipam: IPAM })] },
  portmap: {
    conf: conf("portmap", { capabilities: { portMappings: true }, snat: true, runtimeConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }] } }),
    prev: bridgeResult(),
    bad: [conf("portmap", { markMasqBit: 40 }), conf("portmap", { runtimeConfig: { portMappings: [{ hostPort: 0, containerPort: 80, protocol: "tcp" }] } })],
  },
  flannel: {
    conf: conf("flannel", { delegate: { hairpinMode: true, isDefaultGateway: true } }),
    prev: null,
    prepare: (host) => host.files.set("/run/flannel/subnet.env", "FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n"),
    bad: [conf("flannel", { delegate: { name: "x" } }), conf("flannel", { delegate: { ipam: {} } }), conf("flannel", { subnetFile: "/run/flannel/missing.env" }), conf("flannel", { delegate: { type: 5 } })],
  },
  calico: { conf: conf("calico", { mtu: 0, ipam: { type: "calico-ipam" } }), prev: null, bad: [conf("calico", {}), conf("calico", { mtu: "1500", ipam: { type: "calico-ipam" } })] },
  "calico-ipam": { conf: conf("calico", { ipam: { type: "calico-ipam" } }), prev: null, bad: [] },
  bandwidth: {
    conf: conf("bandwidth", { capabilities: { bandwidth: true }, ingressRate: 10_000_000, ingressBurst: 1_000_000, egressRate: 5_000_000, egressBurst: 500_000 }),
    prev: bridgeResult(),
    bad: [conf("bandwidth", { ingressRate: 1000 }), conf("bandwidth", { egressBurst: 10 }), conf("bandwidth", { ingressRate: 1, ingressBurst: 2 ** 36 }), conf("bandwidth", { ingressRate: -1, ingressBurst: 10 })],
  },
};

it("every registered CNI plugin has a conformance fixture", () => {
  expect(Object.keys(FIXTURES).sort()).toEqual(registry.names().sort());
});

for (const [name, plugin] of registry) {
  const f = FIXTURES[name];
  if (f) cniConformance.run(name, { plugin, ...f }, SKIPS[name]);
}
