/**
 * Ports kube-scheduler v1.33 noderesources/requested_to_capacity_ratio_test.go:
 * TestRequestedToCapacityRatioScoringStrategy, TestBrokenLinearFunction,
 * TestResourceBinPackingSingleExtended, TestResourceBinPackingMultipleExtended.
 */
import { describe, expect, it } from "vitest";
import { NodeResourcesFit } from "./index.js";
import { buildBrokenLinearFunction } from "./requested-to-capacity-ratio.js";
import { node, pod, setup, sizedNode } from "./fixtures.suite.js";

const defaultResources = [
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 },
];
const leastShape = [
  { utilization: 0, score: 10 },
  { utilization: 100, score: 0 },
];
const rtcr = (resources: unknown, shape: unknown) => ({
  scoringStrategy: { type: "RequestedToCapacityRatio", resources, requestedToCapacityRatio: { shape } },
});
const cap = (cpu: string, memory: string) => ({ cpu, memory });

describe("TestRequestedToCapacityRatioScoringStrategy", () => {
  it("nothing scheduled, nothing requested (default - least requested nodes have priority)", () => {
    const { scores } = setup(NodeResourcesFit, rtcr(defaultResources, leastShape), [node("node1", cap("4000", "10000")), node("node2", cap("4000", "10000"))], [
      pod([], { nodeName: "node1" }),
      pod([], { nodeName: "node1" }),
    ]);
    expect(scores(pod())).toEqual({ node1: 100, node2: 100 });
  });

  it("nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)", () => {
    const { scores } = setup(NodeResourcesFit, rtcr(defaultResources, leastShape), [node("node1", cap("4000", "10000")), node("node2", cap("6000", "10000"))], [
      pod([], { nodeName: "node1" }),
      pod([], { nodeName: "node1" }),
    ]);
    // node1: cpu 75% → 25, memory 50% → 50; round(37.5) = 38
    expect(scores(pod([{ cpu: "1000", memory: "2000" }, { cpu: "2000", memory: "3000" }]))).toEqual({ node1: 38, node2: 50 });
  });

  it("no resources requested, pods scheduled with resources (default - least requested nodes have priority)", () => {
    const { scores } = setup(NodeResourcesFit, rtcr(defaultResources, leastShape), [node("node1", cap("4000", "10000")), node("node2", cap("6000", "10000"))], [
      pod([{ cpu: "3000", memory: "5000" }], { nodeName: "node1" }),
      pod([{ cpu: "3000", memory: "5000" }], { nodeName: "node2" }),
    ]);
    expect(scores(pod())).toEqual({ node1: 38, node2: 50 });
  });
});

describe("TestBrokenLinearFunction", () => {
  const cases: { points: [number, number][]; assertions: [number, number][] }[] = [
    {
      points: [[10, 1], [90, 9]],
      assertions: [[-10, 1], [0, 1], [9, 1], [10, 1], [15, 1], [19, 1], [20, 2], [89, 8], [90, 9], [99, 9], [100, 9], [110, 9]],
    },
    {
      points: [[0, 2], [40, 10], [100, 0]],
      assertions: [[-10, 2], [0, 2], [20, 6], [30, 8], [40, 10], [70, 5], [100, 0], [110, 0]],
    },
    {
      points: [[0, 2], [40, 2], [100, 2]],
      assertions: [[-10, 2], [0, 2], [20, 2], [30, 2], [40, 2], [70, 2], [100, 2], [110, 2]],
    },
  ];
  cases.forEach((c, i) => {
    it(`case_${i}`, () => {
      const f = buildBrokenLinearFunction(c.points.map(([utilization, score]) => ({ utilization, score })));
      for (const [p, want] of c.assertions) expect(f(p), `p=${p}`).toBe(want);
    });
  });

  it("truncates toward zero on a decreasing segment", () => {
    // Go's integer division truncates toward zero; flooring would give 6 for g(1).
    const f = buildBrokenLinearFunction([{ utilization: 0, score: 100 }, { utilization: 100, score: 0 }]);
    expect(f(1)).toBe(99);
    const g = buildBrokenLinearFunction([{ utilization: 0, score: 10 }, { utilization: 3, score: 0 }]);
    expect(g(1)).toBe(7); // 10 + trunc(−10/3) = 10 − 3
  });
});

const binPacking = (resources: unknown) => rtcr(resources, [{ utilization: 0, score: 0 }, { utilization: 100, score: 1 }]);
const GiB10 = 10000 * 1024 * 1024;

describe("TestResourceBinPackingSingleExtended", () => {
  const nodes = () => [sizedNode("node1", 4000, GiB10, { "intel.com/foo": 8 }), sizedNode("node2", 4000, GiB10, { "intel.com/foo": 4 })];
  const args = binPacking([{ name: "intel.com/foo", weight: 1 }]);

  it("nothing scheduled, nothing requested", () => {
    expect(setup(NodeResourcesFit, args, nodes()).scores(pod())).toEqual({ node1: 0, node2: 0 });
  });

  it("resources requested, pods scheduled with less resources", () => {
    // node1: 2/8 → utilization 25 → score 2; node2: 2/4 → 5
    const { scores } = setup(NodeResourcesFit, args, nodes(), [pod([], { nodeName: "node1" })]);
    expect(scores(pod([{ "intel.com/foo": "2" }]))).toEqual({ node1: 2, node2: 5 });
  });

  it("resources requested, pods scheduled with resources, on node with existing pod running", () => {
    const { scores } = setup(NodeResourcesFit, args, nodes(), [pod([{ "intel.com/foo": "2" }], { nodeName: "node2" })]);
    expect(scores(pod([{ "intel.com/foo": "2" }]))).toEqual({ node1: 2, node2: 10 });
  });

  it("resources requested, pods scheduled with more resources", () => {
    const { scores } = setup(NodeResourcesFit, args, nodes(), [pod([], { nodeName: "node1" })]);
    expect(scores(pod([{ "intel.com/foo": "4" }]))).toEqual({ node1: 5, node2: 10 });
  });
});

describe("TestResourceBinPackingMultipleExtended", () => {
  const nodes = () => [
    sizedNode("node1", 4000, GiB10, { "intel.com/foo": 8, "intel.com/bar": 4 }),
    sizedNode("node2", 4000, GiB10, { "intel.com/foo": 4, "intel.com/bar": 8 }),
  ];
  const args = binPacking([
    { name: "intel.com/foo", weight: 3 },
    { name: "intel.com/bar", weight: 5 },
  ]);
  const pod1 = () => pod([{ "intel.com/foo": "2", "intel.com/bar": "2" }]);

  it("nothing scheduled, nothing requested", () => {
    expect(setup(NodeResourcesFit, args, nodes()).scores(pod())).toEqual({ node1: 0, node2: 0 });
  });

  it("resources requested, pods scheduled with less resources", () => {
    // node1: foo 25% → 2, bar 50% → 5: round((2·3 + 5·5) / 8) = 4; node2: round((5·3 + 2·5) / 8) = 3
    const { scores } = setup(NodeResourcesFit, args, nodes(), [pod([], { nodeName: "node1" })]);
    expect(scores(pod1())).toEqual({ node1: 4, node2: 3 });
  });

  it("resources requested, pods scheduled with resources, on node with existing pod running", () => {
    const { scores } = setup(NodeResourcesFit, args, nodes(), [pod([{ "intel.com/foo": "4", "intel.com/bar": "2" }], { nodeName: "node2" })]);
    expect(scores(pod1())).toEqual({ node1: 4, node2: 7 });
  });

  it("resources requested, pods scheduled with more resources", () => {
    const { scores } = setup(NodeResourcesFit, args, nodes(), [pod([], { nodeName: "node1" })]);
    expect(scores(pod([{ "intel.com/foo": "4", "intel.com/bar": "2" }]))).toEqual({ node1: 5, node2: 5 });
  });
});
