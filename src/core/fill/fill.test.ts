/** The fill experiment's mechanics: arrival sequence, sampling, aggregation like the artifact's analysis, CSV. */
import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { selectHostByNodeOrder } from "../scheduler/schedule-pod.js";
import { makeNode, makePod, makeSnapshot } from "../scheduler/testing.js";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import { BestFit } from "../../plugins/scheduling/best-fit/index.js";
import { aggregateFill, fillCsv, roundHalfEven, toRows, FILL_CSV_HEADER } from "./aggregate.js";
import { policySchedulerConfig } from "./config.js";
import { fillSequence, runFill } from "./run.js";
import { compareWithExpected, parseExpectedSummary } from "./compare.js";

const registry = new Map(inTreeRegistry());
registry.set("BestFit", BestFit);

const gpuNode = (name: string) => makeNode({ name, allocatable: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" } });
const gpuPod = (name: string) => makePod({ name, requests: { cpu: "1", memory: "1Gi", "nvidia.com/gpu": "1" } });
const cpuPod = (name: string) => makePod({ name, requests: { cpu: "1", memory: "1Gi" } });

describe("fillSequence", () => {
  it("all originals once in a shuffled order, then clones until the next one's per-device milli would cross tune × capacity", () => {
    // Originals: 1,000m (1 GPU), 500m share, 4 GPUs (4,000m) = 5,500m. Capacity 10,000, tune 1.3 → target 13,000.
    const gpu = [[1000, 1000], [500, 500], [1000, 4000]] as const;
    const seq = fillSequence(gpu, 10_000, 1.3, Rng.seeded(1));
    expect([...seq.slice(0, 3)].sort()).toEqual([0, 1, 2]);
    // Every clone passed the artifact's test (total so far + its milli per device ≤ 13,000) when it was added.
    let total = 5500;
    for (const i of seq.slice(3)) {
      expect(total + gpu[i]![0]).toBeLessThanOrEqual(13_000);
      total += gpu[i]![1];
    }
    expect(seq.length).toBeGreaterThan(3);
    // So a 4-GPU clone may overshoot the target by up to 3,000m, never more.
    expect(total).toBeLessThanOrEqual(16_000);
    expect(seq).toEqual(fillSequence(gpu, 10_000, 1.3, Rng.seeded(1)));
  });

  it("a list above the target loses random pods (the artifact's tune-down)", () => {
    const gpu = Array.from({ length: 10 }, () => [1000, 1000] as const);
    const seq = fillSequence(gpu, 2000, 1.3, Rng.seeded(2));
    expect(seq.length).toBe(2); // 2,000 ≤ 2,600 < 3,000
    expect(new Set(seq).size).toBe(2);
  });
});

describe("aggregation (the artifact's merge_*_discrete.py)", () => {
  it("rounds x half to even like Python", () => {
    expect([0.5, 1.5, 2.5, 2.4999, 2.5001, 99.5].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3, 100]);
  });

  it("mean per integer arrived %, neighbours when a bucket is empty, NaN when none", () => {
    // 10 GPUs: arrived 0, 1,000 (10 %), 1,040 (10.4 → 10), 2,000 (20 %); allocated as given.
    const s = { arrived: Float64Array.of(0, 1000, 1040, 2000), alloc: Float64Array.of(0, 1000, 1000, 1500), frag: Float64Array.of(500, 400, 300, 200) };
    const c = aggregateFill(s, 4, 10, 22);
    expect(c[0]).toEqual({ arrivedPct: 0, gpuAllocPct: 0, gpuFragPct: 5, gpuUnallocPct: 100 });
    expect(c[10]).toEqual({ arrivedPct: 10, gpuAllocPct: 10, gpuFragPct: 3.5, gpuUnallocPct: 90 });
    expect(c[11]!.gpuAllocPct).toBe(10); // neighbours 10..12: only x = 10
    expect(c[19]!.gpuAllocPct).toBe(15);
    expect(c[21]!.gpuAllocPct).toBe(15);
    expect(Number.isNaN(c[15]!.gpuAllocPct)).toBe(true);
    expect(c.length).toBe(23);
  });

  it("writes fill.csv", () => {
    const rows = toRows("FGD", "default", 42, [{ arrivedPct: 0, gpuAllocPct: 0.26, gpuFragPct: 13.98, gpuUnallocPct: 99.74 }, { arrivedPct: 1, gpuAllocPct: NaN, gpuFragPct: NaN, gpuUnallocPct: NaN }]);
    expect(fillCsv(rows)).toBe(`${FILL_CSV_HEADER}\nFGD,default,42,0,0.26,13.98,99.74\nFGD,default,42,1,,,\n`);
  });
});

describe("tie-breaking by node order (the artifact's patched selectHost)", () => {
  it("the highest score wins; among equals the node earliest in the node list, wherever it sits among the feasible", () => {
    const snap = makeSnapshot([gpuNode("n0"), gpuNode("n1"), gpuNode("n2"), gpuNode("n3")]);
    const [n0, n1, n2, n3] = snap.nodes;
    // Feasible nodes in rotated filter order n2, n3, n1; n3 and n1 tie at the top → n1.
    expect(selectHostByNodeOrder(Float64Array.of(10, 50, 50), [n2!, n3!, n1!])).toBe(2);
    expect(selectHostByNodeOrder(Float64Array.of(10, 60, 50), [n2!, n3!, n1!])).toBe(1);
    expect(selectHostByNodeOrder(Float64Array.of(7, 7), [n3!, n0!])).toBe(1);
  });
});

describe("runFill", () => {
  it("places the tuned list on a tiny cluster and samples allocation and fragmentation", () => {
    // 2 nodes × (4 cores, 1 GPU); 4 one-GPU pods and 1 CPU-only pod: 4,000m > 1.3 × 2,000 → tuned down to 2 GPU pods.
    const r = runFill({
      nodes: [gpuNode("a"), gpuNode("b")],
      pods: [gpuPod("g1"), gpuPod("g2"), gpuPod("g3"), gpuPod("g4"), cpuPod("c")],
      config: policySchedulerConfig("BestFit"),
      registry,
      seed: 42,
    });
    expect(r.totalGpus).toBe(2);
    expect(r.stats.failed).toBe(0);
    expect(r.curve.length).toBe(131);
    expect(r.curve[100]).toMatchObject({ gpuAllocPct: 100, gpuUnallocPct: 0, gpuFragPct: 0 });
    // After one GPU pod: the other node's free GPU is fragment only for the CPU-only typical pod (p = 1/5):
    // 1,000 · .2 = 200m = 10 % of 2,000m.
    expect(r.curve[50]).toMatchObject({ gpuAllocPct: 50, gpuFragPct: 10 });
    expect(runFill({ nodes: [gpuNode("a"), gpuNode("b")], pods: [gpuPod("g1"), gpuPod("g2"), gpuPod("g3"), gpuPod("g4"), cpuPod("c")], config: policySchedulerConfig("BestFit"), registry, seed: 42 }).curve).toEqual(r.curve);
  });

  it("a pod no node has room for fails without a cycle, and later pods are still tried", () => {
    const big = makePod({ name: "big", requests: { cpu: "64", "nvidia.com/gpu": "1" } });
    const r = runFill({ nodes: [gpuNode("a"), gpuNode("b")], pods: [big, gpuPod("g1")], config: policySchedulerConfig("BestFit"), registry, seed: 1, tune: 1 });
    expect(r.stats.scheduled).toBe(1);
    expect(Object.values(r.stats.failureReasons).reduce((a, b) => a + b, 0)).toBe(r.stats.failed);
    expect(r.stats.failed).toBe(1);
  });
});

describe("comparison with the authors' summary", () => {
  const summary = "workload,policy,arrived_pct,seeds,alloc_pct_mean,alloc_pct_sd,unalloc_pct_mean\nopenb_pod_list_default,06-FGD,100,10,95,0.1,5\nopenb_pod_list_default,05-BestFit,100,10,93,0.1,7\n";
  it("means over seeds, tolerance and order", () => {
    const row = (variant: string, seed: number, unalloc: number) => ({ variant, workload: "default", seed, arrivedPct: 100, gpuAllocPct: 100 - unalloc, gpuFragPct: 0, gpuUnallocPct: unalloc });
    const c = compareWithExpected([row("FGD", 1, 5.5), row("FGD", 2, 6.5), row("BestFit", 1, 5.9), row("BestFit", 2, 6)], parseExpectedSummary(summary), { at: [100] });
    expect(c.rows.map((r) => [r.variant, r.ours, r.diff])).toEqual([
      ["FGD", 6, 1],
      ["BestFit", 5.95, -1.0499999999999998],
    ]);
    expect(c.outOfTolerance).toEqual([]);
    expect(c.orderViolations.map((v) => [v.a.variant, v.b.variant])).toEqual([["FGD", "BestFit"]]);
  });

  it('with gap "sd", order counts only where the authors\' means differ by more than their two sds added', () => {
    const text = (sd: number) =>
      `workload,policy,arrived_pct,seeds,alloc_pct_mean,alloc_pct_sd,unalloc_pct_mean\nopenb_pod_list_default,06-FGD,100,10,95,${sd},5\nopenb_pod_list_default,05-BestFit,100,10,94.5,${sd},5.5\n`;
    const row = (variant: string, unalloc: number) => ({ variant, workload: "default", seed: 1, arrivedPct: 100, gpuAllocPct: 100 - unalloc, gpuFragPct: 0, gpuUnallocPct: unalloc });
    const ours = [row("FGD", 5.4), row("BestFit", 5.3)];
    // 0.5 apart: separated when each sd is 0.2 (0.4 < 0.5), not when each is 0.3 (0.6 > 0.5).
    expect(compareWithExpected(ours, parseExpectedSummary(text(0.2)), { at: [100], gap: "sd" }).orderViolations).toHaveLength(1);
    expect(compareWithExpected(ours, parseExpectedSummary(text(0.3)), { at: [100], gap: "sd" }).orderViolations).toHaveLength(0);
  });
});
