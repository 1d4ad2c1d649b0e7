/** GpuPacking: shared GPUs first, then used nodes, then idle nodes (the artifact's three cases). */
import { describe, expect, it } from "vitest";
import { gpuNode, gpuPod, policy } from "../gpu-sharing/fixtures.suite.js";
import { GpuPacking, packingScore } from "./index.js";

describe("GpuPacking", () => {
  it("case 3, an idle node: max(33 − #GPUs, #GPUs)", () => {
    expect(packingScore(new Int32Array(8).fill(1000), 1, 1000)).toBe(25);
    expect(packingScore(new Int32Array(2).fill(1000), 1, 500)).toBe(31);
    expect(packingScore(new Int32Array(1).fill(1000), 1, 500)).toBe(32);
  });

  it("case 2, a used node where fully free GPUs must be taken: max(50 − #taken, 33)", () => {
    expect(packingScore(Int32Array.of(500, 1000, 1000, 1000), 1, 1000)).toBe(49);
    expect(packingScore(Int32Array.of(500, 1000, 1000, 1000), 2, 1000)).toBe(48);
    expect(packingScore(Int32Array.of(300, 1000), 1, 500)).toBe(49); // 300 too small: the free GPU is taken
  });

  it("case 1, a share on a partly used GPU: max(100 − ⌊free%⌋/10, 50), tightest device first", () => {
    // Devices sorted by free: 400 fits a 300m share first → 100 − 40/10 = 96.
    expect(packingScore(Int32Array.of(1000, 400, 900), 1, 300)).toBe(96);
    expect(packingScore(Int32Array.of(1000, 950), 1, 300)).toBe(91); // 100 − ⌊95/10⌋
  });

  it("scores nodes: shared GPU > used node > idle node; CPU-only pods score 0", () => {
    const { scores } = policy(
      GpuPacking,
      undefined,
      [gpuNode("idle", 64000, 8), gpuNode("used", 64000, 8), gpuNode("shared", 64000, 8)],
      [gpuPod({ gpus: 1, nodeName: "used" }), gpuPod({ share: 600, nodeName: "shared" })],
    );
    expect(scores(gpuPod({ share: 300 }))).toEqual({ idle: 25, used: 49, shared: 96 });
    expect(scores(gpuPod({ cpu: 1000 }))).toEqual({ idle: 0, used: 0, shared: 0 });
  });
});
