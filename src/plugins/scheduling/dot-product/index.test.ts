/** DotProduct (the artifact's merge/max variant): smaller normalised dot product of node-left and request wins. */
import { describe, expect, it } from "vitest";
import { gpuNode, gpuPod, policy } from "../gpu-helpers/fixtures.suite.js";
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
});
