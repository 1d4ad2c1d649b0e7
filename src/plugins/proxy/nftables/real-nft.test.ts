// The generated transactions fed to the real nft inside a throwaway network namespace: they must pass
// `nft -c` and load, and partial syncs applied on top of a full one must leave the table a full sync of
// the new state gives. Skipped, with the reason printed, where the kernel, privileges or nft are missing.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifests } from "../../../core/api/manifests.js";
import { inNetns, netnsUnavailable } from "../../../core/network/netns.js";
import type { ProxyNode } from "../../../core/network/proxy-plugin.js";
import { proxyState } from "../../../core/network/proxy-state.js";
import { churn, syntheticCluster } from "../../../core/network/synthetic.js";
import { NftablesDataPlane } from "./index.js";

const why = netnsUnavailable(["nft"]);
if (why) console.log(`real nft tests skipped: ${why}`);
const NODE: ProxyNode = { name: "node-1", ip: "192.168.0.2", zone: "", clusterCIDR: "10.0.0.0/8", masqueradeAll: false };
const dir = mkdtempSync(join(tmpdir(), "clusterlab-nft-"));
const file = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

/** `nft list table` after the scripts, one element or statement per line, sorted (the kernel orders set elements its own way). */
function listed(files: readonly string[]): string[] {
  const r = inNetns(`${files.map((f) => `nft -f ${f}`).join(" && ")} && nft list table ip kube-proxy`);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout
    .split("\n")
    .map((l) => l.trim().replace(/^elements = \{ /, "").replace(/[,}]\s*$/, "").trim())
    .filter((l) => l !== "" && l !== "}")
    .sort();
}

describe.skipIf(why !== null)("real nft", () => {
  it("checks and loads kube-proxy's transaction for every kind of service", () => {
    const set = parseManifests(readFileSync(new URL("../iptables/fixtures/overall.yaml", import.meta.url), "utf8"), "overall.yaml");
    const d = new NftablesDataPlane({ ...NODE, name: "test-node" });
    d.sync(proxyState(set.services, set.endpointSlices, "test-node"), null);
    const f = file("overall.nft", d.ruleText());
    const r = inNetns(`nft -c -f ${f} && nft -f ${f} && nft list map ip kube-proxy service-ips`);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("172.30.0.44 . tcp . 80 : goto service-LAUZTJTB-ns4/svc4/tcp/p80");
  });

  it("partial syncs on top of a full one leave the table a full sync of the new state gives", () => {
    const a = syntheticCluster({ services: 40, minEndpoints: 1, maxEndpoints: 4, seed: 2 });
    const { services, endpointSlices: slices, changed } = churn(a);
    const d = new NftablesDataPlane(NODE);
    d.sync(proxyState(a.services, a.endpointSlices, NODE.name), null);
    const full = file("a.nft", d.ruleText());
    const report = d.sync(proxyState(services, slices, NODE.name), changed);
    expect(report.full).toBe(false);
    const partial = file("b.nft", d.ruleText());
    // The next sync deletes the chains the partial one flushed (kube-proxy waits a second for the kernel).
    d.sync(proxyState(services, slices, NODE.name), new Set());
    const cleanup = file("c.nft", d.ruleText());
    const fresh = new NftablesDataPlane(NODE);
    const freshReport = fresh.sync(proxyState(services, slices, NODE.name), null);
    expect(report.lines).toBeLessThan(freshReport.lines / 4);
    const b = file("b-full.nft", fresh.ruleText());
    expect(listed([full, partial, cleanup])).toEqual(listed([b]));
  });

  it("loads 2,000 services in one transaction", () => {
    const c = syntheticCluster({ services: 2000, minEndpoints: 1, maxEndpoints: 3, seed: 5 });
    const d = new NftablesDataPlane(NODE);
    d.sync(proxyState(c.services, c.endpointSlices, NODE.name), null);
    const f = file("big.nft", d.ruleText());
    const r = inNetns(`nft -f ${f} && nft list map ip kube-proxy service-ips | grep -c ' : goto '`);
    expect(r.stderr).toBe("");
    expect(Number(r.stdout.trim())).toBe(2000);
  });
});
