// PodInfo: requests as resourcehelper.PodRequests computes them (k8s.io/component-helpers/resource/helpers_test.go
// in spirit), the non-zero scoring defaults, GPUs, host ports and affinity flags.
import { describe, expect, it } from "vitest";
import type { Container } from "../api/types.js";
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, PodInfo } from "./pod-info.js";
import { makePod } from "./testing.js";

const MI = 1024 * 1024;
const c = (name: string, requests?: Record<string, string>, extra: Partial<Container> = {}): Container => ({
  name,
  ...(requests ? { resources: { requests } } : {}),
  ...extra,
});

describe("PodInfo requests", () => {
  it("sums containers", () => {
    const pi = new PodInfo(makePod({ name: "p", containers: [c("a", { cpu: "100m", memory: "1Mi" }), c("b", { cpu: "250m", memory: "2Mi" })] }));
    expect(pi.requests.milliCPU).toBe(350);
    expect(pi.requests.memory).toBe(3 * MI);
  });

  it("init containers: the maximum of (each init container) and (sum of app containers) wins", () => {
    const pi = new PodInfo(makePod({
      name: "p",
      containers: [c("a", { cpu: "100m", memory: "10Mi" })],
      initContainers: [c("i1", { cpu: "500m", memory: "1Mi" }), c("i2", { cpu: "200m", memory: "5Mi" })],
    }));
    expect(pi.requests.milliCPU).toBe(500);
    expect(pi.requests.memory).toBe(10 * MI);
  });

  it("sidecars (restartPolicy Always) add to the app containers and to later init containers", () => {
    const pi = new PodInfo(makePod({
      name: "p",
      containers: [c("a", { cpu: "100m" })],
      initContainers: [c("sidecar", { cpu: "200m" }, { restartPolicy: "Always" }), c("init", { cpu: "400m" })],
    }));
    // App: 100 + 200 = 300; the init step runs beside the sidecar: 400 + 200 = 600.
    expect(pi.requests.milliCPU).toBe(600);
  });

  it("pod overhead is added", () => {
    const pi = new PodInfo(makePod({ name: "p", requests: { cpu: "1" }, spec: { overhead: { cpu: "250m" } } }));
    expect(pi.requests.milliCPU).toBe(1250);
  });

  it("non-zero defaults (100m cpu, 200Mi memory) apply per container that omits a request, not to explicit zeros", () => {
    const pi = new PodInfo(makePod({ name: "p", containers: [c("a"), c("b", { cpu: "0" }), c("c", { cpu: "300m", memory: "1Mi" })] }));
    expect(pi.requests.milliCPU).toBe(300);
    expect(pi.nonZeroMilliCPU).toBe(DEFAULT_MILLI_CPU_REQUEST + 0 + 300);
    expect(pi.nonZeroMemory).toBe(2 * DEFAULT_MEMORY_REQUEST + MI);
    expect(DEFAULT_MEMORY_REQUEST).toBe(200 * MI);
  });

  it("extended resources are kept as scalars", () => {
    const pi = new PodInfo(makePod({ name: "p", requests: { "example.com/foo": "3" } }));
    expect(pi.requests.getScalar("example.com/foo")).toBe(3);
  });
});

describe("PodInfo GPUs", () => {
  it("whole GPUs: count devices of 1000 milli; not a scalar resource", () => {
    const pi = new PodInfo(makePod({ name: "p", requests: { "nvidia.com/gpu": "2" } }));
    expect([pi.gpuCount, pi.gpuMilli, pi.gpuTotalMilli]).toEqual([2, 1000, 2000]);
    expect(pi.requests.getScalar("nvidia.com/gpu")).toBe(0);
  });

  it("a GPU share is one device", () => {
    const pi = new PodInfo(makePod({ name: "p", requests: { "clusterlab.io/gpu-milli": "300" } }));
    expect([pi.gpuCount, pi.gpuMilli]).toEqual([1, 300]);
  });

  it("a GPU given only as a limit counts, even when other resources are requested", () => {
    const pi = new PodInfo(makePod({
      name: "p",
      containers: [{ name: "a", resources: { requests: { cpu: "1" }, limits: { "nvidia.com/gpu": "1" } } }],
    }));
    expect(pi.gpuCount).toBe(1);
  });

  it("allowed GPU models come from the annotation", () => {
    const pi = new PodInfo(makePod({ name: "p", annotations: { "clusterlab.io/gpu-models": "A100|V100" } }));
    expect([...pi.gpuModels!]).toEqual(["A100", "V100"]);
    expect(new PodInfo(makePod({ name: "q" })).gpuModels).toBeNull();
  });
});

describe("PodInfo other fields", () => {
  it("priority defaults to 0; namespace to default; key is namespace/name", () => {
    const pi = new PodInfo(makePod({ name: "p" }));
    expect(pi.priority).toBe(0);
    expect(pi.namespace).toBe("default");
    expect(pi.key).toBe("default/p");
    expect(new PodInfo(makePod({ name: "h", priority: 7 })).priority).toBe(7);
  });

  it("host ports: hostIP defaults to 0.0.0.0 and protocol to TCP; ports without hostPort are ignored", () => {
    const pi = new PodInfo(makePod({
      name: "p",
      containers: [{ name: "a", ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, hostPort: 53, protocol: "UDP", hostIP: "10.0.0.1" }, { containerPort: 9000 }] }],
    }));
    expect(pi.hostPorts).toEqual([
      { ip: "0.0.0.0", protocol: "TCP", port: 8080 },
      { ip: "10.0.0.1", protocol: "UDP", port: 53 },
    ]);
  });

  it("affinity flags", () => {
    const term = { labelSelector: { matchLabels: { a: "b" } }, topologyKey: "kubernetes.io/hostname" };
    const anti = new PodInfo(makePod({ name: "p", affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } }));
    expect([anti.hasAffinity, anti.hasRequiredAntiAffinity]).toEqual([true, true]);
    const pref = new PodInfo(makePod({ name: "q", affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: term }] } } }));
    expect([pref.hasAffinity, pref.hasRequiredAntiAffinity]).toEqual([true, false]);
    const nodeOnly = new PodInfo(makePod({ name: "r", affinity: { nodeAffinity: {} } }));
    expect(nodeOnly.hasAffinity).toBe(false);
  });
});
