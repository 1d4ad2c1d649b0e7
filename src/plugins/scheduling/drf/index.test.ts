/** DRF (QueueSort): the pod of the tenant with the smallest dominant share goes first. */
import { describe, expect, it } from "vitest";
import type { Pod } from "../../../core/api/types.js";
import type { QueuedPodInfo } from "../../../core/scheduler/framework.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { makePod } from "../../../core/scheduler/testing.js";
import { gpuNode, gpuPod, policy } from "../gpu-sharing/fixtures.suite.js";
import { DRF } from "./index.js";

const app = (name: string) => ({ "clusterlab.io/app": name });
const queued = (p: Pod, timestamp = 0, priority = 0): QueuedPodInfo => {
  const pi = new PodInfo({ ...p, spec: { ...p.spec, priority } });
  return { podInfo: pi, initialAttemptTimestamp: timestamp, timestamp, attempts: 0, unschedulableCount: 0, unschedulablePlugins: new Set(), gatedBy: null };
};

describe("DRF", () => {
  // Cluster: 2 nodes × (32 cores, 4 GPUs) = 64 cores, 8 GPUs.
  // Tenant "cpu-heavy" runs 16 cores and no GPU: dominant share cpu 16/64 = .25.
  // Tenant "gpu-heavy" runs 2 cores and 3 GPUs: dominant share gpu 3/8 = .375.
  const setup = (args?: unknown) =>
    policy(DRF, args, [gpuNode("a", 32000, 4), gpuNode("b", 32000, 4)], [
      gpuPod({ cpu: 16000, nodeName: "a", labels: app("cpu-heavy") }),
      gpuPod({ cpu: 2000, gpus: 3, nodeName: "b", labels: app("gpu-heavy") }),
    ]);

  it("orders by the tenant's dominant share (max over cpu, memory, GPU of usage / capacity)", () => {
    const { plugin } = setup();
    const cpuHeavy = queued(gpuPod({ cpu: 1000, labels: app("cpu-heavy") }), 5);
    const gpuHeavy = queued(gpuPod({ cpu: 1000, labels: app("gpu-heavy") }), 1);
    const newcomer = queued(gpuPod({ cpu: 1000, labels: app("new") }), 9);
    // .25 < .375 even though the gpu-heavy pod queued earlier; a tenant with nothing running (0) goes first.
    expect(plugin.less!(cpuHeavy, gpuHeavy)).toBe(true);
    expect(plugin.less!(gpuHeavy, cpuHeavy)).toBe(false);
    expect(plugin.less!(newcomer, cpuHeavy)).toBe(true);
  });

  it("priority first, queue time breaks equal shares", () => {
    const { plugin } = setup();
    expect(plugin.less!(queued(gpuPod({ labels: app("gpu-heavy") }), 0, 10), queued(gpuPod({ labels: app("new") }), 0, 0))).toBe(true);
    expect(plugin.less!(queued(gpuPod({ labels: app("x") }), 1), queued(gpuPod({ labels: app("y") }), 2))).toBe(true);
    expect(plugin.less!(queued(gpuPod({ labels: app("x") }), 2), queued(gpuPod({ labels: app("y") }), 1))).toBe(false);
  });

  it("shares follow the cluster: a placement changes the order", () => {
    const { plugin, snapshot } = setup();
    const cpuHeavy = queued(gpuPod({ cpu: 1000, labels: app("cpu-heavy") }));
    const gpuHeavy = queued(gpuPod({ cpu: 1000, labels: app("gpu-heavy") }));
    snapshot.addPod(new PodInfo(gpuPod({ cpu: 14000, labels: app("cpu-heavy") })), "a"); // cpu-heavy: 30/64 = .47
    expect(plugin.less!(gpuHeavy, cpuHeavy)).toBe(true);
  });

  it("tenants by namespace; pods without the label fall back to their namespace", () => {
    const { plugin } = policy(DRF, { tenantBy: "namespace" }, [gpuNode("a", 32000, 4)], [gpuPod({ cpu: 16000, nodeName: "a", namespace: "big" })]);
    expect(plugin.less!(queued(gpuPod({ namespace: "small" })), queued(gpuPod({ namespace: "big" })))).toBe(true);
    expect(() => DRF.args({ tenantBy: "user" }, "args")).toThrow('args.tenantBy: expected "label" or "namespace"');
    expect(() => DRF.args({ tenant: "x" }, "args")).toThrow('args.tenant: unknown field "tenant"');
  });

  it("memory can be the dominant resource", () => {
    // "mem-heavy" holds 1 TiB of the cluster's 2 TiB: share .5, above gpu-heavy's .375.
    const { plugin } = policy(DRF, undefined, [gpuNode("a", 32000, 4), gpuNode("b", 32000, 4)], [
      gpuPod({ cpu: 2000, gpus: 3, nodeName: "b", labels: app("gpu-heavy") }),
      makePod({ name: "m", nodeName: "a", labels: app("mem-heavy"), requests: { cpu: "1", memory: String(2 ** 40) } }),
    ]);
    const mem = queued(gpuPod({ labels: app("mem-heavy") }), 0);
    const gpu = queued(gpuPod({ labels: app("gpu-heavy") }), 1);
    expect(plugin.less!(gpu, mem)).toBe(true);
    expect(plugin.less!(mem, gpu)).toBe(false);
  });

  it("a resource the cluster lacks (no GPUs) is left out of every share", () => {
    const { plugin } = policy(DRF, undefined, [gpuNode("a", 32000, 0), gpuNode("b", 32000, 0)], [
      gpuPod({ cpu: 16000, nodeName: "a", labels: app("quarter") }),
      gpuPod({ cpu: 32000, nodeName: "b", labels: app("half") }),
    ]);
    const quarter = queued(gpuPod({ labels: app("quarter") }), 1);
    const half = queued(gpuPod({ labels: app("half") }), 0);
    expect(plugin.less!(quarter, half)).toBe(true);
    expect(plugin.less!(half, quarter)).toBe(false);
  });

  it("a lower priority never goes first, whatever the shares", () => {
    const { plugin } = setup();
    expect(plugin.less!(queued(gpuPod({ labels: app("new") }), 0, 0), queued(gpuPod({ labels: app("gpu-heavy") }), 5, 10))).toBe(false);
  });

  it("tenants by another label; the label key must be a non-empty string", () => {
    const { plugin } = policy(DRF, { tenantLabel: "team" }, [gpuNode("a", 32000, 4)], [gpuPod({ cpu: 16000, nodeName: "a", labels: { team: "red", "clusterlab.io/app": "x" } })]);
    // Same app label, other teams: team red holds .5, team blue nothing.
    const blue = queued(gpuPod({ labels: { team: "blue", "clusterlab.io/app": "x" } }), 1);
    const red = queued(gpuPod({ labels: { team: "red", "clusterlab.io/app": "x" } }), 0);
    expect(plugin.less!(blue, red)).toBe(true);
    expect(DRF.args(undefined, "args")).toEqual({ tenantBy: "label", tenantLabel: "clusterlab.io/app" });
    expect(() => DRF.args({ tenantLabel: "" }, "args")).toThrow("args.tenantLabel: expected a label key");
    expect(() => DRF.args({ tenantLabel: 3 }, "args")).toThrow("args.tenantLabel: expected a label key");
    expect(() => DRF.args("label", "args")).toThrow("args: expected DRF args object");
    expect(() => DRF.args(["label"], "args")).toThrow("args: expected DRF args object");
  });
});
