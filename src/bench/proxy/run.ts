/**
 * The proxy benchmark: for each size, every plugin's sync (full and one-Service change: time to generate,
 * lines written, modelled kernel time) and data-path lookup rate; optionally the real kernel's load time
 * for the same rules; then load-balance quality per data plane and IPVS scheduler, and the connections
 * moved when one endpoint goes (Maglev vs IPVS sh). Rows are plain records the CSV, chart and report
 * writers share.
 */
import { performance } from "node:perf_hooks";
import { parseManifests } from "../../core/api/manifests.js";
import type { DataPlane } from "../../core/network/proxy-plugin.js";
import { proxyState } from "../../core/network/proxy-state.js";
import { modelledSyncSeconds, PLUGIN_TOOL, type KernelToolName } from "../../core/network/sync-cost.js";
import { SCHEDULERS } from "../../plugins/proxy/ipvs/schedulers.js";
import { inTreeProxyRegistry } from "../../plugins/proxy/index.js";
import { measureBalance } from "./balance.js";
import { measureDisruption } from "./disruption.js";
import { measureLookup } from "./lookup.js";
import { kernelToolUnavailable, timeKernelLoad } from "./real-kernel.js";
import { BENCH_NODE, scenario } from "./scenario.js";

export interface ProxyBenchOptions {
  services: readonly number[];
  seed: number;
  /** tinybench time per lookup measurement (ms). */
  lookupMs: number;
  connections: number;
  realKernel: boolean;
  /** Skip a real-kernel load the model expects to take longer than this (s). */
  kernelLimitSeconds: number;
  /** Maglev table size for the size sweep (memory: services × size × 4 bytes). */
  maglevSweepTable: number;
  progress: (line: string) => void;
}

export interface SyncRow { plugin: string; services: number; endpoints: number; kind: "full" | "partial"; generateMs: number; lines: number; total: number; modelledSeconds: number | null }
export interface LookupRow { plugin: string; services: number; lookupsPerSecond: number; nsPerLookup: number; rme: number; rulesPerPacket: number; hashLookupsPerPacket: number }
export interface KernelRow { tool: KernelToolName; services: number; size: number; kind: "full" | "partial"; measuredSeconds: number | null; modelledSeconds: number | null; note: string }
export interface BalanceRow { plane: string; endpoints: number; connections: number; maxOverMean: number; minOverMean: number; shares: string }
export interface DisruptionRow { plane: string; endpoints: number; tableSize: number; remapped: number; unavoidable: number; floor: number }

export interface ProxyBenchResults {
  sync: SyncRow[];
  lookup: LookupRow[];
  kernel: KernelRow[];
  balance: BalanceRow[];
  disruption: DisruptionRow[];
}

/** A plugin's data plane on the benchmark's node, with the plugin's own options. */
const plane = (name: string, options: Readonly<Record<string, unknown>> = {}): DataPlane => inTreeProxyRegistry().lookup(name).create(BENCH_NODE, options);

export async function runProxyBench(o: ProxyBenchOptions): Promise<ProxyBenchResults> {
  const res: ProxyBenchResults = { sync: [], lookup: [], kernel: [], balance: [], disruption: [] };
  const plugins = [...inTreeProxyRegistry().values()];
  for (const n of o.services) {
    const sc = scenario(n, o.seed);
    for (const plugin of plugins) {
      o.progress(`${n} services: ${plugin.name} sync and lookups`);
      const plane = plugin.create(BENCH_NODE, plugin.name === "maglev" ? { tableSize: o.maglevSweepTable } : {});
      let t = performance.now();
      const full = plane.sync(sc.state, null);
      const fullMs = performance.now() - t;
      const fullText = plane.ruleText();
      const tool = PLUGIN_TOOL[plugin.name];
      const model = (size: number, isFull: boolean) => (tool ? modelledSyncSeconds(tool, size, isFull) : null);
      res.sync.push({ plugin: plugin.name, services: n, endpoints: sc.endpoints, kind: "full", generateMs: fullMs, lines: full.lines, total: full.total, modelledSeconds: model(full.total, true) });
      const lookup = await measureLookup(plane, n, o.seed, o.lookupMs, plugin.name === "iptables" ? Math.max(1, Math.round(20_000 / n)) : 1024);
      res.lookup.push({ plugin: plugin.name, services: n, lookupsPerSecond: lookup.lookupsPerSecond, nsPerLookup: lookup.meanNs, rme: lookup.rme, rulesPerPacket: lookup.rulesPerPacket, hashLookupsPerPacket: lookup.hashLookupsPerPacket });
      t = performance.now();
      const partial = plane.sync(sc.changedState, sc.changed);
      const partialMs = performance.now() - t;
      res.sync.push({ plugin: plugin.name, services: n, endpoints: sc.endpoints, kind: "partial", generateMs: partialMs, lines: partial.lines, total: partial.total, modelledSeconds: model(partial.total, false) });
      if (o.realKernel && (plugin.name === "iptables" || plugin.name === "nftables")) {
        const tools: KernelToolName[] = plugin.name === "iptables" ? ["iptables-nft", "iptables-legacy"] : ["nft"];
        for (const k of tools) res.kernel.push(...kernelRows(k, n, full.total, fullText, plane.ruleText(), o));
      }
    }
  }
  o.progress(`load balance over 10 endpoints, ${o.connections.toLocaleString("en")} connections each`);
  res.balance.push(...balanceRows(o));
  o.progress("disruption when one endpoint goes");
  res.disruption.push(...disruptionRows(o));
  return res;
}

function kernelRows(tool: KernelToolName, services: number, size: number, fullText: string, partialText: string, o: ProxyBenchOptions): KernelRow[] {
  const fullModel = modelledSyncSeconds(tool, size, true);
  const partialModel = modelledSyncSeconds(tool, size, false);
  const row = (kind: "full" | "partial", measured: number | null, note: string): KernelRow => ({
    tool, services, size, kind, measuredSeconds: measured, modelledSeconds: kind === "full" ? fullModel : partialModel, note,
  });
  const why = kernelToolUnavailable(tool);
  if (why) return [row("full", null, why), row("partial", null, why)];
  if (fullModel !== null && fullModel > o.kernelLimitSeconds) {
    const note = `skipped: the model expects ${fullModel.toFixed(0)} s, above --kernel-limit ${o.kernelLimitSeconds} s`;
    return [row("full", null, note), row("partial", null, note)];
  }
  o.progress(`${services} services: ${tool} real load`);
  try {
    const t = timeKernelLoad(tool, fullText, partialText, Math.max(60, o.kernelLimitSeconds * 4) * 1000);
    return [row("full", t.full, ""), row("partial", t.partial, "")];
  } catch (e) {
    const note = `failed: ${(e as Error).message}`;
    return [row("full", null, note), row("partial", null, note)];
  }
}

function oneService(endpoints: number): string {
  const eps = Array.from({ length: endpoints }, (_, i) => `{addresses: [10.128.${i >> 8}.${(i & 255) + 1}], nodeName: node-${1 + (i % 3)}}`).join(", ");
  return `apiVersion: v1
kind: Service
metadata: {name: web, namespace: bench}
spec: {clusterIP: 10.96.0.10, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: bench, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
endpoints: [${eps}]
ports: [{name: http, port: 8080, protocol: TCP}]
`;
}

function stateOf(text: string) {
  const set = parseManifests(text, "bench.yaml");
  return proxyState(set.services, set.endpointSlices, BENCH_NODE.name);
}

function balanceRows(o: ProxyBenchOptions): BalanceRow[] {
  const state = stateOf(oneService(10));
  const planes: [string, DataPlane][] = [];
  for (const p of inTreeProxyRegistry().values()) if (p.name !== "ipvs") planes.push([p.name, p.create(BENCH_NODE)]);
  for (const s of SCHEDULERS) planes.push([`ipvs-${s}`, plane("ipvs", { scheduler: s })]);
  return planes.map(([name, plane]) => {
    plane.sync(state, null);
    const endpoints = Array.from({ length: 10 }, (_, i) => `10.128.0.${i + 1}:8080`);
    const b = measureBalance(plane, "10.96.0.10", endpoints, o.connections, o.seed);
    const shares = [...b.shares.values()].map((x) => x.toFixed(4)).join(" ");
    return { plane: name, endpoints: 10, connections: o.connections, maxOverMean: b.maxOverMean, minOverMean: b.minOverMean, shares };
  });
}

function disruptionRows(o: ProxyBenchOptions): DisruptionRow[] {
  const rows: DisruptionRow[] = [];
  for (const n of [10, 100]) {
    const before = stateOf(oneService(n));
    // Remove the endpoint in the middle of the list.
    const removedIp = `10.128.${(n >> 1) >> 8}.${((n >> 1) & 255) + 1}`;
    const after = stateOf(oneService(n).replace(`{addresses: [${removedIp}], nodeName: node-${1 + ((n >> 1) % 3)}}, `, ""));
    const removed = `${removedIp}:8080`;
    const cases: [string, number, () => DataPlane][] = [
      ["maglev", 16381, () => plane("maglev", { tableSize: 16381 })],
      ["maglev", 131071, () => plane("maglev", { tableSize: 131071 })],
      ["ipvs-mh", 4093, () => plane("ipvs", { scheduler: "mh" })],
      ["ipvs-sh", 256, () => plane("ipvs", { scheduler: "sh" })],
    ];
    for (const [name, size, make] of cases) {
      const a = make();
      a.sync(before, null);
      const b = make();
      b.sync(after, null);
      const d = measureDisruption(a, b, "10.96.0.10", removed, Math.min(o.connections, 200_000));
      rows.push({ plane: name, endpoints: n, tableSize: size, remapped: d.remapped, unavoidable: d.unavoidable, floor: 1 / n + 0.01 });
    }
  }
  return rows;
}
