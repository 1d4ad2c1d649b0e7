import { describe, expect, it } from "vitest";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Code, Status } from "../../../core/scheduler/status.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { DefaultBinder } from "./index.js";

// Upstream: defaultbinder/default_binder_test.go TestDefaultBinder ("successful" binds the pod to the node,
// "binding error" propagates the API error as the Bind status).
describe("DefaultBinder (TestDefaultBinder)", () => {
  it("successful", () => {
    const handle = makeHandle(makeSnapshot([makeNode({ name: "foohost" })]));
    const pl = DefaultBinder.create(DefaultBinder.args(undefined, "args"), handle);
    const st = pl.bind!(new CycleState(), new PodInfo(makePod({ name: "foo" })), "foohost");
    expect(st).toBeNull();
    expect(handle.bound).toEqual([["foo", "foohost"]]);
  });

  it("binding error", () => {
    const handle = { ...makeHandle(makeSnapshot([])), bindPod: () => Status.error("injected") };
    const pl = DefaultBinder.create(undefined, handle);
    const st = pl.bind!(new CycleState(), new PodInfo(makePod({ name: "foo" })), "foohost");
    expect(st?.code).toBe(Code.Error);
    expect(st?.reasons).toEqual(["injected"]);
  });
});
