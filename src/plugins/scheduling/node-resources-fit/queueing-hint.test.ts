/**
 * NodeResourcesFit's QueueingHint for node events (isSchedulableAfterNodeChange, v1.33), on hand-worked
 * events after upstream's cases: a node the pod cannot fit even empty is skipped; a new node it fits
 * queues; an updated node queues only if the pod count or a resource the pod requests grew.
 */
import { describe, expect, it } from "vitest";
import type { Node, ResourceList } from "../../../core/api/types.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { NodeResourcesFit } from "./index.js";

const fit = NodeResourcesFit.create(NodeResourcesFit.args(undefined, "args"), makeHandle(makeSnapshot([])));
const node = (allocatable: ResourceList): Node => makeNode({ name: "n", allocatable });
const cpuPod = new PodInfo(makePod({ name: "p", requests: { cpu: "2", memory: "1Gi" } }));
const gpuPod = new PodInfo(makePod({ name: "g", requests: { cpu: "1", memory: "1Gi", "nvidia.com/gpu": "1" } }));

describe("NodeResourcesFit node QueueingHint", () => {
  it.each([
    ["a new node the pod fits", cpuPod, node({ cpu: "4", memory: "8Gi" }), null, "Queue"],
    ["a new node too small for the pod", cpuPod, node({ cpu: "1", memory: "8Gi" }), null, "QueueSkip"],
    ["cpu grew on a node the pod now fits", cpuPod, node({ cpu: "4", memory: "8Gi" }), node({ cpu: "1", memory: "8Gi" }), "Queue"],
    ["memory grew on a node the pod fits", cpuPod, node({ cpu: "4", memory: "16Gi" }), node({ cpu: "4", memory: "8Gi" }), "Queue"],
    ["a resource the pod does not request grew", cpuPod, node({ cpu: "4", memory: "8Gi", "ephemeral-storage": "100Gi" }), node({ cpu: "4", memory: "8Gi" }), "QueueSkip"],
    ["nothing grew (a label change)", cpuPod, node({ cpu: "4", memory: "8Gi" }), node({ cpu: "4", memory: "8Gi" }), "QueueSkip"],
    ["the pod count grew", cpuPod, node({ cpu: "4", memory: "8Gi", pods: "120" }), node({ cpu: "4", memory: "8Gi", pods: "110" }), "Queue"],
    ["GPUs added to a node", gpuPod, node({ cpu: "4", memory: "8Gi", "nvidia.com/gpu": "2" }), node({ cpu: "4", memory: "8Gi" }), "Queue"],
    ["a node without GPUs for a GPU pod", gpuPod, node({ cpu: "4", memory: "8Gi" }), null, "QueueSkip"],
  ] as const)("%s", (_what, pod, now, before, want) => {
    expect(fit.nodeQueueingHint!("NodeUpdate", pod, now, before)).toBe(want);
  });
});

describe("NodeResourcesFit node QueueingHint beyond cpu and memory", () => {
  const storagePod = new PodInfo(makePod({ name: "s", requests: { cpu: "1", "ephemeral-storage": "10Gi" } }));
  const fpgaPod = new PodInfo(makePod({ name: "f", requests: { cpu: "1", "example.com/fpga": "1" } }));
  const memPod = new PodInfo(makePod({ name: "m", requests: { memory: "1Gi" } }));
  const base = { cpu: "4", memory: "8Gi" };
  it.each([
    ["ephemeral storage grew for a pod requesting it", storagePod, node({ ...base, "ephemeral-storage": "100Gi" }), node({ ...base, "ephemeral-storage": "50Gi" }), "Queue"],
    ["ephemeral storage unchanged", storagePod, node({ ...base, "ephemeral-storage": "100Gi" }), node({ ...base, "ephemeral-storage": "100Gi" }), "QueueSkip"],
    ["ephemeral storage shrank", storagePod, node({ ...base, "ephemeral-storage": "50Gi" }), node({ ...base, "ephemeral-storage": "100Gi" }), "QueueSkip"],
    ["an extended resource the pod requests grew", fpgaPod, node({ ...base, "example.com/fpga": "4" }), node({ ...base, "example.com/fpga": "2" }), "Queue"],
    ["that extended resource unchanged", fpgaPod, node({ ...base, "example.com/fpga": "4" }), node({ ...base, "example.com/fpga": "4" }), "QueueSkip"],
    ["that extended resource shrank", fpgaPod, node({ ...base, "example.com/fpga": "2" }), node({ ...base, "example.com/fpga": "4" }), "QueueSkip"],
    ["cpu grew for a pod requesting only memory", memPod, node({ cpu: "8", memory: "8Gi" }), node({ cpu: "4", memory: "8Gi" }), "QueueSkip"],
    ["memory grew for that pod", memPod, node({ cpu: "4", memory: "16Gi" }), node({ cpu: "4", memory: "8Gi" }), "Queue"],
    ["the same GPUs on a GPU pod's node", gpuPod, node({ ...base, "nvidia.com/gpu": "2" }), node({ ...base, "nvidia.com/gpu": "2" }), "QueueSkip"],
    ["GPUs added for a pod without GPUs", cpuPod, node({ ...base, "nvidia.com/gpu": "2" }), node(base), "QueueSkip"],
  ] as const)("%s", (_what, pod, now, before, want) => {
    expect(fit.nodeQueueingHint!("NodeUpdate", pod, now, before)).toBe(want);
  });
});
