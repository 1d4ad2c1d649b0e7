/**
 * Ports kube-scheduler v1.33 noderesources/balanced_allocation_test.go
 * (TestNodeResourcesBalancedAllocation, after kubernetes#130260: best-effort pods Skip PreScore).
 */
import { describe, expect, it } from "vitest";
import type { ResourceList } from "../../../core/api/types.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Code } from "../../../core/scheduler/status.js";
import { bestEffortPod, pod, setup, sizedNode } from "../node-resources-fit/fixtures.suite.js";
import { NodeResourcesBalancedAllocation } from "./index.js";

const cpuOnly: ResourceList[] = [
  { cpu: "1000m", memory: "0" },
  { cpu: "2000m", memory: "0" },
];
const cpuAndMemory: ResourceList[] = [
  { cpu: "1000m", memory: "2000" },
  { cpu: "2000m", memory: "3000" },
];
const cpuAndMemoryAndGPU: ResourceList[] = [
  { cpu: "1000m", memory: "2000" },
  { cpu: "2000m", memory: "3000", "nvidia.com/gpu": "3" },
];
const withGPU = { resources: [{ name: "cpu" }, { name: "memory" }, { name: "nvidia.com/gpu" }] };
const scalarResource = { "nvidia.com/gpu": 8 };

describe("TestNodeResourcesBalancedAllocation", () => {
  it("nothing scheduled, nothing requested, skip in PreScore", () => {
    const { plugin, scores } = setup(NodeResourcesBalancedAllocation, undefined, [sizedNode("node1", 4000, 10000), sizedNode("node2", 4000, 10000)]);
    expect(plugin.preScore!(new CycleState(), new PodInfo(pod()), [])?.code).toBe(Code.Skip);
    // Containers without requests are best-effort here: no 100m/200Mi defaults, unlike NodeResourcesFit.
    expect(plugin.preScore!(new CycleState(), new PodInfo(bestEffortPod()), [])?.code).toBe(Code.Skip);
    expect(scores(bestEffortPod())).toEqual({ node1: 0, node2: 0 });
  });

  it("nothing scheduled, resources requested, differently sized nodes", () => {
    const { scores } = setup(NodeResourcesBalancedAllocation, undefined, [sizedNode("node1", 4000, 10000), sizedNode("node2", 6000, 10000)]);
    // node1: cpu 0.75, memory 0.5 → std 0.125 → 87; node2: 0.5, 0.5 → 100
    expect(scores(pod(cpuAndMemory))).toEqual({ node1: 87, node2: 100 });
  });

  const scheduled = () => [pod(cpuOnly, { nodeName: "node1" }), pod(cpuAndMemory, { nodeName: "node2" })];

  it("resources requested, pods scheduled with resources", () => {
    const { scores } = setup(NodeResourcesBalancedAllocation, undefined, [sizedNode("node1", 10000, 20000), sizedNode("node2", 10000, 20000)], scheduled());
    expect(scores(pod(cpuAndMemory))).toEqual({ node1: 82, node2: 95 });
  });

  it("resources requested, pods scheduled with resources, differently sized nodes", () => {
    const { scores } = setup(NodeResourcesBalancedAllocation, undefined, [sizedNode("node1", 10000, 20000), sizedNode("node2", 10000, 50000)], scheduled());
    expect(scores(pod(cpuAndMemory))).toEqual({ node1: 82, node2: 80 });
  });

  it("requested resources at node capacity", () => {
    const { scores } = setup(NodeResourcesBalancedAllocation, undefined, [sizedNode("node1", 6000, 10000), sizedNode("node2", 6000, 10000)], scheduled());
    // node1: cpu 1, memory 0 → std 0.5 → 50; node2: cpu 1, memory 0.5 → 75
    expect(scores(pod(cpuOnly))).toEqual({ node1: 50, node2: 75 });
  });

  it("include scalar resource on a node for balanced resource allocation", () => {
    const nodes = [sizedNode("node1", 3500, 40000, scalarResource), sizedNode("node2", 3500, 40000, scalarResource)];
    const { scores } = setup(NodeResourcesBalancedAllocation, withGPU, nodes, [pod(cpuAndMemory, { nodeName: "node2" }), pod(cpuAndMemoryAndGPU, { nodeName: "node1" })]);
    // Three fractions (cpu 6/7, memory 1/8, gpu 4/8 or 1/8): population std → 70 and 65
    expect(scores(pod([{ memory: "0", "nvidia.com/gpu": "1" }]))).toEqual({ node1: 70, node2: 65 });
  });

  it("node without the scalar resource should skip the scalar resource", () => {
    const nodes = [sizedNode("node1", 3500, 40000, scalarResource), sizedNode("node2", 3500, 40000)];
    const { scores } = setup(NodeResourcesBalancedAllocation, withGPU, nodes);
    expect(scores(pod(cpuAndMemory))).toEqual({ node1: 63, node2: 63 });
  });

  it("resources requested, pods scheduled with resources if PreScore not called", () => {
    const { plugin, snapshot } = setup(NodeResourcesBalancedAllocation, undefined, [sizedNode("node1", 10000, 20000), sizedNode("node2", 10000, 20000)], scheduled());
    const pi = new PodInfo(pod(cpuAndMemory));
    expect(snapshot.nodes.map((n) => plugin.score!(new CycleState(), pi, n))).toEqual([82, 95]);
    // Without PreScore a best-effort pod scores 0.
    expect(plugin.score!(new CycleState(), new PodInfo(pod()), snapshot.nodes[0]!)).toBe(0);
  });
});

describe("NodeResourcesBalancedAllocationArgs", () => {
  const parse = (raw: unknown) => NodeResourcesBalancedAllocation.args(raw, "args");
  it("defaults to cpu and memory with weight 1", () => {
    expect(parse(undefined).resources).toEqual([{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }]);
    expect(parse({ resources: [{ name: "cpu" }, { name: "example.com/foo", weight: 0 }] }).resources).toEqual([
      { name: "cpu", weight: 1 },
      { name: "example.com/foo", weight: 1 },
    ]);
  });
  it("rejects weights other than 1, duplicates and unknown fields", () => {
    expect(() => parse({ resources: [{ name: "cpu", weight: 2 }] })).toThrow("args.resources[0].weight: must be 1");
    expect(() => parse({ resources: [{ name: "cpu" }, { name: "cpu" }] })).toThrow('args.resources[1].name: Duplicate value: "cpu"');
    expect(() => parse({ resource: [] })).toThrow("args.resource: unknown field");
  });
});

/** Hand-worked from balancedResourceScorer: fractions capped at 1, std over the resources the node has. */
describe("balanced allocation, worked by hand", () => {
  const three = { resources: [{ name: "cpu" }, { name: "memory" }, { name: "example.com/x" }] };

  it("a fraction over capacity counts as 1", () => {
    const { scores } = setup(NodeResourcesBalancedAllocation, undefined, [sizedNode("n", 2000, 10000)]);
    // cpu 3000/2000 → 1, memory 5000/10000 = .5: std .25 → 75 (uncapped: .5 → 50)
    expect(scores(pod([{ cpu: "3000m", memory: "5000" }]))).toEqual({ n: 75 });
    const t = setup(NodeResourcesBalancedAllocation, three, [sizedNode("n", 2000, 10000, { "example.com/x": 10 })]);
    // fractions 1, .5, .2: mean .5667, variance (.1878 + .0044 + .1344)/3 = .1089 → std .33 → 67
    expect(t.scores(pod([{ cpu: "3000m", memory: "5000", "example.com/x": "2" }]))).toEqual({ n: 67 });
  });

  it("three resources: the population standard deviation around the mean", () => {
    const { scores } = setup(NodeResourcesBalancedAllocation, three, [sizedNode("n", 10000, 10000, { "example.com/x": 10 })]);
    // fractions .2, .5, .8: mean .5, variance (.09 + 0 + .09)/3 = .06 → std .2449 → 75
    expect(scores(pod([{ cpu: "2000m", memory: "5000", "example.com/x": "8" }]))).toEqual({ n: 75 });
  });

  it("a node lacking cpu or memory has at most one fraction: std 0 → 100", () => {
    const { scores } = setup(NodeResourcesBalancedAllocation, undefined, [sizedNode("nocpu", 0, 10000), sizedNode("nomem", 4000, 0), sizedNode("both", 4000, 10000)]);
    // both: cpu .25, memory .5 → std .125 → 87
    expect(scores(pod([{ cpu: "1000m", memory: "5000" }]))).toEqual({ nocpu: 100, nomem: 100, both: 87 });
  });

  it("Score and the batch score read each cycle's own PreScore data; a batch without it recomputes", () => {
    const { plugin, snapshot } = setup(NodeResourcesBalancedAllocation, undefined, [sizedNode("n", 4000, 10000)]);
    const n = snapshot.nodes[0]!;
    const a = new PodInfo(pod([{ cpu: "1000m", memory: "5000" }])); // .25/.5 → 87
    const b = new PodInfo(pod([{ cpu: "2000m", memory: "2000" }])); // .5/.2 → 85
    const sa = new CycleState();
    const sb = new CycleState();
    plugin.preScore!(sa, a, snapshot.nodes);
    plugin.preScore!(sb, b, snapshot.nodes);
    expect([plugin.score!(sa, a, n), plugin.score!(sb, b, n), plugin.score!(sa, a, n)]).toEqual([87, 85, 87]);
    const out = new Float64Array(1);
    plugin.scoreAll!(sa, a, snapshot.nodes, out);
    expect(out[0]).toBe(87);
    plugin.scoreAll!(new CycleState(), b, snapshot.nodes, out);
    expect(out[0]).toBe(85);
    out[0] = 42;
    plugin.scoreAll!(new CycleState(), new PodInfo(pod()), snapshot.nodes, out);
    expect(out[0]).toBe(0);
    // A best-effort pod's Skip leaves no data behind for the next cycle to misread.
    const se = new CycleState();
    plugin.preScore!(se, new PodInfo(pod()), snapshot.nodes);
    expect(plugin.score!(se, new PodInfo(pod()), n)).toBe(0);
  });
});
