/**
 * InterPodAffinity's kept per-node counts (term-counts.ts) give PreFilter the same topology counts as
 * testing every pod in the cluster, after random pod adds and deletes and node relabels.
 */
import { describe, expect, it } from "vitest";
import type { PodAffinityTerm } from "../../../core/api/types.js";
import { Rng } from "../../../core/engine/rng.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { PRE_FILTER_STATE_KEY, preFilter, type PreFilterState } from "./filtering.js";
import { TermCounts } from "./term-counts.js";
import { affinityTermsOf, type TopologyCounts } from "./terms.js";

const ZONE = "topology.kubernetes.io/zone";
const term = (app: string, key: string, namespaces?: string[]): PodAffinityTerm => ({ labelSelector: { matchLabels: { app } }, topologyKey: key, ...(namespaces ? { namespaces } : {}) });

const asPairs = (c: TopologyCounts) => Object.fromEntries(c.keys.map((k, i) => [k, [...c.values[i]!].sort()]));

describe("TermCounts", () => {
  it("PreFilter counts equal a pod-by-pod count after each of 1,500 random cluster changes", () => {
    const rng = Rng.seeded(3);
    const zone = () => ({ [ZONE]: `z${rng.below(3)}` });
    const snap = makeSnapshot(Array.from({ length: 16 }, (_, i) => makeNode({ name: `n${i}`, labels: zone() })));
    const handle = makeHandle(snap, { namespaces: { default: {}, other: { team: "x" } } });
    const kept = new TermCounts();
    const incoming = [
      new PodInfo(makePod({ name: "a", labels: { app: "a" }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("a", ZONE)] } } })),
      new PodInfo(makePod({
        name: "b", labels: { app: "b" },
        affinity: {
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("a", ZONE), term("a", "kubernetes.io/hostname", ["default", "other"])] },
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("b", "kubernetes.io/hostname"), term("c", ZONE, ["other"])] },
        },
      })),
    ];
    const placed: PodInfo[] = [];
    let uid = 0;
    for (let step = 0; step < 1500; step++) {
      const op = rng.below(6);
      const nodes = snap.nodes;
      if (op <= 2 || placed.length === 0) {
        const p = new PodInfo(makePod({ name: `p${uid}`, uid: `u${uid++}`, namespace: rng.below(3) === 0 ? "other" : "default", labels: { app: ["a", "b", "c"][rng.below(3)]! } }));
        snap.addPod(p, nodes[rng.below(nodes.length)]!.name);
        placed.push(p);
      } else if (op <= 4) {
        const i = rng.below(placed.length);
        snap.removePod(placed[i]!);
        placed.splice(i, 1);
      } else {
        snap.updateNode(makeNode({ name: nodes[rng.below(nodes.length)]!.name, labels: rng.below(4) === 0 ? {} : zone() }));
      }
      for (const pod of incoming) {
        const withKept = new CycleState();
        const podByPod = new CycleState();
        expect(preFilter(withKept, pod, handle, kept)).toBeNull();
        expect(preFilter(podByPod, pod, handle, null)).toBeNull();
        const a = withKept.read<PreFilterState>(PRE_FILTER_STATE_KEY)!;
        const b = podByPod.read<PreFilterState>(PRE_FILTER_STATE_KEY)!;
        expect(asPairs(a.affinity), `step ${step} ${pod.name} affinity`).toEqual(asPairs(b.affinity));
        expect(asPairs(a.antiAffinity), `step ${step} ${pod.name} anti-affinity`).toEqual(asPairs(b.antiAffinity));
        expect(a.affinity.pairs).toBe(b.affinity.pairs);
        expect(a.antiAffinity.pairs).toBe(b.antiAffinity.pairs);
      }
    }
    expect(placed.length).toBeGreaterThan(100);
  });

  it("keys equal selectors alike, however written, and keeps no counts for namespaceSelector terms", () => {
    const kept = new TermCounts();
    const of = (t: PodAffinityTerm) => {
      const p = new PodInfo(makePod({ name: "x", affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [t] } } }));
      return kept.allOf(affinityTermsOf(p).requiredAffinity);
    };
    const byLabels = of(term("a", ZONE));
    expect(byLabels).toBeDefined();
    expect(of({ labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["a"] }] }, topologyKey: ZONE })).toBe(byLabels);
    expect(of(term("a", ZONE, ["other"]))).not.toBe(byLabels);
    expect(of({ ...term("a", ZONE), namespaceSelector: {} })).toBeUndefined();
  });
});
