import { describe, expect, it } from "vitest";
import { Code } from "../../../core/scheduler/status.js";
import { filterAll, makeHandle, makeNode, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { NodeName } from "./index.js";

// Upstream: nodename/node_name_test.go TestNodeName.
describe("NodeName (TestNodeName)", () => {
  const snap = makeSnapshot([makeNode({ name: "foo" })]);
  const pl = NodeName.create(NodeName.args(undefined, "args"), makeHandle(snap));

  it("no host specified", () => expect(filterAll(pl, makePod({ name: "p" }), snap).foo).toBeNull());
  it("host matches", () => expect(filterAll(pl, makePod({ name: "p", nodeName: "foo" }), snap).foo).toBeNull());
  it("host doesn't match", () => {
    const st = filterAll(pl, makePod({ name: "p", nodeName: "bar" }), snap).foo;
    expect(st?.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(st?.reasons).toEqual(["node(s) didn't match the requested node name"]);
  });
  it("has no PreFilter in v1.33", () => expect(pl.preFilter).toBeUndefined());
});
