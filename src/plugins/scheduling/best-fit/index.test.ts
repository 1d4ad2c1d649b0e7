/** BestFit: least weighted cpu/GPU left after placement (hand-computed), min-max normalised. */
import { describe, expect, it } from "vitest";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { gpuNode, gpuPod, policy } from "../gpu-sharing/fixtures.suite.js";
import { BestFit } from "./index.js";

describe("BestFit", () => {
  const nodes = () => [gpuNode("small", 32000, 4), gpuNode("big", 96000, 8)];

  it("raw score = trunc((1 − Σ w (free − req)/maxSpec) · 100)", () => {
    const { plugin, snapshot } = policy(BestFit, undefined, nodes());
    const pi = new PodInfo(gpuPod({ cpu: 4000, gpus: 1 }));
    const st = new CycleState();
    // small: .5·28,000/128,000 + .5·3,000/8,000 = .296875 → 70; big: .5·92,000/128,000 + .5·7,000/8,000 = .796875 → 20.
    expect(plugin.score!(st, pi, snapshot.get("small")!)).toBe(70);
    expect(plugin.score!(st, pi, snapshot.get("big")!)).toBe(20);
  });

  it("normalised to 0..100 over the feasible nodes: the tighter node wins", () => {
    const { scores } = policy(BestFit, undefined, [...nodes(), gpuNode("mid", 64000, 8)]);
    // mid: .5·60,000/128,000 + .5·7,000/8,000 = .671875 → 32; (32 − 20)·100/(70 − 20) = 24.
    expect(scores(gpuPod({ cpu: 4000, gpus: 1 }))).toEqual({ small: 100, big: 0, mid: 24 });
  });

  it("counts GPU left summed over devices, so a used node scores higher", () => {
    const { scores } = policy(BestFit, undefined, [gpuNode("used", 32000, 4), gpuNode("empty", 32000, 4)], [gpuPod({ share: 500, nodeName: "used" })]);
    expect(scores(gpuPod({ cpu: 1000, share: 200 }))).toEqual({ used: 100, empty: 0 });
  });

  it("weights are args; unknown fields and negative weights are rejected", () => {
    const { scores } = policy(BestFit, { cpuWeight: 1, gpuWeight: 0 }, nodes());
    expect(scores(gpuPod({ cpu: 4000, gpus: 1 }))).toEqual({ small: 100, big: 0 });
    expect(() => BestFit.args({ cpuWeight: -1 }, "args")).toThrow("args.cpuWeight: expected a non-negative number");
    expect(() => BestFit.args({ weight: 1 }, "args")).toThrow('args.weight: unknown field "weight"');
    expect(() => BestFit.args({ cpuWeight: 0, gpuWeight: 0 }, "args")).toThrow("at least one weight must be positive");
  });

  it("a pod that fills the node exactly scores 100; one that does not fit, and a node larger than maxSpec, 0", () => {
    const { plugin, snapshot } = policy(BestFit, { cpuWeight: 1, gpuWeight: 0 }, [gpuNode("exact", 4000, 0), gpuNode("tiny", 2000, 0), gpuNode("huge", 256000, 0)]);
    const pi = new PodInfo(gpuPod({ cpu: 4000 }));
    // exact: nothing left, 1 − 0 → 100; tiny: cpu would go negative → 0; huge: 1 − 1.97 → −96 → clamped to 0.
    expect(plugin.score!(new CycleState(), pi, snapshot.get("exact")!)).toBe(100);
    expect(plugin.score!(new CycleState(), pi, snapshot.get("tiny")!)).toBe(0);
    expect(plugin.score!(new CycleState(), pi, snapshot.get("huge")!)).toBe(0);
  });
});

