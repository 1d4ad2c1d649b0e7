// Every proxy-benchmark chart renders to SVG, PNG and PDF (a bad encoding fails here, not at the end of a long run).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeChart } from "../../core/report/render.js";
import { proxyCharts } from "./charts.js";
import type { ProxyBenchResults } from "./run.js";

const results: ProxyBenchResults = {
  lookup: [100, 1000].flatMap((n) => ["iptables", "nftables"].map((plugin) => ({ plugin, services: n, lookupsPerSecond: 1e6, nsPerLookup: plugin === "iptables" ? n : 100, rme: 1, rulesPerPacket: 5, hashLookupsPerPacket: 1 }))),
  sync: [{ plugin: "iptables", services: 100, endpoints: 500, kind: "full", generateMs: 10, lines: 3000, total: 2000, modelledSeconds: 0.05 }],
  kernel: [100, 1000].flatMap((n) => (["full", "partial"] as const).map((kind) => ({ tool: "nft" as const, services: n, size: n * 25, kind, measuredSeconds: n / 1000, modelledSeconds: n / 900, note: "" }))),
  balance: [{ plane: "ipvs-rr", endpoints: 10, connections: 1000, maxOverMean: 1, minOverMean: 1, shares: "" }],
  disruption: [{ plane: "maglev", endpoints: 10, tableSize: 16381, remapped: 0.1, unavoidable: 0.1, floor: 0.11 }],
};

describe("proxy benchmark charts", () => {
  it("render to SVG, PNG and PDF, the model-vs-measured chart included", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clusterlab-charts-"));
    const charts = proxyCharts(results);
    expect(charts.map((c) => c.name)).toEqual(["lookup-cost", "rules-per-packet", "sync-model-vs-measured", "balance", "disruption"]);
    for (const c of charts) {
      const f = await writeChart(dir, c);
      expect(f.svgText).toContain("<svg");
    }
  }, 60_000);
});
