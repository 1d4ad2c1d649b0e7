/** flanneld's configuration and subnet leases, and the flannel plugin's delegation, on hand-worked cases. */
import { describe, expect, it } from "vitest";
import { PluginHost } from "../../../core/network/cni/host.js";
import type { PluginConf } from "../../../core/network/cni/plugin.js";
import { inTreeCniRegistry } from "../index.js";
import { flannelPlugin } from "./index.js";
import type { BridgeInstance } from "../bridge/index.js";
import { crossNodePath, FlannelLeases, kubeSubnet, parseFlannelConfig, podMtu, subnetEnv } from "./flanneld.js";

describe("flanneld", () => {
  it("defaults SubnetLen to /24 up to a /22 network, else prefix + 2, and leases between the second and the last subnet", () => {
    const c = parseFlannelConfig('{"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}');
    expect(c.subnetLen).toBe(24);
    expect(c.backend).toBe("vxlan");
    expect(c.vni).toBe(1);
    const small = parseFlannelConfig('{"Network": "10.5.0.0/26", "Backend": {"Type": "host-gw"}}');
    expect(small.subnetLen).toBe(28);
    const leases = new FlannelLeases(small);
    // /26 in /28s: 10.5.0.0 (skipped, SubnetMin), .16, .32, .48 (SubnetMax).
    expect(["a", "b", "c"].map((n) => leases.acquire(n, () => 0))).toEqual(["10.5.0.16/28", "10.5.0.32/28", "10.5.0.48/28"]);
    expect(() => leases.acquire("d", () => 0)).toThrow("out of subnets");
    expect(leases.acquire("b", () => 0.99)).toBe("10.5.0.32/28");
    leases.release("b");
    expect(leases.acquire("d", () => 0.5)).toBe("10.5.0.32/28");
  });

  it("picks at random among the first 100 free subnets", () => {
    const leases = new FlannelLeases(parseFlannelConfig('{"Network": "10.0.0.0/8", "Backend": {"Type": "vxlan"}}'));
    // 10.0.1.0 is the first leasable /24; index 99 is 10.0.100.0 whatever the network's size.
    expect(leases.acquire("a", () => 0.999)).toBe("10.0.100.0/24");
    expect(leases.acquire("b", () => 0)).toBe("10.0.1.0/24");
  });

  it("checks the configuration with upstream's messages", () => {
    expect(() => parseFlannelConfig("{}")).toThrow("please define a correct Network parameter in the flannel config");
    expect(() => parseFlannelConfig('{"Network": "10.0.0.0/29"}')).toThrow("network is too small. Minimum useful network prefix is /28");
    expect(() => parseFlannelConfig('{"Network": "10.0.0.0/16", "SubnetLen": 17}')).toThrow("network must be able to accommodate at least four subnets");
    expect(() => parseFlannelConfig('{"Network": "10.0.0.0/16", "SubnetLen": 31}')).toThrow("SubnetLen must be less than /31");
    expect(() => parseFlannelConfig('{"Network": "10.0.0.0/16", "SubnetMin": "10.1.0.0"}')).toThrow("SubnetMin is not in the range of the Network");
    expect(() => parseFlannelConfig('{"Network": "10.0.0.0/16", "SubnetMin": "10.0.0.128"}')).toThrow("SubnetMin is not on a SubnetLen boundary: 10.0.0.128");
    expect(parseFlannelConfig('{"Network": "10.0.0.0/16"}').backend).toBe("udp");
  });

  it("sets the pod MTU by backend and writes subnet.env with the subnet's first address", () => {
    const vxlan = parseFlannelConfig('{"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}');
    expect(podMtu(vxlan, 1500)).toBe(1450);
    expect(podMtu(parseFlannelConfig('{"Network": "10.244.0.0/16", "Backend": {"Type": "host-gw"}}'), 1500)).toBe(1500);
    expect(subnetEnv(vxlan, "10.244.3.0/24", 1450, true)).toBe("FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.3.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n");
    expect(crossNodePath(vxlan, true)).toEqual({ encapsulated: true, overheadBytes: 50 });
    expect(crossNodePath(parseFlannelConfig('{"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan", "DirectRouting": true}}'), true)).toEqual({ encapsulated: false, overheadBytes: 0 });
    expect(flannelPlugin.crossNodePath!({}, "10.244.0.0/16")).toEqual({ mode: "flannel vxlan", encapsulated: true, overheadBytes: 50 });
    expect(flannelPlugin.crossNodePath!({ Network: "10.244.0.0/16", Backend: { Type: "host-gw" } }, "10.244.0.0/16")).toEqual({ mode: "flannel host-gw", encapsulated: false, overheadBytes: 0 });
    expect(() => kubeSubnet(vxlan, "n1", undefined)).toThrow('node "n1" pod cidr not assigned');
    expect(kubeSubnet(vxlan, "n1", "10.244.7.0/24")).toBe("10.244.7.0/24");
  });
});

describe("the flannel plugin", () => {
  const conf: PluginConf = { cniVersion: "0.3.1", name: "cbr0", type: "flannel", delegate: { hairpinMode: true, isDefaultGateway: true } };
  const call = (id: string) => ({ containerId: id, netns: `/var/run/netns/${id}`, ifname: "eth0", args: "", path: "" });

  it("delegates to bridge with host-local over the node's subnet, a route to the flannel network and the flannel MTU", () => {
    const host = new PluginHost(inTreeCniRegistry(), false, "node-1");
    host.files.set("/run/flannel/subnet.env", "FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.3.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n");
    const r = host.instance("flannel").add(conf, call("a"), null);
    expect(r.ips).toEqual([{ interface: 2, address: "10.244.3.2/24", gateway: "10.244.3.1" }]);
    expect(r.routes).toEqual([{ dst: "10.244.0.0/16" }, { dst: "0.0.0.0/0", gw: "10.244.3.1" }]);
    const br = host.instance("bridge") as BridgeInstance;
    expect(br.bridges.get("cni0")!.mtu).toBe(1450);
    // flanneld masquerades (FLANNEL_IPMASQ=true), so the bridge does not.
    expect(br.veths.get("a\0eth0")!.ipMasq).toBe(false);
    host.instance("flannel").del(conf, call("a"), null);
    expect(host.instance("host-local").held!()).toBe(0);
  });

  it("fails with upstream's message when flanneld has not written subnet.env", () => {
    const host = new PluginHost(inTreeCniRegistry(), false, "node-1");
    expect(() => host.instance("flannel").add(conf, call("a"), null)).toThrow(
      "failed to load flannel 'subnet.env' file: open /run/flannel/subnet.env: no such file or directory. Check the flannel pod log for this node.",
    );
    host.files.set("/run/flannel/subnet.env", "FLANNEL_NETWORK=10.244.0.0/16\n");
    expect(() => host.instance("flannel").add(conf, call("a"), null)).toThrow("/run/flannel/subnet.env is missing FLANNEL_SUBNET, FLANNEL_IPV6_SUBNET, FLANNEL_MTU, FLANNEL_IPMASQ");
  });
});
