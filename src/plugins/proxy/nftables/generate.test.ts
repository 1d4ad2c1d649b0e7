// The nftables transaction against kube-proxy's own expected state (TestOverallNFTablesRules), compared
// as sets of lines as knftables' fake compares a transaction with its dump.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseManifests } from "../../../core/api/manifests.js";
import type { ProxyNode } from "../../../core/network/proxy-plugin.js";
import { proxyState } from "../../../core/network/proxy-state.js";
import { generateNftables } from "./generate.js";
import { fullTransaction } from "./transaction.js";

/** kube-proxy's nftables test proxier: node 192.168.0.2, pod CIDR 10.0.0.0/8, service CIDR 172.30.0.0/16. */
const TEST_NODE: ProxyNode = { name: "test-node", ip: "192.168.0.2", zone: "", clusterCIDR: "10.0.0.0/8", masqueradeAll: false };
const OPTIONS = { masqueradeBit: 14, serviceCIDRs: ["172.30.0.0/16"] };
const lines = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("#")).sort();

describe("nftables rules as kube-proxy writes them", () => {
  const set = parseManifests(readFileSync(new URL("../iptables/fixtures/overall.yaml", import.meta.url), "utf8"), "overall.yaml");
  const state = proxyState(set.services, set.endpointSlices, TEST_NODE.name);

  it("equal TestOverallNFTablesRules' expected state", () => {
    const tx = fullTransaction(generateNftables(state, TEST_NODE, OPTIONS));
    expect(lines(tx.text)).toEqual(lines(readFileSync(new URL("fixtures/overall.expected.nft", import.meta.url), "utf8")));
  });

  it("declare every chain and set before a rule or element names it", () => {
    const tx = fullTransaction(generateNftables(state, TEST_NODE, OPTIONS)).text.split("\n");
    const declared = new Set<string>();
    for (const l of tx) {
      const decl = /^add (?:chain|set|map) ip kube-proxy (\S+)/.exec(l);
      if (decl) declared.add(decl[1]!);
      for (const ref of l.replace(/comment "[^"]*"/g, "").matchAll(/(?:goto|jump) (\S+)|@(\S+)/g)) {
        const name = (ref[1] ?? ref[2])!.replace(/[,}]$/, "");
        expect(declared.has(name), `${name} used before it is declared in: ${l}`).toBe(true);
      }
    }
  });
});
