// The generated rules against kube-proxy's own expected iptables-restore input (TestOverallIPTablesRules
// in pkg/proxy/iptables/proxier_test.go), compared after the same normalisation its tests apply.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseManifests } from "../../../core/api/manifests.js";
import { proxyState } from "../../../core/network/proxy-state.js";
import type { ProxyNode } from "../../../core/network/proxy-plugin.js";
import { DEFAULT_IPTABLES_OPTIONS, generateRules, type IptablesOptions } from "./generate.js";
import { restoreText } from "./restore-text.js";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");

/** kube-proxy's test proxier: node "test-node" at 192.168.0.2, cluster CIDR 10.0.0.0/8, nfacct counters present, no --random-fully. */
const TEST_NODE: ProxyNode = { name: "test-node", ip: "192.168.0.2", zone: "", clusterCIDR: "10.0.0.0/8", masqueradeAll: false };
const TEST_OPTIONS: IptablesOptions = { ...DEFAULT_IPTABLES_OPTIONS, nfacct: true, randomFully: false };

/** A port of kube-proxy's sortIPTablesRules: tables by name; chains NODEPORTS, SERVICES, then KUBE-* by name;
 *  the rules of KUBE-NODEPORTS and KUBE-SERVICES stably by the service name in their comment (nat's
 *  "must be the last rule" kept last); other chains keep their rule order. */
export function sortRestore(text: string): string {
  const tables: { name: string; chains: string[]; rules: Map<string, string[]> }[] = [];
  let t: (typeof tables)[number] | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("*")) tables.push((t = { name: line.slice(1), chains: [], rules: new Map() }));
    else if (line.startsWith(":")) {
      const c = line.slice(1).split(" ")[0]!;
      t!.chains.push(c);
      t!.rules.set(c, []);
    } else if (line.startsWith("-A ")) t!.rules.get(line.split(" ")[1]!)!.push(line);
  }
  const rank = (c: string) => (c === "KUBE-NODEPORTS" ? 0 : c === "KUBE-SERVICES" ? 1 : c.startsWith("KUBE-") ? 2 : 3);
  const svcName = (rule: string) => {
    const m = /--comment ("[^"]*"|\S+)/.exec(rule);
    if (!m) return null;
    const c = m[1]!.replace(/^"|"$/g, "");
    const i = c.search(/[ :]/);
    return i < 0 ? c : c.slice(0, i);
  };
  const out: string[] = [];
  for (const table of [...tables].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    out.push(`*${table.name}`);
    const chains = [...table.chains].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    for (const c of chains) out.push(`:${c} - [0:0]`);
    for (const c of chains) {
      let rules = table.rules.get(c)!;
      if (c === "KUBE-NODEPORTS" || c === "KUBE-SERVICES") {
        const last = rules.filter((r) => r.includes("must be the last rule"));
        const rest = rules.filter((r) => !r.includes("must be the last rule"));
        rules = [...rest.map((r, i) => ({ r, i })).sort((a, b) => {
          const x = svcName(a.r) ?? "";
          const y = svcName(b.r) ?? "";
          return x < y ? -1 : x > y ? 1 : a.i - b.i;
        }).map((e) => e.r), ...last];
      }
      out.push(...rules);
    }
    out.push("COMMIT");
  }
  return out.join("\n") + "\n";
}

describe("iptables rules as kube-proxy writes them", () => {
  const set = parseManifests(fixture("overall.yaml"), "overall.yaml");
  const state = proxyState(set.services, set.endpointSlices, TEST_NODE.name);

  it("equal TestOverallIPTablesRules' expected output", () => {
    const rs = generateRules(state, TEST_NODE, TEST_OPTIONS);
    expect(sortRestore(restoreText(rs).text)).toBe(fixture("overall.expected"));
  });

  it("are already in that order, chains apart, since service ports are taken by name", () => {
    const text = restoreText(generateRules(state, TEST_NODE, TEST_OPTIONS)).text;
    const rulesOf = (s: string, chain: string) => s.split("\n").filter((l) => l.startsWith(`-A ${chain} `));
    for (const chain of ["KUBE-SERVICES", "KUBE-NODEPORTS"]) expect(rulesOf(text, chain)).toEqual(rulesOf(fixture("overall.expected"), chain));
  });

  it("are byte-identical from run to run", () => {
    const a = restoreText(generateRules(state, TEST_NODE)).text;
    const b = restoreText(generateRules(proxyState(set.services, set.endpointSlices, TEST_NODE.name), TEST_NODE)).text;
    expect(a).toBe(b);
  });
});
