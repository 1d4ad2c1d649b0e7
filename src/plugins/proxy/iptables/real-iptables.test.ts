// The generated rules fed to the real iptables-restore inside a throwaway network namespace: they must
// parse (--test), load (--noflush), and a partial sync applied on top of a full one must leave exactly
// the table a full sync of the new state gives. Skipped, with the reason printed, where the kernel,
// privileges or tools are missing. No packet is sent.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseManifests } from "../../../core/api/manifests.js";
import { inNetns, netnsUnavailable } from "../../../core/network/netns.js";
import type { ProxyNode } from "../../../core/network/proxy-plugin.js";
import { proxyState } from "../../../core/network/proxy-state.js";
import { churn, syntheticCluster } from "../../../core/network/synthetic.js";
import { IptablesDataPlane } from "./index.js";

const why = netnsUnavailable(["iptables-restore", "iptables-save"]);
if (why) console.log(`real iptables tests skipped: ${why}`);
const NODE: ProxyNode = { name: "node-1", ip: "192.168.0.2", zone: "", clusterCIDR: "10.0.0.0/8", masqueradeAll: false };
const dir = mkdtempSync(join(tmpdir(), "clusterlab-ipt-"));

function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

/** The nat and filter KUBE-* rules as iptables-save prints them, sorted (chain order is not kept by the kernel). */
function saved(script: string): string[] {
  const r = inNetns(`${script} && iptables-save -t nat && iptables-save -t filter`);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout.split("\n").filter((l) => /^[:-]A? ?KUBE-|^:KUBE-/.test(l)).sort();
}

describe.skipIf(why !== null)("real iptables-restore", () => {
  const overall = parseManifests(readFileSync(new URL("fixtures/overall.yaml", import.meta.url), "utf8"), "overall.yaml");

  it("accepts kube-proxy's rules for every kind of service (--test, then a real load)", () => {
    const d = new IptablesDataPlane({ ...NODE, name: "test-node" });
    d.sync(proxyState(overall.services, overall.endpointSlices, "test-node"), null);
    const f = file("overall.rules", d.ruleText());
    const r = inNetns(`iptables-restore --test --noflush < ${f} && iptables-restore --noflush < ${f} && iptables-save -t nat`);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // The kernel keeps the probability as lround(p·2^31) and prints it with 11 decimals.
    expect(r.stdout).toContain(
      '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC',
    );
    expect(r.stdout).toContain("--rcheck --seconds 10800 --reap --name KUBE-SEP-I77PXRDZVX7PMWMN --mask 255.255.255.255 --rsource -j KUBE-SEP-I77PXRDZVX7PMWMN");
  });

  it("loads a 300-service cluster in large-cluster mode (comments dropped) with every rule present", () => {
    const c = syntheticCluster({ services: 300, minEndpoints: 2, maxEndpoints: 6, seed: 1 });
    const d = new IptablesDataPlane(NODE);
    const report = d.sync(proxyState(c.services, c.endpointSlices, NODE.name), null);
    expect(d.ruleText()).not.toContain("-> 10.128.");
    const lines = saved(`iptables-restore --noflush < ${file("big.rules", d.ruleText())}`);
    const rules = lines.filter((l) => l.startsWith("-A ")).length;
    expect(rules).toBe(report.total);
  });

  it("a partial sync on top of a full one leaves the table a full sync of the new state gives", () => {
    const a = syntheticCluster({ services: 40, minEndpoints: 1, maxEndpoints: 4, seed: 2 });
    const { services, endpointSlices: slices, changed } = churn(a);
    const d = new IptablesDataPlane(NODE);
    d.sync(proxyState(a.services, a.endpointSlices, NODE.name), null);
    const full = file("a.rules", d.ruleText());
    const report = d.sync(proxyState(services, slices, NODE.name), changed);
    expect(report.full).toBe(false);
    const partial = file("b-partial.rules", d.ruleText());
    const fresh = new IptablesDataPlane(NODE);
    const freshReport = fresh.sync(proxyState(services, slices, NODE.name), null);
    expect(report.lines).toBeLessThan(freshReport.lines);
    const b = file("b-full.rules", fresh.ruleText());
    expect(saved(`iptables-restore --noflush < ${full} && iptables-restore --noflush < ${partial}`)).toEqual(saved(`iptables-restore --noflush < ${b}`));
  });
});
