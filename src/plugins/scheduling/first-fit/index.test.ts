/** FirstFit: the feasible node earliest in the node order; the first device with room. */
import { describe, expect, it } from "vitest";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { gpuNode, gpuPod, policy } from "../gpu-sharing/fixtures.suite.js";
import { FirstFit } from "./index.js";

describe("FirstFit", () => {
  it("scores 100 for the lowest-indexed feasible node, 0 elsewhere", () => {
    const { plugin, snapshot, scores } = policy(FirstFit, undefined, [gpuNode("a", 8000, 1), gpuNode("b", 8000, 1), gpuNode("c", 8000, 1)]);
    expect(scores(gpuPod({ cpu: 1000 }))).toEqual({ a: 100, b: 0, c: 0 });
    // With a filtered out (not among the nodes given to PreScore), b is first.
    const state = new CycleState();
    const pi = new PodInfo(gpuPod({ cpu: 1000 }));
    plugin.preScore!(state, pi, [snapshot.get("c")!, snapshot.get("b")!]);
    expect([plugin.score!(state, pi, snapshot.get("b")!), plugin.score!(state, pi, snapshot.get("c")!)]).toEqual([100, 0]);
  });

  it("a share takes the first device with room, not the tightest", () => {
    // Shares of 700m then 400m (best-fit placement) leave the devices at [300, 600, 1000].
    const { devices, snapshot } = policy(FirstFit, undefined, [gpuNode("a", 8000, 3)], [gpuPod({ share: 700, nodeName: "a" }), gpuPod({ share: 400, nodeName: "a" })]);
    expect(Array.from(snapshot.get("a")!.gpuFree)).toEqual([300, 600, 1000]);
    expect(devices(gpuPod({ share: 500 }), "a")).toEqual([1]);
    expect(devices(gpuPod({ share: 200 }), "a")).toEqual([0]);
    // A device with exactly the share free has room: 600m goes to device 1, not on to the empty device 2.
    expect(devices(gpuPod({ share: 600 }), "a")).toEqual([1]);
  });
});
