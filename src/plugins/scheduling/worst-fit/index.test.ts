/** WorstFit: most weighted cpu/GPU left after placement; worst-fit device for shares. */
import { describe, expect, it } from "vitest";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { gpuNode, gpuPod, policy } from "../gpu-sharing/fixtures.suite.js";
import { WorstFit } from "./index.js";

describe("WorstFit", () => {
  it("raw score = trunc(Σ w (free − req)/maxSpec · 100); the emptiest node wins", () => {
    const { plugin, snapshot, scores } = policy(WorstFit, undefined, [gpuNode("small", 32000, 4), gpuNode("big", 96000, 8)]);
    const pi = new PodInfo(gpuPod({ cpu: 4000, gpus: 1 }));
    // small .296875 → 29; big .796875 → 79.
    expect(plugin.score!(new CycleState(), pi, snapshot.get("small")!)).toBe(29);
    expect(plugin.score!(new CycleState(), pi, snapshot.get("big")!)).toBe(79);
    expect(scores(gpuPod({ cpu: 4000, gpus: 1 }))).toEqual({ small: 0, big: 100 });
  });

  it("a share goes to the device with the most free milli", () => {
    const { devices } = policy(WorstFit, undefined, [gpuNode("a", 8000, 3)], [gpuPod({ share: 700, nodeName: "a" }), gpuPod({ share: 400, nodeName: "a" })]);
    // free [300, 600, 1000]
    expect(devices(gpuPod({ share: 200 }), "a")).toEqual([2]);
    expect(devices(gpuPod({ gpus: 1 }), "a")).toEqual([2]);
  });

  it("memory counts with its weight, and the sum of weights scales the score", () => {
    // cpu .71875 (92,000/128,000) + memory .99981 (1,048,376 of 1,048,576 MiB left; 200 MiB is the non-zero
    // default request) = 1.71856, over Σw = 2 → 85.
    const { plugin, snapshot } = policy(WorstFit, { cpuWeight: 1, gpuWeight: 0, memoryWeight: 1 }, [gpuNode("big", 96000, 8)]);
    expect(plugin.score!(new CycleState(), new PodInfo(gpuPod({ cpu: 4000, gpus: 1 })), snapshot.get("big")!)).toBe(85);
  });

  it("clamps to 0..100: a node larger than maxSpec scores 100, a pod that does not fit 0", () => {
    const { plugin, snapshot } = policy(WorstFit, { cpuWeight: 1, gpuWeight: 0 }, [gpuNode("huge", 256000, 0), gpuNode("tiny", 2000, 0)]);
    const pi = new PodInfo(gpuPod({ cpu: 4000 }));
    // huge: 252,000/128,000 = 1.97 → 196 → 100; tiny: cpu would go negative → 0.
    expect(plugin.score!(new CycleState(), pi, snapshot.get("huge")!)).toBe(100);
    expect(plugin.score!(new CycleState(), pi, snapshot.get("tiny")!)).toBe(0);
  });
});
