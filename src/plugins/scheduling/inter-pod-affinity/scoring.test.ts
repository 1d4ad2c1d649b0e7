/**
 * Ported from kube-scheduler v1.33 pkg/scheduler/framework/plugins/interpodaffinity/scoring_test.go.
 * Each `it` names the upstream case. Namespace "" upstream is "default" here.
 */
import { describe, expect, it } from "vitest";
import type { Affinity, Pod, PodAffinityTerm } from "../../../core/api/types.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { SKIP } from "../../../core/scheduler/status.js";
import { affinity, node, pod, runScore, setup, weighted } from "./fixtures.suite.js";

const MAX = 100;
const sel = (key: string, operator: "In" | "NotIn" | "Exists" | "DoesNotExist", values?: string[]) =>
  values ? { key, operator, values } : { key, operator };
const term = (topologyKey: string, ...exprs: ReturnType<typeof sel>[]): PodAffinityTerm => ({ labelSelector: { matchExpressions: exprs }, topologyKey });

const rgChina = { region: "China" };
const rgIndia = { region: "India" };
const az1 = { az: "az1" };
const az2 = { az: "az2" };
const rgChinaAz1 = { region: "China", az: "az1" };
const s1 = { security: "S1" };
const s2 = { security: "S2" };
const team1 = { matchExpressions: [sel("team", "In", ["team1"])] };

const stayWithS1InRegion = affinity({ prefAff: [weighted(5, term("region", sel("security", "In", ["S1"])))] });
const stayWithS2InRegion = affinity({ prefAff: [weighted(6, term("region", sel("security", "In", ["S2"])))] });
const affinity3 = affinity({
  prefAff: [
    weighted(8, term("region", sel("security", "NotIn", ["S1"]), sel("security", "In", ["S2"]))),
    weighted(2, term("region", sel("security", "Exists"), sel("wrongkey", "DoesNotExist"))),
  ],
});
const hardAffinity = affinity({
  req: [term("region", sel("security", "In", ["S1", "value2"])), term("region", sel("security", "Exists"), sel("wrongkey", "DoesNotExist"))],
});
const awayFromS1InAz = affinity({ prefAnti: [weighted(5, term("az", sel("security", "In", ["S1"])))] });
const awayFromS2InAz = affinity({ prefAnti: [weighted(5, term("az", sel("security", "In", ["S2"])))] });
const stayWithS1InRegionAwayFromS2InAz = affinity({
  prefAff: [weighted(8, term("region", sel("security", "In", ["S1"])))],
  prefAnti: [weighted(5, term("az", sel("security", "In", ["S2"])))],
});
const nsTerm: PodAffinityTerm = { ...term("region", sel("security", "In", ["S1"])), namespaces: ["subteam2.team2"], namespaceSelector: team1 };
const affinityNamespaceSelector = affinity({ prefAff: [weighted(5, nsTerm)] });
const antiAffinityNamespaceSelector = affinity({ prefAnti: [weighted(5, nsTerm)] });
const invalidAffinityLabels = affinity({ prefAff: [weighted(8, term("region", sel("security", "In", ["{{.bad-value.}}"])))] });
const invalidAntiAffinityLabels = affinity({ prefAnti: [weighted(5, term("az", sel("security", "In", ["{{.bad-value.}}"])))] });

const p = (labels: Record<string, string> | undefined, nodeName?: string, aff?: Affinity, ns?: string): Pod =>
  pod({ ...(labels ? { labels } : {}), ...(nodeName ? { node: nodeName } : {}), ...(aff ? { aff } : {}), ...(ns ? { ns } : {}) });
const nodes3 = (a: Record<string, string>, b: Record<string, string>, c: Record<string, string>) => [node("node1", a), node("node2", b), node("node3", c)];

describe("TestPreferredAffinity", () => {
  const cases: {
    name: string;
    pod: Pod;
    pods: Pod[];
    nodes: ReturnType<typeof node>[];
    expected?: number[];
    status?: { code: string; contains?: string };
    ignorePreferredTermsOfExistingPods?: boolean;
  }[] = [
    {
      name: "all nodes are same priority as Affinity is nil",
      pod: p(s1),
      pods: [],
      nodes: nodes3(rgChina, rgIndia, az1),
      status: { code: "Skip" },
    },
    {
      name: "Affinity: pod that matches topology key & pods in nodes will get high score comparing to otherswhich doesn't match either pods in nodes or in topology key",
      pod: p(s1, undefined, stayWithS1InRegion),
      pods: [p(s1, "node1"), p(s2, "node2"), p(s1, "node3")],
      nodes: nodes3(rgChina, rgIndia, az1),
      expected: [MAX, 0, 0],
    },
    {
      name: "All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score",
      pod: p(undefined, undefined, stayWithS1InRegion),
      pods: [p(s1, "node1")],
      nodes: nodes3(rgChina, rgChinaAz1, rgIndia),
      expected: [MAX, MAX, 0],
    },
    {
      name: "Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score",
      pod: p(s1, undefined, stayWithS2InRegion),
      pods: [p(s2, "node1"), p(s2, "node1"), p(s2, "node2"), p(s2, "node3"), p(s2, "node4"), p(s2, "node5")],
      nodes: [node("node1", rgChina), node("node2", rgIndia), node("node3", rgChina), node("node4", rgChina), node("node5", rgIndia)],
      expected: [MAX, 0, MAX, MAX, 0],
    },
    {
      name: "Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures ",
      pod: p(s1, undefined, affinity3),
      pods: [p(s1, "node1"), p(s2, "node2"), p(s1, "node3")],
      nodes: nodes3(rgChina, rgIndia, az1),
      expected: [20, MAX, 0],
    },
    {
      name: "Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry",
      pod: p(s2),
      pods: [p(s1, "node1", stayWithS1InRegion), p(s2, "node2", stayWithS2InRegion)],
      nodes: nodes3(rgChina, rgIndia, az1),
      expected: [0, MAX, 0],
    },
    {
      name: "Affinity symmetry with namespace selector",
      pod: p(s1, undefined, undefined, "subteam1.team1"),
      pods: [p(s1, "node1", affinityNamespaceSelector), p(s2, "node2", stayWithS2InRegion)],
      nodes: nodes3(rgChina, rgIndia, az1),
      expected: [MAX, 0, 0],
    },
    {
      name: "AntiAffinity symmetry with namespace selector",
      pod: p(s1, undefined, undefined, "subteam1.team1"),
      pods: [p(s1, "node1", antiAffinityNamespaceSelector), p(s2, "node2", stayWithS2InRegion)],
      nodes: nodes3(rgChina, rgIndia, az1),
      expected: [0, MAX, MAX],
    },
    {
      name: "Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry",
      pod: p(s1),
      pods: [p(s1, "node1", hardAffinity), p(s2, "node2", hardAffinity)],
      nodes: nodes3(rgChina, rgIndia, az1),
      expected: [MAX, MAX, 0],
    },
    {
      name: "Anti Affinity: pod that does not match existing pods in node will get high score ",
      pod: p(s1, undefined, awayFromS1InAz),
      pods: [p(s1, "node1"), p(s2, "node2")],
      nodes: [node("node1", az1), node("node2", rgChina)],
      expected: [0, MAX],
    },
    {
      name: "Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others ",
      pod: p(s1, undefined, awayFromS1InAz),
      pods: [p(s1, "node1"), p(s1, "node2")],
      nodes: [node("node1", az1), node("node2", rgChina)],
      expected: [0, MAX],
    },
    {
      name: "Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score",
      pod: p(s1, undefined, awayFromS1InAz),
      pods: [p(s1, "node1"), p(s1, "node1"), p(s2, "node2")],
      nodes: [node("node1", az1), node("node2", rgIndia)],
      expected: [0, MAX],
    },
    {
      name: "Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score",
      pod: p(s2),
      pods: [p(s1, "node1", awayFromS2InAz), p(s2, "node2", awayFromS1InAz)],
      nodes: [node("node1", az1), node("node2", az2)],
      expected: [0, MAX],
    },
    {
      name: "Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity",
      pod: p(s1, undefined, stayWithS1InRegionAwayFromS2InAz),
      pods: [p(s1, "node1"), p(s1, "node2")],
      nodes: [node("node1", rgChina), node("node2", az1)],
      expected: [MAX, 0],
    },
    {
      // Raw scores 40,16,40,40,16: node2/node5 get 0 only because v1.33 starts min at MaxInt64 (older code: 40).
      name: "Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels",
      pod: p(s1, undefined, stayWithS1InRegionAwayFromS2InAz),
      pods: [p(s1, "node1"), p(s1, "node1"), p(s1, "node2"), p(s1, "node3"), p(s1, "node3"), p(s1, "node4"), p(s1, "node5")],
      nodes: [node("node1", rgChinaAz1), node("node2", rgIndia), node("node3", rgChina), node("node4", rgChina), node("node5", rgIndia)],
      expected: [MAX, 0, MAX, MAX, 0],
    },
    {
      name: "Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry",
      pod: p(s1, undefined, stayWithS1InRegionAwayFromS2InAz),
      pods: [p(s1, "node1"), p(s2, "node2"), p(undefined, "node3", stayWithS1InRegionAwayFromS2InAz), p(undefined, "node4", awayFromS1InAz)],
      nodes: [node("node1", rgChina), node("node2", az1), node("node3", rgIndia), node("node4", az2)],
      expected: [MAX, 0, MAX, 0],
    },
    {
      name: "Avoid panic when partial nodes in a topology don't have pods with affinity",
      pod: p(s1),
      pods: [p(s1, "node1"), p(undefined, "node2", stayWithS1InRegionAwayFromS2InAz)],
      nodes: [node("node1", rgChina), node("node2", rgChina)],
      expected: [0, 0],
    },
    {
      name: "invalid Affinity fails PreScore",
      pod: p(undefined, undefined, invalidAffinityLabels),
      pods: [],
      nodes: [node("node1", rgChina), node("node2", rgChina)],
      status: { code: "Error", contains: 'Invalid value: "{{.bad-value.}}"' },
    },
    {
      name: "invalid AntiAffinity fails PreScore",
      pod: p(undefined, undefined, invalidAntiAffinityLabels),
      pods: [],
      nodes: [node("node1", rgChina), node("node2", rgChina)],
      status: { code: "Error", contains: 'Invalid value: "{{.bad-value.}}"' },
    },
    {
      name: "Affinity with pods matching NamespaceSelector",
      pod: p(s1, undefined, affinityNamespaceSelector, "subteam1.team1"),
      pods: [p(s1, "node1", undefined, "subteam1.team1"), p(s1, "node1", undefined, "subteam1.team1"), p(s1, "node1", undefined, "subteam1.team2"), p(s1, "node2", undefined, "subteam2.team1")],
      nodes: [node("node1", rgChina), node("node2", rgIndia)],
      expected: [MAX, 0],
    },
    {
      name: "Affinity with pods matching both NamespaceSelector and Namespaces fields",
      pod: p(s1, undefined, affinityNamespaceSelector, "subteam1.team1"),
      pods: [p(s1, "node1", undefined, "subteam1.team1"), p(s1, "node1", undefined, "subteam1.team1"), p(s1, "node1", undefined, "subteam2.team2"), p(s1, "node2", undefined, "subteam2.team1")],
      nodes: [node("node1", rgChina), node("node2", rgIndia)],
      expected: [MAX, 0],
    },
    {
      // Upstream names this anti-affinity case "Affinity with pods matching NamespaceSelector" too.
      name: "Affinity with pods matching NamespaceSelector (anti-affinity)",
      pod: p(s1, undefined, antiAffinityNamespaceSelector, "subteam1.team1"),
      pods: [p(s1, "node1", undefined, "subteam1.team1"), p(s1, "node1", undefined, "subteam1.team1"), p(s1, "node1", undefined, "subteam1.team2"), p(s1, "node2", undefined, "subteam2.team1")],
      nodes: [node("node1", rgChina), node("node2", rgIndia)],
      expected: [0, MAX],
    },
    {
      name: "Affinity with pods matching both NamespaceSelector and Namespaces fields (anti-affinity)",
      pod: p(s1, undefined, antiAffinityNamespaceSelector, "subteam1.team1"),
      pods: [p(s1, "node1", undefined, "subteam1.team1"), p(s1, "node1", undefined, "subteam1.team1"), p(s1, "node1", undefined, "subteam2.team2"), p(s1, "node2", undefined, "subteam2.team1")],
      nodes: [node("node1", rgChina), node("node2", rgIndia)],
      expected: [0, MAX],
    },
    {
      name: "Ignore preferred terms of existing pods",
      pod: p(s2),
      pods: [p(s1, "node1", stayWithS1InRegionAwayFromS2InAz), p(s2, "node2", stayWithS2InRegion)],
      nodes: [node("node1", rgChina), node("node2", rgIndia)],
      status: { code: "Skip" },
      ignorePreferredTermsOfExistingPods: true,
    },
    {
      name: "Do not ignore preferred terms of existing pods",
      pod: p(s2),
      pods: [p(s1, "node1", stayWithS1InRegionAwayFromS2InAz), p(s2, "node2", stayWithS2InRegion)],
      nodes: [node("node1", rgChina), node("node2", rgIndia)],
      expected: [0, MAX],
      ignorePreferredTermsOfExistingPods: false,
    },
    {
      name: "No nodes to score",
      pod: p(s2),
      pods: [],
      nodes: [],
      status: { code: "Skip" },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const r = runScore(c.pod, c.nodes, c.pods, { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: c.ignorePreferredTermsOfExistingPods ?? false });
      if (c.status) {
        expect(r.preScore?.codeName).toBe(c.status.code);
        if (c.status.contains) expect(r.preScore?.message()).toContain(c.status.contains);
      } else {
        expect(r.preScore).toBeNull();
        expect(r.scores).toEqual(c.expected);
      }
    });
  }
});

describe("TestPreferredAffinityWithHardPodAffinitySymmetricWeight", () => {
  const serviceS1 = { service: "S1" };
  const hardPodAffinity = affinity({
    req: [{ ...term("region", sel("service", "In", ["S1"])), namespaces: ["default", "subteam2.team2"], namespaceSelector: team1 }],
  });
  const existing = () => [p(undefined, "node1", hardPodAffinity), p(undefined, "node2", hardPodAffinity)];
  const nodes = () => nodes3(rgChina, rgIndia, az1);
  const cases: { name: string; ns?: string; weight: number; expected?: number[] }[] = [
    { name: "with default weight", weight: 1, expected: [MAX, MAX, 0] },
    { name: "with zero weight", weight: 0 },
    { name: "with no matching namespace", ns: "subteam1.team2", weight: 1 },
    { name: "with matching NamespaceSelector", ns: "subteam1.team1", weight: 1, expected: [MAX, MAX, 0] },
    { name: "with matching Namespaces", ns: "subteam2.team2", weight: 1, expected: [MAX, MAX, 0] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = runScore(p(serviceS1, undefined, undefined, c.ns), nodes(), existing(), { hardPodAffinityWeight: c.weight });
      if (c.expected) {
        expect(r.preScore).toBeNull();
        expect(r.scores).toEqual(c.expected);
      } else {
        expect(r.preScore).toBe(SKIP);
      }
    });
  }
});

describe("InterPodAffinity scoring (clusterlab)", () => {
  it("skips PreScore without visiting pods when no pod in the cluster has affinity and the pod has no preferred terms", () => {
    const { plugin, snapshot } = setup([node("n1", rgChina)], [p(s1, "n1")]);
    expect(snapshot.podsWithAffinityCount).toBe(0);
    expect(plugin.preScore!(new CycleState(), new PodInfo(p(s1, undefined, hardAffinity)), snapshot.nodes)).toBe(SKIP);
  });

  it("hardPodAffinityWeight scales existing pods' required affinity against their preferred terms", () => {
    // node1's pod requires S1 in its region (weight = hardPodAffinityWeight 10); node2's pod prefers S1 with weight 6.
    const prefersS1 = affinity({ prefAff: [weighted(6, term("region", sel("security", "In", ["S1"])))] });
    const pods = () => [p(undefined, "node1", affinity({ req: [term("region", sel("security", "In", ["S1"]))] })), p(undefined, "node2", prefersS1)];
    const n = () => [node("node1", rgChina), node("node2", rgIndia), node("node3", { region: "Other" })];
    expect(runScore(p(s1), n(), pods(), { hardPodAffinityWeight: 10 }).scores).toEqual([MAX, 60, 0]);
    // Default weight 1: raw 1, 6, 0 → 16, 100, 0.
    expect(runScore(p(s1), n(), pods()).scores).toEqual([16, MAX, 0]);
  });

  it("normalises negative-only raw scores over [min, max] (all equal ⇒ all 0)", () => {
    const r = runScore(p(s1, undefined, awayFromS1InAz), [node("a", az1), node("b", az2)], [p(s1, "a"), p(s1, "b")]);
    expect(r.scores).toEqual([0, 0]);
  });
});
