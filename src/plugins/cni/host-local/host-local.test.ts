/**
 * host-local in memory (as a simulation runs it) on the cases observed with the reference binary
 * (the reference comparison itself is test/host-local-reference.test.ts, which drives both).
 */
import { describe, expect, it } from "vitest";
import { CniError } from "../../../core/network/cni/errors.js";
import { PluginHost } from "../../../core/network/cni/host.js";
import type { PluginConf } from "../../../core/network/cni/plugin.js";
import { inTreeCniRegistry } from "../index.js";

function setup(ipam: object, cniVersion = "1.0.0") {
  const host = new PluginHost(inTreeCniRegistry(), false);
  const plugin = host.instance("host-local");
  const conf: PluginConf = { cniVersion, name: "net", type: "bridge", ipam: { type: "host-local", ...ipam } };
  const call = (id: string, args = "", ifname = "eth0") => ({ containerId: id, netns: "/run/netns/x", ifname, args, path: "" });
  const add = (id: string, args = "") => plugin.add(conf, call(id, args), null).ips!.map((i) => i.address).join(",");
  const del = (id: string) => plugin.del(conf, call(id), null);
  const fails = (id: string, args = ""): string => {
    try {
      plugin.add(conf, call(id, args), null);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error("expected a failure");
  };
  return { plugin, conf, call, add, del, fails };
}

describe("host-local", () => {
  it("allocates round-robin after the last reserved address: a freed address waits until the cursor wraps", () => {
    const { add, del, fails } = setup({ ranges: [[{ subnet: "10.99.0.0/28" }]] });
    expect(["a", "b", "c"].map((id) => add(id))).toEqual(["10.99.0.2/28", "10.99.0.3/28", "10.99.0.4/28"]);
    del("b");
    expect(add("d")).toBe("10.99.0.5/28");
    const rest = ["e", "f", "g", "h", "i", "j", "k", "l", "m"].map((id) => add(id));
    expect(rest.at(-1)).toBe("10.99.0.14/28");
    expect(add("n")).toBe("10.99.0.3/28");
    del("f");
    del("c");
    expect(add("o")).toBe("10.99.0.4/28");
    expect(add("p")).toBe("10.99.0.7/28");
    expect(fails("q")).toBe("failed to allocate for range 0: no IP addresses available in range set: 10.99.0.1-10.99.0.14");
  });

  it("honours rangeStart/rangeEnd and an explicit gateway (skipped, while .1 becomes usable)", () => {
    const r = setup({ ranges: [[{ subnet: "10.99.4.0/24", rangeStart: "10.99.4.10", rangeEnd: "10.99.4.12" }]] });
    expect(["a", "b", "c"].map((id) => r.add(id))).toEqual(["10.99.4.10/24", "10.99.4.11/24", "10.99.4.12/24"]);
    expect(r.fails("d")).toBe("failed to allocate for range 0: no IP addresses available in range set: 10.99.4.10-10.99.4.12");
    const g = setup({ ranges: [[{ subnet: "10.99.5.0/29", gateway: "10.99.5.3" }]] });
    expect(["a", "b", "c", "d", "e"].map((id) => g.add(id))).toEqual(["10.99.5.1/29", "10.99.5.2/29", "10.99.5.4/29", "10.99.5.5/29", "10.99.5.6/29"]);
  });

  it("gives one address per range set and walks the ranges of a set in order", () => {
    const { add, fails } = setup({ ranges: [[{ subnet: "10.99.9.0/30" }, { subnet: "10.99.10.0/30" }], [{ subnet: "fd00:99::/125" }]] });
    expect(add("a")).toBe("10.99.9.2/30,fd00:99::2/125");
    expect(add("b")).toBe("10.99.10.2/30,fd00:99::3/125");
    expect(fails("c")).toBe("failed to allocate for range 0: no IP addresses available in range set: 10.99.9.1-10.99.9.2,10.99.10.1-10.99.10.2");
  });

  it("releases the first set's address when a later set is exhausted (all or nothing)", () => {
    const { add, fails, plugin, conf, call } = setup({ ranges: [[{ subnet: "10.99.0.0/24" }], [{ subnet: "fd00:99::/126" }]] });
    expect(add("a")).toBe("10.99.0.2/24,fd00:99::2/126");
    expect(add("b")).toBe("10.99.0.3/24,fd00:99::3/126");
    expect(fails("c")).toBe("failed to allocate for range 1: no IP addresses available in range set: fd00:99::1-fd00:99::3");
    expect(() => plugin.check(conf, call("c"), null)).toThrow("host-local: Failed to find address added by container c");
  });

  it("takes a requested address (CNI_ARGS IP=) only when free, never the gateway", () => {
    const { add, fails } = setup({ ranges: [[{ subnet: "10.99.7.0/24" }]] });
    expect(add("a", "IgnoreUnknown=1;K8S_POD_NAME=web;IP=10.99.7.50")).toBe("10.99.7.50/24");
    expect(add("b")).toBe("10.99.7.51/24");
    expect(fails("c", "IP=10.99.7.50")).toBe("failed to allocate for range 0: requested IP address 10.99.7.50 is not available in range set 10.99.7.1-10.99.7.254");
    expect(fails("c", "IP=10.99.7.1")).toBe("failed to allocate for range 0: requested ip 10.99.7.1 is subnet's gateway");
    expect(fails("c", "IP=10.99.8.5")).toBe("failed to allocate all requested IPs: 10.99.8.5");
    expect(fails("c", "K8S_POD_NAME=web")).toBe('ARGS: unknown args ["K8S_POD_NAME=web"]');
  });

  it("refuses a second ADD of the same attachment; DEL of nothing and repeated DELs succeed", () => {
    const { add, del, fails, plugin, conf, call } = setup({ ranges: [[{ subnet: "10.99.0.0/29" }]] });
    add("a");
    expect(fails("a")).toBe("failed to allocate for range 0: 10.99.0.2 has been allocated to a, duplicate allocation is not allowed");
    expect(plugin.add(conf, call("a", "", "net1"), null).ips![0]!.address).toBe("10.99.0.3/29");
    del("zz");
    del("a");
    del("a");
    expect(() => plugin.check(conf, call("a"), null)).toThrow("Failed to find address added by container a");
    plugin.check(conf, call("a", "", "net1"), null);
  });

  it("rejects unusable ranges with the reference messages", () => {
    const msg = (ipam: object, v = "1.0.0") => setup(ipam, v).fails("a");
    expect(msg({ ranges: [[{ subnet: "10.99.2.0/31" }]] })).toBe("invalid range set 0: Network 10.99.2.0/31 too small to allocate from");
    expect(msg({ ranges: [[{ subnet: "10.99.13.0/24", rangeStart: "10.99.14.1" }]] })).toBe("invalid range set 0: RangeStart 10.99.14.1 not in network 10.99.13.0/24");
    // A start after the end fails on the start: the reference checks it against the end as written.
    expect(msg({ ranges: [[{ subnet: "10.99.13.0/24", rangeStart: "10.99.13.9", rangeEnd: "10.99.13.3" }]] })).toBe("invalid range set 0: RangeStart 10.99.13.9 not in network 10.99.13.0/24");
    expect(msg({ ranges: [[{ subnet: "10.99.13.0/24", rangeEnd: "10.99.14.3" }]] })).toBe("invalid range set 0: RangeEnd 10.99.14.3 not in network 10.99.13.0/24");
    expect(msg({ ranges: [[{ subnet: "10.99.13.0/24" }, { subnet: "fd00::/64" }]] })).toBe("invalid range set 0: mixed address families");
    expect(msg({ ranges: [[{ subnet: "10.99.13.0/24" }, { subnet: "10.99.13.0/25" }]] })).toBe("invalid range set 0: subnets 10.99.13.1-10.99.13.254 and 10.99.13.1-10.99.13.126 overlap");
    expect(msg({ ranges: [[{ subnet: "10.99.13.0/33" }]] })).toBe("invalid CIDR address: 10.99.13.0/33");
    expect(msg({})).toBe("no IP ranges specified");
    expect(msg({ ranges: [[{ subnet: "10.1.0.0/24" }], [{ subnet: "10.2.0.0/24" }]] }, "0.2.0")).toBe("CNI version 0.2.0 does not support more than 1 address per family");
  });

  it("GC releases the addresses of attachments the runtime no longer lists", () => {
    const { add, plugin, conf } = setup({ ranges: [[{ subnet: "10.99.0.0/29" }]] });
    add("a");
    add("b");
    plugin.gc!(conf, [{ containerID: "b", ifname: "eth0" }]);
    expect(add("c")).toBe("10.99.0.4/29");
    expect(add("a")).toBe("10.99.0.5/29");
  });

  it("plain plugin errors reach the runtime as code 999", async () => {
    const { asCniError } = await import("../../../core/network/cni/errors.js");
    const { fails } = setup({});
    const e = asCniError(new Error(fails("a")));
    expect(e).toBeInstanceOf(CniError);
    expect(e.code).toBe(999);
  });
});
