// ResourceQuota for pods as the API server's quota admission and the pod evaluator count it: usage by
// resource (init containers as the scheduler counts them, ended pods free), the "must specify" refusal,
// the "exceeded quota" message with only the exceeded resources, sorted, and the names quotas may limit.
import { describe, expect, it } from "vitest";
import type { Pod } from "../api/types.js";
import { validateResourceQuota, type ResourceQuota } from "../api/resource-quota.js";
import { makePod } from "../scheduler/testing.js";
import { admitPod, missingSpecification, podUsage } from "./quota-usage.js";

const pod = (name: string, cpu: string, memory = "256Mi", limitCpu?: string): Pod =>
  makePod({ name, containers: [{ name: "c", resources: { requests: { cpu, memory }, ...(limitCpu ? { limits: { cpu: limitCpu } } : {}) } }] });
const quota = (name: string, hard: Record<string, string>): ResourceQuota => ({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name, namespace: "default" }, spec: { hard } });

describe("pod quota usage", () => {
  it("counts requests, limits, the pod itself, init containers as the scheduler does, and nothing once it ended", () => {
    const p = makePod({
      name: "p",
      containers: [{ name: "a", resources: { requests: { cpu: "250m" }, limits: { cpu: "1" } } }, { name: "b", resources: { requests: { cpu: "250m" } } }],
      initContainers: [{ name: "i", resources: { requests: { cpu: "800m" } } }],
    });
    expect(podUsage(p, "requests.cpu")).toBe(800);
    expect(podUsage(p, "cpu")).toBe(800);
    expect(podUsage(p, "limits.cpu")).toBe(1000);
    expect(podUsage(p, "pods")).toBe(1);
    expect(podUsage(p, "count/pods")).toBe(1);
    expect(podUsage({ ...p, status: { phase: "Succeeded" } }, "requests.cpu")).toBe(0);
    expect(podUsage({ ...p, status: { phase: "Failed" } }, "pods")).toBe(0);
  });

  it("refuses a pod whose containers do not state what a quota limits, naming resources and containers", () => {
    const p = makePod({ name: "p", containers: [{ name: "web", resources: { requests: { cpu: "1" } } }, { name: "log" }] });
    expect(missingSpecification(p, ["requests.cpu", "limits.memory", "pods"])).toBe("must specify limits.memory for: log,web; requests.cpu for: log");
    expect(admitPod(p, [quota("compute", { "limits.memory": "1Gi" })], () => [])).toBe("failed quota: compute: must specify limits.memory for: log,web");
  });
});

describe("quota admission", () => {
  it("admits within the quota and refuses past it with kube's message: exceeded resources only, sorted", () => {
    const q = quota("compute", { pods: "10", "requests.cpu": "2", "requests.memory": "1Gi", "limits.cpu": "4" });
    const running = [pod("a", "1", "256Mi", "2"), pod("b", "500m", "256Mi", "1")];
    expect(admitPod(pod("c", "500m", "256Mi", "1"), [q], () => running)).toBeNull();
    expect(admitPod(pod("c", "600m", "256Mi", "2"), [q], () => running)).toBe(
      "exceeded quota: compute, requested: limits.cpu=2,requests.cpu=600m, used: limits.cpu=3,requests.cpu=1500m, limited: limits.cpu=4,requests.cpu=2",
    );
    expect(admitPod(pod("c", "100m", "768Mi", "1"), [q], () => running)).toBe("exceeded quota: compute, requested: requests.memory=768Mi, used: requests.memory=512Mi, limited: requests.memory=1Gi");
    // Ended pods free their share.
    const ended = running.map((p) => ({ ...p, status: { phase: "Succeeded" as const } }));
    expect(admitPod(pod("c", "2", "256Mi", "4"), [q], () => ended)).toBeNull();
  });

  it("checks every quota of the namespace, by name", () => {
    const a = quota("a-pods", { pods: "1" });
    const b = quota("b-cpu", { "requests.cpu": "100m" });
    expect(admitPod(pod("c", "500m"), [b, a], () => [pod("x", "0")])).toBe("exceeded quota: a-pods, requested: pods=1, used: pods=1, limited: pods=1");
  });
});

describe("ResourceQuota validation", () => {
  it("takes the names pods are counted against; refuses the rest and bad quantities at their field", () => {
    expect(() => validateResourceQuota({ metadata: { name: "q" }, spec: { hard: { pods: "5", "requests.nvidia.com/gpu": "4", memory: "1Gi" } } })).not.toThrow();
    expect(() => validateResourceQuota({ metadata: { name: "q" }, spec: { hard: { services: "5" } } })).toThrow('spec.hard.services: Unsupported value: quota on "services" is not simulated');
    expect(() => validateResourceQuota({ metadata: { name: "q" }, spec: { hard: { "requests.cpu": "two" } } })).toThrow('spec.hard.requests.cpu: Invalid value: "two"');
    expect(() => validateResourceQuota({ metadata: { name: "q" }, spec: { hard: { pods: "-1" } } })).toThrow("must be greater than or equal to 0");
  });
});
