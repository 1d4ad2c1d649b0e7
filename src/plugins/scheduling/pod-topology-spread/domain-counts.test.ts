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
