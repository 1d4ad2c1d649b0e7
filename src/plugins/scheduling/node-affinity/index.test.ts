import { describe, expect, it } from "vitest";
import type { Affinity, NodeAffinity as NodeAffinitySpec, NodeSelectorRequirement, NodeSelectorTerm, Pod } from "../../../core/api/types.js";
import { ArgsError } from "../../../core/scheduler/framework.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { NodeInfo } from "../../../core/scheduler/node-info.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Code, SKIP, Status } from "../../../core/scheduler/status.js";
import { makeHandle, makeNode, makePod, makeSnapshot, scoreAll } from "../../../core/scheduler/testing.js";
import { ErrReasonConflict, ErrReasonEnforced, ErrReasonPod, NodeAffinity } from "./index.js";

const expr = (key: string, operator: NodeSelectorRequirement["operator"], values?: string[]): NodeSelectorRequirement =>
  values ? { key, operator, values } : { key, operator };
const nameIn = (...values: string[]): NodeSelectorRequirement => ({ key: "metadata.name", operator: "In", values });
const required = (...terms: NodeSelectorTerm[]): Affinity => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
const plugin = (addedAffinity?: NodeAffinitySpec) =>
  NodeAffinity.create(NodeAffinity.args(addedAffinity ? { addedAffinity } : undefined, "args"), makeHandle(makeSnapshot([])));

interface Case {
  name: string;
  pod: Pod;
  labels?: Record<string, string>;
  nodeName?: string;
  args?: NodeAffinitySpec;
  runPreFilter?: boolean; // default true
  wantPreFilter?: Status | "skip" | string[]; // Status code/reason, Skip, or PreFilterResult node names
  wantFilter?: string; // reason of an UnschedulableAndUnresolvable status
}

function run(c: Case): void {
  const pl = plugin(c.args);
  const pi = new PodInfo(c.pod);
  const state = new CycleState();
  const node = new NodeInfo({ ...makeNode({ name: c.nodeName ?? "node", labels: c.labels }), metadata: { name: c.nodeName ?? "node", labels: c.labels ?? {} } });
  if (c.runPreFilter !== false) {
    const got = pl.preFilter!(state, pi, [node]);
    if (c.wantPreFilter === undefined) expect(got).toBeNull();
    else if (c.wantPreFilter === "skip") expect(got).toBe(SKIP);
    else if (Array.isArray(c.wantPreFilter)) expect(got && !(got instanceof Status) ? [...got.nodeNames].sort() : got).toEqual(c.wantPreFilter);
    else expect(got).toMatchObject({ code: c.wantPreFilter.code, reasons: c.wantPreFilter.reasons });
  }
  const st = pl.filter!(state, pi, node);
  if (c.wantFilter === undefined) expect(st).toBeNull();
  else expect(st).toMatchObject({ code: Code.UnschedulableAndUnresolvable, reasons: [c.wantFilter] });
}

// Upstream: nodeaffinity/node_affinity_test.go TestNodeAffinity.
describe("NodeAffinity filter (TestNodeAffinity)", () => {
  const cases: Case[] = [
    { name: "missing labels", pod: makePod({ name: "p", nodeSelector: { foo: "bar" } }), wantFilter: ErrReasonPod },
    { name: "same labels", pod: makePod({ name: "p", nodeSelector: { foo: "bar" } }), labels: { foo: "bar" } },
    { name: "node labels are superset", pod: makePod({ name: "p", nodeSelector: { foo: "bar" } }), labels: { foo: "bar", baz: "blah" } },
    {
      name: "node labels are subset",
      pod: makePod({ name: "p", nodeSelector: { foo: "bar", baz: "blah" } }),
      labels: { foo: "bar" },
      wantFilter: ErrReasonPod,
    },
    {
      name: "Pod with matchExpressions using In operator that matches the existing node",
      pod: makePod({ name: "p", affinity: required({ matchExpressions: [expr("foo", "In", ["bar", "value2"])] }) }),
      labels: { foo: "bar" },
    },
    {
      name: "Pod with matchExpressions using Gt operator that matches the existing node",
      pod: makePod({ name: "p", affinity: required({ matchExpressions: [expr("kernel-version", "Gt", ["0204"])] }) }),
      labels: { "kernel-version": "0206" },
    },
    {
      name: "Pod with matchExpressions using NotIn operator that matches the existing node",
      pod: makePod({ name: "p", affinity: required({ matchExpressions: [expr("mem-type", "NotIn", ["DDR", "DDR2"])] }) }),
      labels: { "mem-type": "DDR3" },
    },
    {
      name: "Pod with matchExpressions using Exists operator that matches the existing node",
      pod: makePod({ name: "p", affinity: required({ matchExpressions: [expr("GPU", "Exists")] }) }),
      labels: { GPU: "NVIDIA-GRID-K1" },
    },
    {
      name: "Pod with affinity that don't match node's labels won't schedule onto the node",
      pod: makePod({ name: "p", affinity: required({ matchExpressions: [expr("foo", "In", ["value1", "value2"])] }) }),
      labels: { foo: "bar" },
      wantFilter: ErrReasonPod,
    },
    {
      name: "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node",
      pod: makePod({ name: "p", affinity: required({ matchExpressions: [] }) }),
      labels: { foo: "bar" },
      wantFilter: ErrReasonPod,
    },
    { name: "Pod with no Affinity will schedule onto a node", pod: makePod({ name: "p" }), labels: { foo: "bar" }, wantPreFilter: "skip" },
    {
      name: "Pod with Affinity but nil NodeSelector will schedule onto a node",
      pod: makePod({ name: "p", affinity: { nodeAffinity: {} } }),
      labels: { foo: "bar" },
      wantPreFilter: "skip",
    },
    {
      name: "Pod with multiple matchExpressions ANDed that matches the existing node",
      pod: makePod({ name: "p", affinity: required({ matchExpressions: [expr("GPU", "Exists"), expr("GPU", "NotIn", ["AMD", "INTER"])] }) }),
      labels: { GPU: "NVIDIA-GRID-K1" },
    },
    {
      name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
      pod: makePod({ name: "p", affinity: required({ matchExpressions: [expr("GPU", "Exists"), expr("GPU", "In", ["AMD", "INTER"])] }) }),
      labels: { GPU: "NVIDIA-GRID-K1" },
      wantFilter: ErrReasonPod,
    },
    {
      name: "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
      pod: makePod({
        name: "p",
        affinity: required({ matchExpressions: [expr("foo", "In", ["bar", "value2"])] }, { matchExpressions: [expr("diffkey", "In", ["wrong", "value2"])] }),
      }),
      labels: { foo: "bar" },
    },
    {
      name: "Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node",
      pod: makePod({ name: "p", nodeSelector: { foo: "bar" }, affinity: required({ matchExpressions: [expr("foo", "Exists")] }) }),
      labels: { foo: "bar" },
    },
    {
      name: "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
      pod: makePod({ name: "p", nodeSelector: { foo: "bar" }, affinity: required({ matchExpressions: [expr("foo", "Exists")] }) }),
      labels: { foo: "barrrrrr" },
      wantFilter: ErrReasonPod,
    },
    {
      name: "Pod with an invalid value in Affinity term won't be scheduled onto the node",
      pod: makePod({ name: "p", affinity: required({ matchExpressions: [expr("foo", "NotIn", ["invalid value: ___@#$%^"])] }) }),
      labels: { foo: "bar" },
      wantFilter: ErrReasonPod,
    },
    {
      name: "Pod with matchFields using In operator that matches the existing node",
      pod: makePod({ name: "p", affinity: required({ matchFields: [nameIn("node1")] }) }),
      nodeName: "node1",
      wantPreFilter: ["node1"],
    },
    {
      name: "Pod with matchFields using In operator that does not match the existing node",
      pod: makePod({ name: "p", affinity: required({ matchFields: [nameIn("node1")] }) }),
      nodeName: "node2",
      wantPreFilter: ["node1"],
      wantFilter: ErrReasonPod,
    },
    {
      name: "Pod with two terms: matchFields does not match, but matchExpressions matches",
      pod: makePod({ name: "p", affinity: required({ matchFields: [nameIn("node1"), nameIn("node2")] }, { matchExpressions: [expr("foo", "In", ["bar"])] }) }),
      nodeName: "node2",
      labels: { foo: "bar" },
    },
    {
      name: "Pod with one term: matchFields does not match, but matchExpressions matches",
      pod: makePod({ name: "p", affinity: required({ matchFields: [nameIn("node1")], matchExpressions: [expr("foo", "In", ["bar"])] }) }),
      nodeName: "node2",
      labels: { foo: "bar" },
      wantPreFilter: ["node1"],
      wantFilter: ErrReasonPod,
    },
    {
      name: "Pod with one term: both matchFields and matchExpressions match",
      pod: makePod({ name: "p", affinity: required({ matchFields: [nameIn("node1")], matchExpressions: [expr("foo", "In", ["bar"])] }) }),
      nodeName: "node1",
      labels: { foo: "bar" },
      wantPreFilter: ["node1"],
    },
    {
      name: "Pod with two terms: both matchFields and matchExpressions do not match",
      pod: makePod({ name: "p", affinity: required({ matchFields: [nameIn("node1")] }, { matchExpressions: [expr("foo", "In", ["not-match-to-bar"])] }) }),
      nodeName: "node2",
      labels: { foo: "bar" },
      wantFilter: ErrReasonPod,
    },
    {
      name: "Pod with two terms of node.Name affinity",
      pod: makePod({ name: "p", affinity: required({ matchFields: [nameIn("node1")] }, { matchFields: [nameIn("node2")] }) }),
      nodeName: "node2",
      wantPreFilter: ["node1", "node2"],
    },
    {
      name: "Pod with two conflicting mach field requirements",
      pod: makePod({ name: "p", affinity: required({ matchFields: [nameIn("node1"), nameIn("node2")] }) }),
      nodeName: "node2",
      labels: { foo: "bar" },
      wantPreFilter: Status.unresolvable(ErrReasonConflict),
      wantFilter: ErrReasonPod,
    },
    {
      name: "Matches added affinity and Pod's node affinity",
      pod: makePod({ name: "p", affinity: required({ matchExpressions: [expr("zone", "In", ["foo"])] }) }),
      nodeName: "node2",
      labels: { zone: "foo" },
      args: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [nameIn("node2")] }] } },
    },
    {
      name: "Matches added affinity but not Pod's node affinity",
      pod: makePod({ name: "p", affinity: required({ matchExpressions: [expr("zone", "In", ["bar"])] }) }),
      nodeName: "node2",
      labels: { zone: "foo" },
      args: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [nameIn("node2")] }] } },
      wantFilter: ErrReasonPod,
    },
    {
      name: "Doesn't match added affinity",
      pod: makePod({ name: "p" }),
      nodeName: "node2",
      labels: { zone: "foo" },
      args: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expr("zone", "In", ["bar"])] }] } },
      wantFilter: ErrReasonEnforced,
    },
    {
      name: "Matches node selector correctly even if PreFilter is not called",
      pod: makePod({ name: "p", nodeSelector: { foo: "bar" } }),
      labels: { foo: "bar", baz: "blah" },
      runPreFilter: false,
    },
    {
      name: "Matches node affinity correctly even if PreFilter is not called",
      pod: makePod({ name: "p", affinity: required({ matchExpressions: [expr("GPU", "Exists"), expr("GPU", "NotIn", ["AMD", "INTER"])] }) }),
      labels: { GPU: "NVIDIA-GRID-K1" },
      runPreFilter: false,
    },
    // Not upstream: more Gt/Lt and lazy-parse-error edges.
    {
      name: "Lt operator: label not below the value does not match",
      pod: makePod({ name: "p", affinity: required({ matchExpressions: [expr("kernel-version", "Lt", ["0204"])] }) }),
      labels: { "kernel-version": "0206" },
      wantFilter: ErrReasonPod,
    },
    {
      name: "Gt operator: a non-integer label never matches",
      pod: makePod({ name: "p", affinity: required({ matchExpressions: [expr("kernel-version", "Gt", ["1"])] }) }),
      labels: { "kernel-version": "v2" },
      wantFilter: ErrReasonPod,
    },
    {
      name: "an unparsable term does not hide a valid one (lazy errors)",
      pod: makePod({
        name: "p",
        affinity: required({ matchExpressions: [expr("foo", "Gt", ["x"])] }, { matchExpressions: [expr("foo", "In", ["bar"])] }),
      }),
      labels: { foo: "bar" },
    },
    {
      name: "matchFields In with two values is a parse error in Filter but still narrows PreFilter",
      pod: makePod({ name: "p", affinity: required({ matchFields: [nameIn("node1", "node2")] }) }),
      nodeName: "node1",
      wantPreFilter: ["node1", "node2"],
      wantFilter: ErrReasonPod,
    },
    {
      name: "required affinity with no terms matches no node",
      pod: makePod({ name: "p", affinity: required() }),
      wantFilter: ErrReasonPod,
    },
  ];
  for (const c of cases) it(c.name, () => run(c));

  it("compiles the pod once into PodInfo.cache", () => {
    const pl = plugin();
    const pi = new PodInfo(makePod({ name: "p", nodeSelector: { foo: "bar" } }));
    pl.preFilter!(new CycleState(), pi, []);
    const cached = pi.cache.get("NodeAffinity");
    expect(cached).toBeDefined();
    pl.filter!(new CycleState(), pi, new NodeInfo(makeNode({ name: "n", labels: { foo: "bar" } })));
    expect(pi.cache.get("NodeAffinity")).toBe(cached);
  });
});

// Upstream: TestNodeAffinityPriority.
describe("NodeAffinity score (TestNodeAffinityPriority)", () => {
  const label1 = { foo: "bar" };
  const label2 = { key: "value" };
  const label3 = { az: "az1" };
  const label4 = { abc: "az11", def: "az22" };
  const label5 = { foo: "bar", key: "value", az: "az1" };
  const affinity1: NodeAffinitySpec = {
    preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 2, preference: { matchExpressions: [expr("foo", "In", ["bar"])] } }],
  };
  const affinity2: NodeAffinitySpec = {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 2, preference: { matchExpressions: [expr("foo", "In", ["bar"])] } },
      { weight: 4, preference: { matchExpressions: [expr("key", "In", ["value"])] } },
      {
        weight: 5,
        preference: { matchExpressions: [expr("foo", "In", ["bar"]), expr("key", "In", ["value"]), expr("az", "In", ["az1"])] },
      },
    ],
  };
  const nodes = (...n: [string, Record<string, string>][]) => makeSnapshot(n.map(([name, labels]) => makeNode({ name, labels })));
  const podWith = (na?: NodeAffinitySpec) => makePod({ name: "p", ...(na ? { affinity: { nodeAffinity: na } } : {}) });

  it("all nodes are same priority as NodeAffinity is nil", () => {
    const snap = nodes(["node1", label1], ["node2", label2], ["node3", label3]);
    expect(plugin().preScore!(new CycleState(), new PodInfo(podWith()), snap.nodes)).toBe(SKIP);
    expect(scoreAll(plugin(), podWith(), snap)).toEqual({ node1: 0, node2: 0, node3: 0 });
  });
  it("no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero", () => {
    expect(scoreAll(plugin(), podWith(affinity1), nodes(["node1", label4], ["node2", label2], ["node3", label3]))).toEqual({
      node1: 0,
      node2: 0,
      node3: 0,
    });
  });
  it("only node1 matches the preferred scheduling requirements of pod", () => {
    expect(scoreAll(plugin(), podWith(affinity1), nodes(["node1", label1], ["node2", label2], ["node3", label3]))).toEqual({
      node1: 100,
      node2: 0,
      node3: 0,
    });
  });
  it("all nodes matches the preferred scheduling requirements of pod but with different priorities ", () => {
    expect(scoreAll(plugin(), podWith(affinity2), nodes(["node1", label1], ["node5", label5], ["node2", label2]))).toEqual({
      node1: 18,
      node5: 100,
      node2: 36,
    });
  });
  it("added affinity", () => {
    expect(scoreAll(plugin(affinity1), podWith(), nodes(["node1", label1], ["node2", label2]))).toEqual({ node1: 100, node2: 0 });
  });
  it("added affinity and pod has default affinity", () => {
    const added: NodeAffinitySpec = {
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 3, preference: { matchExpressions: [expr("key", "In", ["value"])] } }],
    };
    expect(scoreAll(plugin(added), podWith(affinity1), nodes(["node1", label1], ["node2", label2], ["node3", label5]))).toEqual({
      node1: 40,
      node2: 60,
      node3: 100,
    });
  });
  it("calculate the priorities correctly even if PreScore is not called", () => {
    const snap = nodes(["node1", label1], ["node5", label5], ["node2", label2]);
    const pl = plugin();
    const pi = new PodInfo(podWith(affinity2));
    const scores = Float64Array.from(snap.nodes.map((n) => pl.score!(new CycleState(), pi, n) as number));
    pl.normalizeScore!(new CycleState(), pi, { nodes: snap.nodes, scores });
    expect(Array.from(scores)).toEqual([18, 100, 36]);
  });

  it("an empty preferred list is not skipped (kube checks for nil) and scores 0", () => {
    const pi = new PodInfo(podWith({ preferredDuringSchedulingIgnoredDuringExecution: [] }));
    expect(plugin().preScore!(new CycleState(), pi, [])).toBeNull();
  });
  it("an unparsable preferred term is a PreScore error", () => {
    const bad = podWith({ preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [expr("a", "In")] } }] });
    expect(plugin().preScore!(new CycleState(), new PodInfo(bad), [])?.code).toBe(Code.Error);
  });
});

describe("NodeAffinity args", () => {
  it("defaults to no added affinity", () => expect(NodeAffinity.args(undefined, "args")).toEqual({}));
  it("accepts a valid addedAffinity", () => {
    const raw = { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }] } } };
    expect(NodeAffinity.args(raw, "args")).toEqual(raw);
  });
  const req = (terms: unknown) => ({ addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
  const pref = (list: unknown) => ({ addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: list } });
  const R = "args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution";
  const P = "args.addedAffinity.preferredDuringSchedulingIgnoredDuringExecution";
  const bad: [string, unknown, string][] = [
    ["unknown field", { addedAfinity: {} }, "args.addedAfinity: unknown field"],
    ["args not a mapping", ["x"], "args: must be an object"],
    ["addedAffinity not a mapping", { addedAffinity: "x" }, "args.addedAffinity: must be an object"],
    ["unknown nested field", { addedAffinity: { required: {} } }, "args.addedAffinity.required: unknown field"],
    ["nodeSelectorTerms not a list", req({ matchExpressions: [] }), `${R}.nodeSelectorTerms: must be a list`],
    ["a term not a mapping", req([null]), `${R}.nodeSelectorTerms[0]: must be an object`],
    ["matchExpressions not a list", req([{ matchExpressions: {} }]), `${R}.nodeSelectorTerms[0].matchExpressions: must be a list`],
    ["matchFields not a list", req([{ matchFields: "metadata.name" }]), `${R}.nodeSelectorTerms[0].matchFields: must be a list`],
    ["a key that is not a string", req([{ matchExpressions: [{ key: 1, operator: "Exists" }] }]), `${R}.nodeSelectorTerms[0].matchExpressions[0].key: must be a string`],
    ["a missing operator", req([{ matchExpressions: [{ key: "k" }] }]), `${R}.nodeSelectorTerms[0].matchExpressions[0].operator: must be a string`],
    ["values not strings", req([{ matchExpressions: [{ key: "k", operator: "In", values: [1] }] }]), `${R}.nodeSelectorTerms[0].matchExpressions[0].values[0]: must be a string`],
    ["values not a list", req([{ matchExpressions: [{ key: "k", operator: "In", values: "a" }] }]), `${R}.nodeSelectorTerms[0].matchExpressions[0].values: must be a list`],
    ["invalid operator", req([{ matchExpressions: [{ key: "k", operator: "Foo" }] }]), `${R}.nodeSelectorTerms[0].matchExpressions[0]: unsupported operator "Foo"`],
    ["the second term invalid", req([{}, { matchFields: [{ key: "metadata.name", operator: "In", values: ["a", "b"] }] }]), `${R}.nodeSelectorTerms[1].matchFields[0]: matchFields: must have exactly one value`],
    ["preferred not a list", pref({ weight: 1 }), `${P}: must be a list`],
    ["non-integer weight", pref([{ weight: 1.5, preference: {} }]), `${P}[0].weight: must be an integer`],
    ["a weight that is a string", pref([{ weight: "1", preference: {} }]), `${P}[0].weight: must be an integer`],
    ["a weight past int32", pref([{ weight: 2147483648, preference: {} }]), `${P}[0].weight: must fit in int32`],
    ["a weight below int32", pref([{ weight: -2147483649, preference: {} }]), `${P}[0].weight: must fit in int32`],
    ["invalid preferred term", pref([{ weight: 1, preference: { matchFields: [{ key: "metadata.name", operator: "Exists" }] } }]), `${P}[0].preference.matchFields[0]: matchFields: unsupported operator "Exists"`],
  ];
  it("accepts int32 bounds, a missing preference or weight, and null lists", () => {
    expect(NodeAffinity.args(pref([{ weight: 2147483647, preference: {} }, { weight: -2147483648 }, { preference: {} }]), "args")).toEqual(
      pref([{ weight: 2147483647, preference: {} }, { weight: -2147483648, preference: {} }, { weight: 0, preference: {} }]),
    );
    expect(NodeAffinity.args({ addedAffinity: null }, "args")).toEqual({});
    expect(NodeAffinity.args({ addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } }, "args")).toEqual(req([]));
    expect(NodeAffinity.args(req([{ matchExpressions: null, matchFields: [{ key: "metadata.name", operator: "In", values: ["n"] }] }]), "args")).toEqual(
      req([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n"] }] }]),
    );
  });
  for (const [name, raw, message] of bad) {
    it(`rejects ${name}`, () => {
      let err: unknown;
      try {
        NodeAffinity.args(raw, "args");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ArgsError);
      expect((err as ArgsError).message).toBe(message);
      expect(message.startsWith(`${(err as ArgsError).path}: `)).toBe(true);
    });
  }
});
