/** Ports kube-scheduler v1.33 noderesources/least_allocated_test.go (TestLeastAllocatedScoringStrategy). */
import { describe, expect, it } from "vitest";
import { ArgsError } from "../../../core/scheduler/framework.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { makeHandle, makeSnapshot } from "../../../core/scheduler/testing.js";
import { Code, Status } from "../../../core/scheduler/status.js";
import { NodeResourcesFit } from "./index.js";
import { bestEffortPod, node, pod, setup } from "./fixtures.suite.js";

const defaultResources = [
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 },
];
const extendedRes = "abc.com/xyz";
const extendedResourceSet = [...defaultResources, { name: extendedRes, weight: 1 }];

const la = (resources: unknown = defaultResources) => ({ scoringStrategy: { type: "LeastAllocated", resources } });
const cap = (cpu: string, memory: string, extra: Record<string, string> = {}) => ({ cpu, memory, ...extra });
const twoContainers = () => pod([{ cpu: "1000", memory: "2000" }, { cpu: "2000", memory: "3000" }]);

describe("NodeResourcesFit LeastAllocated (least_allocated_test.go)", () => {
  it("nothing scheduled, nothing requested", () => {
    const { scores } = setup(NodeResourcesFit, la(), [node("node1", cap("4000", "10000")), node("node2", cap("4000", "10000"))]);
    expect(scores(pod())).toEqual({ node1: 100, node2: 100 });
  });

  it("nothing scheduled, resources requested, differently sized nodes", () => {
    const { scores } = setup(NodeResourcesFit, la(), [node("node1", cap("4000", "10000")), node("node2", cap("6000", "10000"))]);
    // node1: cpu (4000−3000)·100/4000 = 25, memory 50 → 37; node2: 50, 50 → 50
    expect(scores(twoContainers())).toEqual({ node1: 37, node2: 50 });
  });

  it("Resources not set, pods scheduled with error", () => {
    // Only reachable by bypassing v1 defaulting (which fills cpu/memory), as the upstream test does.
    const snapshot = makeSnapshot([node("node1", cap("4000", "10000")), node("node2", cap("6000", "10000"))]);
    const plugin = NodeResourcesFit.create(
      { ignoredResources: [], ignoredResourceGroups: [], scoringStrategy: { type: "LeastAllocated", resources: [] } },
      makeHandle(snapshot),
    );
    const s = plugin.score!(new CycleState(), new PodInfo(twoContainers()), snapshot.nodes[0]!);
    expect(s).toBeInstanceOf(Status);
    expect((s as Status).code).toBe(Code.Error);
    expect((s as Status).message()).toBe("resources not found");
  });

  it("no resources requested, pods scheduled", () => {
    const { scores } = setup(NodeResourcesFit, la(), [node("node1", cap("4000", "10000")), node("node2", cap("4000", "10000"))], [
      pod([], { nodeName: "node1" }),
      pod([], { nodeName: "node1" }),
      pod([], { nodeName: "node2" }),
      pod([], { nodeName: "node2" }),
    ]);
    expect(scores(pod())).toEqual({ node1: 100, node2: 100 });
  });

  it("no resources requested, pods scheduled with resources", () => {
    const { scores } = setup(NodeResourcesFit, la(), [node("node1", cap("10000", "20000")), node("node2", cap("10000", "20000"))], [
      pod([{ cpu: "3000", memory: "0" }], { nodeName: "node1" }),
      pod([{ cpu: "3000", memory: "0" }], { nodeName: "node1" }),
      pod([{ cpu: "3000", memory: "0" }], { nodeName: "node2" }),
      pod([{ cpu: "3000", memory: "5000" }], { nodeName: "node2" }),
    ]);
    expect(scores(pod())).toEqual({ node1: 70, node2: 57 });
  });

  const scheduled = () => [pod([{ cpu: "3000", memory: "0" }], { nodeName: "node1" }), pod([{ cpu: "3000", memory: "5000" }], { nodeName: "node2" })];

  it("resources requested, pods scheduled with resources", () => {
    const { scores } = setup(NodeResourcesFit, la(), [node("node1", cap("10000", "20000")), node("node2", cap("10000", "20000"))], scheduled());
    expect(scores(twoContainers())).toEqual({ node1: 57, node2: 45 });
  });

  it("resources requested, pods scheduled with resources, differently sized nodes", () => {
    const { scores } = setup(NodeResourcesFit, la(), [node("node1", cap("10000", "20000")), node("node2", cap("10000", "50000"))], scheduled());
    expect(scores(twoContainers())).toEqual({ node1: 57, node2: 60 });
  });

  it("requested resources exceed node capacity", () => {
    const { scores } = setup(NodeResourcesFit, la(), [node("node1", cap("4000", "10000")), node("node2", cap("4000", "10000"))], scheduled());
    // cpu 6000 > 4000 scores 0 on both nodes
    expect(scores(pod([{ cpu: "3000", memory: "0" }]))).toEqual({ node1: 50, node2: 25 });
  });

  it("zero node resources, pods scheduled with resources", () => {
    const { scores } = setup(NodeResourcesFit, la(), [node("node1"), node("node2")], scheduled());
    expect(scores(pod())).toEqual({ node1: 0, node2: 0 });
  });

  it("nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes", () => {
    const resources = [
      { name: "memory", weight: 2 },
      { name: "cpu", weight: 1 },
    ];
    const { scores } = setup(NodeResourcesFit, la(resources), [node("node1", cap("4000", "10000")), node("node2", cap("6000", "10000"))]);
    // node1: (25·1 + 50·2) / 3 = 41
    expect(scores(twoContainers())).toEqual({ node1: 41, node2: 50 });
  });

  it("resource with negative weight", () => {
    const parse = () => NodeResourcesFit.args(la([{ name: "memory", weight: -1 }, { name: "cpu", weight: 1 }]), "args");
    expect(parse).toThrow(ArgsError);
    expect(parse).toThrow("args.scoringStrategy.resources[0].weight");
  });

  it("resource with zero weight (v1 defaulting turns 0 into 1)", () => {
    // Upstream rejects weight 0 on the internal config; through the v1 API (YAML) 0 means "unset" → 1.
    const args = NodeResourcesFit.args(la([{ name: "memory", weight: 1 }, { name: "cpu", weight: 0 }]), "args");
    expect(args.scoringStrategy.resources).toEqual(defaultResources.slice().reverse());
  });

  it("resource weight larger than MaxNodeScore", () => {
    const parse = () => NodeResourcesFit.args(la([{ name: "memory", weight: 1 }, { name: "cpu", weight: 101 }]), "args");
    expect(parse).toThrow("args.scoringStrategy.resources[1].weight: resource weight of cpu not in valid range (0, 100]");
  });

  it("bypass extended resource if the pod does not request", () => {
    const { scores } = setup(NodeResourcesFit, la(extendedResourceSet), [
      node("node1", cap("6000", "10000")),
      node("node2", cap("6000", "10000", { [extendedRes]: "4" })),
    ]);
    expect(scores(twoContainers())).toEqual({ node1: 50, node2: 50 });
  });

  it("honor extended resource if the pod requests", () => {
    const { scores } = setup(NodeResourcesFit, la(extendedResourceSet), [
      node("node1", cap("6000", "10000", { [extendedRes]: "4" })),
      node("node2", cap("6000", "10000", { [extendedRes]: "10" })),
    ]);
    // node2: extended (10−2)/10 → 80; (50 + 50 + 80) / 3 = 60
    expect(scores(pod([{ cpu: "3000", memory: "5000", [extendedRes]: "2" }]))).toEqual({ node1: 50, node2: 60 });
  });

  it("if the node doesn't have a resource", () => {
    const resources = [{ name: extendedRes, weight: 2 }, ...defaultResources];
    const { scores } = setup(NodeResourcesFit, la(resources), [
      node("node1", cap("6000", "10000")),
      node("node2", cap("6000", "10000", { [extendedRes]: "4" })),
    ]);
    expect(scores(pod([{ cpu: "3000", memory: "4000" }]))).toEqual({ node1: 55, node2: 55 });
  });

  it("containers without requests count 100m cpu / 200Mi memory (NonZero defaults)", () => {
    // Derived from most_allocated_test's "nonzero request for resource" nodes, with LeastAllocated math:
    // node1: cpu 300m > 250m → 0, memory 600Mi of 1000Mi → 40 → 20; node2: cpu 60, memory 80 → 70.
    const { scores } = setup(NodeResourcesFit, la(), [node("node1", cap("250m", "1000Mi")), node("node2", cap("250m", "1000Mi"))], [
      bestEffortPod("node1"),
      bestEffortPod("node1"),
    ]);
    expect(scores(bestEffortPod())).toEqual({ node1: 20, node2: 70 });
  });
});
