/** Ports kube-scheduler v1.33 noderesources/most_allocated_test.go (TestMostAllocatedScoringStrategy). */
import { describe, expect, it } from "vitest";
import { NodeResourcesFit } from "./index.js";
import { bestEffortPod, node, pod, setup } from "./fixtures.suite.js";

const defaultResources = [
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 },
];
const extendedRes = "abc.com/xyz";
const extendedResourceSet = [...defaultResources, { name: extendedRes, weight: 1 }];

const ma = (resources: unknown = defaultResources) => ({ scoringStrategy: { type: "MostAllocated", resources } });
const cap = (cpu: string, memory: string, extra: Record<string, string> = {}) => ({ cpu, memory, ...extra });
const twoContainers = () => pod([{ cpu: "1000", memory: "2000" }, { cpu: "2000", memory: "3000" }]);

describe("NodeResourcesFit MostAllocated (most_allocated_test.go)", () => {
  it("nothing scheduled, nothing requested", () => {
    const { scores } = setup(NodeResourcesFit, ma(), [node("node1", cap("4000", "10000")), node("node2", cap("4000", "10000"))]);
    expect(scores(pod())).toEqual({ node1: 0, node2: 0 });
  });

  it("nothing scheduled, resources requested, differently sized nodes", () => {
    const { scores } = setup(NodeResourcesFit, ma(), [node("node1", cap("4000", "10000")), node("node2", cap("6000", "10000"))]);
    // node1: cpu 3000·100/4000 = 75, memory 50 → 62
    expect(scores(twoContainers())).toEqual({ node1: 62, node2: 50 });
  });

  it("no resources requested, pods scheduled with resources", () => {
    const { scores } = setup(NodeResourcesFit, ma(), [node("node1", cap("10000", "20000")), node("node2", cap("10000", "20000"))], [
      pod([{ cpu: "3000", memory: "0" }], { nodeName: "node1" }),
      pod([{ cpu: "3000", memory: "0" }], { nodeName: "node1" }),
      pod([{ cpu: "3000", memory: "0" }], { nodeName: "node2" }),
      pod([{ cpu: "3000", memory: "5000" }], { nodeName: "node2" }),
    ]);
    expect(scores(pod())).toEqual({ node1: 30, node2: 42 });
  });

  it("resources requested, pods scheduled with resources", () => {
    const { scores } = setup(NodeResourcesFit, ma(), [node("node1", cap("10000", "20000")), node("node2", cap("10000", "20000"))], [
      pod([{ cpu: "3000", memory: "0" }], { nodeName: "node1" }),
      pod([{ cpu: "3000", memory: "5000" }], { nodeName: "node2" }),
    ]);
    expect(scores(twoContainers())).toEqual({ node1: 42, node2: 55 });
  });

  it("resources requested equal node capacity", () => {
    const { scores } = setup(NodeResourcesFit, ma(), [node("node1", cap("5000", "10000")), node("node2", cap("10000", "9000"))]);
    const p = pod([{ cpu: "2000", memory: "4000" }, { cpu: "3000", memory: "5000" }]);
    expect(scores(p)).toEqual({ node1: 95, node2: 75 });
  });

  it("nothing scheduled, resources requested, differently sized nodes (memory weight 2)", () => {
    const resources = [
      { name: "memory", weight: 2 },
      { name: "cpu", weight: 1 },
    ];
    const { scores } = setup(NodeResourcesFit, ma(resources), [node("node1", cap("4000", "10000")), node("node2", cap("6000", "10000"))]);
    // node1: (75·1 + 50·2) / 3 = 58
    expect(scores(twoContainers())).toEqual({ node1: 58, node2: 50 });
  });

  it("no resources requested, pods scheduled, nonzero request for resource", () => {
    // Containers without requests count 100m cpu / 200Mi memory: node1 holds 300m (capped at 250m → 100)
    // and 600Mi (60) → 80; node2 only the incoming pod: cpu 40, memory 20 → 30.
    const { scores } = setup(NodeResourcesFit, ma(), [node("node1", cap("250m", "1000Mi")), node("node2", cap("250m", "1000Mi"))], [
      bestEffortPod("node1"),
      bestEffortPod("node1"),
    ]);
    expect(scores(bestEffortPod())).toEqual({ node1: 80, node2: 30 });
  });

  it("resource with negative weight", () => {
    expect(() => NodeResourcesFit.args(ma([{ name: "memory", weight: -1 }, { name: "cpu", weight: 1 }]), "args")).toThrow(
      "args.scoringStrategy.resources[0].weight",
    );
  });

  it("resource weight larger than MaxNodeScore", () => {
    expect(() => NodeResourcesFit.args(ma([{ name: "memory", weight: 101 }]), "args")).toThrow("args.scoringStrategy.resources[0].weight");
  });

  it("bypass extended resource if the pod does not request", () => {
    const { scores } = setup(NodeResourcesFit, ma(extendedResourceSet), [
      node("node1", cap("6000", "10000")),
      node("node2", cap("6000", "10000", { [extendedRes]: "4" })),
    ]);
    expect(scores(twoContainers())).toEqual({ node1: 50, node2: 50 });
  });

  it("honor extended resource if the pod request", () => {
    const { scores } = setup(NodeResourcesFit, ma(extendedResourceSet), [
      node("node1", cap("6000", "10000", { [extendedRes]: "4" })),
      node("node2", cap("6000", "10000", { [extendedRes]: "10" })),
    ]);
    // node2: extended 2/10 → 20; (50 + 50 + 20) / 3 = 40
    expect(scores(pod([{ cpu: "3000", memory: "5000", [extendedRes]: "2" }]))).toEqual({ node1: 50, node2: 40 });
  });

  it("if the node doesn't have a resource", () => {
    const resources = [{ name: extendedRes, weight: 2 }, ...defaultResources];
    const { scores } = setup(NodeResourcesFit, ma(resources), [
      node("node1", cap("6000", "10000")),
      node("node2", cap("6000", "10000", { [extendedRes]: "4" })),
    ]);
    expect(scores(pod([{ cpu: "3000", memory: "4000" }]))).toEqual({ node1: 45, node2: 45 });
  });
});
