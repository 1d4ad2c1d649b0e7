/** DotProduct (the artifact's merge/max variant): smaller normalised dot product of node-left and request wins. */
import { describe, expect, it } from "vitest";
import { gpuNode, gpuPod, policy } from "../gpu-sharing/fixtures.suite.js";
import { DotProduct } from "./index.js";

describe("DotProduct", () => {
  const nodes = () => [gpuNode("a", 32000, 4), gpuNode("b", 96000, 8), gpuNode("tiny", 2000, 1)];

  it("score = trunc(100 · (1 − v_node·v_pod / 2)) with vectors over (128 cores, 8 GPUs)", () => {
    const { scores } = policy(DotProduct, undefined, nodes());
    // a: (.25, .5)·(.03125, .125) = .0703125 → 1 − .03515625 → 96; b: (.75, 1)·… = .1484375 → 92;
    // tiny has less CPU left than the pod asks: 0.
    expect(scores(gpuPod({ cpu: 4000, gpus: 1 }))).toEqual({ a: 96, b: 92, tiny: 0 });
  });

  it("normMethod node divides by the node's own capacity", () => {
    const { scores } = policy(DotProduct, { normMethod: "node" }, nodes().slice(0, 2));
    // a: (1, 1)·(4/32, 1/4) = .375 → 81; b: (1, 1)·(4/96, 1/8) = .1667 → 91.
    expect(scores(gpuPod({ cpu: 4000, gpus: 1 }))).toEqual({ a: 81, b: 91 });
  });

  it("args are validated", () => {
    expect(DotProduct.args({ dimExtMethod: "merge", normMethod: "max" }, "args")).toMatchObject({ normMethod: "max" });
    expect(() => DotProduct.args({ dimExtMethod: "share" }, "args")).toThrow('args.dimExtMethod: only "merge" is supported');
    expect(() => DotProduct.args({ normMethod: "l2" }, "args")).toThrow("args.normMethod");
    expect(() => DotProduct.args({ foo: 1 }, "args")).toThrow('args.foo: unknown field "foo"');
  });

  it("normMethod pod divides by the request and squashes with tanh(x/10)", () => {
    const { scores } = policy(DotProduct, { normMethod: "pod" }, nodes().slice(0, 2));
    // a: (32,000/4,000 · 1 + 4,000/1,000 · 1)/2 = 6 → tanh(.6) = .53705 → 46; b: (24 + 8)/2 = 16 → tanh(1.6) = .92167 → 7.
    expect(scores(gpuPod({ cpu: 4000, gpus: 1 }))).toEqual({ a: 46, b: 7 });
  });

  it("maxCpuMilli and maxGpuMilli set the max normaliser", () => {
    const { scores } = policy(DotProduct, { maxCpuMilli: 64000, maxGpuMilli: 4000 }, nodes().slice(0, 1));
    // a: (.5 · .0625 + 1 · .25)/2 = .140625 → 85.
    expect(scores(gpuPod({ cpu: 4000, gpus: 1 }))).toEqual({ a: 85 });
  });

  it("counts what is left after the node's pods, and a pod that exactly fits the CPU left still scores", () => {
    const placed = [gpuPod({ cpu: 8000, gpus: 2, nodeName: "a" })];
    const { scores } = policy(DotProduct, undefined, [gpuNode("a", 32000, 4), gpuNode("exact", 4000, 1)], placed);
    // a: (24,000/128,000 · 4,000/128,000 + 2,000/8,000 · 1,000/8,000)/2 = .018555 → 98;
    // exact: (4,000/128,000 · 4,000/128,000 + 1,000/8,000 · 1,000/8,000)/2 = .0083 → 99.
    expect(scores(gpuPod({ cpu: 4000, gpus: 1 }))).toEqual({ a: 98, exact: 99 });
  });

  it("bad normalisers and non-object args are refused", () => {
    expect(() => DotProduct.args({ maxCpuMilli: 0 }, "args")).toThrow("args.maxCpuMilli: expected a positive number, got 0");
    expect(() => DotProduct.args({ maxGpuMilli: "8000" }, "args")).toThrow('args.maxGpuMilli: expected a positive number, got "8000"');
    expect(() => DotProduct.args([], "args")).toThrow("args: expected DotProduct args object");
    expect(() => DotProduct.args("max", "args")).toThrow("args: expected DotProduct args object");
    expect(DotProduct.args({ normMethod: "pod", maxCpuMilli: 1000 }, "args")).toMatchObject({ normMethod: "pod", maxCpuMilli: 1000, maxGpuMilli: 8000 });
  });
});

