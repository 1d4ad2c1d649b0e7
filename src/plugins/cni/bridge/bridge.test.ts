/** bridge's result on hand-worked cases from the reference's calcGateways and cmdAdd. */
import { describe, expect, it } from "vitest";
import { PluginHost } from "../../../core/network/cni/host.js";
import type { PluginConf } from "../../../core/network/cni/plugin.js";
import { inTreeCniRegistry } from "../index.js";
import type { BridgeInstance } from "./index.js";

const call = (id: string) => ({ containerId: id, netns: `/var/run/netns/${id}`, ifname: "eth0", args: "", path: "" });
const conf = (fields: object): PluginConf => ({ cniVersion: "1.0.0", name: "net", type: "bridge", ...fields });

function bridge() {
  const host = new PluginHost(inTreeCniRegistry(), false);
  return { host, br: host.instance("bridge") as BridgeInstance };
}

describe("bridge", () => {
  it("isDefaultGateway implies isGateway: a gateway per address, a default route through it, the bridge holding it", () => {
    const { br } = bridge();
    // IPAM without routes; host-local always reports the range's gateway.
    const r = br.add(conf({ isDefaultGateway: true, ipam: { type: "host-local", ranges: [[{ subnet: "10.244.3.0/24" }]] } }), call("a"));
    expect(r.ips).toEqual([{ interface: 2, address: "10.244.3.2/24", gateway: "10.244.3.1" }]);
    expect(r.routes).toEqual([{ dst: "0.0.0.0/0", gw: "10.244.3.1" }]);
    expect([...br.bridges.get("cni0")!.gateways]).toEqual(["10.244.3.1/24"]);
  });

  it("keeps IPAM's default route instead of adding one; a configured bridge name and DNS win", () => {
    const { br } = bridge();
    const r = br.add(
      conf({ bridge: "br-test", isDefaultGateway: true, dns: { nameservers: ["10.96.0.10"], search: ["default.svc.cluster.local"] }, ipam: { type: "host-local", ranges: [[{ subnet: "10.244.3.0/24" }]], routes: [{ dst: "0.0.0.0/0", gw: "10.244.3.254" }] } }),
      call("a"),
    );
    expect(r.routes).toEqual([{ dst: "0.0.0.0/0", gw: "10.244.3.254" }]);
    expect(r.interfaces![0]!.name).toBe("br-test");
    expect(r.dns).toEqual({ nameservers: ["10.96.0.10"], search: ["default.svc.cluster.local"] });
  });

  it("without IPAM the pod gets an L2 interface only; a second ADD of the attachment is refused; DEL releases the address", () => {
    const { br, host } = bridge();
    const l2 = br.add(conf({}), call("a"));
    expect(l2.ips).toBeUndefined();
    expect(() => br.add(conf({}), call("a"))).toThrow("container veth name provided (eth0) already exists");
    const withIpam = conf({ ipam: { type: "host-local", ranges: [[{ subnet: "10.9.0.0/30" }]] } });
    br.add(withIpam, call("b"));
    expect(() => br.add(withIpam, call("c"))).toThrow("no IP addresses available");
    expect(br.veths.has("c\0eth0")).toBe(false);
    br.del(withIpam, call("b"));
    expect(host.instance("host-local").held!()).toBe(0);
  });
});
