// schedulePod (pkg/scheduler/schedule_one_test.go in spirit): numFeasibleNodesToFind, the rotating start index,
// selectHost, the single-feasible-node shortcut, PreFilterResult narrowing, and the FitError message.
import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { CycleState } from "./cycle-state.js";
import type { FrameworkHandle, Plugin } from "./framework.js";
import type { NodeInfo } from "./node-info.js";
import { PodInfo } from "./pod-info.js";
import { Framework, type PluginLists } from "./runtime.js";
import { numFeasibleNodesToFind, PodScheduler, selectHost } from "./schedule-pod.js";
import { Code, Status } from "./status.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "./testing.js";

const sort: Plugin = { name: "Sort", less: () => false };
const binder: Plugin = { name: "Binder", bind: () => null };

function framework(lists: Partial<PluginLists>, pct = 0, handle?: FrameworkHandle): Framework {
  const all: PluginLists = {
    preEnqueue: [], queueSort: [sort], preFilter: [], filter: [], postFilter: [], preScore: [], score: [], reserve: [],
    permit: [], preBind: [], bind: [binder], postBind: [], ...lists,
  };
  const h = handle ?? makeHandle(makeSnapshot([]));
  return new Framework("test", all, pct, () => h);
}

function nodes(n: number): NodeInfo[] {
  return makeSnapshot(Array.from({ length: n }, (_, i) => makeNode({ name: `n${i}` }))).nodes;
}
const pod = () => new PodInfo(makePod({ name: "p" }));
const nodeIndex = (n: NodeInfo) => Number(n.name.slice(1));

describe("numFeasibleNodesToFind", () => {
  it.each([
    [0, 50, 50], // < 100 nodes: all
    [0, 99, 99],
    [0, 100, 100], // 50 − 0 = 50% of 100 = 50, raised to the minimum 100
    [0, 200, 100], // 49% = 98 → 100
    [0, 500, 230], // 50 − 4 = 46%
    [0, 1000, 420], // 50 − 8 = 42%
    [0, 5000, 500], // 50 − 40 = 10%
    [0, 6000, 300], // 50 − 48 = 2% → floored at 5%
    [30, 1000, 300], // explicit percentage
    [5, 1000, 100], // 50 → minimum 100
    [100, 1000, 1000], // 100%: all
    [30, 50, 50], // small clusters ignore the percentage
  ])("percentage %i of %i nodes → %i", (pct, n, want) => {
    expect(numFeasibleNodesToFind(pct, n)).toBe(want);
  });
});

describe("filtering window", () => {
  it("stops after enough feasible nodes and rotates the start index (nextStartNodeIndex)", () => {
    const seen: number[] = [];
    const f = framework({ filter: [{ name: "Count", filter: (_s, _p, n) => (seen.push(nodeIndex(n)), null) }] });
    const all = nodes(200); // 49% → 98 → at least 100
    const ps = new PodScheduler(Rng.seeded(1));
    const r1 = ps.schedulePod(f, new CycleState(), pod(), all, undefined);
    expect(seen).toHaveLength(100);
    expect(seen[0]).toBe(0);
    expect(ps.nextStartNodeIndex).toBe(100);
    expect(r1.ok && r1.feasible).toBe(100);
    seen.length = 0;
    ps.schedulePod(f, new CycleState(), pod(), all, undefined);
    expect(seen[0]).toBe(100);
    expect(seen.at(-1)).toBe(199);
    seen.length = 0;
    ps.schedulePod(f, new CycleState(), pod(), all, undefined);
    expect(seen[0]).toBe(0); // wrapped around
  });

  it("nodes that fail Filter count as processed for the next start index", () => {
    const odd = Status.unschedulable("odd");
    const f = framework({ filter: [{ name: "Even", filter: (_s, _p, n) => (nodeIndex(n) % 2 ? odd : null) }] });
    const ps = new PodScheduler(Rng.seeded(1));
    const r = ps.schedulePod(f, new CycleState(), pod(), nodes(300), undefined);
    // 300 nodes → 48% → 144 feasible wanted: the even nodes 0..286 (144 of them), 287 nodes processed.
    expect(r.ok && r.feasible).toBe(144);
    expect(ps.nextStartNodeIndex).toBe(287);
    expect(r.ok && r.evaluated).toBe(287);
  });

  it("without Filter plugins the window is taken as is", () => {
    const f = framework({});
    const ps = new PodScheduler(Rng.seeded(1));
    const r = ps.schedulePod(f, new CycleState(), pod(), nodes(1000), undefined);
    expect(r.ok && r.feasible).toBe(420);
    expect(ps.nextStartNodeIndex).toBe(420);
  });

  it("a profile percentage of 100 filters every node", () => {
    let calls = 0;
    const f = framework({ filter: [{ name: "Count", filter: () => (calls++, null) }] }, 100);
    new PodScheduler(Rng.seeded(1)).schedulePod(f, new CycleState(), pod(), nodes(300), undefined);
    expect(calls).toBe(300);
  });
});

describe("selectHost", () => {
  it("picks the highest total", () => {
    expect(selectHost(Float64Array.from([3, 90, 12, 89]), 4, Rng.seeded(1))).toBe(1);
    expect(selectHost(Float64Array.from([7]), 1, Rng.seeded(1))).toBe(0);
  });

  it("only looks at the first n totals", () => {
    expect(selectHost(Float64Array.from([1, 2, 99]), 2, Rng.seeded(1))).toBe(1);
  });

  it("breaks ties uniformly at random (chi-square over 30,000 draws)", () => {
    const totals = Float64Array.from([5, 9, 9, 3, 9, 8]);
    const rng = Rng.seeded(2024);
    const counts = [0, 0, 0, 0, 0, 0];
    const draws = 30_000;
    for (let i = 0; i < draws; i++) counts[selectHost(totals, totals.length, rng)]!++;
    expect([counts[0], counts[3], counts[5]]).toEqual([0, 0, 0]);
    const expected = draws / 3;
    const chi2 = [1, 2, 4].reduce((s, i) => s + (counts[i]! - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(13.8); // 2 degrees of freedom, p = 0.001
  });

  it("is deterministic for a seed", () => {
    const totals = Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1]);
    const a = Rng.seeded(5);
    const b = Rng.seeded(5);
    const seqA = Array.from({ length: 20 }, () => selectHost(totals, 8, a));
    expect(Array.from({ length: 20 }, () => selectHost(totals, 8, b))).toEqual(seqA);
    expect(new Set(seqA).size).toBeGreaterThan(1);
  });
});

describe("scoring", () => {
  it("a single feasible node is chosen without PreScore or Score", () => {
    let scored = 0;
    const f = framework({
      filter: [{ name: "OnlyN2", filter: (_s, _p, n) => (n.name === "n2" ? null : Status.unschedulable("no")) }],
      preScore: [{ name: "S", preScore: () => (scored++, null) }],
      score: [{ plugin: { name: "S", score: () => (scored++, 50) }, weight: 1 }],
    });
    const r = new PodScheduler(Rng.seeded(1)).schedulePod(f, new CycleState(), pod(), nodes(5), undefined);
    expect(r.ok && r.node.name).toBe("n2");
    expect(r.ok && r.evaluated).toBe(5);
    expect(scored).toBe(0);
  });

  it("the highest weighted total wins", () => {
    const f = framework({
      score: [
        { plugin: { name: "A", score: (_s, _p, n) => (n.name === "n1" ? 100 : 60) }, weight: 1 },
        { plugin: { name: "B", score: (_s, _p, n) => (n.name === "n2" ? 100 : 0) }, weight: 3 },
      ],
    });
    const r = new PodScheduler(Rng.seeded(1)).schedulePod(f, new CycleState(), pod(), nodes(3), undefined);
    expect(r.ok && r.node.name).toBe("n2"); // n1: 100, n2: 60 + 300, n0: 60
  });

  it("a PreScore failure fails the attempt with an Error", () => {
    const f = framework({ preScore: [{ name: "Bad", preScore: () => Status.unschedulable("nope") }] });
    const r = new PodScheduler(Rng.seeded(1)).schedulePod(f, new CycleState(), pod(), nodes(3), undefined);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.status.code).toBe(Code.Error);
  });

  it("with no Score plugins a feasible node is picked at random, deterministically per seed", () => {
    const f = framework({});
    const pick = (seed: number) => {
      const ps = new PodScheduler(Rng.seeded(seed));
      return Array.from({ length: 10 }, () => {
        const r = ps.schedulePod(f, new CycleState(), pod(), nodes(10), undefined);
        return r.ok ? r.node.name : "";
      });
    };
    expect(pick(3)).toEqual(pick(3));
    expect(new Set(pick(3)).size).toBeGreaterThan(1);
  });
});

describe("PreFilter", () => {
  it("a PreFilterResult narrows the nodes filtered", () => {
    const filtered: string[] = [];
    const f = framework({
      preFilter: [{ name: "Narrow", preFilter: () => ({ nodeNames: new Set(["n1", "n3"]) }) }],
      filter: [{ name: "Log", filter: (_s, _p, n) => (filtered.push(n.name), null) }],
    });
    const r = new PodScheduler(Rng.seeded(1)).schedulePod(f, new CycleState(), pod(), nodes(5), undefined);
    expect(filtered.sort()).toEqual(["n1", "n3"]);
    expect(r.ok && ["n1", "n3"].includes(r.node.name)).toBe(true);
  });

  it("nodes outside the PreFilterResult count as UnschedulableAndUnresolvable in the FitError", () => {
    const f = framework({
      preFilter: [{ name: "Narrow", preFilter: () => ({ nodeNames: new Set(["n1"]) }) }],
      filter: [{ name: "Fit", filter: () => Status.unschedulable("Insufficient cpu") }],
    });
    const r = new PodScheduler(Rng.seeded(1)).schedulePod(f, new CycleState(), pod(), nodes(3), undefined);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status.reasons[0]).toMatch(/^0\/3 nodes are available: 1 Insufficient cpu, 2 node\(s\) didn't satisfy plugin\(s\) \[.*\]\.$/);
    expect(r.diagnosis.nodeToStatus.get("n0")!.code).toBe(Code.UnschedulableAndUnresolvable);
  });

  it("a PreFilter rejection: one FitError message, the plugin recorded, no Filter run", () => {
    let filtered = 0;
    const f = framework({
      preFilter: [{ name: "Gate", preFilter: () => Status.unresolvable("pod has unbound immediate PersistentVolumeClaims") }],
      filter: [{ name: "F", filter: () => (filtered++, null) }],
    });
    const r = new PodScheduler(Rng.seeded(1)).schedulePod(f, new CycleState(), pod(), nodes(3), undefined);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status.code).toBe(Code.Unschedulable);
    expect(r.status.reasons).toEqual(["0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims."]);
    expect([...r.diagnosis.unschedulablePlugins]).toEqual(["Gate"]);
    expect(filtered).toBe(0);
  });
});

describe("failures", () => {
  it('FitError: "0/N nodes are available: <count> <reason>, …." sorted, with plugin attribution', () => {
    const f = framework({
      filter: [
        { name: "Taints", filter: (_s, _p, n) => (n.name === "n0" ? Status.unresolvable("node(s) had untolerated taint {a: b}") : null) },
        { name: "Fit", filter: () => Status.unschedulable("Insufficient cpu") },
      ],
    });
    const r = new PodScheduler(Rng.seeded(1)).schedulePod(f, new CycleState(), pod(), nodes(3), undefined);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status.code).toBe(Code.Unschedulable);
    expect(r.status.reasons).toEqual(["0/3 nodes are available: 1 node(s) had untolerated taint {a: b}, 2 Insufficient cpu."]);
    expect([...r.diagnosis.unschedulablePlugins].sort()).toEqual(["Fit", "Taints"]);
    expect(r.diagnosis.nodeToStatus.get("n0")!.plugin).toBe("Taints");
  });

  it("a Filter Error fails the attempt with that Error, not a FitError", () => {
    const f = framework({ filter: [{ name: "Boom", filter: () => Status.error("lost connection") }] });
    const r = new PodScheduler(Rng.seeded(1)).schedulePod(f, new CycleState(), pod(), nodes(3), undefined);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status.code).toBe(Code.Error);
    expect(r.status.plugin).toBe("Boom");
  });

  it("a Filter Error on one node fails the attempt even if other nodes fit", () => {
    const f = framework({ filter: [{ name: "Boom", filter: (_s, _p, n) => (n.name === "n1" ? Status.error("x") : null) }] });
    const r = new PodScheduler(Rng.seeded(1)).schedulePod(f, new CycleState(), pod(), nodes(3), undefined);
    expect(!r.ok && r.status.code).toBe(Code.Error);
  });

  it("no nodes at all", () => {
    const r = new PodScheduler(Rng.seeded(1)).schedulePod(framework({}), new CycleState(), pod(), [], undefined);
    expect(!r.ok && r.status.reasons).toEqual(["no nodes available to schedule pods"]);
  });
});

describe("nominated node", () => {
  it("is tried first and taken if it passes Filter, whatever the scores", () => {
    const all = nodes(4);
    const f = framework({ score: [{ plugin: { name: "S", score: (_s, _p, n) => (n.name === "n3" ? 0 : 100) }, weight: 1 }] });
    const r = new PodScheduler(Rng.seeded(1)).schedulePod(f, new CycleState(), pod(), all, all[3]);
    expect(r.ok && r.node.name).toBe("n3");
  });

  it("is ignored if it no longer passes Filter", () => {
    const all = nodes(4);
    const f = framework({ filter: [{ name: "NotN3", filter: (_s, _p, n) => (n.name === "n3" ? Status.unschedulable("x") : null) }] });
    const r = new PodScheduler(Rng.seeded(1)).schedulePod(f, new CycleState(), pod(), all, all[3]);
    expect(r.ok && r.node.name).not.toBe("n3");
  });
});
