/** GpuClustering: GPU pods of the same kind together; bands by the kinds on the node, filled nodes first. */
import { describe, expect, it } from "vitest";
import { gpuNode, gpuPod, policy } from "../gpu-sharing/fixtures.suite.js";
import { GpuClustering } from "./index.js";

describe("GpuClustering", () => {
  const setup = () =>
    policy(
      GpuClustering,
      undefined,
      [gpuNode("same", 64000, 8), gpuNode("mixed", 64000, 8), gpuNode("idle", 64000, 2), gpuNode("other", 64000, 8), gpuNode("cpuonly", 64000, 8)],
      [
        gpuPod({ share: 500, nodeName: "same" }),
        gpuPod({ share: 500, nodeName: "mixed" }),
        gpuPod({ gpus: 1, nodeName: "mixed" }),
        gpuPod({ gpus: 2, nodeName: "other" }),
        gpuPod({ cpu: 8000, nodeName: "cpuonly" }), // CPU-only pods give a node no kind
      ],
    );

  it("share pod: only-same (75, 100], mixed (50, 75], idle (25, 50], others [0, 25], + ⌊25·(8000 − free)/8000⌋", () => {
    // same: 75 + ⌊25·500/8000⌋ = 76; mixed: 50 + ⌊25·1500/8000⌋ = 54; idle (2 GPUs): 25 + ⌊25·6000/8000⌋ = 43;
    // other: 0 + ⌊25·2000/8000⌋ = 6; cpuonly: no GPU pods, idle band: 25.
    expect(setup().scores(gpuPod({ share: 200 }))).toEqual({ same: 76, mixed: 54, idle: 43, other: 6, cpuonly: 25 });
  });

  it("kinds are per GPU count: a 2-GPU pod clusters with 2-GPU pods only", () => {
    // same: 0 + ⌊25·500/8000⌋ = 1; mixed: 0 + 4; other (only 2-GPU pods): 75 + ⌊25·2000/8000⌋ = 81.
    expect(setup().scores(gpuPod({ gpus: 2 }))).toEqual({ same: 1, mixed: 4, idle: 43, other: 81, cpuonly: 25 });
  });

  it("CPU-only pods score 0 everywhere", () => {
    expect(Object.values(setup().scores(gpuPod({ cpu: 1000 })))).toEqual([0, 0, 0, 0, 0]);
  });

  it("a node's kinds follow its pods (cached per node state)", () => {
    const s = setup();
    expect(s.scores(gpuPod({ gpus: 1 })).same).toBe(1); // other kind: 0 + ⌊25·500/8000⌋
    s.snapshot.removePod(s.snapshot.get("same")!.pods[0]!);
    expect(s.scores(gpuPod({ gpus: 1 })).same).toBe(25);
  });
});
