// Expectations from apimachinery labels/selector_test.go, meta/v1/helpers_test.go and
// component-helpers scheduling/corev1/nodeaffinity/nodeaffinity_test.go (test names in each `it`).
import { describe, expect, it } from "vitest";
import {
  SelectorError,
  compileLabelSelector,
  compileMapSelector,
  compileNodeSelector,
  compileNodeSelectorTerm,
  nodeNamesFromTerm,
  type Labels,
} from "./selectors.js";
import type { LabelSelector, NodeSelectorRequirement, NodeSelectorTerm } from "./types.js";

const req = (key: string, operator: string, values?: string[]) => ({ key, operator, values }) as NodeSelectorRequirement;
const sel = (...matchExpressions: NodeSelectorRequirement[]) => compileNodeSelector({ nodeSelectorTerms: [{ matchExpressions }] });

describe("compileLabelSelector (LabelSelectorAsSelector)", () => {
  it("TestLabelSelectorAsSelector: nil selects nothing, empty selects everything", () => {
    expect(compileLabelSelector(null).matches({ any: "label" })).toBe(false);
    expect(compileLabelSelector(undefined).matches({})).toBe(false);
    const all = compileLabelSelector({});
    expect(all.empty).toBe(true);
    expect(all.matches({ any: "label" })).toBe(true);
    expect(all.matches(undefined)).toBe(true);
    expect(compileLabelSelector({ matchLabels: {}, matchExpressions: [] }).matches({})).toBe(true);
  });

  it("TestLabelSelectorAsSelector: matchLabels and matchExpressions are ANDed (baz in (norf,qux),foo=bar)", () => {
    const s = compileLabelSelector({ matchLabels: { foo: "bar" }, matchExpressions: [{ key: "baz", operator: "In", values: ["qux", "norf"] }] });
    expect(s.empty).toBe(false);
    expect(s.matches({ foo: "bar", baz: "qux" })).toBe(true);
    expect(s.matches({ foo: "bar", baz: "norf", extra: "x" })).toBe(true);
    expect(s.matches({ foo: "bar", baz: "other" })).toBe(false);
    expect(s.matches({ baz: "qux" })).toBe(false);
    expect(s.matches({ foo: "bar" })).toBe(false);
  });

  it("TestSelectorMatches: equality, NotIn and existence", () => {
    const m = (s: LabelSelector, l: Labels) => compileLabelSelector(s).matches(l);
    expect(m({ matchLabels: { x: "y" } }, { x: "y" })).toBe(true);
    expect(m({ matchLabels: { x: "y", z: "w" } }, { x: "y", z: "w" })).toBe(true);
    expect(m({ matchLabels: { x: "z" } }, {})).toBe(false);
    expect(m({ matchLabels: { x: "y" } }, { x: "z" })).toBe(false);
    expect(m({ matchLabels: { foo: "bar", foobar: "bar", baz: "blah" } }, { foo: "bar", baz: "blah" })).toBe(false);
    const notIn = (k: string, v: string) => ({ key: k, operator: "NotIn" as const, values: [v] });
    expect(m({ matchExpressions: [notIn("x", "y"), notIn("z", "w")] }, { x: "z", z: "a" })).toBe(true);
    expect(m({ matchExpressions: [notIn("x", "y"), notIn("z", "w")] }, { x: "z", z: "w" })).toBe(false);
    expect(m({ matchExpressions: [{ key: "x", operator: "Exists" }] }, { x: "z" })).toBe(true);
    expect(m({ matchExpressions: [{ key: "x", operator: "Exists" }] }, { y: "z" })).toBe(false);
    expect(m({ matchExpressions: [{ key: "x", operator: "DoesNotExist" }] }, { y: "z" })).toBe(true);
    expect(m({ matchExpressions: [{ key: "x", operator: "DoesNotExist" }] }, { x: "z" })).toBe(false);
  });

  it("TestRequirementSelectorMatching: NotIn on a missing key matches; In with an empty value does not", () => {
    const m = (s: LabelSelector, l: Labels) => compileLabelSelector(s).matches(l);
    expect(
      m({ matchExpressions: [{ key: "x", operator: "In", values: ["foo"] }, { key: "y", operator: "NotIn", values: ["alpha"] }] }, { x: "foo", y: "baz" }),
    ).toBe(true);
    expect(
      m({ matchExpressions: [{ key: "x", operator: "In", values: ["foo"] }, { key: "y", operator: "In", values: ["alpha"] }] }, { x: "foo", y: "baz" }),
    ).toBe(false);
    expect(m({ matchExpressions: [{ key: "x", operator: "NotIn", values: [""] }, { key: "y", operator: "Exists" }] }, { y: "" })).toBe(true);
    expect(m({ matchExpressions: [{ key: "x", operator: "DoesNotExist" }, { key: "y", operator: "Exists" }] }, { y: "" })).toBe(true);
    expect(m({ matchExpressions: [{ key: "x", operator: "NotIn", values: [""] }, { key: "y", operator: "DoesNotExist" }] }, { y: "" })).toBe(false);
    expect(m({ matchExpressions: [{ key: "x", operator: "In", values: [""] }] }, { y: "baz" })).toBe(false);
  });

  it("TestLabelSelectorAsSelector: Gt/Lt are not label selector operators", () => {
    const bad = { matchExpressions: [{ key: "x", operator: "Gt", values: ["1"] }] } as unknown as LabelSelector;
    expect(() => compileLabelSelector(bad, "spec.selector")).toThrow(SelectorError);
    expect(() => compileLabelSelector(bad, "spec.selector")).toThrow('spec.selector.matchExpressions[0].operator: "Gt" is not a valid label selector operator');
  });

  it("TestRequirementConstructor: value-count, operator and key errors", () => {
    const c = (key: string, operator: string, values?: string[]) => () =>
      compileLabelSelector({ matchExpressions: [{ key, operator, values }] } as unknown as LabelSelector, "s");
    expect(c("x", "In")).toThrow("s.matchExpressions[0].values: for 'in', 'notin' operators, values set can't be empty");
    expect(c("x", "NotIn", [])).toThrow(SelectorError);
    expect(c("x", "Exists", ["bar"])).toThrow("s.matchExpressions[0].values: values set must be empty for exists and does not exist");
    expect(c("x", "Equals", ["bar"])).toThrow('s.matchExpressions[0].operator: unsupported operator "Equals"');
    expect(c("a".repeat(254), "Exists")).toThrow("s.matchExpressions[0].key");
    expect(c("bad key", "Exists")).toThrow(SelectorError);
    expect(c("x", "In", ["bad value!"])).toThrow("s.matchExpressions[0].values[0]: invalid label value");
    // Valid ones, including numeric-looking keys.
    expect(c("1foo", "In", ["bar"])).not.toThrow();
    expect(c("1234", "In", ["bar"])).not.toThrow();
    expect(c("x", "DoesNotExist")).not.toThrow();
    expect(c("example.com/x", "In", [""])).not.toThrow();
  });

  it("validates matchLabels keys and values", () => {
    expect(() => compileLabelSelector({ matchLabels: { "a/b/c": "x" } }, "s")).toThrow("s.matchLabels.a/b/c:");
    expect(() => compileLabelSelector({ matchLabels: { app: "-x" } }, "s")).toThrow(SelectorError);
  });
});

describe("compileMapSelector (SelectorFromSet)", () => {
  it("TestSetMatches / TestNilMapIsValid", () => {
    const labels = { foo: "bar", baz: "blah" };
    expect(compileMapSelector(undefined).matches(labels)).toBe(true);
    expect(compileMapSelector(undefined).empty).toBe(true);
    expect(compileMapSelector({}).matches(labels)).toBe(true);
    expect(compileMapSelector({ foo: "bar" }).matches(labels)).toBe(true);
    expect(compileMapSelector({ foo: "bar", baz: "blah" }).matches(labels)).toBe(true);
    expect(compileMapSelector({ foo: "blah" }).matches(labels)).toBe(false);
    expect(compileMapSelector({ foo: "bar", foobar: "bar" }).matches(labels)).toBe(false);
  });

  it("does not validate (SelectorFromSet passes bad values through)", () => {
    expect(compileMapSelector({ foo: "=blah" }).matches({ foo: "bar" })).toBe(false);
    expect(compileMapSelector({ foo: "=blah" }).matches({ foo: "=blah" })).toBe(true);
  });
});

describe("node selector requirements", () => {
  it("TestPodMatchesNodeSelectorAndAffinityTerms: In, NotIn, Exists and Gt", () => {
    expect(sel(req("foo", "In", ["bar", "value2"])).matches({ foo: "bar" }, "n")).toBe(true);
    expect(sel(req("foo", "In", ["value1", "value2"])).matches({ foo: "bar" }, "n")).toBe(false);
    expect(sel(req("mem-type", "NotIn", ["DDR", "DDR2"])).matches({ "mem-type": "DDR3" }, "n")).toBe(true);
    expect(sel(req("GPU", "Exists")).matches({ GPU: "NVIDIA-GRID-K1" }, "n")).toBe(true);
    expect(sel(req("kernel-version", "Gt", ["0204"])).matches({ "kernel-version": "0206" }, "n")).toBe(true);
  });

  it("TestPodMatchesNodeSelectorAndAffinityTerms: multiple matchExpressions are ANDed", () => {
    expect(sel(req("GPU", "Exists"), req("GPU", "NotIn", ["AMD", "INTER"])).matches({ GPU: "NVIDIA-GRID-K1" }, "n")).toBe(true);
    expect(sel(req("GPU", "Exists"), req("GPU", "In", ["AMD", "INTER"])).matches({ GPU: "NVIDIA-GRID-K1" }, "n")).toBe(false);
  });

  it("NotIn and DoesNotExist match a node without the key", () => {
    expect(sel(req("foo", "NotIn", ["bar"])).matches({}, "n")).toBe(true);
    expect(sel(req("foo", "NotIn", ["bar"])).matches(undefined, "n")).toBe(true);
    expect(sel(req("foo", "DoesNotExist")).matches({ other: "x" }, "n")).toBe(true);
  });

  it("TestSelectorMatches / TestRequirementSelectorMatching: Gt and Lt compare integers", () => {
    expect(sel(req("x", "Gt", ["1"])).matches({ x: "2" }, "n")).toBe(true);
    expect(sel(req("x", "Gt", ["1"])).matches({ x: "0" }, "n")).toBe(false);
    expect(sel(req("x", "Gt", ["1"])).matches({ x: "1" }, "n")).toBe(false);
    expect(sel(req("x", "Lt", ["1"])).matches({ x: "0" }, "n")).toBe(true);
    expect(sel(req("x", "Lt", ["1"])).matches({ x: "2" }, "n")).toBe(false);
    expect(sel(req("x", "Lt", ["0"])).matches({ x: "-5" }, "n")).toBe(true);
    expect(sel(req("x", "Gt", ["1"])).matches({ x: "+3" }, "n")).toBe(true); // ParseInt accepts a sign
    // NewRequirement also checks values as label values, so a negative operand is rejected.
    expect(() => sel(req("x", "Gt", ["-1"]))).toThrow("values[0]: invalid label value");
  });

  it("TestRequirementSelectorMatching: a non-integer or missing label never matches Gt/Lt", () => {
    expect(sel(req("z", "Gt", ["1"])).matches({ z: "v2" }, "n")).toBe(false);
    expect(sel(req("z", "Lt", ["1"])).matches({ z: "v2" }, "n")).toBe(false);
    expect(sel(req("z", "Lt", ["1"])).matches({ z: "" }, "n")).toBe(false);
    expect(sel(req("z", "Lt", ["1"])).matches({ z: "0.5" }, "n")).toBe(false);
    expect(sel(req("z", "Lt", ["100"])).matches({}, "n")).toBe(false);
    // Out of int64 range: ParseInt fails, so no match.
    expect(sel(req("z", "Gt", ["1"])).matches({ z: "9223372036854775808" }, "n")).toBe(false);
  });

  it("compares int64 values beyond 2^53 exactly", () => {
    expect(sel(req("z", "Gt", ["9007199254740992"])).matches({ z: "9007199254740993" }, "n")).toBe(true);
    expect(sel(req("z", "Lt", ["9223372036854775807"])).matches({ z: "9223372036854775806" }, "n")).toBe(true);
    expect(sel(req("z", "Lt", ["9223372036854775807"])).matches({ z: "9223372036854775807" }, "n")).toBe(false);
  });

  it("TestRequirementConstructor: Gt/Lt need exactly one integer value", () => {
    expect(() => sel(req("foo", "Gt", ["bar"]))).toThrow("values[0]: for 'Gt', 'Lt' operators, the value must be an integer");
    expect(() => sel(req("barz", "Lt", ["blah"]))).toThrow(SelectorError);
    expect(() => sel(req("foo", "Gt", ["1", "2"]))).toThrow("for 'Gt', 'Lt' operators, exactly one value is required");
    expect(() => sel(req("foo", "Lt"))).toThrow(SelectorError);
    expect(() => sel(req("y", "Gt", ["1"]))).not.toThrow();
  });

  it("TestNodeSelectorRequirementsAsSelector: Exists with values and unknown operators are errors", () => {
    expect(() => sel(req("foo", "Exists", ["bar", "baz"]))).toThrow(
      "nodeSelector.nodeSelectorTerms[0].matchExpressions[0].values: values set must be empty for exists and does not exist",
    );
    expect(() => sel(req("foo", "Equal", ["bar"]))).toThrow(
      'nodeSelector.nodeSelectorTerms[0].matchExpressions[0].operator: unsupported operator "Equal" (supported: In, NotIn, Exists, DoesNotExist, Gt, Lt)',
    );
    expect(() => sel(req("invalid key", "In", ["label_value"]))).toThrow("matchExpressions[0].key");
  });
});

describe("compileNodeSelector: terms", () => {
  const termIn = (key: string, ...values: string[]): NodeSelectorTerm => ({ matchExpressions: [req(key, "In", values)] });
  const fieldIn = (name: string, operator = "In"): NodeSelectorTerm => ({ matchFields: [req("metadata.name", operator, [name])] });

  it("TestPodMatchesNodeSelectorAndAffinityTerms: terms are ORed", () => {
    const s = compileNodeSelector({ nodeSelectorTerms: [termIn("foo", "bar", "value2"), termIn("diffkey", "wrong", "value2")] });
    expect(s.matches({ foo: "bar" }, "n")).toBe(true);
    expect(s.matches({ diffkey: "wrong" }, "n")).toBe(true);
    expect(s.matches({ foo: "x", diffkey: "y" }, "n")).toBe(false);
  });

  it("TestPodMatchesNodeSelectorAndAffinityTerms: nil, empty and empty-term selectors match nothing", () => {
    expect(compileNodeSelector({ nodeSelectorTerms: [] }).matches({ foo: "bar" }, "n")).toBe(false);
    expect(compileNodeSelector({} as never).matches({ foo: "bar" }, "n")).toBe(false);
    expect(compileNodeSelector({ nodeSelectorTerms: [{ matchExpressions: [] }] }).matches({ foo: "bar" }, "n")).toBe(false);
    expect(compileNodeSelector({ nodeSelectorTerms: [{}] }).matches({}, "n")).toBe(false);
    expect(compileNodeSelectorTerm({}, "t").empty).toBe(true);
    // An empty term next to a matching one does not block it.
    expect(compileNodeSelector({ nodeSelectorTerms: [{}, termIn("foo", "bar")] }).matches({ foo: "bar" }, "n")).toBe(true);
  });

  it("TestPodMatchesNodeSelectorAndAffinityTerms: matchFields on metadata.name", () => {
    expect(compileNodeSelector({ nodeSelectorTerms: [fieldIn("node_1")] }).matches({}, "node_1")).toBe(true);
    expect(compileNodeSelector({ nodeSelectorTerms: [fieldIn("node_1")] }).matches({}, "node_2")).toBe(false);
    expect(compileNodeSelector({ nodeSelectorTerms: [fieldIn("node_1", "NotIn")] }).matches({}, "node_2")).toBe(true);
    expect(compileNodeSelector({ nodeSelectorTerms: [fieldIn("node_1", "NotIn")] }).matches({}, "node_1")).toBe(false);
  });

  it("TestPodMatchesNodeSelectorAndAffinityTerms: matchFields and matchExpressions in one term are ANDed, across terms ORed", () => {
    const both: NodeSelectorTerm = { ...fieldIn("node_1"), ...termIn("foo", "bar") };
    expect(compileNodeSelector({ nodeSelectorTerms: [both] }).matches({ foo: "bar" }, "node_2")).toBe(false);
    expect(compileNodeSelector({ nodeSelectorTerms: [both] }).matches({ foo: "bar" }, "node_1")).toBe(true);
    expect(compileNodeSelector({ nodeSelectorTerms: [both] }).matches({}, "node_1")).toBe(false); // TestNodeSelectorMatch
    expect(compileNodeSelector({ nodeSelectorTerms: [fieldIn("node_1"), termIn("foo", "bar")] }).matches({ foo: "bar" }, "node_2")).toBe(true);
    expect(
      compileNodeSelector({ nodeSelectorTerms: [fieldIn("node_1"), termIn("foo", "not-match-to-bar")] }).matches({ foo: "bar" }, "node_2"),
    ).toBe(false);
  });

  it("TestNodeSelectorMatch: invalid field selector (two values) and invalid key are errors", () => {
    const twoValues: NodeSelectorTerm = { matchFields: [req("metadata.name", "In", ["host_1", "host_2"])] };
    expect(() => compileNodeSelector({ nodeSelectorTerms: [twoValues] })).toThrow("nodeSelector.nodeSelectorTerms[0].matchFields[0].values: must have one element");
    expect(() => compileNodeSelector({ nodeSelectorTerms: [{ matchFields: [req("metadata.uid", "In", ["x"])] }] })).toThrow(
      "matchFields[0].key: \"metadata.uid\" is not a valid field selector key",
    );
    expect(() => compileNodeSelector({ nodeSelectorTerms: [{ matchFields: [req("metadata.name", "Exists")] }] })).toThrow("matchFields[0].operator");
    expect(() => compileNodeSelector({ nodeSelectorTerms: [termIn("invalid key", "v")] }, "aff")).toThrow("aff.nodeSelectorTerms[0].matchExpressions[0].key");
  });

  it("LazyErrorNodeSelector: with lazy, an invalid term matches nothing and valid terms still apply", () => {
    const invalid: NodeSelectorTerm = { matchExpressions: [req("foo", "NotIn", ["invalid value: ___@#$%^"])] };
    const lazy = compileNodeSelector({ nodeSelectorTerms: [invalid] }, "n", { lazy: true });
    expect(lazy.matches({ foo: "bar" }, "n")).toBe(false);
    const mixed = compileNodeSelector({ nodeSelectorTerms: [invalid, fieldIn("host_1")] }, "n", { lazy: true });
    expect(mixed.matches({}, "host_1")).toBe(true);
    expect(mixed.matches({}, "host_2")).toBe(false);
    expect(() => compileNodeSelector({ nodeSelectorTerms: [invalid] })).toThrow(SelectorError);
  });

  it("nodeNamesFromTerm: only a lone metadata.name In pins nodes", () => {
    expect(nodeNamesFromTerm(fieldIn("node_1"))).toEqual(["node_1"]);
    expect(nodeNamesFromTerm(fieldIn("node_1", "NotIn"))).toBeNull();
    expect(nodeNamesFromTerm({ ...fieldIn("node_1"), ...termIn("foo", "bar") })).toBeNull();
  });
});
