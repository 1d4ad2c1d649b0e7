/**
 * The CNI runtime (libcni's list operations) over the in-tree simulated plugins, with containerd's own
 * network list (examples/cni): chaining with prevResult, capability arguments, DEL in reverse with the
 * cached result, CHECK, GC, libcni's configuration errors, and plugin failures named by plugin and command.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CniCall } from "../src/core/network/cni/args.js";
import { confListFromConf, confListFromText, networkConfigFromFile } from "../src/core/network/cni/conflist.js";
import { PluginHost } from "../src/core/network/cni/host.js";
import { CniRuntime } from "../src/core/network/cni/runtime.js";
import { inTreeCniRegistry } from "../src/plugins/cni/index.js";
import type { PortmapInstance } from "../src/plugins/cni/portmap/index.js";
import type { BridgeInstance } from "../src/plugins/cni/bridge/index.js";
import { ROOT } from "./helpers.js";

const CONTAINERD = join(ROOT, "examples", "cni", "10-containerd-net.conflist");
const call = (id: string, ifname = "eth0"): CniCall => ({ containerId: id, netns: `/var/run/netns/cni-${id}`, ifname, args: `IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=${id}`, path: "/opt/cni/bin" });

function runtime() {
  const host = new PluginHost(inTreeCniRegistry(), false);
  return { host, rt: new CniRuntime(host), list: networkConfigFromFile(CONTAINERD, readFileSync(CONTAINERD, "utf8")) };
}

describe("CNI runtime with containerd's bridge + host-local + portmap list", () => {
  it("ADD chains the plugins: bridge's interfaces and both families' addresses, portmap forwarding the pod's hostPort", () => {
    const { rt, list, host } = runtime();
    const r = rt.add(list, call("web"), { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp", hostIP: "" }] });
    expect(r.interfaces?.map((i) => i.name)).toEqual(["cni0", expect.stringMatching(/^veth[0-9a-f]{8}$/), "eth0"]);
    expect(r.ips).toEqual([
      { interface: 2, address: "10.88.0.2/16", gateway: "10.88.0.1" },
      { interface: 2, address: "2001:4860:4860::2/64", gateway: "2001:4860:4860::1" },
    ]);
    expect(r.routes).toEqual([{ dst: "0.0.0.0/0" }, { dst: "::/0" }]);
    expect(r.interfaces![2]).toEqual({ name: "eth0", mac: "0a:58:0a:58:00:02", sandbox: "/var/run/netns/cni-web" });
    const portmap = host.instance("portmap") as PortmapInstance;
    expect(portmap.ruleText()).toContain("-j DNAT --to-destination 10.88.0.2:80");
    const bridge = host.instance("bridge") as BridgeInstance;
    expect([...bridge.bridges.get("cni0")!.gateways]).toEqual(["10.88.0.1/16", "2001:4860:4860::1/64"]);
  });

  it("DEL runs in reverse, releases the addresses and forgets the cached result; repeated DELs succeed", () => {
    const { rt, list, host } = runtime();
    rt.add(list, call("a"), { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }] });
    rt.add(list, call("b"));
    expect(rt.cachedResult(list, call("a"))).not.toBeNull();
    rt.del(list, call("a"));
    rt.del(list, call("a"));
    expect(rt.cachedResult(list, call("a"))).toBeNull();
    expect(host.instance("host-local").held!()).toBe(2);
    expect(host.instance("portmap").held!()).toBe(0);
    expect(() => rt.check(list, call("a"))).toThrow('failed to get network "containerd-net" cached result');
    rt.check(list, call("b"));
    // host-local's cursor keeps going: the next pod gets .4, not a's freed .2.
    expect(rt.add(list, call("c")).ips![0]!.address).toBe("10.88.0.4/16");
  });

  it("GC releases what belongs to attachments outside the valid list (spec 1.1 lists only)", () => {
    const { rt, host } = runtime();
    const list = { ...confListFromText(readFileSync(CONTAINERD, "utf8").replace('"1.0.0"', '"1.1.0"')) };
    rt.add(list, call("a"));
    rt.add(list, call("b"));
    rt.gc(list, [{ containerID: "b", ifname: "eth0" }]);
    expect(host.instance("host-local").held!()).toBe(2);
    expect(rt.cachedResult(list, call("a"))).toBeNull();
    const old = confListFromText(readFileSync(CONTAINERD, "utf8"));
    rt.gc(old, []);
    expect(host.instance("host-local").held!()).toBe(2);
  });

  it("a plugin's failure names the plugin and the command; nothing is cached", () => {
    const { rt } = runtime();
    const tiny = confListFromText(JSON.stringify({ cniVersion: "1.0.0", name: "tiny", plugins: [{ type: "bridge", ipam: { type: "host-local", ranges: [[{ subnet: "10.1.0.0/30" }]] } }] }));
    rt.add(tiny, call("a"));
    expect(() => rt.add(tiny, call("b"))).toThrow('plugin type="bridge" failed (add): failed to allocate for range 0: no IP addresses available in range set: 10.1.0.1-10.1.0.2');
    expect(rt.cachedResult(tiny, call("b"))).toBeNull();
    const unknown = confListFromText(JSON.stringify({ cniVersion: "1.0.0", name: "x", plugins: [{ type: "weave-net" }] }));
    expect(() => rt.add(unknown, call("a"))).toThrow(/plugin type="weave-net" failed \(add\): failed to find plugin "weave-net" \(simulated plugins: host-local, loopback, bridge/);
  });

  it("reads lists and single configurations with libcni's messages", () => {
    expect(() => confListFromText("{")).toThrow(/^error parsing configuration list: /);
    expect(() => confListFromText("{}")).toThrow("error parsing configuration list: no name");
    expect(() => confListFromText('{"name": 3}')).toThrow("error parsing configuration list: invalid name type float64");
    expect(() => confListFromText('{"name": "n", "plugins": {}}')).toThrow("error parsing configuration list: invalid 'plugins' type map[string]interface {}");
    expect(() => confListFromText('{"name": "n", "plugins": []}')).toThrow("error parsing configuration list: no plugins in list");
    expect(() => confListFromText('{"name": "n", "plugins": [{}]}')).toThrow("failed to parse plugin config 0: error parsing configuration: missing 'type'");
    expect(() => confListFromText('{"name": "n", "disableCheck": "maybe", "plugins": [{"type": "x"}]}')).toThrow('error parsing configuration list: invalid value "maybe" for disableCheck');
    const v = confListFromText('{"name": "n", "cniVersion": "0.4.0", "cniVersions": ["1.0.0", "9.0.0"], "plugins": [{"type": "loopback"}]}');
    expect(v.cniVersion).toBe("1.0.0");
    expect(v.plugins[0]).toEqual({ type: "loopback", name: "n", cniVersion: "1.0.0" });
    const single = confListFromConf('{"cniVersion": "0.3.1", "name": "mynet", "type": "bridge", "ipam": {"type": "host-local", "subnet": "10.22.0.0/16"}}');
    expect(single.plugins.map((p) => [p.type, p.name, p.cniVersion])).toEqual([["bridge", "mynet", "0.3.1"]]);
  });

  it("CHECK is refused below spec 0.4.0 and skipped with disableCheck", () => {
    const { rt } = runtime();
    const old = confListFromText(JSON.stringify({ cniVersion: "0.3.1", name: "old", plugins: [{ type: "loopback" }] }));
    rt.add(old, call("a"));
    expect(() => rt.check(old, call("a"))).toThrow('configuration version "0.3.1" does not support the CHECK command');
    const off = confListFromText(JSON.stringify({ cniVersion: "1.0.0", name: "off", disableCheck: true, plugins: [{ type: "loopback" }] }));
    rt.check(off, call("never"));
  });
});

describe("the shipped conflists of flannel and calico run on several nodes", () => {
  const read = (f: string) => readFileSync(join(ROOT, "examples", "cni", f), "utf8");

  it("flannel: flanneld (kube subnet manager) writes each node's subnet.env from its podCIDR; pods get addresses of their node's subnet", async () => {
    const { CidrSet } = await import("../src/core/network/cidr-set.js");
    const { parseIPNet } = await import("../src/core/network/ip.js");
    const { kubeSubnet, parseFlannelConfig, podMtu, subnetEnv } = await import("../src/plugins/cni/flannel/flanneld.js");
    const flannel = parseFlannelConfig('{"Network": "10.244.0.0/16", "EnableNFTables": false, "Backend": {"Type": "vxlan"}}');
    const cidrs = new CidrSet(parseIPNet("10.244.0.0/16")!, 24);
    const list = networkConfigFromFile("10-flannel.conflist", read("10-flannel.conflist"));
    const addresses: string[] = [];
    for (const node of ["node-1", "node-2", "node-3"]) {
      const host = new PluginHost(inTreeCniRegistry(), false, node);
      host.files.set("/run/flannel/subnet.env", subnetEnv(flannel, kubeSubnet(flannel, node, cidrs.allocateNext()), podMtu(flannel, 1500), true));
      const rt = new CniRuntime(host);
      const r = rt.add(list, call(`${node}-pod`), { portMappings: [] });
      addresses.push(r.ips![0]!.address);
      expect(() => rt.check(list, call(`${node}-pod`))).toThrow("does not support the CHECK command");
      rt.del(list, call(`${node}-pod`));
      expect(host.instance("host-local").held!()).toBe(0);
    }
    expect(addresses).toEqual(["10.244.0.2/24", "10.244.1.2/24", "10.244.2.2/24"]);
  });

  it("calico: install-cni's placeholders filled per node; nodes share the IPAM datastore and get /26 blocks of their own", async () => {
    const { fillInstallCniPlaceholders } = await import("../src/core/network/cni/conflist.js");
    const { CalicoIpam } = await import("../src/plugins/cni/calico/ipam-blocks.js");
    const { CALICO_DATASTORE } = await import("../src/plugins/cni/calico/ipam.js");
    const cluster = new Map<string, unknown>([[CALICO_DATASTORE, new CalicoIpam([{ cidr: "192.168.0.0/16", blockSize: 26, ipipMode: "Always" }])]]);
    const text = read("10-calico.conflist");
    expect(() => confListFromText(text)).toThrow(/error parsing configuration list/);
    const results = ["node-1", "node-2"].map((node) => {
      const host = new PluginHost(inTreeCniRegistry(), false, node, cluster);
      const list = confListFromText(fillInstallCniPlaceholders(text, node));
      expect(list.plugins[0]!.nodename).toBe(node);
      return new CniRuntime(host).add(list, call(`${node}-pod`), { portMappings: [{ hostPort: 80, containerPort: 8080, protocol: "tcp" }], bandwidth: { ingressRate: 1e8, ingressBurst: 1e6, egressRate: 1e8, egressBurst: 1e6 } });
    });
    const ipam = cluster.get(CALICO_DATASTORE) as InstanceType<typeof CalicoIpam>;
    expect(ipam.affineBlocks("node-1").length).toBe(1);
    expect(ipam.affineBlocks("node-2").length).toBe(1);
    for (const [i, node] of ["node-1", "node-2"].entries()) {
      const block = ipam.affineBlocks(node)[0]!.cidr;
      const prefix = block.split(".").slice(0, 3).join(".");
      expect(results[i]!.ips![0]!.address.startsWith(`${prefix}.`)).toBe(true);
      // IP-in-IP: 1500 − 20; the bandwidth plugin adds its IFB device to the result.
      expect(results[i]!.interfaces!.map((x) => x.name)).toEqual([expect.stringMatching(/^cali/), "eth0", expect.stringMatching(/^bwp[0-9a-f]{12}$/)]);
    }
  });
});
