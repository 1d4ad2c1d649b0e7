import { describe, expect, it } from "vitest";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Code } from "../../../core/scheduler/status.js";
import { makeHandle, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { SchedulingGates } from "./index.js";

// Upstream: schedulinggates/scheduling_gates_test.go TestPreEnqueue.
describe("SchedulingGates (TestPreEnqueue)", () => {
  const pl = SchedulingGates.create(SchedulingGates.args(undefined, "args"), makeHandle(makeSnapshot([])));

  it("pod does not carry scheduling gates", () => {
    expect(pl.preEnqueue!(new PodInfo(makePod({ name: "p" })))).toBeNull();
    expect(pl.preEnqueue!(new PodInfo(makePod({ name: "p", spec: { schedulingGates: [] } })))).toBeNull();
  });

  it("pod carries scheduling gates", () => {
    const pod = makePod({ name: "p", spec: { schedulingGates: [{ name: "foo" }, { name: "bar" }] } });
    const st = pl.preEnqueue!(new PodInfo(pod));
    expect(st?.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(st?.reasons).toEqual(["waiting for scheduling gates: [foo bar]"]);
  });
});
