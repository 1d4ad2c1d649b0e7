/** Calico IPAM's block affinity and borrowing, and the calico plugin's endpoint, on hand-worked cases. */
import { describe, expect, it } from "vitest";
import { PluginHost } from "../../../core/network/cni/host.js";
import { inTreeCniRegistry } from "../index.js";
import { CALICO_DATASTORE } from "./ipam.js";
import { fnv1_32 } from "../../../core/util/fnv.js";
import { CalicoIpam, encapOverhead, parsePool } from "./ipam-blocks.js";

describe("Calico IPAM blocks", () => {
  it("a node claims a /26 on its first pod, fills it in order, then claims another", () => {
    // 10.0.0.0/24 holds four /26 blocks; each node starts its scan at FNV-1(name) mod 4.
    const ipam = new CalicoIpam([{ cidr: "10.0.0.0/24", blockSize: 26 }]);
    const start = fnv1_32("node-a") % 4;
    const first = ipam.autoAssign("node-a", "p0");
    expect(first.block.cidr).toBe(`10.0.0.${start * 64}/26`);
    expect(first.ip).toBe(`10.0.0.${start * 64}`);
    for (let i = 1; i < 64; i++) ipam.autoAssign("node-a", `p${i}`);
    const next = ipam.autoAssign("node-a", "p64");
    expect(next.block.cidr).toBe(`10.0.0.${((start + 1) % 4) * 64}/26`);
    expect(ipam.affineBlocks("node-a").map((b) => b.usedCount)).toEqual([64, 1]);
  });

  it("a released address goes to the back of its block's queue", () => {
    const ipam = new CalicoIpam([{ cidr: "10.0.0.0/26", blockSize: 26 }]);
    const a = ipam.autoAssign("n", "a").ip;
    ipam.autoAssign("n", "b");
    ipam.releaseByHandle("a");
    expect(ipam.autoAssign("n", "c").ip).toBe("10.0.0.2");
    for (let i = 0; i < 61; i++) ipam.autoAssign("n", `x${i}`);
    expect(ipam.autoAssign("n", "last").ip).toBe(a);
  });

  it("borrows from another node's block when no block is free, unless strictAffinity", () => {
    const pools = [{ cidr: "10.0.0.0/25", blockSize: 26 }];
    const ipam = new CalicoIpam(pools);
    ipam.autoAssign("a", "a0");
    ipam.autoAssign("b", "b0");
    // Both blocks are claimed (a's and b's); a fills its own, then borrows from b's.
    for (let i = 1; i < 64; i++) ipam.autoAssign("a", `a${i}`);
    const borrowed = ipam.autoAssign("a", "a64");
    expect(borrowed.borrowed).toBe(true);
    expect(borrowed.block.affinity).toBe("b");
    const strict = new CalicoIpam(pools, true);
    strict.autoAssign("a", "a0");
    strict.autoAssign("b", "b0");
    for (let i = 1; i < 64; i++) strict.autoAssign("a", `a${i}`);
    expect(() => strict.autoAssign("a", "a64")).toThrow("failed to request 1 IPv4 addresses for node a: no free addresses in its affine blocks and no unclaimed block (strictAffinity) 10.0.0.0/25");
  });

  it("checks pools: /26 and /122 defaults, block sizes 20–32 (IPv4) and 116–128 (IPv6)", () => {
    expect(parsePool({ cidr: "192.168.0.0/16" }).blockSize).toBe(26);
    expect(parsePool({ cidr: "fd00:10::/64" }).blockSize).toBe(122);
    expect(() => parsePool({ cidr: "10.0.0.0/16", blockSize: 19 })).toThrow("blockSize 19 must be between 20 and 32");
    expect(() => new CalicoIpam([{ cidr: "fd00::/64" }]).autoAssign("n", "h")).toThrow("no configured Calico pools for node n");
  });

  it("encapsulation overhead follows the pool's modes (CrossSubnet only between subnets)", () => {
    expect(encapOverhead(parsePool({ cidr: "10.0.0.0/16", ipipMode: "Always" }), false)).toBe(20);
    expect(encapOverhead(parsePool({ cidr: "10.0.0.0/16", vxlanMode: "CrossSubnet" }), false)).toBe(0);
    expect(encapOverhead(parsePool({ cidr: "10.0.0.0/16", vxlanMode: "CrossSubnet" }), true)).toBe(50);
    expect(encapOverhead(parsePool({ cidr: "10.0.0.0/16" }), true)).toBe(0);
  });
});

describe("the calico plugins", () => {
  it("nodes share one datastore: each pod gets a /32 from its node's block, on a cali veth with Calico's MAC", () => {
    const cluster = new Map<string, unknown>();
    cluster.set(CALICO_DATASTORE, new CalicoIpam([{ cidr: "10.10.0.0/16", blockSize: 26, ipipMode: "Always" }]));
    const conf = { cniVersion: "1.0.0", name: "k8s-pod-network", type: "calico", mtu: 0, ipam: { type: "calico-ipam" } };
    const call = (id: string, pod: string) => ({ containerId: id, netns: `/var/run/netns/${id}`, ifname: "eth0", args: `IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=${pod}`, path: "" });
    const n1 = new PluginHost(inTreeCniRegistry(), false, "node-1", cluster);
    const n2 = new PluginHost(inTreeCniRegistry(), false, "node-2", cluster);
    const r1 = n1.instance("calico").add(conf, call("c1", "web-1"), null);
    const r2 = n2.instance("calico").add(conf, call("c2", "web-2"), null);
    expect(r1.ips![0]!.address).toMatch(/^10\.10\.\d+\.\d+\/32$/);
    expect(r1.interfaces![0]).toEqual({ name: expect.stringMatching(/^cali[0-9a-f]{11}$/), mac: "ee:ee:ee:ee:ee:ee" });
    const ipam = cluster.get(CALICO_DATASTORE) as CalicoIpam;
    expect(ipam.affineBlocks("node-1").length).toBe(1);
    expect(ipam.affineBlocks("node-2").length).toBe(1);
    expect(r2.ips![0]!.address).not.toBe(r1.ips![0]!.address);
    n1.instance("calico").del(conf, call("c1", "web-1"), null);
    expect(ipam.affineBlocks("node-1")[0]!.usedCount).toBe(0);
  });
});
