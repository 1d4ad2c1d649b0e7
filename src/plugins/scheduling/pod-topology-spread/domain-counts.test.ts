/**
 * PreFilter's kept per-domain counts (domain-counts.ts) equal a fresh count over the nodes — the same
 * domains in the same order, the same critical paths — after random pod adds and deletes, node relabels
 * and taints, and nodes added and removed.
 */
import { describe, expect, it } from "vitest";
import type { Taint, TopologySpreadConstraint } from "../../../core/api/types.js";
import { Rng } from "../../../core/engine/rng.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { countDomains, getPreFilterState } from "./filtering.js";
import { createPodTopologySpread } from "./index.js";
import { DomainCounts, DomainCountsCache } from "./domain-counts.js";
import type { SelectorCounts } from "./match-counts.js";

const ZONE = "topology.kubernetes.io/zone";
const TAINT: Taint = { key: "maint", value: "x", effect: "NoSchedule" };

describe("DomainCounts", () => {
  it("equals a fresh count after each of 2,000 random cluster changes", () => {
    const rng = Rng.seeded(7);
    const zone = () => ({ [ZONE]: `z${rng.below(4)}`, pool: rng.below(2) === 0 ? "a" : "b" });
    const snap = makeSnapshot(Array.from({ length: 24 }, (_, i) => makeNode({ name: `n${i}`, labels: zone() })));
    const plugin = createPodTopologySpread({ defaultingType: "List", defaultConstraints: [] }, makeHandle(snap));
    const spread = (key: string, app: string, extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
      maxSkew: 1, topologyKey: key, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app } }, ...extra,
    });
    // Incoming pods: hostname and zone constraints, taints honoured, a node selector honoured.
    const incoming = [
      new PodInfo(makePod({ name: "h", labels: { app: "a" }, topologySpreadConstraints: [spread("kubernetes.io/hostname", "a")] })),
      new PodInfo(makePod({ name: "z", labels: { app: "b" }, topologySpreadConstraints: [spread(ZONE, "b", { nodeTaintsPolicy: "Honor" }), spread("kubernetes.io/hostname", "a")] })),
      new PodInfo(makePod({ name: "s", labels: { app: "a" }, nodeSelector: { pool: "a" }, topologySpreadConstraints: [spread(ZONE, "a", { minDomains: 3 })] })),
    ];
    const placed: PodInfo[] = [];
    let uid = 0;
    let nodeSeq = 24;
    for (let step = 0; step < 2000; step++) {
      const op = rng.below(10);
      const nodes = snap.nodes;
      if (op <= 4 || placed.length === 0) {
        const p = new PodInfo(makePod({ name: `p${uid}`, uid: `u${uid++}`, labels: { app: ["a", "b", "c"][rng.below(3)]! } }));
        snap.addPod(p, nodes[rng.below(nodes.length)]!.name);
        placed.push(p);
      } else if (op <= 6) {
        const i = rng.below(placed.length);
        snap.removePod(placed[i]!);
        placed.splice(i, 1);
      } else if (op === 7) {
        // Relabel or (un)taint a node; sometimes drop its zone label.
        const n = nodes[rng.below(nodes.length)]!;
        const labels = rng.below(4) === 0 ? { pool: "a" } : zone();
        snap.updateNode(makeNode({ name: n.name, labels, ...(rng.below(3) === 0 ? { taints: [TAINT] } : {}) }));
      } else if (op === 8 && nodes.length < 30) {
        snap.addNode(makeNode({ name: `n${nodeSeq++}`, labels: zone() }));
      } else if (op === 9 && nodes.length > 12) {
        snap.removeNode(nodes[rng.below(nodes.length)]!.name);
        for (let i = placed.length - 1; i >= 0; i--) if (!snap.nodeOf(placed[i]!.uid)) placed.splice(i, 1);
      }
      for (const pod of incoming) {
        const state = new CycleState();
        expect(plugin.preFilter!(state, pod, snap.nodes)).toBeNull();
        const s = getPreFilterState(state)!;
        s.constraints.forEach((c, i) => {
          const fresh = countDomains(snap.nodes, s.constraints, c, s.inclusion, { on: (n: NodeInfo) => n.pods.filter((p) => c.selector.matches(p.labels)).length } as SelectorCounts);
          expect([...s.counts[i]!], `step ${step} pod ${pod.name} constraint ${i}`).toEqual([...fresh.counts]);
          expect({ ...s.paths[i]! }).toEqual({ ...fresh.paths });
        });
      }
    }
    expect(placed.length).toBeGreaterThan(30);
  });

  it("never changes counts handed to an earlier cycle", () => {
    const snap = makeSnapshot([makeNode({ name: "n0" }), makeNode({ name: "n1" })]);
    const plugin = createPodTopologySpread({ defaultingType: "List", defaultConstraints: [] }, makeHandle(snap));
    const pod = new PodInfo(makePod({ name: "p", labels: { app: "a" }, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "a" } } }] }));
    const first = new CycleState();
    plugin.preFilter!(first, pod, snap.nodes);
    snap.addPod(new PodInfo(makePod({ name: "q", uid: "q", labels: { app: "a" } })), "n0");
    const second = new CycleState();
    plugin.preFilter!(second, pod, snap.nodes);
    expect([...getPreFilterState(first)!.counts[0]!]).toEqual([["n0", 0], ["n1", 0]]);
    expect([...getPreFilterState(second)!.counts[0]!]).toEqual([["n0", 1], ["n1", 0]]);
  });
});

/**
 * The point of keeping counts is that a cycle looks only at nodes that changed: these count how many
 * nodes have their matching pods counted (`SelectorCounts.on`) per sync.
 */
describe("DomainCounts work", () => {
  const HOST = "kubernetes.io/hostname";
  const constraint = (key = HOST): TopologySpreadConstraint => ({ maxSkew: 1, topologyKey: key, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "a" } } });

  function setup(nodes = 10) {
    const snap = makeSnapshot(Array.from({ length: nodes }, (_, i) => makeNode({ name: `n${i}`, labels: { [ZONE]: `z${i % 3}` } })));
    const plugin = createPodTopologySpread({ defaultingType: "List", defaultConstraints: [] }, makeHandle(snap));
    const pod = new PodInfo(makePod({ name: "in", labels: { app: "a" }, topologySpreadConstraints: [constraint()] }));
    const state = new CycleState();
    plugin.preFilter!(state, pod, snap.nodes);
    const s = getPreFilterState(state)!;
    let counted = 0;
    const matching = { on: (n: NodeInfo) => (counted++, n.pods.filter((p) => p.labels.app === "a").length) } as SelectorCounts;
    const dc = new DomainCounts(s.constraints[0]!, s.constraints, matching);
    const work = () => { const c = counted; counted = 0; return c; };
    return { snap, s, dc, work };
  }
  const addA = (snap: ReturnType<typeof makeSnapshot>, uid: string, node: string) =>
    snap.addPod(new PodInfo(makePod({ name: uid, uid, labels: { app: "a" } })), node);

  it("counts every node once, then nothing while the cluster is unchanged, handing out the same counts", () => {
    const { snap, s, dc, work } = setup();
    const first = dc.sync(snap.nodes, s.inclusion, snap);
    expect(work()).toBe(10);
    const again = dc.sync(snap.nodes, s.inclusion, snap);
    expect(work()).toBe(0);
    expect(again.counts).toBe(first.counts);
    expect(again.paths).toBe(first.paths);
  });

  it("recounts only the node a pod landed on, in a new map, leaving the handed-out one as it was", () => {
    const { snap, s, dc, work } = setup();
    const first = dc.sync(snap.nodes, s.inclusion, snap);
    work();
    addA(snap, "p1", "n4");
    const second = dc.sync(snap.nodes, s.inclusion, snap);
    expect(work()).toBe(1);
    expect(second.counts).not.toBe(first.counts);
    expect(first.counts.get("n4")).toBe(0);
    expect(second.counts.get("n4")).toBe(1);
    expect([second.paths.v0, second.paths.n0]).toEqual(["n0", 0]);
    expect(first.paths.v0).toBe("n0");
    // A change that moves no count keeps the map; a pod of another app is looked at but counts nothing.
    snap.addPod(new PodInfo(makePod({ name: "b", uid: "b", labels: { app: "b" } })), "n5");
    const third = dc.sync(snap.nodes, s.inclusion, snap);
    expect(work()).toBe(1);
    expect(third.counts).toBe(second.counts);
    // Two changes since the last sync: two nodes recounted, changed in place (not handed out since).
    addA(snap, "p2", "n1");
    addA(snap, "p3", "n2");
    const fourth = dc.sync(snap.nodes, s.inclusion, snap);
    expect(work()).toBe(2);
    expect([...fourth.counts.values()]).toEqual([0, 1, 1, 0, 1, 0, 0, 0, 0, 0]);
  });

  it("without the snapshot's change log, looks at every node's generation but counts only changed ones", () => {
    const { snap, s, dc, work } = setup();
    dc.sync(snap.nodes, s.inclusion);
    expect(work()).toBe(10);
    addA(snap, "p1", "n7");
    const next = dc.sync(snap.nodes, s.inclusion);
    expect(work()).toBe(1);
    expect(next.counts.get("n7")).toBe(1);
  });

  it("rebuilds when a node changes domain or the node list changes, keeping a fresh count's domain order", () => {
    const { snap, s, dc, work } = setup();
    dc.sync(snap.nodes, s.inclusion, snap);
    work();
    snap.removeNode("n0");
    const fewer = dc.sync(snap.nodes, s.inclusion, snap);
    expect(work()).toBe(9);
    expect([...fewer.counts.keys()]).toEqual(["n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9"]);
    snap.addNode(makeNode({ name: "n0", labels: { [ZONE]: "z0" } }));
    const more = dc.sync(snap.nodes, s.inclusion, snap);
    expect(work()).toBe(10);
    expect(more.counts.size).toBe(10);
  });

  it("a zone constraint rebuilds when a node loses its zone label, and drops that node from the counts", () => {
    const snap = makeSnapshot(Array.from({ length: 6 }, (_, i) => makeNode({ name: `n${i}`, labels: { [ZONE]: `z${i % 3}` } })));
    const plugin = createPodTopologySpread({ defaultingType: "List", defaultConstraints: [] }, makeHandle(snap));
    const pod = new PodInfo(makePod({ name: "in", labels: { app: "a" }, topologySpreadConstraints: [constraint(ZONE)] }));
    const state = new CycleState();
    plugin.preFilter!(state, pod, snap.nodes);
    const s = getPreFilterState(state)!;
    let counted = 0;
    const dc = new DomainCounts(s.constraints[0]!, s.constraints, { on: (n: NodeInfo) => (counted++, n.pods.length) } as SelectorCounts);
    addA(snap, "p0", "n0");
    addA(snap, "p3", "n3");
    expect([...dc.sync(snap.nodes, s.inclusion, snap).counts]).toEqual([["z0", 2], ["z1", 0], ["z2", 0]]);
    counted = 0;
    snap.updateNode(makeNode({ name: "n3", labels: {} }));
    expect([...dc.sync(snap.nodes, s.inclusion, snap).counts]).toEqual([["z0", 1], ["z1", 0], ["z2", 0]]);
    expect(counted).toBe(5);
  });
});

describe("DomainCountsCache", () => {
  const spread = (app: string): TopologySpreadConstraint => ({ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app } } });
  function constraintsOf(pod: PodInfo) {
    const snap = makeSnapshot([makeNode({ name: "n0" })]);
    const plugin = createPodTopologySpread({ defaultingType: "List", defaultConstraints: [] }, makeHandle(snap));
    const state = new CycleState();
    plugin.preFilter!(state, pod, snap.nodes);
    return getPreFilterState(state)!.constraints;
  }
  const none = { on: () => 0 } as unknown as SelectorCounts;

  it("shares one counter between pods of one app and keeps apart pods whose inclusion inputs differ", () => {
    const cache = new DomainCountsCache();
    const a1 = new PodInfo(makePod({ name: "a1", labels: { app: "a" }, topologySpreadConstraints: [spread("a")] }));
    const a2 = new PodInfo(makePod({ name: "a2", labels: { app: "a" }, topologySpreadConstraints: [spread("a")] }));
    const sel = new PodInfo(makePod({ name: "a3", labels: { app: "a" }, nodeSelector: { pool: "x" }, topologySpreadConstraints: [spread("a")] }));
    const other = new PodInfo(makePod({ name: "a4", namespace: "other", labels: { app: "a" }, topologySpreadConstraints: [spread("a")] }));
    const b = new PodInfo(makePod({ name: "b", labels: { app: "b" }, topologySpreadConstraints: [spread("b")] }));
    const d1 = cache.for(a1, constraintsOf(a1), 0, none);
    expect(d1).toBeInstanceOf(DomainCounts);
    expect(cache.for(a2, constraintsOf(a2), 0, none)).toBe(d1);
    for (const p of [sel, other, b]) expect(cache.for(p, constraintsOf(p), 0, none)).not.toBe(d1);
  });

  it("starts over after 1,024 distinct keys", () => {
    const cache = new DomainCountsCache();
    const pod = (app: string) => new PodInfo(makePod({ name: app, labels: { app }, topologySpreadConstraints: [spread(app)] }));
    const p0 = pod("a0");
    const c0 = constraintsOf(p0);
    const d0 = cache.for(p0, c0, 0, none);
    for (let i = 1; i < 1024; i++) { const p = pod(`a${i}`); cache.for(p, constraintsOf(p), 0, none); }
    expect(cache.for(p0, c0, 0, none)).toBe(d0);
    const p = pod("a1024");
    cache.for(p, constraintsOf(p), 0, none);
    expect(cache.for(p0, c0, 0, none)).not.toBe(d0);
  });
});
