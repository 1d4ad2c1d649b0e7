/**
 * InterPodAffinity's QueueingHint for pod events, on upstream's own cases (Test_isSchedulableAfterPodChange,
 * plugin_test.go, v1.33: the add and delete cases; pod updates always queue here, as this queue keeps no
 * old object), and the queue moving a pool pod rejected by InterPodAffinity only on a helpful event.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../../../core/api/types.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { SchedulingQueue } from "../../../core/scheduler/queue.js";
import type { QueuedPodInfo } from "../../../core/scheduler/framework.js";
import { makeHandle, makeSnapshot } from "../../../core/scheduler/testing.js";
import { pod, termIn } from "./fixtures.suite.js";
import { InterPodAffinity } from "./index.js";

const plugin = InterPodAffinity.create(InterPodAffinity.args(undefined, "args"), makeHandle(makeSnapshot([])));
const hint = plugin.queueingHint!.bind(plugin);
const pi = (p: Pod) => new PodInfo(p);
const scan = termIn("service", "region", ["securityscan", "value2"]);

describe("InterPodAffinity QueueingHint (upstream cases)", () => {
  it.each([
    ["add a pod which matches the pod affinity", "PodAdd", pod({ aff: { req: [scan] } }), pod({ node: "fake-node", labels: { service: "securityscan" } }), "Queue"],
    ["add a pod which doesn't match the pod affinity", "PodAdd", pod({ aff: { req: [scan] } }), pod({ node: "fake-node", labels: { aaa: "a" } }), "QueueSkip"],
    ["delete a pod which doesn't match pod's anti-affinity", "PodDelete", pod({ aff: { anti: [scan] } }), pod({ node: "fake-node", labels: { aaa: "a" } }), "QueueSkip"],
    ["delete a pod which matches pod's anti-affinity", "PodDelete", pod({ aff: { anti: [scan] } }), pod({ node: "fake-node", labels: { service: "securityscan" } }), "Queue"],
    ["delete a pod with anti-affinity that matches pending pod", "PodDelete", pod({ labels: { service: "securityscan" } }), pod({ node: "fake-node", aff: { anti: [scan] } }), "Queue"],
    ["delete a pod with anti-affinity that doesn't match pending pod", "PodDelete", pod({ labels: { service: "foo" } }), pod({ node: "fake-node", aff: { anti: [scan] } }), "QueueSkip"],
    [
      "delete a pod which doesn't match pending pod's anti-affinity and has anti-affinity that doesn't match pending pod",
      "PodDelete",
      pod({ labels: { service: "foo" }, aff: { anti: [scan] } }),
      pod({ node: "fake-node", labels: { service: "foo" }, aff: { anti: [scan] } }),
      "QueueSkip",
    ],
    ["a pod update (old object not kept)", "PodUpdate", pod({ aff: { req: [scan] } }), pod({ node: "fake-node", labels: { aaa: "a" } }), "Queue"],
    ["a node added (not a pod event)", "NodeAdd", pod({ aff: { req: [scan] } }), pod({ node: "fake-node" }), "Queue"],
  ] as const)("%s", (_name, event, target, changed, want) => {
    expect(hint(event, pi(target), pi(changed))).toBe(want);
  });

  it("the affinity case needs one pod matching all terms, not each term by some pod", () => {
    const both = pod({ aff: { req: [termIn("aaa", "hostname", ["a"]), termIn("bbb", "hostname", ["b"])] } });
    expect(hint("PodAdd", pi(both), pi(pod({ node: "n", labels: { aaa: "a" } })))).toBe("QueueSkip");
    expect(hint("PodAdd", pi(both), pi(pod({ node: "n", labels: { aaa: "a", bbb: "b" } })))).toBe("Queue");
  });

  it("the queue keeps a pool pod rejected by InterPodAffinity until a helpful pod event", () => {
    let active = 0;
    const q = new SchedulingQueue((a: QueuedPodInfo, b: QueuedPodInfo) => a.timestamp < b.timestamp, {
      initialBackoffUs: 0, maxBackoffUs: 0, maxInUnschedulableUs: 3e8, now: () => 0,
      pluginEvents: () => undefined,
      pluginHint: (p) => (p === "InterPodAffinity" ? hint : undefined),
      onActive: () => void active++,
      wakeAt: () => {},
    });
    const waiting = pi(pod({ name: "w", aff: { req: [scan] } }));
    q.add(waiting, null);
    const popped = q.pop()!;
    q.requeueFailed(popped, true, ["InterPodAffinity"], q.currentCycle + 1);
    expect(q.unschedulableCount).toBe(1);
    q.moveOnEvent("PodAdd", pi(pod({ node: "n", labels: { aaa: "a" } })));
    expect(q.unschedulableCount).toBe(1);
    q.moveOnEvent("PodAdd", pi(pod({ node: "n", labels: { service: "value2" } })));
    expect(q.unschedulableCount).toBe(0);
    expect(active).toBe(2);
  });
});
