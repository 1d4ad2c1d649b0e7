// NodeInfo: incremental aggregates as pods come and go (framework/types_test.go TestNewNodeInfo / RemovePod in spirit).
import { describe, expect, it } from "vitest";
import { NodeInfo, normalizedImageName } from "./node-info.js";
import { PodInfo } from "./pod-info.js";
import { makeNode, makePod } from "./testing.js";

const MI = 1024 * 1024;
const node = (alloc: Record<string, string> = { cpu: "4", memory: "8Gi" }, extra: Parameters<typeof makeNode>[0] = { name: "n" }) =>
  new NodeInfo(makeNode({ ...extra, allocatable: alloc }));

const withPort = (name: string, port: number) =>
  new PodInfo(makePod({ name, containers: [{ name: "c", resources: { requests: { cpu: "100m" } }, ports: [{ containerPort: 1, hostPort: port }] }] }));

describe("NodeInfo", () => {
  it("reads allocatable, labels, taints, unschedulable", () => {
    const ni = new NodeInfo(makeNode({
      name: "n",
      allocatable: { cpu: "4", memory: "8Gi", "example.com/foo": "2" },
      labels: { zone: "z1" },
      taints: [{ key: "k", value: "v", effect: "NoSchedule" }],
      unschedulable: true,
    }));
    expect(ni.allocatable.milliCPU).toBe(4000);
    expect(ni.allocatable.memory).toBe(8 * 1024 * MI);
    expect(ni.allocatable.allowedPodNumber).toBe(110);
    expect(ni.allocatable.getScalar("example.com/foo")).toBe(2);
    expect(ni.labels.zone).toBe("z1");
    expect(ni.taints).toHaveLength(1);
    expect(ni.unschedulable).toBe(true);
  });

  it("falls back to capacity when allocatable is missing", () => {
    const ni = new NodeInfo({ apiVersion: "v1", kind: "Node", metadata: { name: "n" }, spec: {}, status: { capacity: { cpu: "2" } } });
    expect(ni.allocatable.milliCPU).toBe(2000);
  });

  it("addPod then removePod restores every aggregate", () => {
    const ni = node();
    const gen0 = ni.generation;
    const a = new PodInfo(makePod({ name: "a", requests: { cpu: "500m", memory: "1Gi" } }));
    const b = new PodInfo(makePod({ name: "b" })); // best effort: counted only in nonZeroRequested
    ni.addPod(a);
    ni.addPod(b);
    expect(ni.pods.map((p) => p.name)).toEqual(["a", "b"]);
    expect(ni.requested.milliCPU).toBe(500);
    expect(ni.nonZeroRequested.milliCPU).toBe(600);
    expect(ni.nonZeroRequested.memory).toBe(1024 * MI + 200 * MI);
    expect(ni.generation).toBeGreaterThan(gen0);
    expect(ni.removePod(a)).toBe(true);
    expect(ni.removePod(a)).toBe(false);
    ni.removePod(b);
    expect([ni.requested.milliCPU, ni.requested.memory, ni.nonZeroRequested.milliCPU, ni.nonZeroRequested.memory]).toEqual([0, 0, 0, 0]);
    expect(ni.pods).toEqual([]);
  });

  it("removePod finds the pod by uid (a fresh PodInfo of the same pod works)", () => {
    const ni = node();
    const pod = makePod({ name: "a", requests: { cpu: "1" } });
    ni.addPod(new PodInfo(pod));
    expect(ni.removePod(new PodInfo(pod))).toBe(true);
    expect(ni.requested.milliCPU).toBe(0);
  });

  it("tracks pods with affinity and required anti-affinity", () => {
    const ni = node();
    const term = { labelSelector: {}, topologyKey: "kubernetes.io/hostname" };
    const anti = new PodInfo(makePod({ name: "anti", affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } }));
    const plain = new PodInfo(makePod({ name: "plain" }));
    ni.addPod(anti);
    ni.addPod(plain);
    expect(ni.podsWithAffinity.map((p) => p.name)).toEqual(["anti"]);
    expect(ni.podsWithRequiredAntiAffinity.map((p) => p.name)).toEqual(["anti"]);
    ni.removePod(anti);
    expect(ni.podsWithAffinity).toEqual([]);
    expect(ni.podsWithRequiredAntiAffinity).toEqual([]);
  });

  it("counts host ports per ip/protocol/port and frees them when the last user leaves", () => {
    const ni = node();
    const a = withPort("a", 8080);
    const b = withPort("b", 8080);
    ni.addPod(a);
    ni.addPod(b);
    expect(ni.usedPorts.get("0.0.0.0/TCP/8080")).toBe(2);
    ni.removePod(a);
    expect(ni.usedPorts.get("0.0.0.0/TCP/8080")).toBe(1);
    ni.removePod(b);
    expect(ni.usedPorts.size).toBe(0);
  });

  it("GPU devices: whole GPUs and shares are placed and released", () => {
    const ni = node({ cpu: "8", "nvidia.com/gpu": "2" }, { name: "g", labels: { "clusterlab.io/gpu-model": "A100" } });
    expect(ni.gpuCount).toBe(2);
    expect(ni.gpuModel).toBe("A100");
    const share = new PodInfo(makePod({ name: "s", requests: { "clusterlab.io/gpu-milli": "300" } }));
    const whole = new PodInfo(makePod({ name: "w", requests: { "nvidia.com/gpu": "1" } }));
    ni.addPod(share);
    ni.addPod(whole);
    expect([...ni.gpuFree].sort()).toEqual([0, 700]);
    expect(ni.gpuUsedMilli).toBe(1300);
    ni.removePod(share);
    ni.removePod(whole);
    expect([...ni.gpuFree]).toEqual([1000, 1000]);
    expect(ni.gpuUsedMilli).toBe(0);
    expect(ni.gpuAssignments.size).toBe(0);
  });

  it("setNode replaces labels, taints and allocatable and keeps the pods", () => {
    const ni = node();
    ni.addPod(new PodInfo(makePod({ name: "a", requests: { cpu: "1" } })));
    ni.setNode(makeNode({ name: "n", allocatable: { cpu: "16" }, labels: { new: "yes" }, taints: [{ key: "k", effect: "NoSchedule" }] }));
    expect(ni.allocatable.milliCPU).toBe(16000);
    expect(ni.allocatable.memory).toBe(0);
    expect(ni.labels.new).toBe("yes");
    expect(ni.taints).toHaveLength(1);
    expect(ni.pods).toHaveLength(1);
    expect(ni.requested.milliCPU).toBe(1000);
  });

  it("clone is independent for pods, requests, ports and GPUs", () => {
    const ni = node({ cpu: "4", "nvidia.com/gpu": "1" });
    ni.addPod(withPort("a", 80));
    const c = ni.clone();
    c.addPod(new PodInfo(makePod({ name: "b", requests: { cpu: "1", "nvidia.com/gpu": "1" } })));
    c.addPod(withPort("c", 81));
    expect(ni.pods.map((p) => p.name)).toEqual(["a"]);
    expect(ni.requested.milliCPU).toBe(100);
    expect(ni.usedPorts.has("0.0.0.0/TCP/81")).toBe(false);
    expect([...ni.gpuFree]).toEqual([1000]);
    expect(c.requested.milliCPU).toBe(1200);
    expect(c.name).toBe(ni.name);
  });
});

describe("normalizedImageName", () => {
  it.each([
    ["nginx", "nginx:latest"],
    ["nginx:1.27", "nginx:1.27"],
    ["registry:5000/nginx", "registry:5000/nginx:latest"],
    ["registry:5000/team/nginx:v1", "registry:5000/team/nginx:v1"],
    ["nginx@sha256:abc", "nginx@sha256:abc"],
  ])("%s → %s", (name, want) => {
    expect(normalizedImageName(name)).toBe(want);
  });
});
