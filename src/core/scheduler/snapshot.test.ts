// Snapshot: node list and indexes, pod placement, image spread, affinity counters, allocation totals.
import { describe, expect, it } from "vitest";
import { PodInfo } from "./pod-info.js";
import { Snapshot } from "./snapshot.js";
import { makeNode, makePod } from "./testing.js";

const img = (names: string[]) => [{ names, sizeBytes: 100 }];

describe("Snapshot nodes", () => {
  it("keeps insertion order with stable indexes, reindexed after a removal", () => {
    const s = new Snapshot();
    for (const n of ["a", "b", "c"]) s.addNode(makeNode({ name: n }));
    expect(s.nodes.map((n) => [n.name, n.index])).toEqual([["a", 0], ["b", 1], ["c", 2]]);
    const gone = s.removeNode("b");
    expect(gone?.name).toBe("b");
    expect(s.nodes.map((n) => [n.name, n.index])).toEqual([["a", 0], ["c", 1]]);
    expect(s.get("b")).toBeUndefined();
    expect(s.removeNode("b")).toBeUndefined();
    expect(s.size).toBe(2);
  });

  it("adding a node again updates it in place", () => {
    const s = new Snapshot();
    const first = s.addNode(makeNode({ name: "a", labels: { v: "1" } }));
    const again = s.addNode(makeNode({ name: "a", labels: { v: "2" } }));
    expect(again).toBe(first);
    expect(s.size).toBe(1);
    expect(s.get("a")!.labels.v).toBe("2");
  });

  it("counts the nodes holding each image (ImageLocality's spread), through updates and removals", () => {
    const s = new Snapshot();
    s.addNode(makeNode({ name: "a", images: img(["nginx"]) }));
    s.addNode(makeNode({ name: "b", images: img(["nginx:latest", "redis:7"]) }));
    expect(s.imageNodeCount.get("nginx:latest")).toBe(2);
    expect(s.imageNodeCount.get("redis:7")).toBe(1);
    s.updateNode(makeNode({ name: "b", images: img(["redis:7"]) }));
    expect(s.imageNodeCount.get("nginx:latest")).toBe(1);
    s.removeNode("a");
    expect(s.imageNodeCount.has("nginx:latest")).toBe(false);
    expect(s.imageNodeCount.get("redis:7")).toBe(1);
  });
});

describe("Snapshot pods", () => {
  it("places a pod once, only on a known node, and removes it", () => {
    const s = new Snapshot();
    s.addNode(makeNode({ name: "a" }));
    const p = new PodInfo(makePod({ name: "p", requests: { cpu: "1" } }));
    expect(s.addPod(p, "zz")).toBe(false);
    expect(s.addPod(p, "a")).toBe(true);
    expect(s.addPod(p, "a")).toBe(false);
    expect(s.nodeOf(p.uid)?.name).toBe("a");
    expect(s.get("a")!.requested.milliCPU).toBe(1000);
    expect(s.removePod(p)?.name).toBe("a");
    expect(s.removePod(p)).toBeUndefined();
    expect(s.get("a")!.pods).toEqual([]);
  });

  it("keeps the affinity counters in step, also when a node with such pods is removed", () => {
    const s = new Snapshot();
    s.addNode(makeNode({ name: "a" }));
    s.addNode(makeNode({ name: "b" }));
    const term = { labelSelector: {}, topologyKey: "kubernetes.io/hostname" };
    const anti = (n: string) => new PodInfo(makePod({ name: n, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } }));
    s.addPod(anti("x"), "a");
    s.addPod(anti("y"), "b");
    expect([s.podsWithAffinityCount, s.podsWithRequiredAntiAffinityCount]).toEqual([2, 2]);
    s.removeNode("a");
    expect([s.podsWithAffinityCount, s.podsWithRequiredAntiAffinityCount]).toEqual([1, 1]);
    expect(s.nodeOf("uid-default-x")).toBeUndefined();
  });

  it("bumps the generation on every change", () => {
    const s = new Snapshot();
    const g: number[] = [s.generation];
    s.addNode(makeNode({ name: "a" }));
    g.push(s.generation);
    const p = new PodInfo(makePod({ name: "p" }));
    s.addPod(p, "a");
    g.push(s.generation);
    s.removePod(p);
    g.push(s.generation);
    expect(new Set(g).size).toBe(4);
  });
});

describe("AllocationTotals", () => {
  it("tracks requested/allocatable ratios and their exact time average", () => {
    let now = 0;
    const s = new Snapshot(() => now);
    s.addNode(makeNode({ name: "a", allocatable: { cpu: "4", memory: "4Gi" } }));
    s.totals.startAt(0);
    const p = new PodInfo(makePod({ name: "p", requests: { cpu: "2", memory: "1Gi" } }));
    now = 10;
    s.addPod(p, "a"); // 0 for 10 µs
    expect(s.totals.ratio(0)).toBe(0.5);
    expect(s.totals.ratio(1)).toBe(0.25);
    now = 30;
    s.removePod(p); // 0.5 for 20 µs
    now = 40; // 0 for 10 µs
    expect(s.totals.mean(0)).toBeCloseTo((0.5 * 20) / 40, 12);
    expect(s.totals.mean(1)).toBeCloseTo((0.25 * 20) / 40, 12);
  });

  it("counts GPUs in milli-GPU and follows node removal", () => {
    const s = new Snapshot();
    s.addNode(makeNode({ name: "g", allocatable: { cpu: "8", "nvidia.com/gpu": "4" } }));
    s.addPod(new PodInfo(makePod({ name: "p", requests: { "nvidia.com/gpu": "1" } })), "g");
    expect(s.totals.allocatable[2]).toBe(4000);
    expect(s.totals.ratio(2)).toBe(0.25);
    s.removeNode("g");
    expect([...s.totals.allocatable]).toEqual([0, 0, 0]);
    expect([...s.totals.requested]).toEqual([0, 0, 0]);
    expect(s.totals.ratio(2)).toBe(0);
  });
});
