/**
 * The service-routing floors, on this machine:
 *  - iptables rule generation for 10,000 Services × 5 endpoints in under 1 s (generation and restore text);
 *  - nftables, IPVS and Maglev first-packet lookups at 50,000 Services at least 1,000,000 per second;
 *  - Maglev moves at most 1/N + 1% of connections when one of N endpoints goes.
 *   node dist-bench/benchmarks/proxy.bench.js
 * The full sweep with charts and report.html: clusterlab bench proxy [--real-kernel].
 */
import { performance } from "node:perf_hooks";
import { MaglevDataPlane } from "../src/plugins/proxy/maglev/index.js";
import { generateRules } from "../src/plugins/proxy/iptables/generate.js";
import { restoreText } from "../src/plugins/proxy/iptables/restore-text.js";
import { IpvsDataPlane } from "../src/plugins/proxy/ipvs/index.js";
import { NftablesDataPlane } from "../src/plugins/proxy/nftables/index.js";
import { measureLookup } from "../src/bench/proxy/lookup.js";
import { runProxyBench } from "../src/bench/proxy/run.js";
import { BENCH_NODE, scenario } from "../src/bench/proxy/scenario.js";
import { machine } from "./common.js";

let failed = 0;
const check = (what: string, ok: boolean, detail: string) => {
  console.log(`${ok ? "PASS" : "FAIL"}  ${what}: ${detail}`);
  if (!ok) failed++;
};

console.log(`proxy floors on ${machine()}`);
const gen = scenario(10_000, 1, 5, 5);
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  restoreText(generateRules(gen.state, BENCH_NODE));
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
check("iptables rules for 10,000 Services × 5 endpoints", times[2]! < 1000, `median ${times[2]!.toFixed(0)} ms of 5 (min ${times[0]!.toFixed(0)} ms)`);

const big = scenario(50_000, 1);
for (const [name, plane] of [["nftables", new NftablesDataPlane(BENCH_NODE)], ["ipvs", new IpvsDataPlane(BENCH_NODE)], ["maglev", new MaglevDataPlane(BENCH_NODE, 251)]] as const) {
  plane.sync(big.state, null);
  const r = await measureLookup(plane, 50_000, 1, 1000, 1024);
  check(`${name} lookups at 50,000 Services`, r.lookupsPerSecond >= 1_000_000, `${(r.lookupsPerSecond / 1e6).toFixed(2)} M/s (±${r.rme.toFixed(1)}%, ${r.hashLookupsPerPacket.toFixed(1)} hash lookups per packet)`);
}

const res = await runProxyBench({ services: [], seed: 1, lookupMs: 0, connections: 200_000, realKernel: false, kernelLimitSeconds: 0, maglevSweepTable: 251, progress: () => {} });
for (const d of res.disruption.filter((x) => x.plane === "maglev")) {
  const ok = d.remapped <= d.floor;
  console.log(`${ok ? "PASS" : "note"}  Maglev M=${d.tableSize}, one of ${d.endpoints} endpoints removed: ${(d.remapped * 100).toFixed(2)}% moved (floor ${(d.floor * 100).toFixed(0)}%)`);
}
const sized = res.disruption.filter((x) => x.plane === "maglev" && x.tableSize === 131071);
check("Maglev (M = 131071) moves at most 1/N + 1%", sized.every((d) => d.remapped <= d.floor), sized.map((d) => `N=${d.endpoints}: ${(d.remapped * 100).toFixed(2)}%`).join(", "));
process.exitCode = failed ? 1 : 0;
