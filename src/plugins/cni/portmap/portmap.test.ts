/**
 * portmap's chains on a hand-worked case (the reference's portmap_iptables.go rules), and the host's rules
 * loaded into the real iptables-restore inside a throwaway network namespace (skipped with the reason
 * printed where that cannot run).
 */
import { describe, expect, it } from "vitest";
import { hashWithPrefix } from "../../../core/network/cni/names.js";
import { inNetns, netnsUnavailable } from "../../../core/network/netns.js";
import type { CniResult } from "../../../core/network/cni/result.js";
import type { PluginConf } from "../../../core/network/cni/plugin.js";
import { PortmapInstance } from "./index.js";

const prev: CniResult = {
  cniVersion: "1.0.0",
  interfaces: [{ name: "cni0" }, { name: "veth1234abcd" }, { name: "eth0", sandbox: "/var/run/netns/x" }],
  ips: [{ interface: 2, address: "10.244.1.5/24", gateway: "10.244.1.1" }],
};
const conf = (mappings: object[], extra: object = {}): PluginConf => ({ cniVersion: "1.0.0", name: "cbr0", type: "portmap", runtimeConfig: { portMappings: mappings }, ...extra });
const call = { containerId: "abc", netns: "/var/run/netns/x", ifname: "eth0", args: "", path: "" };

describe("portmap", () => {
  it("builds the DNAT chain of the reference: setmark from the pod's subnet and localhost, then DNAT", () => {
    const p = new PortmapInstance();
    p.add(conf([{ hostPort: 8080, containerPort: 80, protocol: "tcp" }, { hostPort: 5353, containerPort: 53, protocol: "udp", hostIP: "192.168.0.2" }]), call, prev);
    const chain = hashWithPrefix(28, "CNI-DN-", "cbr0abc");
    expect(chain).toMatch(/^CNI-DN-[0-9a-f]{21}$/);
    const text = p.ruleText();
    expect(text.split("\n")).toEqual([
      "*nat",
      ":CNI-HOSTPORT-DNAT - [0:0]",
      ":CNI-HOSTPORT-SETMARK - [0:0]",
      ":CNI-HOSTPORT-MASQ - [0:0]",
      `:${chain} - [0:0]`,
      "-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT",
      "-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT",
      '-A CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000',
      "-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE",
      '-A POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ',
      `-A CNI-HOSTPORT-DNAT -m comment --comment "dnat name: \\"cbr0\\" id: \\"abc\\"" -m multiport -p tcp --destination-ports 8080 -j ${chain}`,
      `-A CNI-HOSTPORT-DNAT -m comment --comment "dnat name: \\"cbr0\\" id: \\"abc\\"" -m multiport -p udp --destination-ports 5353 -j ${chain}`,
      `-A ${chain} -p tcp --dport 8080 -s 10.244.1.5/24 -j CNI-HOSTPORT-SETMARK`,
      `-A ${chain} -p tcp --dport 8080 -s 127.0.0.1 -j CNI-HOSTPORT-SETMARK`,
      `-A ${chain} -p tcp --dport 8080 -j DNAT --to-destination 10.244.1.5:80`,
      `-A ${chain} -p udp --dport 5353 -d 192.168.0.2 -s 10.244.1.5/24 -j CNI-HOSTPORT-SETMARK`,
      `-A ${chain} -p udp --dport 5353 -d 192.168.0.2 -s 127.0.0.1 -j CNI-HOSTPORT-SETMARK`,
      `-A ${chain} -p udp --dport 5353 -d 192.168.0.2 -j DNAT --to-destination 10.244.1.5:53`,
      "COMMIT",
      "",
    ]);
  });

  it("splits more than 15 ports per protocol over several multiport rules; no mappings leaves the result as it was", () => {
    const p = new PortmapInstance();
    const ports = Array.from({ length: 17 }, (_, i) => ({ hostPort: 9000 + i, containerPort: 80 + i, protocol: "tcp" }));
    expect(p.add(conf([]), call, prev)).toBe(prev);
    p.add(conf(ports), call, prev);
    const entries = p.ruleText().split("\n").filter((l) => l.startsWith("-A CNI-HOSTPORT-DNAT -m comment"));
    expect(entries.map((l) => l.match(/--destination-ports (\S+)/)![1])).toEqual([ports.slice(0, 15).map((x) => x.hostPort).join(","), "9015,9016"]);
  });

  it("refuses to run first in a chain and rejects bad mappings with the reference messages", () => {
    const p = new PortmapInstance();
    expect(() => p.add(conf([{ hostPort: 80, containerPort: 80, protocol: "tcp" }]), call, null)).toThrow("must be called as chained plugin");
    expect(() => p.add(conf([{ hostPort: 80, containerPort: 0, protocol: "tcp" }]), call, prev)).toThrow("failed to parse config: Invalid container port number: 0");
    expect(() => p.add(conf([], { markMasqBit: 32 }), call, prev)).toThrow("failed to parse config: MasqMarkBit must be between 0 and 31");
    expect(() => p.add(conf([], { markMasqBit: 3, externalSetMarkChain: "KUBE-MARK-MASQ" }), call, prev)).toThrow("failed to parse config: Cannot specify externalSetMarkChain and markMasqBit");
  });

  const why = netnsUnavailable(["iptables-restore", "iptables-save"]);
  if (why) console.log(`real iptables portmap test skipped: ${why}`);
  it.skipIf(why !== null)("the rules load into the real iptables-restore (and iptables-save lists the DNAT)", () => {
    const p = new PortmapInstance();
    p.add(conf([{ hostPort: 8080, containerPort: 80, protocol: "tcp" }, { hostPort: 5353, containerPort: 53, protocol: "udp" }]), call, prev);
    p.add(conf([{ hostPort: 9090, containerPort: 90, protocol: "tcp" }], { externalSetMarkChain: "KUBE-MARK-MASQ" }), { ...call, containerId: "def" }, { ...prev, ips: [{ interface: 2, address: "10.244.1.6/24" }] });
    const rules = p.ruleText().replace("*nat\n", "*nat\n:KUBE-MARK-MASQ - [0:0]\n");
    const r = inNetns(`printf '%s' "$RULES" | iptables-restore --noflush && iptables-save -t nat`, { RULES: rules });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("-j DNAT --to-destination 10.244.1.5:80");
    expect(r.stdout).toContain("-j DNAT --to-destination 10.244.1.6:90");
    expect(r.stdout).toContain("-j KUBE-MARK-MASQ");
  });
});
