import { describe, expect, it } from "vitest";
import { Code } from "../../../core/scheduler/status.js";
import { filterAll, makeHandle, makeNode, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { NodeUnschedulable } from "./index.js";

// Upstream: nodeunschedulable/node_unschedulable_test.go TestNodeUnschedulable.
describe("NodeUnschedulable (TestNodeUnschedulable)", () => {
  const snap = makeSnapshot([makeNode({ name: "cordoned", unschedulable: true }), makeNode({ name: "normal" })]);
  const pl = NodeUnschedulable.create(NodeUnschedulable.args(undefined, "args"), makeHandle(snap));

  it("Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)", () => {
    const st = filterAll(pl, makePod({ name: "p" }), snap).cordoned;
    expect(st?.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(st?.reasons).toEqual(["node(s) were unschedulable"]);
  });

  it("Schedule pod to normal node", () => expect(filterAll(pl, makePod({ name: "p" }), snap).normal).toBeNull());

  it("Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)", () => {
    const pod = makePod({ name: "p", tolerations: [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }] });
    expect(filterAll(pl, pod, snap).cordoned).toBeNull();
  });

  it("a toleration for another effect does not help", () => {
    const pod = makePod({ name: "p", tolerations: [{ key: "node.kubernetes.io/unschedulable", effect: "NoExecute" }] });
    expect(filterAll(pl, pod, snap).cordoned?.code).toBe(Code.UnschedulableAndUnresolvable);
  });
});
