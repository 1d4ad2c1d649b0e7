/**
 * The resource-allocation scorer under the shapes upstream's tables do not reach: memory listed before
 * cpu with unequal weights, resources the node lacks, resources no node reports ("pods"), ephemeral
 * storage and extended resources beside cpu/memory, and exact integer percentages past 2^53. Every
 * expectation is worked by hand from least_allocated.go / most_allocated.go; `scores` runs the batch
 * path and node by node, which must agree.
 */
import { describe, expect, it } from "vitest";
import { NodeResourcesFit } from "./index.js";
import { node, pod, setup } from "./fixtures.suite.js";
import { isExtendedResourceName, isQualifiedName, isScalarResourceName, percentOf } from "./resource-allocation.js";

const strategy = (type: string, resources: { name: string; weight: number }[]) => ({ scoringStrategy: { type, resources } });

describe("ResourceAllocationScorer", () => {
  const nodes = () => [node("n1", { cpu: "4000", memory: "10000" }), node("n2", { cpu: "8000", memory: "10000" })];
  const p = () => pod([{ cpu: "1000", memory: "5000" }]);

  it("cpu and memory in either order, unequal weights: each weight stays with its resource", () => {
    // n1: cpu (4000−1000)·100/4000 = 75, memory 50; n2: cpu 87, memory 50.
    const memFirst = setup(NodeResourcesFit, strategy("LeastAllocated", [{ name: "memory", weight: 3 }, { name: "cpu", weight: 1 }]), nodes());
    // (50·3 + 75)/4 = 56.25 → 56; (50·3 + 87)/4 = 59.25 → 59
    expect(memFirst.scores(p())).toEqual({ n1: 56, n2: 59 });
    const cpuFirst = setup(NodeResourcesFit, strategy("LeastAllocated", [{ name: "cpu", weight: 3 }, { name: "memory", weight: 1 }]), nodes());
    // (75·3 + 50)/4 = 68.75 → 68; (87·3 + 50)/4 = 77.75 → 77
    expect(cpuFirst.scores(p())).toEqual({ n1: 68, n2: 77 });
    const most = setup(NodeResourcesFit, strategy("MostAllocated", [{ name: "memory", weight: 3 }, { name: "cpu", weight: 1 }]), nodes());
    // MostAllocated: n1 cpu 25, memory 50 → (150 + 25)/4 = 43; n2 cpu 12 → (150 + 12)/4 = 40
    expect(most.scores(p())).toEqual({ n1: 43, n2: 40 });
  });

  it("a resource the node lacks leaves the score and its weight out", () => {
    const { scores } = setup(NodeResourcesFit, strategy("LeastAllocated", [{ name: "cpu", weight: 1 }, { name: "memory", weight: 3 }]), [
      node("nocpu", { memory: "10000" }),
      node("nomem", { cpu: "4000" }),
      node("neither", {}),
    ]);
    // nocpu: memory only, 50; nomem: cpu only, 75; neither: no weight at all → 0
    expect(scores(p())).toEqual({ nocpu: 50, nomem: 75, neither: 0 });
  });

  it("'pods' is never scored (the node reports no allocatable for it), so the cpu/memory score stands", () => {
    const { scores } = setup(NodeResourcesFit, strategy("LeastAllocated", [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }, { name: "pods", weight: 5 }]), nodes());
    // n1: (75 + 50)/2 = 62; n2: (87 + 50)/2 = 68
    expect(scores(p())).toEqual({ n1: 62, n2: 68 });
  });

  it("ephemeral storage and an extended resource beside cpu", () => {
    const { scores } = setup(
      NodeResourcesFit,
      strategy("MostAllocated", [{ name: "cpu", weight: 1 }, { name: "ephemeral-storage", weight: 2 }, { name: "example.com/fpga", weight: 4 }]),
      [
        node("a", { cpu: "4000", memory: "10000", "ephemeral-storage": "1000", "example.com/fpga": "4" }),
        node("b", { cpu: "4000", memory: "10000", "ephemeral-storage": "4000" }),
      ],
      [pod([{ cpu: "1000", "ephemeral-storage": "500", "example.com/fpga": "1" }], { nodeName: "a" })],
    );
    // Incoming: cpu 1000, storage 250, fpga 1.
    // a: cpu 2000/4000 = 50, storage 750/1000 = 75, fpga 2/4 = 50 → (50 + 150 + 200)/7 = 57.1 → 57
    // b: cpu 25, storage 250/4000 = 6.25 → 6, no fpga → (25 + 12)/3 = 12.3 → 12
    expect(scores(pod([{ cpu: "1000", "ephemeral-storage": "250", "example.com/fpga": "1" }]))).toEqual({ a: 57, b: 12 });
    // A pod without the extended resource: it leaves the score on every node.
    // a: cpu 50, storage 500/1000 = 50 → (50 + 100)/3 = 50; b: (25 + 0·2)/3 = 8 (storage 0/4000 → 0)
    expect(scores(pod([{ cpu: "1000", "ephemeral-storage": "0" }]))).toEqual({ a: 50, b: 8 });
  });
});

describe("percentOf", () => {
  it("floors x·100/d as int64 arithmetic does, also where a float quotient rounds up", () => {
    expect(percentOf(7, 9)).toBe(77);
    expect(percentOf(0, 5)).toBe(0);
    expect(percentOf(5, 5)).toBe(100);
    // 8631343706392802·100 / 8718528996356366 = 98.99999999999999…: a float gives 99.
    expect(percentOf(8631343706392802, 8718528996356366)).toBe(98);
    expect(percentOf(2 ** 50 - 1, 2 ** 50)).toBe(99);
  });
});

describe("resource names (validation.IsQualifiedName, v1helper.IsExtendedResourceName, schedutil.IsScalarResourceName)", () => {
  it.each([
    ["a", true],
    ["example.com/gpu", true],
    ["a".repeat(63), true],
    ["a".repeat(64), false],
    ["", false],
    ["/gpu", false],
    ["example.com/", false],
    [`${"a".repeat(254)}/gpu`, false],
    ["Example.com/gpu", false],
    ["a/b/c", false],
    ["-gpu", false],
  ])("qualified name %j: %s", (name, want) => expect(isQualifiedName(name)).toBe(want));

  it.each([
    ["example.com/gpu", true],
    ["nvidia.com/gpu", true],
    ["kubernetes.io/batch", false],
    ["node.kubernetes.io/x", false],
    ["cpu", false],
    ["requests.example.com/gpu", false],
    ["example.com/-gpu", false],
    [`example.com/${"g".repeat(63)}`, true],
    // "requests." + the name must be a qualified name: its prefix then has 254 characters.
    [`${"a".repeat(245)}.com/gpu`, false],
  ])("extended %j: %s", (name, want) => {
    expect(isExtendedResourceName(name)).toBe(want);
    expect(isExtendedResourceName(name)).toBe(want);
  });

  it.each([
    ["example.com/gpu", true],
    ["hugepages-2Mi", true],
    ["kubernetes.io/batch", true],
    ["attachable-volumes-aws-ebs", true],
    ["cpu", false],
    ["pods", false],
    ["ephemeral-storage", false],
    ["my-hugepages-2Mi", false],
  ])("scalar %j: %s", (name, want) => expect(isScalarResourceName(name)).toBe(want));
});
