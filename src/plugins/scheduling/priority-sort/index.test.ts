import { describe, expect, it } from "vitest";
import type { QueuedPodInfo } from "../../../core/scheduler/framework.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { makeHandle, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { PrioritySort } from "./index.js";

function queued(name: string, priority: number, timestamp = 0): QueuedPodInfo {
  return {
    podInfo: new PodInfo(makePod({ name, priority })),
    initialAttemptTimestamp: 0,
    timestamp,
    attempts: 0,
    unschedulableCount: 0,
    unschedulablePlugins: new Set(),
    gatedBy: null,
  };
}

// Upstream: queuesort/priority_sort_test.go TestLess.
describe("PrioritySort (TestLess)", () => {
  const pl = PrioritySort.create(PrioritySort.args(undefined, "args"), makeHandle(makeSnapshot([])));
  const low = 10;
  const high = 100;
  const t1 = 1_000_000;
  const t2 = t1 + 1_000_000;

  it("p1.priority less than p2.priority", () => expect(pl.less!(queued("p1", low), queued("p2", high))).toBe(false));
  it("p1.priority greater than p2.priority", () => expect(pl.less!(queued("p1", high), queued("p2", low))).toBe(true));
  it("equal priority. p1 is added to schedulingQ earlier than p2", () =>
    expect(pl.less!(queued("p1", high, t1), queued("p2", high, t2))).toBe(true));
  it("equal priority. p2 is added to schedulingQ earlier than p1", () =>
    expect(pl.less!(queued("p1", high, t2), queued("p2", high, t1))).toBe(false));

  it("a pod without priority counts as priority 0", () =>
    expect(pl.less!(queued("p1", -1), { ...queued("p2", 0), podInfo: new PodInfo(makePod({ name: "p2" })) })).toBe(false));
  it("rejects args", () => expect(() => PrioritySort.args({ x: 1 }, "args")).toThrow(/args/));
});
