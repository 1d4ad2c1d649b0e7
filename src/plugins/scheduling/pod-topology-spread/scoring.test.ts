// Ports of kube-scheduler v1.33 podtopologyspread/scoring_test.go: TestPreScoreSkip,
// TestPreScoreStateEmptyNodes, TestPodTopologySpreadScore (which runs with DefaultingType System).
// "matchLabelKeys ignored when feature gate disabled" is not ported: the gate is on in v1.33.
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "../../../core/api/types.js";
import { LabelHostname, LabelZone } from "../../../core/api/types.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { listerDefaultSelector, type WorkloadLister } from "./default-selector.js";
import { barSelector, fooSelector, node, nodeAffinity, on, pod, scoreNodes, setup, spread, taints } from "./helpers.suite.js";
import { getPreScoreState, topologyNormalizingWeight as w } from "./scoring.js";
import type { LabelSelector } from "../../../core/api/types.js";

const foo = { foo: "" };
const bar = { bar: "" };
const fooBar = { foo: "", bar: "" };
const soft = (maxSkew: number, key: string, sel: LabelSelector | null = fooSelector, o = {}) => spread(maxSkew, key, "ScheduleAnyway", sel, o);
const host = (name: string, extra: Record<string, string> = {}) => node(name, { [LabelHostname]: name, ...extra });
const fooPods = (spec: Record<string, number>): Pod[] =>
  Object.entries(spec).flatMap(([n, k]) => Array.from({ length: k }, (_, i) => on(`node-${n}`, `p-${n}${i + 1}`, foo)));
const SYSTEM = { defaultingType: "System" };

function workloads(o: { services?: Record<string, string>[]; replicaSets?: Record<string, LabelSelector> }): WorkloadLister {
  return {
    serviceSelectors: () => o.services ?? [],
    replicationControllerSelector: () => undefined,
    replicaSetSelector: (_ns, name) => o.replicaSets?.[name],
    statefulSetSelector: () => undefined,
  };
}

function ownedBy(name: string, labels: Record<string, string>, spreadConstraints?: ReturnType<typeof soft>[]): Pod {
  const p = pod("p", { labels, ...(spreadConstraints ? { spread: spreadConstraints } : {}) });
  p.metadata.ownerReferences = [{ apiVersion: "apps/v1", kind: "ReplicaSet", name, uid: `uid-${name}`, controller: true }];
  return p;
}

/** Runs PreScore over all snapshot nodes and returns the state. */
function preScoreState(nodes: Node[], p: Pod, args: unknown, lister?: WorkloadLister) {
  const { plugin, snapshot } = setup(nodes, [], args, lister ? { defaultSelector: listerDefaultSelector(lister) } : {});
  const state = new CycleState();
  const st = plugin.preScore!(state, new PodInfo(p), snapshot.nodes);
  return { st, s: getPreScoreState(state), snapshot };
}

describe("PodTopologySpread PreScore skip (TestPreScoreSkip)", () => {
  it("the pod doesn't have soft topology spread Constraints", () => {
    const { st } = preScoreState([host("node-a"), host("node-b")], pod("p"), { defaultingType: "List" });
    expect(st?.isSkip()).toBe(true);
  });
  it("default constraints and a replicaset that doesn't match", () => {
    const args = { defaultingType: "List", defaultConstraints: [{ maxSkew: 2, topologyKey: "planet", whenUnsatisfiable: "ScheduleAnyway" }] };
    const lister = workloads({ replicaSets: { rs1: { matchExpressions: [{ key: "tar", operator: "Exists" }] } } });
    const { st } = preScoreState([node("node-a", { planet: "mars" })], ownedBy("rs2", { foo: "bar", baz: "sup" }), args, lister);
    expect(st?.isSkip()).toBe(true);
  });
  it("system defaulting without Services/ReplicaSets: a pod without constraints is skipped", () => {
    const { st } = preScoreState([host("node-a", { [LabelZone]: "z" })], ownedBy("rs1", foo), SYSTEM);
    expect(st?.isSkip()).toBe(true);
  });
});

describe("PodTopologySpread PreScore state (TestPreScoreStateEmptyNodes)", () => {
  const threeNodes = (xZone: boolean, extra: (n: string) => Record<string, string> = () => ({})) => [
    host("node-a", { zone: "zone1", ...extra("node-a") }),
    host("node-b", { zone: "zone1", ...extra("node-b") }),
    host("node-x", { ...(xZone ? { zone: "zone2" } : {}), ...extra("node-x") }),
  ];
  const list = { defaultingType: "List" };
  const summary = (r: ReturnType<typeof preScoreState>) => ({
    keys: r.s!.constraints.map((c) => c.topologyKey),
    counts: r.s!.counts.map((m) => (m ? Object.fromEntries(m) : {})),
    weights: [...r.s!.weights],
    ignored: r.snapshot.nodes.filter((n) => r.s!.isIgnored(n)).map((n) => n.name),
  });

  it("normal case", () => {
    const r = preScoreState(threeNodes(true), pod("p", { labels: foo, spread: [soft(1, "zone"), soft(1, LabelHostname)] }), list);
    expect(summary(r)).toEqual({ keys: ["zone", LabelHostname], counts: [{ zone1: 0, zone2: 0 }, {}], weights: [w(2), w(3)], ignored: [] });
  });
  it("null selector", () => {
    const r = preScoreState(threeNodes(true), pod("p", { labels: foo, spread: [soft(1, "zone", null)] }), list);
    expect(summary(r)).toEqual({ keys: ["zone"], counts: [{ zone1: 0, zone2: 0 }], weights: [w(2)], ignored: [] });
    expect(r.s!.constraints[0]!.selector.matches(foo)).toBe(false);
  });
  it("node-x doesn't have label zone", () => {
    const r = preScoreState(threeNodes(false), pod("p", { labels: foo, spread: [soft(1, "zone"), soft(1, LabelHostname, barSelector)] }), list);
    expect(summary(r)).toEqual({ keys: ["zone", LabelHostname], counts: [{ zone1: 0 }, {}], weights: [w(1), w(2)], ignored: ["node-x"] });
  });
  it("system default constraints and a replicaset", () => {
    // Nodes with no zone are not excluded: they form the "" zone.
    const nodes = [host("node-a", { [LabelZone]: "mars" }), host("node-b", { [LabelZone]: "mars" }), host("node-c"), host("node-d")];
    const r = preScoreState(nodes, ownedBy("rs1", { foo: "tar", baz: "sup" }), SYSTEM, workloads({ replicaSets: { rs1: fooSelector } }));
    expect(summary(r)).toEqual({ keys: [LabelHostname, LabelZone], counts: [{}, { mars: 0, "": 0 }], weights: [w(4), w(2)], ignored: [] });
    expect(r.s!.constraints.map((c) => c.maxSkew)).toEqual([3, 5]);
  });
  it("default constraints and a replicaset", () => {
    const args = {
      defaultingType: "List",
      defaultConstraints: [
        { maxSkew: 1, topologyKey: LabelHostname, whenUnsatisfiable: "ScheduleAnyway" },
        { maxSkew: 2, topologyKey: "rack", whenUnsatisfiable: "DoNotSchedule" },
        { maxSkew: 2, topologyKey: "planet", whenUnsatisfiable: "ScheduleAnyway" },
      ],
    };
    const nodes = [node("node-a", { rack: "rack1", [LabelHostname]: "node-a", planet: "mars" })];
    const r = preScoreState(nodes, ownedBy("rs1", { foo: "tar", baz: "sup" }), args, workloads({ replicaSets: { rs1: fooSelector } }));
    expect(summary(r)).toEqual({ keys: [LabelHostname, "planet"], counts: [{}, { mars: 0 }], weights: [w(1), w(1)], ignored: [] });
  });
  it("default constraints and a replicaset, but pod has constraints", () => {
    const args = { defaultingType: "List", defaultConstraints: [{ maxSkew: 2, topologyKey: "galaxy", whenUnsatisfiable: "ScheduleAnyway" }] };
    const p = ownedBy("rs1", { foo: "bar", baz: "sup" }, [
      spread(1, "zone", "DoNotSchedule", barSelector),
      soft(2, "planet", { matchLabels: { baz: "sup" } }),
    ]);
    const r = preScoreState([node("node-a", { planet: "mars", galaxy: "andromeda" })], p, args, workloads({ replicaSets: { rs1: fooSelector } }));
    expect(summary(r)).toEqual({ keys: ["planet"], counts: [{ mars: 0 }], weights: [w(1)], ignored: [] });
  });
  it("NodeAffinityPolicy ignored with labelSelectors", () => {
    const p = pod("p", { labels: foo, nodeSelector: foo, spread: [soft(1, "zone", barSelector, { nodeAffinityPolicy: "Ignore" })] });
    const r = preScoreState(threeNodes(true, (n) => (n === "node-x" ? {} : foo)), p, list);
    expect(summary(r)).toEqual({ keys: ["zone"], counts: [{ zone1: 0, zone2: 0 }], weights: [w(2)], ignored: [] });
    expect([r.s!.constraints[0]!.honorAffinity, r.s!.constraints[0]!.honorTaints]).toEqual([false, false]);
  });
  it("NodeTaintsPolicy honored", () => {
    const nodes = threeNodes(true);
    nodes[2]!.spec.taints = taints;
    const r = preScoreState(nodes, pod("p", { labels: foo, spread: [soft(1, "zone", barSelector, { nodeTaintsPolicy: "Honor" })] }), list);
    expect(summary(r)).toEqual({ keys: ["zone"], counts: [{ zone1: 0, zone2: 0 }], weights: [w(2)], ignored: [] });
    expect([r.s!.constraints[0]!.honorAffinity, r.s!.constraints[0]!.honorTaints]).toEqual([true, true]);
  });
});

describe("PodTopologySpread Score + NormalizeScore (TestPodTopologySpreadScore)", () => {
  interface Case {
    name: string;
    pod: Pod;
    existing?: Pod[];
    nodes: Node[];
    /** Nodes that failed Filter: in the snapshot, not scored. */
    failed?: Node[];
    want: Record<string, number>;
    lister?: WorkloadLister;
  }
  const hostN = (names: string[]) => names.map((n) => host(n));
  const nodeKey = (names: string[], extra: (n: string) => Record<string, string> = () => ({}), taintOn?: string) =>
    names.map((n) => node(n, { node: n, ...extra(n) }, n === taintOn ? taints : undefined));
  const zh = (name: string, zone: string) => host(name, { zone });
  const oneHost = (maxSkew = 1, sel: LabelSelector | null = fooSelector) => pod("p", { labels: foo, spread: [soft(maxSkew, LabelHostname, sel)] });
  const zoneHost = (l: Record<string, string> = fooBar, s2 = barSelector) => pod("p", { labels: l, spread: [soft(1, "zone"), soft(1, LabelHostname, s2)] });
  const fourZones = () => [zh("node-a", "zone1"), zh("node-b", "zone1"), zh("node-x", "zone2"), zh("node-y", "zone2")];
  const affPods = () => fooPods({ a: 2, b: 1, c: 1 });
  const abc = (extra: (n: string) => Record<string, string> = (n) => (n === "node-c" ? {} : foo)) => nodeKey(["node-a", "node-b", "node-c"], extra);

  const cases: Case[] = [
    { name: "one constraint on node, no existing pods", pod: oneHost(), nodes: hostN(["node-a", "node-b"]), want: { "node-a": 100, "node-b": 100 } },
    { name: "one constraint on node, only one node is candidate", pod: oneHost(), existing: fooPods({ a: 2, b: 1 }), nodes: hostN(["node-a"]), failed: hostN(["node-b"]), want: { "node-a": 100 } },
    { name: "one constraint on node, all nodes have the same number of matching pods", pod: oneHost(), existing: fooPods({ a: 1, b: 1 }), nodes: hostN(["node-a", "node-b"]), want: { "node-a": 100, "node-b": 100 } },
    { name: "one constraint on node, all 4 nodes are candidates", pod: oneHost(), existing: fooPods({ a: 2, b: 1, d: 3 }), nodes: hostN(["node-a", "node-b", "node-c", "node-d"]), want: { "node-a": 20, "node-b": 60, "node-c": 100, "node-d": 0 } },
    { name: "one constraint on node, null selector", pod: oneHost(1, null), existing: fooPods({ a: 2, b: 1, d: 3 }), nodes: hostN(["node-a", "node-b", "node-c", "node-d"]), want: { "node-a": 100, "node-b": 100, "node-c": 100, "node-d": 100 } },
    { name: "one constraint on node, all 4 nodes are candidates, maxSkew=2", pod: oneHost(2), existing: fooPods({ a: 2, b: 1, d: 3 }), nodes: hostN(["node-a", "node-b", "node-c", "node-d"]), want: { "node-a": 33, "node-b": 66, "node-c": 100, "node-d": 16 } },
    { name: "one constraint on node, all 4 nodes are candidates, maxSkew=3", pod: oneHost(3), existing: fooPods({ a: 4, b: 3, c: 2, d: 1 }), nodes: hostN(["node-a", "node-b", "node-c", "node-d"]), want: { "node-a": 44, "node-b": 66, "node-c": 77, "node-d": 100 } },
    {
      name: "system defaulting, nodes don't have zone, pods match service",
      pod: pod("p", { labels: foo }),
      existing: fooPods({ a: 4, b: 3, c: 2, d: 1 }),
      nodes: hostN(["node-a", "node-b", "node-c", "node-d"]),
      lister: workloads({ services: [{ foo: "" }] }),
      want: { "node-a": 44, "node-b": 66, "node-c": 77, "node-d": 100 },
    },
    { name: "one constraint on node, 3 out of 4 nodes are candidates", pod: oneHost(), existing: fooPods({ a: 4, b: 2, x: 1, y: 3 }), nodes: hostN(["node-a", "node-b", "node-x"]), failed: hostN(["node-y"]), want: { "node-a": 33, "node-b": 83, "node-x": 100 } },
    {
      name: "one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key",
      pod: oneHost(),
      existing: fooPods({ a: 4, b: 2, x: 1, y: 3 }),
      nodes: [host("node-a"), node("node-b", { n: "node-b" }), host("node-x")],
      failed: hostN(["node-y"]),
      want: { "node-a": 16, "node-b": 0, "node-x": 100 },
    },
    {
      name: "one constraint on zone, 3 out of 4 nodes are candidates",
      pod: pod("p", { labels: foo, spread: [soft(1, "zone")] }),
      existing: fooPods({ a: 4, b: 2, x: 1, y: 3 }),
      nodes: [zh("node-a", "zone1"), zh("node-b", "zone1"), zh("node-x", "zone2")],
      failed: [zh("node-y", "zone2")],
      want: { "node-a": 75, "node-b": 75, "node-x": 100 },
    },
    {
      name: "two Constraints on zone and node, 2 out of 4 nodes are candidates",
      pod: zoneHost(foo, fooSelector),
      existing: fooPods({ a: 2, b: 1, x: 2, y: 4 }),
      nodes: [zh("node-a", "zone1"), zh("node-x", "zone2")],
      failed: [zh("node-b", "zone1"), zh("node-y", "zone2")],
      want: { "node-a": 100, "node-x": 63 },
    },
    {
      name: "two Constraints on zone, 2 out of 4 nodes are candidates",
      pod: pod("p", { labels: fooBar, spread: [soft(1, "zone"), soft(1, "zone", barSelector)] }),
      existing: [on("node-a", "p-a1", fooBar), on("node-a", "p-a2", foo), on("node-b", "p-b1", fooBar), on("node-y", "p-y1", foo), on("node-y", "p-y2", fooBar), on("node-y", "p-y3", foo)],
      nodes: [node("node-a", { zone: "zone1" }), node("node-x", { zone: "zone2" })],
      failed: [node("node-b", { zone: "zone1" }), node("node-y", { zone: "zone2" })],
      want: { "node-a": 85, "node-x": 100 },
    },
    {
      name: "two Constraints on zone and node, with different labelSelectors",
      pod: zoneHost(),
      existing: [on("node-a", "p-a1", foo), on("node-b", "p-b1", fooBar), on("node-y", "p-y1", foo), on("node-y", "p-y2", bar)],
      nodes: fourZones(),
      want: { "node-a": 60, "node-b": 20, "node-x": 100, "node-y": 60 },
    },
    {
      name: "two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods",
      pod: zoneHost(),
      existing: [on("node-b", "p-b1", bar), on("node-x", "p-x1", foo), on("node-y", "p-y1", fooBar)],
      nodes: fourZones(),
      want: { "node-a": 100, "node-b": 60, "node-x": 40, "node-y": 0 },
    },
    {
      name: "two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates",
      pod: zoneHost(),
      existing: [on("node-a", "p-a1", foo), on("node-b", "p-b1", fooBar), on("node-y", "p-y1", foo), on("node-y", "p-y2", bar)],
      nodes: [zh("node-a", "zone1"), zh("node-b", "zone1"), zh("node-x", "zone2")],
      failed: [zh("node-y", "zone2")],
      want: { "node-a": 50, "node-b": 25, "node-x": 100 },
    },
    {
      name: "existing pods in a different namespace do not count",
      pod: oneHost(),
      existing: [on("node-a", "p-a1", foo, "ns1"), on("node-a", "p-a2", foo), on("node-b", "p-b1", foo), on("node-b", "p-b2", foo)],
      nodes: hostN(["node-a", "node-b"]),
      want: { "node-a": 100, "node-b": 33 },
    },
    {
      name: "terminating Pods should be excluded",
      pod: oneHost(),
      existing: [pod("p-a", { node: "node-a", labels: foo, terminating: true }), on("node-b", "p-b", foo)],
      nodes: hostN(["node-a", "node-b"]),
      want: { "node-a": 100, "node-b": 0 },
    },
    {
      name: "minDomains has no effect when ScheduleAnyway",
      pod: pod("p", { labels: foo, spread: [soft(2, "node", fooSelector, { minDomains: 10 })] }),
      existing: fooPods({ a: 2, b: 2, c: 1 }),
      nodes: nodeKey(["node-a", "node-b", "node-c"]),
      want: { "node-a": 75, "node-b": 75, "node-c": 100 },
    },
    { name: "NodeAffinityPolicy honoed with labelSelectors", pod: pod("p", { labels: foo, nodeSelector: foo, spread: [soft(1, "node")] }), existing: affPods(), nodes: abc(), want: { "node-a": 0, "node-b": 33, "node-c": 100 } },
    { name: "NodeAffinityPolicy ignored with labelSelectors", pod: pod("p", { labels: foo, nodeSelector: foo, spread: [soft(1, "node", fooSelector, { nodeAffinityPolicy: "Ignore" })] }), existing: affPods(), nodes: abc(), want: { "node-a": 66, "node-b": 100, "node-c": 100 } },
    { name: "NodeAffinityPolicy honoed with nodeAffinity", pod: pod("p", { labels: foo, affinity: nodeAffinity("foo", "In", [""]), spread: [soft(1, "node")] }), existing: affPods(), nodes: abc(), want: { "node-a": 0, "node-b": 33, "node-c": 100 } },
    {
      name: "NodeAffinityPolicy ignored with nodeAffinity",
      pod: pod("p", { labels: foo, affinity: nodeAffinity("foo", "In", [""]), spread: [soft(1, "node", fooSelector, { nodeAffinityPolicy: "Ignore" })] }),
      existing: affPods(),
      nodes: abc(),
      want: { "node-a": 66, "node-b": 100, "node-c": 100 },
    },
    { name: "NodeTaintsPolicy honored", pod: pod("p", { labels: foo, spread: [soft(1, "node", fooSelector, { nodeTaintsPolicy: "Honor" })] }), existing: affPods(), nodes: nodeKey(["node-a", "node-b", "node-c"], () => ({}), "node-c"), want: { "node-a": 0, "node-b": 33, "node-c": 100 } },
    { name: "NodeTaintsPolicy ignored", pod: pod("p", { labels: foo, spread: [soft(1, "node")] }), existing: affPods(), nodes: nodeKey(["node-a", "node-b", "node-c"], () => ({}), "node-c"), want: { "node-a": 66, "node-b": 100, "node-c": 100 } },
    {
      name: "matchLabelKeys ANDed with LabelSelector when LabelSelector is empty",
      pod: pod("p", { labels: fooBar, spread: [soft(1, "zone", {}, { matchLabelKeys: ["foo"] }), soft(1, LabelHostname, {}, { matchLabelKeys: ["bar"] })] }),
      existing: [on("node-a", "p-a1", foo), on("node-b", "p-b1", fooBar), on("node-c", "p-y1", foo), on("node-c", "p-y2", bar)],
      nodes: [zh("node-a", "zone1"), zh("node-b", "zone1"), zh("node-c", "zone2"), zh("node-d", "zone2")],
      want: { "node-a": 60, "node-b": 20, "node-c": 60, "node-d": 100 },
    },
    {
      name: "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
      pod: pod("p", { labels: { foo: "", bar: "", baz: "" }, spread: [soft(1, "zone"), soft(1, LabelHostname, barSelector, { matchLabelKeys: ["baz"] })] }),
      existing: [
        on("node-a", "p-a1", foo),
        on("node-b", "p-b1", { foo: "", bar: "", baz: "" }),
        on("node-c", "p-c1", foo),
        on("node-c", "p-c2", bar),
        on("node-c", "p-d3", { bar: "", baz: "" }),
      ],
      nodes: [zh("node-a", "zone1"), zh("node-b", "zone1"), zh("node-c", "zone2"), zh("node-d", "zone2")],
      want: { "node-a": 60, "node-b": 20, "node-c": 60, "node-d": 100 },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const all = [...c.nodes, ...(c.failed ?? [])];
      const { plugin, snapshot } = setup(all, c.existing ?? [], SYSTEM, c.lister ? { defaultSelector: listerDefaultSelector(c.lister) } : {});
      expect(scoreNodes(plugin, c.pod, snapshot, c.nodes.map((n) => n.metadata.name))).toEqual(c.want);
    });
  }

  it("Score without PreScore state is an error", () => {
    const { plugin, snapshot } = setup([host("node-a")], [], SYSTEM);
    const s = plugin.score!(new CycleState(), new PodInfo(oneHost()), snapshot.get("node-a")!);
    expect(typeof s === "number" ? s : s.codeName).toBe("Error");
  });
});
