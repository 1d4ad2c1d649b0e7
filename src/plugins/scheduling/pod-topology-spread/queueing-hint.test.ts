/**
 * PodTopologySpread's QueueingHint for pod events (isSchedulableAfterPodChange, v1.33), on hand-worked
 * events, and the queue moving a pool pod only when a rejecting plugin's hint says Queue.
 */
import { describe, expect, it } from "vitest";
import type { QueuedPodInfo } from "../../../core/scheduler/framework.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { SchedulingQueue } from "../../../core/scheduler/queue.js";
import { makeHandle, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { PodTopologySpread } from "./index.js";

const plugin = PodTopologySpread.create(PodTopologySpread.args(undefined, "args"), makeHandle(makeSnapshot([])));
const hint = plugin.queueingHint!.bind(plugin);

/** At most one pod of app=web per node: the per-app cap of the DLRM trace. */
const capped = new PodInfo(
  makePod({
    name: "web-9",
    labels: { app: "web" },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "web" } } }],
  }),
);
const other = (name: string, labels: Record<string, string>, namespace = "default") => new PodInfo(makePod({ name, namespace, labels, nodeName: "n1" }));

describe("PodTopologySpread QueueingHint", () => {
  it.each([
    ["a matching pod deleted on a node", "PodDelete", other("web-1", { app: "web" }), "Queue"],
    ["a matching pod bound to a node", "PodAdd", other("web-2", { app: "web" }), "Queue"],
    ["a pod of another app deleted", "PodDelete", other("db-1", { app: "db" }), "QueueSkip"],
    ["a matching pod of another namespace deleted", "PodDelete", other("web-1", { app: "web" }, "prod"), "QueueSkip"],
    ["a pod of another app bound to a node", "PodAdd", other("db-2", { app: "db" }), "QueueSkip"],
    ["a pod of another app updated (not an add or delete: upstream queues)", "PodUpdate", other("db-3", { app: "db" }), "Queue"],
    ["the pod itself, seen in another namespace's event", "PodDelete", new PodInfo(makePod({ name: "web-9", uid: capped.uid, namespace: "prod", labels: { app: "web" } })), "Queue"],
    ["a node added (not a pod event)", "NodeAdd", other("x", {}), "Queue"],
  ] as const)("%s: %s", (_what, event, changed, want) => {
    expect(hint(event, capped, changed)).toBe(want);
  });

  it("a pod without hard constraints is never requeued by pod events (it has nothing to spread)", () => {
    const free = new PodInfo(makePod({ name: "free", labels: { app: "web" } }));
    expect(hint("PodDelete", free, other("web-1", { app: "web" }))).toBe("QueueSkip");
  });

  it("a pod whose constraint selector does not parse is queued on every pod event (PreFilter reports the error)", () => {
    const broken = new PodInfo(makePod({
      name: "broken",
      labels: { app: "web" },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: [] }] } }],
    }));
    expect(hint("PodDelete", broken, other("db-1", { app: "db" }))).toBe("Queue");
  });

  it("the queue moves a pool pod only when a rejecting plugin says Queue", () => {
    let active = 0;
    const hints = new Map([["PodTopologySpread", hint]]);
    const q = new SchedulingQueue((a, b) => a.timestamp < b.timestamp, {
      initialBackoffUs: 0, maxBackoffUs: 0, maxInUnschedulableUs: 3e8, now: () => 0,
      pluginEvents: () => undefined,
      pluginHint: (p) => hints.get(p),
      onActive: () => void active++,
      wakeAt: () => {},
    });
    const pool = (unschedulablePlugins: string[]) => {
      q.add(capped, null);
      const got: QueuedPodInfo = q.pop()!;
      q.requeueFailed(got, true, unschedulablePlugins, q.currentCycle + 1);
      return got;
    };
    pool(["PodTopologySpread"]);
    active = 0;
    q.moveOnEvent("PodDelete", other("db-1", { app: "db" }));
    expect([q.unschedulableCount, active]).toEqual([1, 0]);
    q.moveOnEvent("PodDelete", other("web-1", { app: "web" }));
    expect([q.unschedulableCount, active]).toEqual([0, 1]);
    // Rejected by NodeResourcesFit too, which has no hint: any pod deletion moves it (as upstream).
    q.pop();
    pool(["PodTopologySpread", "NodeResourcesFit"]);
    q.moveOnEvent("PodDelete", other("db-2", { app: "db" }));
    expect(q.unschedulableCount).toBe(0);
  });
});
