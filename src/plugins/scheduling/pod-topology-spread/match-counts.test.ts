/** The kept per-node counts equal a full recount after random adds, deletes and relabels. */
import { describe, expect, it } from "vitest";
import { compileLabelSelector } from "../../../core/api/selectors.js";
import { Rng } from "../../../core/engine/rng.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { makeNode, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { countMatchingPods } from "./common.js";
import { MatchCounts } from "./match-counts.js";

describe("MatchCounts", () => {
  it("equals countMatchingPods on every node after each of 3,000 random changes", () => {
    const rng = Rng.seeded(11);
    const snap = makeSnapshot(Array.from({ length: 30 }, (_, i) => makeNode({ name: `n${i}`, allocatable: { cpu: "100", memory: "100Gi", pods: "500" } })));
    const apps = ["a", "b", "c"];
    const namespaces = ["default", "other"];
    const selectors = [
      compileLabelSelector({ matchLabels: { app: "a" } }),
      compileLabelSelector({ matchExpressions: [{ key: "app", operator: "In", values: ["b", "c"] }] }),
      compileLabelSelector({ matchExpressions: [{ key: "tier", operator: "Exists" }] }),
      compileLabelSelector({}),
    ];
    const counts = new MatchCounts();
    const placed: PodInfo[] = [];
    let uid = 0;
    const newPod = () => {
      const labels: Record<string, string> = { app: apps[rng.below(3)]! };
      if (rng.below(2) === 0) labels.tier = "web";
      return new PodInfo(makePod({ name: `p${uid}`, uid: `u${uid++}`, namespace: namespaces[rng.below(2)]!, labels }));
    };
    for (let step = 0; step < 3000; step++) {
      const op = rng.below(4); // add twice as often as delete or relabel, so the cluster fills up
      if (op <= 1 || placed.length === 0) {
        const p = newPod();
        snap.addPod(p, `n${rng.below(30)}`);
        placed.push(p);
      } else {
        const i = rng.below(placed.length);
        const p = placed[i]!;
        const node = snap.nodeOf(p.uid)!.name;
        snap.removePod(p);
        placed.splice(i, 1);
        if (op === 3) {
          // Relabel: the pod comes back on its node with other labels (a new PodInfo, as on an update).
          const q = newPod();
          snap.addPod(q, node);
          placed.push(q);
        }
      }
      // Check a few (selector, namespace) pairs on a few nodes each step, and all of them now and then.
      const full = step % 250 === 0;
      for (const sel of selectors) {
        for (const ns of namespaces) {
          const c = counts.for(sel, ns);
          for (const node of snap.nodes) {
            if (!full && rng.below(10) !== 0) continue;
            expect(c.on(node)).toBe(countMatchingPods(node.pods, sel, ns));
          }
        }
      }
    }
    expect(placed.length).toBeGreaterThan(100);
  });

  it("equal selectors share one counter; a clone of a node is counted on its own", () => {
    const counts = new MatchCounts();
    const a = counts.for(compileLabelSelector({ matchLabels: { app: "x", tier: "1" } }), "default");
    const b = counts.for(compileLabelSelector({ matchExpressions: [{ key: "tier", operator: "In", values: ["1"] }, { key: "app", operator: "In", values: ["x"] }] }), "default");
    expect(b).toBe(a);
    expect(counts.for(compileLabelSelector({ matchLabels: { app: "x", tier: "1" } }), "other")).not.toBe(a);
    const snap = makeSnapshot([makeNode({ name: "n", allocatable: { cpu: "10", memory: "10Gi", pods: "10" } })], [makePod({ name: "p", uid: "p", nodeName: "n", labels: { app: "x", tier: "1" } })]);
    const node = snap.nodes[0]!;
    expect(a.on(node)).toBe(1);
    const clone = node.clone();
    clone.removePod(node.pods[0]!);
    expect(a.on(clone)).toBe(0); // not the original's cached 1
    expect(a.on(node)).toBe(1);
  });
});
