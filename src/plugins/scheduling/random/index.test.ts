/** Random: one feasible node chosen with the profile's seeded stream gets 100; random device for shares. */
import { describe, expect, it } from "vitest";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { gpuNode, gpuPod, policy } from "../gpu-sharing/fixtures.suite.js";
import { Random } from "./index.js";

const nodes = () => [gpuNode("a", 8000, 2), gpuNode("b", 8000, 2), gpuNode("c", 8000, 2)];

describe("Random", () => {
  it("gives 100 to exactly one feasible node and 0 to the others", () => {
    const { scores } = policy(Random, undefined, nodes());
    const s = scores(gpuPod({ cpu: 1000, gpus: 1 }));
    expect(Object.values(s).sort()).toEqual([0, 0, 100]);
  });

  it("draws from handle.rng: the same seed makes the same choices, and every node gets chosen", () => {
    const choose = (seed: number) => {
      const { scores } = policy(Random, undefined, nodes(), [], seed);
      return Array.from({ length: 60 }, () => Object.entries(scores(gpuPod({ cpu: 1000 }))).find(([, v]) => v === 100)![0]);
    };
    expect(choose(5)).toEqual(choose(5));
    expect(choose(5)).not.toEqual(choose(6));
    expect(new Set(choose(5))).toEqual(new Set(["a", "b", "c"]));
  });

  it("only nodes passed to PreScore (the feasible ones) can win", () => {
    const { plugin, snapshot } = policy(Random, undefined, nodes());
    const pi = new PodInfo(gpuPod({ cpu: 1000 }));
    for (let i = 0; i < 20; i++) {
      const state = new CycleState();
      plugin.preScore!(state, pi, [snapshot.get("c")!]);
      expect(plugin.score!(state, pi, snapshot.get("c")!)).toBe(100);
      expect(plugin.score!(state, pi, snapshot.get("a")!)).toBe(0);
    }
  });

  it("a share goes to a random device with room (the artifact's gpuSelMethod random); whole GPUs to the first free", () => {
    // Node a: devices free [1000, 600] after a 400m share; a 500m share fits both.
    const { devices } = policy(Random, undefined, [gpuNode("a", 8000, 3)], [gpuPod({ share: 400, nodeName: "a" })]);
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) seen.add(devices(gpuPod({ share: 500 }), "a")![0]!);
    expect([...seen].sort()).toEqual([0, 1, 2]);
    expect(devices(gpuPod({ gpus: 2 }), "a")).toEqual([1, 2]);
    expect(devices(gpuPod({ share: 700 }), "a")).not.toEqual([0]); // device 0 has only 600 left
  });
});
