import { describe, expect, it } from "vitest";
import type { Taint, Toleration } from "../../../core/api/types.js";
import { Code } from "../../../core/scheduler/status.js";
import { filterAll, makeHandle, makeNode, makePod, makeSnapshot, scoreAll } from "../../../core/scheduler/testing.js";
import { TaintToleration } from "./index.js";

const plugin = () => TaintToleration.create(TaintToleration.args(undefined, "args"), makeHandle(makeSnapshot([])));
const pod = (tolerations: Toleration[]) => makePod({ name: "pod1", tolerations });

function scores(tolerations: Toleration[], nodes: [string, Taint[]][]) {
  const snap = makeSnapshot(nodes.map(([name, taints]) => makeNode({ name, taints })));
  return scoreAll(plugin(), pod(tolerations), snap);
}

function filter(tolerations: Toleration[], taints: Taint[]) {
  const snap = makeSnapshot([makeNode({ name: "nodeA", taints })]);
  return filterAll(plugin(), pod(tolerations), snap).nodeA ?? null;
}

// Upstream: tainttoleration/taint_toleration_test.go TestTaintTolerationScore (the Gt/Lt cases are v1.35+).
describe("TaintToleration score (TestTaintTolerationScore)", () => {
  it("node with taints tolerated by the pod, gets a higher score than those node with intolerable taints", () => {
    expect(
      scores(
        [{ key: "foo", operator: "Equal", value: "bar", effect: "PreferNoSchedule" }],
        [
          ["nodeA", [{ key: "foo", value: "bar", effect: "PreferNoSchedule" }]],
          ["nodeB", [{ key: "foo", value: "blah", effect: "PreferNoSchedule" }]],
        ],
      ),
    ).toEqual({ nodeA: 100, nodeB: 0 });
  });

  it("the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has", () => {
    expect(
      scores(
        [
          { key: "cpu-type", operator: "Equal", value: "arm64", effect: "PreferNoSchedule" },
          { key: "disk-type", operator: "Equal", value: "ssd", effect: "PreferNoSchedule" },
        ],
        [
          ["nodeA", []],
          ["nodeB", [{ key: "cpu-type", value: "arm64", effect: "PreferNoSchedule" }]],
          [
            "nodeC",
            [
              { key: "cpu-type", value: "arm64", effect: "PreferNoSchedule" },
              { key: "disk-type", value: "ssd", effect: "PreferNoSchedule" },
            ],
          ],
        ],
      ),
    ).toEqual({ nodeA: 100, nodeB: 100, nodeC: 100 });
  });

  it("the more intolerable taints a node has, the lower score it gets.", () => {
    expect(
      scores(
        [{ key: "foo", operator: "Equal", value: "bar", effect: "PreferNoSchedule" }],
        [
          ["nodeA", []],
          ["nodeB", [{ key: "cpu-type", value: "arm64", effect: "PreferNoSchedule" }]],
          [
            "nodeC",
            [
              { key: "cpu-type", value: "arm64", effect: "PreferNoSchedule" },
              { key: "disk-type", value: "ssd", effect: "PreferNoSchedule" },
            ],
          ],
        ],
      ),
    ).toEqual({ nodeA: 100, nodeB: 50, nodeC: 0 });
  });

  it("only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function", () => {
    expect(
      scores(
        [
          { key: "cpu-type", operator: "Equal", value: "arm64", effect: "NoSchedule" },
          { key: "disk-type", operator: "Equal", value: "ssd", effect: "NoSchedule" },
        ],
        [
          ["nodeA", []],
          ["nodeB", [{ key: "cpu-type", value: "arm64", effect: "NoSchedule" }]],
          [
            "nodeC",
            [
              { key: "cpu-type", value: "arm64", effect: "PreferNoSchedule" },
              { key: "disk-type", value: "ssd", effect: "PreferNoSchedule" },
            ],
          ],
        ],
      ),
    ).toEqual({ nodeA: 100, nodeB: 100, nodeC: 0 });
  });

  it("Default behaviour No taints and tolerations, lands on node with no taints", () => {
    expect(
      scores([], [
        ["nodeA", []],
        ["nodeB", [{ key: "cpu-type", value: "arm64", effect: "PreferNoSchedule" }]],
      ]),
    ).toEqual({ nodeA: 100, nodeB: 0 });
  });

  it("a toleration with an empty effect also counts for PreferNoSchedule taints", () => {
    expect(
      scores([{ key: "foo", operator: "Exists" }], [
        ["nodeA", [{ key: "foo", value: "x", effect: "PreferNoSchedule" }]],
        ["nodeB", [{ key: "bar", effect: "PreferNoSchedule" }]],
      ]),
    ).toEqual({ nodeA: 100, nodeB: 0 });
  });
});

// Upstream: TestTaintTolerationFilter, with v1.33's reason text "node(s) had untolerated taint {key: value}".
describe("TaintToleration filter (TestTaintTolerationFilter)", () => {
  const rejected = (reason: string) => ({ code: Code.UnschedulableAndUnresolvable, reasons: [reason] });

  it("A pod having no tolerations can't be scheduled onto a node with nonempty taints", () => {
    expect(filter([], [{ key: "dedicated", value: "user1", effect: "NoSchedule" }])).toMatchObject(
      rejected("node(s) had untolerated taint {dedicated: user1}"),
    );
  });
  it("A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule", () => {
    expect(
      filter([{ key: "dedicated", value: "user1", effect: "NoSchedule" }], [{ key: "dedicated", value: "user1", effect: "NoSchedule" }]),
    ).toBeNull();
  });
  it("A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule", () => {
    expect(
      filter(
        [{ key: "dedicated", operator: "Equal", value: "user2", effect: "NoSchedule" }],
        [{ key: "dedicated", value: "user1", effect: "NoSchedule" }],
      ),
    ).toMatchObject(rejected("node(s) had untolerated taint {dedicated: user1}"));
  });
  it("A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node", () => {
    expect(filter([{ key: "foo", operator: "Exists", effect: "NoSchedule" }], [{ key: "foo", value: "bar", effect: "NoSchedule" }])).toBeNull();
  });
  it("A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node", () => {
    expect(
      filter(
        [
          { key: "dedicated", operator: "Equal", value: "user2", effect: "NoSchedule" },
          { key: "foo", operator: "Exists", effect: "NoSchedule" },
        ],
        [
          { key: "dedicated", value: "user2", effect: "NoSchedule" },
          { key: "foo", value: "bar", effect: "NoSchedule" },
        ],
      ),
    ).toBeNull();
  });
  it("A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node", () => {
    expect(
      filter([{ key: "foo", operator: "Equal", value: "bar", effect: "PreferNoSchedule" }], [{ key: "foo", value: "bar", effect: "NoSchedule" }]),
    ).toMatchObject(rejected("node(s) had untolerated taint {foo: bar}"));
  });
  it("The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node", () => {
    expect(filter([{ key: "foo", operator: "Equal", value: "bar" }], [{ key: "foo", value: "bar", effect: "NoSchedule" }])).toBeNull();
  });
  it("The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node", () => {
    expect(
      filter(
        [{ key: "dedicated", operator: "Equal", value: "user2", effect: "NoSchedule" }],
        [{ key: "dedicated", value: "user1", effect: "PreferNoSchedule" }],
      ),
    ).toBeNull();
  });
  it("The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node", () => {
    expect(filter([], [{ key: "dedicated", value: "user1", effect: "PreferNoSchedule" }])).toBeNull();
  });

  // Upstream TestTaintTolerationFilterWithFeatureGate, gate disabled (v1.33 has no Gt/Lt toleration operators).
  it("Pod with mixed tolerations (Equal and Gt) when feature gate is disabled - only Equal is honored", () => {
    const tols = [
      { key: "dedicated", operator: "Equal", value: "user1", effect: "NoSchedule" },
      { key: "node.kubernetes.io/sla", operator: "Gt", value: "750", effect: "NoSchedule" },
    ] as unknown as Toleration[];
    expect(filter(tols, [{ key: "dedicated", value: "user1", effect: "NoSchedule" }])).toBeNull();
    expect(
      filter(tols, [
        { key: "dedicated", value: "user1", effect: "NoSchedule" },
        { key: "node.kubernetes.io/sla", value: "950", effect: "NoSchedule" },
      ]),
    ).toMatchObject(rejected("node(s) had untolerated taint {node.kubernetes.io/sla: 950}"));
  });

  it("NoExecute taints are enforced and an empty taint value prints as '{key: }'", () => {
    expect(filter([], [{ key: "node-role.kubernetes.io/control-plane", effect: "NoExecute" }])).toMatchObject(
      rejected("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"),
    );
  });
});
