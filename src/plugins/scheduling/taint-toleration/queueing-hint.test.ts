/**
 * TaintToleration's and NodeAffinity's QueueingHints for node events (isSchedulableAfterNodeChange, v1.33),
 * on hand-worked events after upstream's cases, and the scheduling queue moving a pool pod only when the
 * node event may help it.
 */
import { describe, expect, it } from "vitest";
import type { Node, Taint } from "../../../core/api/types.js";
import type { QueuedPodInfo } from "../../../core/scheduler/framework.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { SchedulingQueue } from "../../../core/scheduler/queue.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { NodeAffinity } from "../node-affinity/index.js";
import { TaintToleration } from "./index.js";

const handle = makeHandle(makeSnapshot([]));
const taints = TaintToleration.create(TaintToleration.args(undefined, "args"), handle);
const affinity = NodeAffinity.create(NodeAffinity.args(undefined, "args"), handle);
const NO_SCHEDULE: Taint = { key: "foo", value: "bar", effect: "NoSchedule" };
const PREFER: Taint = { key: "foo", value: "bar", effect: "PreferNoSchedule" };
const node = (o: { taints?: Taint[]; labels?: Record<string, string> } = {}): Node => makeNode({ name: "n", ...o });
const plain = new PodInfo(makePod({ name: "p" }));
const tolerating = new PodInfo(makePod({ name: "t", tolerations: [{ key: "foo", operator: "Equal", value: "bar", effect: "NoSchedule" }] }));
const selecting = new PodInfo(makePod({ name: "s", nodeSelector: { disk: "ssd" } }));

describe("TaintToleration node QueueingHint", () => {
  it.each([
    ["a node added without taints", plain, node(), null, "Queue"],
    ["a node added with an untolerated NoSchedule taint", plain, node({ taints: [NO_SCHEDULE] }), null, "QueueSkip"],
    ["a node added with a tolerated taint", tolerating, node({ taints: [NO_SCHEDULE] }), null, "Queue"],
    ["a PreferNoSchedule taint never blocks", plain, node({ taints: [PREFER] }), null, "Queue"],
    ["an untolerated taint removed", plain, node(), node({ taints: [NO_SCHEDULE] }), "Queue"],
    ["an untolerated taint added", plain, node({ taints: [NO_SCHEDULE] }), node(), "QueueSkip"],
    ["a label changed on a node that was already fine", plain, node({ labels: { a: "b" } }), node(), "QueueSkip"],
  ] as const)("%s", (_what, pod, now, before, want) => {
    expect(taints.nodeQueueingHint!("NodeUpdate", pod, now, before)).toBe(want);
  });
});

describe("NodeAffinity node QueueingHint", () => {
  it.each([
    ["a node added that matches the selector", selecting, node({ labels: { disk: "ssd" } }), null, "Queue"],
    ["a node added that does not match", selecting, node({ labels: { disk: "hdd" } }), null, "QueueSkip"],
    ["a node relabelled to match", selecting, node({ labels: { disk: "ssd" } }), node({ labels: { disk: "hdd" } }), "Queue"],
    ["a node that matched before and after", selecting, node({ labels: { disk: "ssd", x: "1" } }), node({ labels: { disk: "ssd" } }), "QueueSkip"],
    ["a pod without selector or affinity: any new node", plain, node(), null, "Queue"],
  ] as const)("%s", (_what, pod, now, before, want) => {
    expect(affinity.nodeQueueingHint!("NodeUpdate", pod, now, before)).toBe(want);
  });

  it("scheduler-enforced terms (addedAffinity) must match the node first", () => {
    const added = NodeAffinity.create(
      NodeAffinity.args({ addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "pool", operator: "In", values: ["a"] }] }] } } }, "args"),
      handle,
    );
    expect(added.nodeQueueingHint!("NodeAdd", selecting, node({ labels: { disk: "ssd" } }), null)).toBe("QueueSkip");
    expect(added.nodeQueueingHint!("NodeAdd", selecting, node({ labels: { disk: "ssd", pool: "a" } }), null)).toBe("Queue");
  });
});

describe("the queue on node events", () => {
  it("moves a pool pod rejected by TaintToleration only when the taint it could not tolerate goes", () => {
    const q = new SchedulingQueue((a: QueuedPodInfo, b: QueuedPodInfo) => a.timestamp < b.timestamp, {
      initialBackoffUs: 0, maxBackoffUs: 0, maxInUnschedulableUs: 3e8, now: () => 0,
      pluginEvents: () => ["NodeAdd", "NodeUpdate"],
      pluginNodeHint: (p) => (p === "TaintToleration" ? taints.nodeQueueingHint!.bind(taints) : undefined),
      onActive: () => {},
      wakeAt: () => {},
    });
    q.add(plain, null);
    q.requeueFailed(q.pop()!, true, ["TaintToleration"], q.currentCycle + 1);
    q.moveOnEvent("NodeUpdate", null, { node: node({ taints: [NO_SCHEDULE], labels: { x: "y" } }), old: node({ taints: [NO_SCHEDULE] }) });
    expect(q.unschedulableCount).toBe(1);
    q.moveOnEvent("NodeUpdate", null, { node: node(), old: node({ taints: [NO_SCHEDULE] }) });
    expect(q.unschedulableCount).toBe(0);
  });
});
