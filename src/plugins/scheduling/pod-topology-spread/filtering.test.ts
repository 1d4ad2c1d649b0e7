// Ports of kube-scheduler v1.33 podtopologyspread/filtering_test.go: TestPreFilterState,
// TestPreFilterStateAddPod, TestPreFilterStateRemovePod, TestSingleConstraint, TestMultipleConstraints.
// Cases that only toggle the (now GA / default-on) NodeInclusionPolicy and MatchLabelKeys gates off are not ported.
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "../../../core/api/types.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Status } from "../../../core/scheduler/status.js";
import { listerDefaultSelector, type WorkloadLister } from "./default-selector.js";
import { getPreFilterState } from "./filtering.js";
import {
  barSelector,
  filterCodes,
  fooSelector,
  node,
  nodeAffinity,
  on,
  pod,
  preFilterSummary,
  setup,
  spread,
  taints,
} from "./helpers.suite.js";

const MAX = 2147483647;
const foo = { foo: "" };
const bar = { bar: "" };
const fooBar = { foo: "", bar: "" };
const zn = (name: string, zone: string, extra: Record<string, string> = {}, t?: typeof taints) =>
  node(name, { zone, node: name, ...extra }, t);
/** node-a/node-b in zone1, node-x/node-y in zone2. */
const fourNodes = (): Node[] => [zn("node-a", "zone1"), zn("node-b", "zone1"), zn("node-x", "zone2"), zn("node-y", "zone2")];
const hard = (maxSkew: number, key: string, sel = fooSelector, o = {}) => spread(maxSkew, key, "DoNotSchedule", sel, o);
const soft = (maxSkew: number, key: string, sel = fooSelector, o = {}) => spread(maxSkew, key, "ScheduleAnyway", sel, o);
const fooPods = (spec: Record<string, number>): Pod[] =>
  Object.entries(spec).flatMap(([n, k]) => Array.from({ length: k }, (_, i) => on(`node-${n}`, `p-${n}${i + 1}`, foo)));

function services(...selectors: Record<string, string>[]): WorkloadLister {
  return {
    serviceSelectors: () => selectors,
    replicationControllerSelector: () => undefined,
    replicaSetSelector: () => undefined,
    statefulSetSelector: () => undefined,
  };
}

describe("PodTopologySpread PreFilter state (TestPreFilterState)", () => {
  interface Case {
    name: string;
    pod: Pod;
    nodes: Node[];
    existing?: Pod[];
    keys: string[];
    paths: [string, number][][];
    counts: Record<string, number>[];
  }
  const cases: Case[] = [
    {
      name: "clean cluster with one spreadConstraint",
      pod: pod("p", { labels: foo, spread: [hard(5, "zone", { matchLabels: { foo: "bar" } })] }),
      nodes: fourNodes(),
      keys: ["zone"],
      paths: [[["zone1", 0], ["zone2", 0]]],
      counts: [{ zone1: 0, zone2: 0 }],
    },
    {
      name: "normal case with one spreadConstraint",
      pod: pod("p", { labels: foo, spread: [hard(1, "zone")] }),
      nodes: fourNodes(),
      existing: fooPods({ a: 2, b: 1, y: 2 }),
      keys: ["zone"],
      paths: [[["zone2", 2], ["zone1", 3]]],
      counts: [{ zone1: 3, zone2: 2 }],
    },
    {
      name: "normal case with null label selector",
      pod: pod("p", { labels: foo, spread: [spread(1, "zone", "DoNotSchedule", null)] }),
      nodes: fourNodes(),
      existing: fooPods({ a: 2, b: 1, y: 2 }),
      keys: ["zone"],
      paths: [[["zone1", 0], ["zone2", 0]]],
      counts: [{ zone1: 0, zone2: 0 }],
    },
    {
      name: "normal case with one spreadConstraint, on a 3-zone cluster",
      pod: pod("p", { labels: foo, spread: [hard(1, "zone")] }),
      nodes: [...fourNodes(), zn("node-o", "zone3"), zn("node-p", "zone3")],
      existing: fooPods({ a: 2, b: 1, y: 2 }),
      keys: ["zone"],
      paths: [[["zone3", 0], ["zone2", 2]]],
      counts: [{ zone1: 3, zone2: 2, zone3: 0 }],
    },
    {
      name: "namespace mismatch doesn't count",
      pod: pod("p", { labels: foo, spread: [hard(1, "zone")] }),
      nodes: fourNodes(),
      existing: [
        on("node-a", "p-a1", foo),
        on("node-a", "p-a2", foo, "ns1"),
        on("node-b", "p-b1", foo),
        on("node-y", "p-y1", foo, "ns2"),
        on("node-y", "p-y2", foo),
      ],
      keys: ["zone"],
      paths: [[["zone2", 1], ["zone1", 2]]],
      counts: [{ zone1: 2, zone2: 1 }],
    },
    {
      name: "normal case with two spreadConstraints",
      pod: pod("p", { labels: foo, spread: [hard(1, "zone"), hard(1, "node")] }),
      nodes: fourNodes(),
      existing: fooPods({ a: 2, b: 1, y: 4 }),
      keys: ["zone", "node"],
      paths: [
        [["zone1", 3], ["zone2", 4]],
        [["node-x", 0], ["node-b", 1]],
      ],
      counts: [
        { zone1: 3, zone2: 4 },
        { "node-a": 2, "node-b": 1, "node-x": 0, "node-y": 4 },
      ],
    },
    {
      name: "soft spreadConstraints should be bypassed",
      pod: pod("p", { labels: foo, spread: [soft(1, "zone"), hard(1, "zone"), soft(1, "node"), hard(1, "node")] }),
      nodes: [zn("node-a", "zone1"), zn("node-b", "zone1"), zn("node-y", "zone2")],
      existing: fooPods({ a: 2, b: 1, y: 4 }),
      keys: ["zone", "node"],
      paths: [
        [["zone1", 3], ["zone2", 4]],
        [["node-b", 1], ["node-a", 2]],
      ],
      counts: [
        { zone1: 3, zone2: 4 },
        { "node-a": 2, "node-b": 1, "node-y": 4 },
      ],
    },
    {
      name: "different labelSelectors - simple version",
      pod: pod("p", { labels: fooBar, spread: [hard(1, "zone"), hard(1, "node", barSelector)] }),
      nodes: [zn("node-a", "zone1"), zn("node-b", "zone1"), zn("node-y", "zone2")],
      existing: [on("node-a", "p-a", foo), on("node-b", "p-b", bar)],
      keys: ["zone", "node"],
      paths: [
        [["zone2", 0], ["zone1", 1]],
        [["node-a", 0], ["node-y", 0]],
      ],
      counts: [
        { zone1: 1, zone2: 0 },
        { "node-a": 0, "node-b": 1, "node-y": 0 },
      ],
    },
    {
      name: "different labelSelectors - complex pods",
      pod: pod("p", { labels: fooBar, spread: [hard(1, "zone"), hard(1, "node", barSelector)] }),
      nodes: [zn("node-a", "zone1"), zn("node-b", "zone1"), zn("node-y", "zone2")],
      existing: [
        on("node-a", "p-a1", foo),
        on("node-a", "p-a2", fooBar),
        on("node-b", "p-b1", foo),
        on("node-y", "p-y1", foo),
        on("node-y", "p-y2", fooBar),
        on("node-y", "p-y3", foo),
        on("node-y", "p-y4", fooBar),
      ],
      keys: ["zone", "node"],
      paths: [
        [["zone1", 3], ["zone2", 4]],
        [["node-b", 0], ["node-a", 1]],
      ],
      counts: [
        { zone1: 3, zone2: 4 },
        { "node-a": 1, "node-b": 0, "node-y": 2 },
      ],
    },
    {
      name: "two spreadConstraints, and with podAffinity",
      pod: pod("p", { labels: foo, affinity: nodeAffinity("node", "NotIn", ["node-x"]), spread: [hard(1, "zone"), hard(1, "node")] }),
      nodes: fourNodes(),
      existing: fooPods({ a: 2, b: 1, y: 4 }),
      keys: ["zone", "node"],
      paths: [
        [["zone1", 3], ["zone2", 4]],
        [["node-b", 1], ["node-a", 2]],
      ],
      counts: [
        { zone1: 3, zone2: 4 },
        { "node-a": 2, "node-b": 1, "node-y": 4 },
      ],
    },
  ];
  // Node inclusion policies: node-c is excluded or not; pods p-a (bar), p-b/p-c (bar) on node-b, p-d (none) on node-c.
  const inclusionNodes = (t = false) => [
    node("node-a", { node: "node-a", foo: "" }),
    node("node-b", { node: "node-b", foo: "" }),
    node("node-c", { node: "node-c", bar: "" }, t ? taints : undefined),
  ];
  const inclusionPods = () => [on("node-a", "p-a", bar), on("node-b", "p-b", bar), on("node-b", "p-c", bar), pod("p-d", { node: "node-c" })];
  const excluded = { paths: [[["node-a", 1], ["node-b", 2]]] as [string, number][][], counts: [{ "node-a": 1, "node-b": 2 }] };
  const included = { paths: [[["node-c", 0], ["node-a", 1]]] as [string, number][][], counts: [{ "node-a": 1, "node-b": 2, "node-c": 0 }] };
  const sel = { foo: "" };
  const aff = nodeAffinity("foo", "In", [""]);
  const tol = [{ key: "node.kubernetes.io/unschedulable", operator: "Exists" as const, effect: "NoSchedule" as const }];
  cases.push(
    { name: "NodeAffinityPolicy honored with labelSelectors", pod: pod("p", { labels: foo, nodeSelector: sel, spread: [hard(1, "node", barSelector)] }), nodes: inclusionNodes(), existing: inclusionPods(), keys: ["node"], ...excluded },
    { name: "NodeAffinityPolicy ignored with labelSelectors", pod: pod("p", { labels: foo, nodeSelector: sel, spread: [hard(1, "node", barSelector, { nodeAffinityPolicy: "Ignore" })] }), nodes: inclusionNodes(), existing: inclusionPods(), keys: ["node"], ...included },
    { name: "NodeAffinityPolicy honored with nodeAffinity", pod: pod("p", { labels: foo, affinity: aff, spread: [hard(1, "node", barSelector)] }), nodes: inclusionNodes(), existing: inclusionPods(), keys: ["node"], ...excluded },
    { name: "NodeAffinityPolicy ignored with nodeAffinity", pod: pod("p", { labels: foo, affinity: aff, spread: [hard(1, "node", barSelector, { nodeAffinityPolicy: "Ignore" })] }), nodes: inclusionNodes(), existing: inclusionPods(), keys: ["node"], ...included },
    { name: "NodeTaintsPolicy ignored", pod: pod("p", { labels: foo, spread: [hard(1, "node", barSelector)] }), nodes: inclusionNodes(true), existing: inclusionPods(), keys: ["node"], ...included },
    { name: "NodeTaintsPolicy honored", pod: pod("p", { labels: foo, spread: [hard(1, "node", barSelector, { nodeTaintsPolicy: "Honor" })] }), nodes: inclusionNodes(true), existing: inclusionPods(), keys: ["node"], ...excluded },
    { name: "NodeTaintsPolicy honored with tolerated taints", pod: pod("p", { labels: foo, tolerations: tol, spread: [hard(1, "node", barSelector, { nodeTaintsPolicy: "Honor" })] }), nodes: inclusionNodes(true), existing: inclusionPods(), keys: ["node"], ...included },
    {
      name: "two node inclusion Constraints, zone: honor/ignore, node: ignore/ignore",
      pod: pod("p", { labels: foo, nodeSelector: sel, spread: [hard(1, "zone"), hard(1, "node", fooSelector, { nodeAffinityPolicy: "Ignore" })] }),
      nodes: [zn("node-a", "zone1", foo), zn("node-b", "zone1"), zn("node-x", "zone2", foo)],
      existing: [on("node-b", "p-b1", foo), on("node-b", "p-b2", foo), on("node-x", "p-x1", foo)],
      keys: ["zone", "node"],
      paths: [
        [["zone1", 0], ["zone2", 1]],
        [["node-a", 0], ["node-x", 1]],
      ],
      counts: [
        { zone1: 0, zone2: 1 },
        { "node-a": 0, "node-b": 2, "node-x": 1 },
      ],
    },
    {
      name: "two node inclusion Constraints, zone: honor/honor, node: honor/ignore",
      pod: pod("p", { labels: foo, spread: [hard(1, "zone", fooSelector, { nodeTaintsPolicy: "Honor" }), hard(1, "node")] }),
      nodes: [zn("node-a", "zone1", foo), zn("node-b", "zone1", {}, taints), zn("node-x", "zone2", foo)],
      existing: [on("node-b", "p-b1", foo), on("node-b", "p-b2", foo), on("node-x", "p-x1", foo)],
      keys: ["zone", "node"],
      paths: [
        [["zone1", 0], ["zone2", 1]],
        [["node-a", 0], ["node-x", 1]],
      ],
      counts: [
        { zone1: 0, zone2: 1 },
        { "node-a": 0, "node-b": 2, "node-x": 1 },
      ],
    },
    {
      name: "two node inclusion Constraints, zone: honor/ignore, node: honor/ignore",
      pod: pod("p", { labels: foo, nodeSelector: sel, spread: [hard(1, "zone"), hard(1, "node")] }),
      nodes: [zn("node-a", "zone1"), zn("node-b", "zone1", foo, taints), zn("node-x", "zone2", foo), zn("node-y", "zone2")],
      existing: fooPods({ a: 2, x: 1, y: 1 }),
      keys: ["zone", "node"],
      paths: [
        [["zone1", 0], ["zone2", 1]],
        [["node-b", 0], ["node-x", 1]],
      ],
      counts: [
        { zone1: 0, zone2: 1 },
        { "node-b": 0, "node-x": 1 },
      ],
    },
    {
      name: "two node inclusion Constraints, zone: ignore/ignore, node: honor/honor",
      pod: pod("p", {
        labels: foo,
        nodeSelector: sel,
        spread: [hard(1, "zone", fooSelector, { nodeAffinityPolicy: "Ignore" }), hard(1, "node", fooSelector, { nodeTaintsPolicy: "Honor" })],
      }),
      nodes: [zn("node-a", "zone1"), zn("node-b", "zone1", foo, taints), zn("node-x", "zone2", foo), zn("node-y", "zone2", foo)],
      existing: fooPods({ a: 2, x: 2, y: 1 }),
      keys: ["zone", "node"],
      paths: [
        [["zone1", 2], ["zone2", 3]],
        [["node-y", 1], ["node-x", 2]],
      ],
      counts: [
        { zone1: 2, zone2: 3 },
        { "node-x": 2, "node-y": 1 },
      ],
    },
    {
      name: "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
      pod: pod("p", { labels: { foo: "", bar: "a" }, spread: [hard(1, "zone", fooSelector, { matchLabelKeys: ["bar"] })] }),
      nodes: fourNodes(),
      existing: [
        on("node-a", "p-a1", foo),
        on("node-a", "p-a2", { foo: "", bar: "a" }),
        on("node-b", "p-b1", foo),
        on("node-y", "p-y1", { foo: "", bar: "a" }),
        on("node-y", "p-y2", bar),
      ],
      keys: ["zone"],
      paths: [[["zone1", 1], ["zone2", 1]]],
      counts: [{ zone1: 1, zone2: 1 }],
    },
    {
      name: "matchLabelKeys ANDed with LabelSelector when LabelSelector is empty",
      pod: pod("p", { labels: { foo: "a" }, spread: [hard(1, "zone", {}, { matchLabelKeys: ["foo"] })] }),
      nodes: fourNodes(),
      existing: ["a", "a", "b", "y", "y"].map((n, i) => on(`node-${n}`, `p-${i}`, { foo: "a" })),
      keys: ["zone"],
      paths: [[["zone2", 2], ["zone1", 3]]],
      counts: [{ zone1: 3, zone2: 2 }],
    },
    {
      name: "key in matchLabelKeys is ignored when LabelSelector is nil when feature gate enabled",
      pod: pod("p", { labels: foo, spread: [spread(1, "zone", "DoNotSchedule", null, { matchLabelKeys: ["bar"] })] }),
      nodes: fourNodes(),
      existing: ["a", "a", "b", "y", "y"].map((n, i) => on(`node-${n}`, `p-${i}`, { foo: "a" })),
      keys: ["zone"],
      paths: [[["zone1", 0], ["zone2", 0]]],
      counts: [{ zone1: 0, zone2: 0 }],
    },
    {
      name: "key in matchLabelKeys is ignored when it isn't exist in pod.labels",
      pod: pod("p", { labels: foo, spread: [hard(1, "zone", fooSelector, { matchLabelKeys: ["bar"] })] }),
      nodes: fourNodes(),
      existing: ["a", "a", "b", "y", "y"].map((n, i) => on(`node-${n}`, `p-${i}`, { foo: "a" })),
      keys: ["zone"],
      paths: [[["zone2", 2], ["zone1", 3]]],
      counts: [{ zone1: 3, zone2: 2 }],
    },
    {
      name: "two spreadConstraints with the same topologyKey",
      pod: pod("p", { labels: fooBar, spread: [hard(1, "zone"), hard(1, "zone", barSelector)] }),
      nodes: fourNodes(),
      existing: [on("node-a", "p-a1", fooBar), on("node-b", "p-b1", foo), on("node-x", "p-x1", bar), on("node-y", "p-y1", fooBar), on("node-y", "p-y2", bar)],
      keys: ["zone", "zone"],
      paths: [
        [["zone2", 1], ["zone1", 2]],
        [["zone1", 1], ["zone2", 3]],
      ],
      counts: [
        { zone1: 2, zone2: 1 },
        { zone1: 1, zone2: 3 },
      ],
    },
  );

  for (const c of cases) {
    it(c.name, () => {
      const { plugin, snapshot } = setup(c.nodes, c.existing ?? []);
      const got = preFilterSummary(plugin, c.pod, snapshot);
      expect(got.status).toBeNull();
      expect(got.keys).toEqual(c.keys);
      expect(got.paths).toEqual(c.paths);
      expect(got.counts).toEqual(c.counts);
    });
  }

  it("default constraints and a service", () => {
    const args = {
      defaultingType: "List",
      defaultConstraints: [
        { maxSkew: 3, topologyKey: "node", whenUnsatisfiable: "DoNotSchedule" },
        { maxSkew: 2, topologyKey: "node", whenUnsatisfiable: "ScheduleAnyway" },
        { maxSkew: 5, topologyKey: "rack", whenUnsatisfiable: "DoNotSchedule" },
      ],
    };
    const { plugin, snapshot } = setup([], [], args, { defaultSelector: listerDefaultSelector(services({ foo: "bar" })) });
    const got = preFilterSummary(plugin, pod("p", { labels: { foo: "bar", baz: "kar" } }), snapshot);
    expect(got.status).toBeNull();
    expect(got.keys).toEqual(["node", "rack"]);
    const s = getPreFilterState(got.state)!;
    expect(s.constraints.map((c) => c.maxSkew)).toEqual([3, 5]);
    expect(s.constraints[0]!.selector.matches({ foo: "bar" })).toBe(true);
    expect(s.constraints[0]!.selector.matches({ baz: "kar" })).toBe(false);
    expect(got.paths).toEqual([
      [["", MAX], ["", MAX]],
      [["", MAX], ["", MAX]],
    ]);
    expect(got.counts).toEqual([{}, {}]);
  });

  it("default constraints and a service that doesn't match", () => {
    const args = { defaultingType: "List", defaultConstraints: [{ maxSkew: 3, topologyKey: "node", whenUnsatisfiable: "DoNotSchedule" }] };
    const { plugin, snapshot } = setup([], [], args, { defaultSelector: listerDefaultSelector(services({ baz: "kep" })) });
    expect(preFilterSummary(plugin, pod("p", { labels: { foo: "bar" } }), snapshot).status?.isSkip()).toBe(true);
  });

  it("default constraints and a service, but pod has constraints", () => {
    const args = { defaultingType: "List", defaultConstraints: [{ maxSkew: 2, topologyKey: "node", whenUnsatisfiable: "DoNotSchedule" }] };
    const { plugin, snapshot } = setup([], [], args, { defaultSelector: listerDefaultSelector(services({ foo: "bar" })) });
    const p = pod("p", {
      labels: { foo: "bar", baz: "tar" },
      spread: [hard(1, "zone", { matchLabels: { baz: "tar" } }), soft(2, "planet", { matchLabels: { fot: "rok" } })],
    });
    const got = preFilterSummary(plugin, p, snapshot);
    expect(got.keys).toEqual(["zone"]);
    expect(got.counts).toEqual([{}]);
  });

  it("default soft constraints and a service", () => {
    const args = { defaultingType: "List", defaultConstraints: [{ maxSkew: 2, topologyKey: "node", whenUnsatisfiable: "ScheduleAnyway" }] };
    const { plugin, snapshot } = setup([], [], args, { defaultSelector: listerDefaultSelector(services({ foo: "bar" })) });
    expect(preFilterSummary(plugin, pod("p", { labels: { foo: "bar" } }), snapshot).status?.isSkip()).toBe(true);
  });

  it("skip if not specified", () => {
    const { plugin, snapshot } = setup([zn("node-a", "zone1")]);
    expect(preFilterSummary(plugin, pod("p", { labels: foo }), snapshot).status?.isSkip()).toBe(true);
  });
});

/** Runs PreFilter for `preemptor`, then AddPod/RemovePod of `changed` on `nodeName`. */
function afterUpdate(nodes: Node[], existing: Pod[], preemptor: Pod, changed: Pod, nodeName: string, delta: 1 | -1) {
  const { plugin, snapshot } = setup(nodes, existing);
  const state = new CycleState();
  const self = new PodInfo(preemptor);
  expect(plugin.preFilter!(state, self, snapshot.nodes)).toBeNull();
  const n = snapshot.get(nodeName)!;
  const pi = existing.includes(changed) ? n.pods.find((p) => p.name === changed.metadata.name)! : new PodInfo(changed);
  const st = delta === 1 ? plugin.addPod!(state, self, pi, n) : plugin.removePod!(state, self, pi, n);
  expect(st).toBeNull();
  const s = getPreFilterState(state)!;
  return {
    paths: s.paths.map((cp) => {
      let a: [string, number] = [cp.v0, cp.n0];
      let b: [string, number] = [cp.v1, cp.n1];
      if (a[1] === b[1] && a[0] > b[0]) [a, b] = [b, a];
      return [a, b];
    }),
    counts: s.counts.map((m) => Object.fromEntries(m)),
  };
}

describe("PodTopologySpread AddPod (TestPreFilterStateAddPod)", () => {
  const nodeC = (labels = foo) => pod("p", { labels, spread: [hard(1, "node")] });
  const zoneNode = () => pod("p", { labels: foo, spread: [hard(1, "zone"), hard(1, "node")] });
  const ab = () => [zn("node-a", "zone1"), zn("node-b", "zone1")];

  it("node a and b both impact current min match", () => {
    const got = afterUpdate(ab(), [], nodeC(), on("node-a", "p-a1", foo), "node-a", 1);
    expect(got).toEqual({ paths: [[["node-b", 0], ["node-a", 1]]], counts: [{ "node-a": 1, "node-b": 0 }] });
  });
  it("only node a impacts current min match", () => {
    const got = afterUpdate(ab(), [on("node-b", "p-b1", foo)], nodeC(), on("node-a", "p-a1", foo), "node-a", 1);
    expect(got).toEqual({ paths: [[["node-a", 1], ["node-b", 1]]], counts: [{ "node-a": 1, "node-b": 1 }] });
  });
  it("add a pod in a different namespace doesn't change topologyKeyToMinPodsMap", () => {
    const got = afterUpdate(ab(), [on("node-b", "p-b1", foo)], nodeC(), on("node-a", "p-a1", foo, "ns1"), "node-a", 1);
    expect(got).toEqual({ paths: [[["node-a", 0], ["node-b", 1]]], counts: [{ "node-a": 0, "node-b": 1 }] });
  });
  it("add pod on non-critical node won't trigger re-calculation", () => {
    const got = afterUpdate(ab(), [on("node-b", "p-b1", foo)], nodeC(), on("node-b", "p-b2", foo), "node-b", 1);
    expect(got).toEqual({ paths: [[["node-a", 0], ["node-b", 2]]], counts: [{ "node-a": 0, "node-b": 2 }] });
  });
  it("node a and x both impact topologyKeyToMinPodsMap on zone and node", () => {
    const got = afterUpdate([zn("node-a", "zone1"), zn("node-x", "zone2")], [], zoneNode(), on("node-a", "p-a1", foo), "node-a", 1);
    expect(got.paths).toEqual([
      [["zone2", 0], ["zone1", 1]],
      [["node-x", 0], ["node-a", 1]],
    ]);
    expect(got.counts).toEqual([{ zone1: 1, zone2: 0 }, { "node-a": 1, "node-x": 0 }]);
  });
  it("node a impacts topologyKeyToMinPodsMap on node, node x impacts topologyKeyToMinPodsMap on zone", () => {
    const nodes = [zn("node-a", "zone1"), zn("node-b", "zone1"), zn("node-x", "zone2")];
    const got = afterUpdate(nodes, fooPods({ b: 2, x: 1 }), zoneNode(), on("node-a", "p-a1", foo), "node-a", 1);
    expect(got.paths).toEqual([
      [["zone2", 1], ["zone1", 3]],
      [["node-a", 1], ["node-x", 1]],
    ]);
    expect(got.counts).toEqual([{ zone1: 3, zone2: 1 }, { "node-a": 1, "node-b": 2, "node-x": 1 }]);
  });
  it("Constraints hold different labelSelectors, node a impacts topologyKeyToMinPodsMap on both zone and node", () => {
    const nodes = [zn("node-a", "zone1"), zn("node-b", "zone1"), zn("node-x", "zone2")];
    const preemptor = pod("p", { labels: fooBar, spread: [hard(1, "zone"), hard(1, "node", barSelector)] });
    const existing = [on("node-b", "p-b1", bar), on("node-x", "p-x1", fooBar), on("node-x", "p-x2", bar)];
    const got = afterUpdate(nodes, existing, preemptor, on("node-a", "p-a1", fooBar), "node-a", 1);
    expect(got.paths).toEqual([
      [["zone1", 1], ["zone2", 1]],
      [["node-a", 1], ["node-b", 1]],
    ]);
    expect(got.counts).toEqual([{ zone1: 1, zone2: 1 }, { "node-a": 1, "node-b": 1, "node-x": 2 }]);
  });
  const affNodes = () => [zn("node-a", "zone1", { foo: "bar" }), zn("node-b", "zone2", foo)];
  it("add a pod when scheduling node affinity unmatched pod with NodeInclusionPolicy enabled", () => {
    const preemptor = pod("p", { labels: foo, affinity: nodeAffinity("foo", "NotIn", ["bar"]), spread: [hard(1, "zone")] });
    const existing = [on("node-a", "p-a2", foo), on("node-b", "p-b1", foo)];
    const got = afterUpdate(affNodes(), existing, preemptor, on("node-a", "p-a1", foo), "node-a", 1);
    expect(got).toEqual({ paths: [[["zone2", 1], ["", MAX]]], counts: [{ zone2: 1 }] });
  });
  it("add a pod when scheduling node affinity matched pod with NodeInclusionPolicy enabled", () => {
    const preemptor = pod("p", { labels: foo, spread: [hard(1, "zone")] });
    const existing = [on("node-a", "p-a1", foo), on("node-b", "p-b2", foo)];
    const got = afterUpdate(affNodes(), existing, preemptor, on("node-b", "p-b1", foo), "node-b", 1);
    expect(got).toEqual({ paths: [[["zone1", 1], ["zone2", 2]]], counts: [{ zone1: 1, zone2: 2 }] });
  });
  it("add a label selector not matched pod when with NodeInclusionPolicy enabled", () => {
    const preemptor = pod("p", { labels: foo, spread: [hard(1, "zone")] });
    const existing = [on("node-a", "p-a1", foo), on("node-b", "p-b2", foo)];
    const got = afterUpdate(affNodes(), existing, preemptor, on("node-b", "p-b1", { zone: "zone2" }), "node-b", 1);
    expect(got).toEqual({ paths: [[["zone1", 1], ["zone2", 1]]], counts: [{ zone1: 1, zone2: 1 }] });
  });
  it("add a pod when scheduling taint tolerated pod with NodeInclusionPolicy enabled", () => {
    const tol = [{ key: "node.kubernetes.io/unschedulable", operator: "Exists" as const, effect: "NoSchedule" as const }];
    const preemptor = pod("p", { labels: foo, tolerations: tol, spread: [hard(1, "zone")] });
    const nodes = [zn("node-a", "zone1", {}, taints), zn("node-b", "zone2")];
    const got = afterUpdate(nodes, [on("node-a", "p-a1", foo), on("node-b", "p-b2", foo)], preemptor, on("node-b", "p-b1", foo), "node-b", 1);
    expect(got).toEqual({ paths: [[["zone1", 1], ["zone2", 2]]], counts: [{ zone1: 1, zone2: 2 }] });
  });
});

describe("PodTopologySpread RemovePod (TestPreFilterStateRemovePod)", () => {
  const zoneOnly = () => pod("p", { labels: foo, spread: [hard(1, "zone")] });
  it("one spreadConstraint on zone, topologyKeyToMinPodsMap unchanged", () => {
    const existing = fooPods({ a: 1, b: 1, x: 1 });
    const got = afterUpdate([zn("node-a", "zone1"), zn("node-b", "zone1"), zn("node-x", "zone2")], existing, zoneOnly(), existing[0]!, "node-a", -1);
    expect(got).toEqual({ paths: [[["zone1", 1], ["zone2", 1]]], counts: [{ zone1: 1, zone2: 1 }] });
  });
  it("one spreadConstraint on node, topologyKeyToMinPodsMap changed", () => {
    const existing = fooPods({ a: 1, b: 1, x: 1, y: 1 });
    const got = afterUpdate(fourNodes(), existing, zoneOnly(), existing[0]!, "node-a", -1);
    expect(got).toEqual({ paths: [[["zone1", 1], ["zone2", 2]]], counts: [{ zone1: 1, zone2: 2 }] });
  });
  it("delete an irrelevant pod won't help", () => {
    const existing = [on("node-a", "p-a0", bar), ...fooPods({ a: 1, b: 1, x: 1, y: 1 })];
    const got = afterUpdate(fourNodes(), existing, zoneOnly(), existing[0]!, "node-a", -1);
    expect(got).toEqual({ paths: [[["zone1", 2], ["zone2", 2]]], counts: [{ zone1: 2, zone2: 2 }] });
  });
  it("delete a non-existing pod won't help", () => {
    const got = afterUpdate(fourNodes(), fooPods({ a: 1, b: 1, x: 1, y: 1 }), zoneOnly(), on("node-a", "p-a0", bar), "node-a", -1);
    expect(got).toEqual({ paths: [[["zone1", 2], ["zone2", 2]]], counts: [{ zone1: 2, zone2: 2 }] });
  });
  it("two spreadConstraints", () => {
    const existing = fooPods({ a: 2, b: 1, x: 2 });
    const preemptor = pod("p", { labels: foo, spread: [hard(1, "zone"), hard(1, "node")] });
    const nodes = [zn("node-a", "zone1"), zn("node-b", "zone1"), zn("node-x", "zone2")];
    const got = afterUpdate(nodes, existing, preemptor, existing[3]!, "node-x", -1);
    expect(got.paths).toEqual([
      [["zone2", 1], ["zone1", 3]],
      [["node-b", 1], ["node-x", 1]],
    ]);
    expect(got.counts).toEqual([{ zone1: 3, zone2: 1 }, { "node-a": 2, "node-b": 1, "node-x": 1 }]);
  });
  it("remove a pod when scheduling node affinity unmatched pod with NodeInclusionPolicy enabled", () => {
    const preemptor = pod("p", { labels: foo, affinity: nodeAffinity("foo", "NotIn", ["bar"]), spread: [hard(1, "zone")] });
    const nodes = [zn("node-a", "zone1", { foo: "bar" }), zn("node-b", "zone2", foo)];
    const got = afterUpdate(nodes, [on("node-a", "p-a2", foo), on("node-b", "p-b1", foo)], preemptor, on("node-a", "p-a1", foo), "node-a", -1);
    expect(got).toEqual({ paths: [[["zone2", 1], ["", MAX]]], counts: [{ zone2: 1 }] });
  });
  it("remove a pod when scheduling node affinity matched pod with NodeInclusionPolicy enabled", () => {
    const nodes = [zn("node-a", "zone1", { foo: "bar" }), zn("node-b", "zone2", foo)];
    const got = afterUpdate(nodes, [on("node-a", "p-a1", foo), on("node-b", "p-b2", foo)], zoneOnly(), on("node-b", "p-b1", foo), "node-b", -1);
    expect(got).toEqual({ paths: [[["zone2", 0], ["zone1", 1]]], counts: [{ zone1: 1, zone2: 0 }] });
  });
});

describe("PodTopologySpread Filter, one constraint (TestSingleConstraint)", () => {
  const S = "Success", U = "Unschedulable", UU = "UnschedulableAndUnresolvable";
  interface Case {
    name: string;
    pod: Pod;
    nodes: Node[];
    existing?: Pod[];
    want: Record<string, string>;
  }
  const nodeKey = (names: string[], extra: (n: string) => Record<string, string> = () => ({})) =>
    names.map((n) => node(n, { node: n, ...extra(n) }));
  const cases: Case[] = [
    { name: "no existing pods", pod: pod("p", { labels: foo, spread: [hard(1, "zone")] }), nodes: fourNodes(), want: { "node-a": S, "node-b": S, "node-x": S, "node-y": S } },
    { name: "no existing pods, incoming pod doesn't match itself", pod: pod("p", { labels: foo, spread: [hard(1, "zone", barSelector)] }), nodes: fourNodes(), want: { "node-a": S, "node-b": S, "node-x": S, "node-y": S } },
    {
      name: "existing pods in a different namespace do not count",
      pod: pod("p", { labels: foo, spread: [hard(1, "zone")] }),
      nodes: fourNodes(),
      existing: [on("node-a", "p-a1", foo, "ns1"), on("node-a", "p-b1", foo, "ns2"), on("node-x", "p-x1", foo), on("node-y", "p-y1", foo)],
      want: { "node-a": S, "node-b": S, "node-x": U, "node-y": U },
    },
    {
      name: "existing pods do not match null selector",
      pod: pod("p", { labels: foo, spread: [spread(1, "zone", "DoNotSchedule", null)] }),
      nodes: fourNodes(),
      existing: fooPods({ x: 1, y: 1 }),
      want: { "node-a": S, "node-b": S, "node-x": S, "node-y": S },
    },
    { name: "pods spread across zones as 3/3, all nodes fit", pod: pod("p", { labels: foo, spread: [hard(1, "zone")] }), nodes: fourNodes(), existing: fooPods({ a: 2, b: 1, y: 3 }), want: { "node-a": S, "node-b": S, "node-x": S, "node-y": S } },
    {
      name: "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
      pod: pod("p", { labels: foo, spread: [hard(1, "zone")] }),
      nodes: [zn("node-a", "zone1"), node("node-b", { zon: "zone1", node: "node-b" }), zn("node-x", "zone2"), zn("node-y", "zone2")],
      existing: fooPods({ a: 1, b: 1, x: 1, y: 1 }),
      want: { "node-a": S, "node-b": UU, "node-x": U, "node-y": U },
    },
    {
      name: "pod cannot be scheduled as all nodes don't have label 'rack'",
      pod: pod("p", { labels: foo, spread: [hard(1, "rack")] }),
      nodes: [zn("node-a", "zone1"), zn("node-x", "zone2")],
      want: { "node-a": UU, "node-x": UU },
    },
    { name: "pods spread across nodes as 2/1/0/3, only node-x fits", pod: pod("p", { labels: foo, spread: [hard(1, "node")] }), nodes: fourNodes(), existing: fooPods({ a: 2, b: 1, y: 3 }), want: { "node-a": U, "node-b": U, "node-x": S, "node-y": U } },
    { name: "pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit", pod: pod("p", { labels: foo, spread: [hard(2, "node")] }), nodes: fourNodes(), existing: fooPods({ a: 2, b: 1, y: 3 }), want: { "node-a": U, "node-b": S, "node-x": S, "node-y": U } },
    { name: "pods spread across nodes as 2/1/0/3, but pod doesn't match itself", pod: pod("p", { labels: bar, spread: [hard(1, "node")] }), nodes: fourNodes(), existing: fooPods({ a: 2, b: 1, y: 3 }), want: { "node-a": U, "node-b": S, "node-x": S, "node-y": U } },
    {
      name: "incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits",
      pod: pod("p", { labels: foo, affinity: nodeAffinity("node", "In", ["node-a", "node-y"]), spread: [hard(1, "node")] }),
      nodes: fourNodes(),
      existing: fooPods({ a: 2, b: 1, y: 3 }),
      want: { "node-a": S, "node-b": S, "node-x": S, "node-y": U },
    },
    {
      name: "terminating Pods should be excluded",
      pod: pod("p", { labels: foo, spread: [hard(1, "node")] }),
      nodes: nodeKey(["node-a", "node-b"]),
      existing: [pod("p-a", { node: "node-a", labels: foo, terminating: true }), on("node-b", "p-b", foo)],
      want: { "node-a": S, "node-b": U },
    },
    {
      name: "incoming pod has nodeAffinity, pods spread as 0/~2~/0/1, hence node-a fits",
      pod: pod("p", { labels: foo, affinity: nodeAffinity("node", "NotIn", ["node-b"]), spread: [hard(1, "zone")] }),
      nodes: fourNodes(),
      existing: fooPods({ b: 2, y: 1 }),
      want: { "node-a": S, "node-b": S, "node-x": U, "node-y": U },
    },
    {
      name: "pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains < minDomains, then the third node fits",
      pod: pod("p", { labels: foo, spread: [hard(2, "node", fooSelector, { minDomains: 4 })] }),
      nodes: nodeKey(["node-a", "node-b", "node-c"]),
      existing: fooPods({ a: 2, b: 2, c: 1 }),
      want: { "node-a": U, "node-b": U, "node-c": S },
    },
    {
      name: "pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains > minDomains, then the all nodes fit",
      pod: pod("p", { labels: foo, spread: [hard(2, "node", fooSelector, { minDomains: 2 })] }),
      nodes: nodeKey(["node-a", "node-b", "node-c"]),
      existing: fooPods({ a: 2, b: 2, c: 1 }),
      want: { "node-a": S, "node-b": S, "node-c": S },
    },
    {
      name: "pods spread across zone as 2/1, maxSkew is 2 and the number of domains < minDomains, then the third and fourth nodes fit",
      pod: pod("p", { labels: foo, spread: [hard(2, "zone", fooSelector, { minDomains: 3 })] }),
      nodes: fourNodes(),
      existing: fooPods({ a: 1, b: 1, y: 1 }),
      want: { "node-a": U, "node-b": U, "node-x": S, "node-y": S },
    },
    {
      name: "pods spread across zone as 2/1, maxSkew is 2 and the number of domains > minDomains, then the all nodes fit",
      pod: pod("p", { labels: foo, spread: [hard(2, "zone", fooSelector, { minDomains: 1 })] }),
      nodes: fourNodes(),
      existing: fooPods({ a: 1, b: 1, y: 1 }),
      want: { "node-a": S, "node-b": S, "node-x": S, "node-y": S },
    },
  ];
  const inclNodes = (t = false) => nodeKey(["node-a", "node-b", "node-x", "node-y"], (n) => (n === "node-y" ? {} : foo)).map((n) => {
    if (t && n.metadata.name === "node-y") n.spec.taints = taints;
    return n;
  });
  const inclPods = () => fooPods({ a: 1, b: 1, y: 1 });
  const sel = { foo: "" };
  const aff = nodeAffinity("foo", "In", [""]);
  cases.push(
    { name: "NodeAffinityPolicy honored with labelSelectors", pod: pod("p", { labels: foo, nodeSelector: sel, spread: [hard(1, "node")] }), nodes: inclNodes(), existing: inclPods(), want: { "node-a": U, "node-b": U, "node-x": S, "node-y": S } },
    { name: "NodeAffinityPolicy ignored with labelSelectors", pod: pod("p", { labels: foo, nodeSelector: sel, spread: [hard(1, "node", fooSelector, { nodeAffinityPolicy: "Ignore" })] }), nodes: inclNodes(), existing: inclPods(), want: { "node-a": U, "node-b": U, "node-x": S, "node-y": U } },
    { name: "NodeAffinityPolicy honored with nodeAffinity", pod: pod("p", { labels: foo, affinity: aff, spread: [hard(1, "node")] }), nodes: inclNodes(), existing: inclPods(), want: { "node-a": U, "node-b": U, "node-x": S, "node-y": S } },
    { name: "NodeAffinityPolicy ignored with nodeAffinity (upstream: second \"NodeAffinityPolicy ignored with labelSelectors\")", pod: pod("p", { labels: foo, affinity: aff, spread: [hard(1, "node", fooSelector, { nodeAffinityPolicy: "Ignore" })] }), nodes: inclNodes(), existing: inclPods(), want: { "node-a": U, "node-b": U, "node-x": S, "node-y": U } },
    { name: "NodeTaintsPolicy honored", pod: pod("p", { labels: foo, spread: [hard(1, "node", fooSelector, { nodeTaintsPolicy: "Honor" })] }), nodes: inclNodes(true), existing: inclPods(), want: { "node-a": U, "node-b": U, "node-x": S, "node-y": S } },
    { name: "NodeTaintsPolicy ignored", pod: pod("p", { labels: foo, spread: [hard(1, "node")] }), nodes: inclNodes(true), existing: inclPods(), want: { "node-a": U, "node-b": U, "node-x": S, "node-y": U } },
  );

  for (const c of cases) {
    it(c.name, () => {
      const { plugin, snapshot } = setup(c.nodes, c.existing ?? []);
      expect(filterCodes(plugin, c.pod, snapshot)).toEqual(c.want);
    });
  }

  it("reason strings match kube-scheduler's", () => {
    const { plugin, snapshot } = setup(
      [zn("node-a", "zone1"), node("node-b", { zon: "zone1" }), zn("node-x", "zone2")],
      fooPods({ x: 2 }),
    );
    const state = new CycleState();
    const pi = new PodInfo(pod("p", { labels: foo, spread: [hard(1, "zone")] }));
    plugin.preFilter!(state, pi, snapshot.nodes);
    expect(plugin.filter!(state, pi, snapshot.get("node-b")!)?.reasons).toEqual(["node(s) didn't match pod topology spread constraints (missing required label)"]);
    expect(plugin.filter!(state, pi, snapshot.get("node-x")!)?.reasons).toEqual(["node(s) didn't match pod topology spread constraints"]);
    expect(plugin.filter!(state, pi, snapshot.get("node-a")!)).toBeNull();
  });

  it("Filter without PreFilter state is an error (TestPreFilterDisabled)", () => {
    const { plugin, snapshot } = setup([zn("node-a", "zone1")]);
    const st = plugin.filter!(new CycleState(), new PodInfo(pod("p")), snapshot.get("node-a")!);
    expect(st).toBeInstanceOf(Status);
    expect(st!.codeName).toBe("Error");
  });
});

describe("PodTopologySpread Filter, several constraints (TestMultipleConstraints)", () => {
  const S = "Success", U = "Unschedulable", UU = "UnschedulableAndUnresolvable";
  const zoneNode = (self: Record<string, string> = foo, s2 = fooSelector) => pod("p", { labels: self, spread: [hard(1, "zone"), hard(1, "node", s2)] });
  const cases: { name: string; pod: Pod; nodes: Node[]; existing: Pod[]; want: Record<string, string> }[] = [
    { name: "two Constraints on zone and node, spreads = [3/3, 2/1/0/3]", pod: zoneNode(), nodes: fourNodes(), existing: fooPods({ a: 2, b: 1, y: 3 }), want: { "node-a": U, "node-b": U, "node-x": S, "node-y": U } },
    { name: "two Constraints on zone and node, spreads = [3/4, 2/1/0/4]", pod: zoneNode(), nodes: fourNodes(), existing: fooPods({ a: 2, b: 1, y: 4 }), want: { "node-a": U, "node-b": U, "node-x": U, "node-y": U } },
    { name: "Constraints hold different labelSelectors, spreads = [1/0, 1/0/0/1]", pod: zoneNode(fooBar, barSelector), nodes: fourNodes(), existing: [on("node-a", "p-a1", foo), on("node-y", "p-y1", bar)], want: { "node-a": U, "node-b": U, "node-x": S, "node-y": U } },
    { name: "Constraints hold different labelSelectors, spreads = [1/0, 0/0/1/1]", pod: zoneNode(fooBar, barSelector), nodes: fourNodes(), existing: [on("node-a", "p-a1", foo), on("node-x", "p-x1", bar), on("node-y", "p-y1", bar)], want: { "node-a": U, "node-b": U, "node-x": U, "node-y": U } },
    {
      name: "Constraints hold different labelSelectors, spreads = [2/3, 1/0/0/1]",
      pod: zoneNode(fooBar, barSelector),
      nodes: fourNodes(),
      existing: [on("node-a", "p-a1", foo), on("node-a", "p-a2", fooBar), on("node-y", "p-y1", foo), on("node-y", "p-y2", fooBar), on("node-y", "p-y3", foo)],
      want: { "node-a": U, "node-b": S, "node-x": U, "node-y": U },
    },
    { name: "Constraints hold different labelSelectors but pod doesn't match itself on 'zone' constraint", pod: zoneNode(bar, barSelector), nodes: fourNodes(), existing: [on("node-a", "p-a1", foo), on("node-x", "p-x1", bar), on("node-y", "p-y1", bar)], want: { "node-a": S, "node-b": S, "node-x": U, "node-y": U } },
    {
      name: "two Constraints on zone and node, absence of label 'node' on node-x, spreads = [1/1, 1/0/0/1]",
      pod: zoneNode(),
      nodes: [zn("node-a", "zone1"), zn("node-b", "zone1"), node("node-x", { zone: "zone2" }), zn("node-y", "zone2")],
      existing: [on("node-a", "p-a1", foo), on("node-y", "p-y3", foo)],
      want: { "node-a": U, "node-b": S, "node-x": UU, "node-y": U },
    },
    {
      name: "two node inclusion Constraints, zone: honor/ignore, node: ignore/ignore",
      pod: pod("p", { labels: foo, nodeSelector: foo, spread: [hard(1, "zone"), hard(1, "node", fooSelector, { nodeAffinityPolicy: "Ignore" })] }),
      nodes: [zn("node-a", "zone1", foo), zn("node-b", "zone1", foo), zn("node-x", "zone2", foo), zn("node-y", "zone2")],
      existing: fooPods({ a: 1, b: 1, y: 1 }),
      want: { "node-a": U, "node-b": U, "node-x": S, "node-y": U },
    },
    {
      name: "two node inclusion Constraints, zone: honor/honor, node: honor/ignore",
      pod: pod("p", { labels: foo, spread: [hard(1, "zone", fooSelector, { nodeTaintsPolicy: "Honor" }), hard(1, "node")] }),
      nodes: [zn("node-a", "zone1", foo), zn("node-b", "zone1", foo), zn("node-x", "zone2", foo), zn("node-y", "zone2", {}, taints)],
      existing: fooPods({ a: 1, b: 1, y: 1 }),
      want: { "node-a": U, "node-b": U, "node-x": S, "node-y": U },
    },
    {
      name: "two node inclusion Constraints, zone: honor/ignore, node: honor/ignore",
      pod: pod("p", { labels: foo, nodeSelector: foo, spread: [hard(1, "zone"), hard(1, "node")] }),
      nodes: [zn("node-a", "zone1", foo), zn("node-b", "zone1"), zn("node-x", "zone2", foo), zn("node-y", "zone2", foo, taints)],
      existing: fooPods({ a: 1, b: 1, y: 1 }),
      want: { "node-a": U, "node-b": S, "node-x": S, "node-y": U },
    },
    {
      name: "two node inclusion Constraints, zone: honor/honor, node: ignore/ignore",
      pod: pod("p", {
        labels: foo,
        nodeSelector: foo,
        spread: [hard(1, "zone", fooSelector, { nodeTaintsPolicy: "Honor" }), hard(1, "node", fooSelector, { nodeAffinityPolicy: "Ignore" })],
      }),
      nodes: [zn("node-a", "zone1", foo), zn("node-b", "zone1"), zn("node-x", "zone2", foo), zn("node-y", "zone2", foo, taints)],
      existing: fooPods({ a: 1, b: 1, y: 1 }),
      want: { "node-a": U, "node-b": U, "node-x": S, "node-y": U },
    },
    {
      name: "two Constraints on zone, spreads = [3/3, 2/1]",
      pod: pod("p", { labels: fooBar, spread: [hard(1, "zone", barSelector), hard(1, "zone")] }),
      nodes: fourNodes(),
      existing: [on("node-a", "p-a1", fooBar), on("node-a", "p-a2", foo), on("node-b", "p-b1", fooBar), on("node-y", "p-y1", foo), on("node-y", "p-y2", fooBar), on("node-y", "p-y3", foo)],
      want: { "node-a": U, "node-b": U, "node-x": S, "node-y": S },
    },
    {
      name: "two Constraints on zone, spreads = [3/4, 2/1]",
      pod: pod("p", { labels: fooBar, spread: [hard(1, "zone", barSelector), hard(1, "zone")] }),
      nodes: fourNodes(),
      existing: [
        on("node-a", "p-a1", fooBar),
        on("node-a", "p-a2", foo),
        on("node-b", "p-b1", fooBar),
        on("node-y", "p-y1", foo),
        on("node-y", "p-y2", fooBar),
        on("node-y", "p-y3", foo),
        on("node-y", "p-y4", foo),
      ],
      want: { "node-a": U, "node-b": U, "node-x": U, "node-y": U },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { plugin, snapshot } = setup(c.nodes, c.existing);
      expect(filterCodes(plugin, c.pod, snapshot)).toEqual(c.want);
    });
  }
});
