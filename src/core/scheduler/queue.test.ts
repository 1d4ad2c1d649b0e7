// The scheduling queue (kube-scheduler's PriorityQueue, pkg/scheduler/backend/queue/scheduling_queue_test.go in
// spirit): activeQ order, backoff 1,2,4,8,10,10 s, the unschedulable pool and which events move it, the
// 5-minute flush, gated pods, deletes, and the "move request during the cycle ⇒ backoff" rule.
import { describe, expect, it } from "vitest";
import { PrioritySort } from "../../plugins/scheduling/priority-sort/index.js";
import type { ClusterEvent, QueuedPodInfo } from "./framework.js";
import { PodInfo } from "./pod-info.js";
import { SchedulingQueue } from "./queue.js";
import { makeHandle, makePod, makeSnapshot } from "./testing.js";

const S = 1_000_000;

function setup(events: Record<string, readonly ClusterEvent[]> = {}) {
  const clock = { now: 0 };
  const wakes: number[] = [];
  let activations = 0;
  const less = PrioritySort.create(undefined, makeHandle(makeSnapshot([]))).less!;
  const q = new SchedulingQueue(less, {
    initialBackoffUs: 1 * S,
    maxBackoffUs: 10 * S,
    maxInUnschedulableUs: 5 * 60 * S,
    now: () => clock.now,
    pluginEvents: (p) => events[p],
    onActive: () => void activations++,
    wakeAt: (t) => void wakes.push(t),
  });
  return { q, clock, wakes, activations: () => activations };
}

const pod = (name: string, priority = 0) => new PodInfo(makePod({ name, priority }));

/** Pops the pod and fails it as Unschedulable by `plugins` in the cycle it was popped in. */
function failUnschedulable(q: SchedulingQueue, plugins: string[]): QueuedPodInfo {
  const qi = q.pop()!;
  q.requeueFailed(qi, true, plugins, q.currentCycle);
  return qi;
}

describe("activeQ order (PrioritySort)", () => {
  it("pops higher priority first, then earlier enqueue time", () => {
    const { q, clock } = setup();
    q.add(pod("low-early", 0), null);
    clock.now = 1;
    q.add(pod("high", 10), null);
    clock.now = 2;
    q.add(pod("low-late", 0), null);
    q.add(pod("mid", 5), null);
    const order = [q.pop(), q.pop(), q.pop(), q.pop()].map((x) => x!.podInfo.name);
    expect(order).toEqual(["high", "mid", "low-early", "low-late"]);
    expect(q.pop()).toBeUndefined();
  });

  it("add notifies onActive, pop counts attempts and cycles", () => {
    const { q, activations } = setup();
    q.add(pod("a"), null);
    expect(activations()).toBe(1);
    expect(q.activeCount).toBe(1);
    const a = q.pop()!;
    expect(a.attempts).toBe(1);
    expect(q.currentCycle).toBe(1);
    expect(q.has(a.podInfo.uid)).toBe(true); // in flight is still known
    q.done(a.podInfo.uid);
    expect(q.has(a.podInfo.uid)).toBe(false);
  });
});

describe("backoff", () => {
  it("durations are 1, 2, 4, 8, 10, 10 s (podInitialBackoffSeconds 1, podMaxBackoffSeconds 10)", () => {
    const { q } = setup();
    q.add(pod("a"), null);
    const qi = q.pop()!;
    const got: number[] = [];
    for (let n = 1; n <= 6; n++) {
      qi.unschedulableCount = n;
      got.push(q.backoffDuration(qi) / S);
    }
    expect(got).toEqual([1, 2, 4, 8, 10, 10]);
  });

  it("an Error failure goes to backoffQ and is moved to activeQ by flush() only once the backoff expires", () => {
    const { q, clock, wakes } = setup();
    q.add(pod("a"), null);
    clock.now = 5 * S;
    const qi = q.pop()!;
    q.requeueFailed(qi, false, [], q.currentCycle);
    expect(q.backoffCount).toBe(1);
    expect(wakes).toContain(6 * S);
    clock.now = 6 * S - 1;
    q.flush();
    expect(q.activeCount).toBe(0);
    clock.now = 6 * S;
    q.flush();
    expect(q.activeCount).toBe(1);
    expect(q.backoffCount).toBe(0);
  });

  it("consecutive unschedulable attempts moved by events back off 1 s, then 2 s, then 4 s", () => {
    const { q, clock } = setup();
    q.add(pod("a"), null);
    const expiries: number[] = [];
    for (let i = 0; i < 3; i++) {
      const qi = failUnschedulable(q, ["NodeResourcesFit"]);
      expect(q.unschedulableCount).toBe(1);
      q.moveOnEvent("NodeAdd");
      expect(q.backoffCount).toBe(1);
      expiries.push(qi.timestamp + q.backoffDuration(qi) - clock.now);
      clock.now += 20 * S;
      q.flush();
      expect(q.activeCount).toBe(1);
    }
    expect(expiries).toEqual([1 * S, 2 * S, 4 * S]);
  });

  it("a pod moved out of the pool after its backoff has expired goes straight to activeQ", () => {
    const { q, clock } = setup();
    q.add(pod("a"), null);
    failUnschedulable(q, ["X"]);
    clock.now = 30 * S;
    q.moveOnEvent("NodeAdd");
    expect(q.activeCount).toBe(1);
    expect(q.backoffCount).toBe(0);
  });
});

describe("unschedulable pool", () => {
  it("is moved only by events a rejecting plugin registered", () => {
    const { q } = setup({ NodeResourcesFit: ["PodDelete", "NodeAdd"], TaintToleration: ["NodeAdd", "NodeUpdate"] });
    q.add(pod("fit"), null);
    q.add(pod("taint"), null);
    failUnschedulable(q, ["NodeResourcesFit"]);
    failUnschedulable(q, ["TaintToleration"]);
    expect(q.unschedulableCount).toBe(2);

    q.moveOnEvent("PodAdd"); // nobody registered it
    expect(q.unschedulableCount).toBe(2);
    q.moveOnEvent("NodeUpdate"); // only TaintToleration's pod
    expect(q.unschedulableCount).toBe(1);
    expect(q.backoffCount).toBe(1);
    q.moveOnEvent("PodDelete"); // NodeResourcesFit's pod
    expect(q.unschedulableCount).toBe(0);
    expect(q.backoffCount).toBe(2);
  });

  it("a pod rejected by several plugins moves when any of them cares about the event", () => {
    const { q } = setup({ A: ["NodeAdd"], B: ["PodDelete"] });
    q.add(pod("p"), null);
    failUnschedulable(q, ["A", "B"]);
    q.moveOnEvent("PodDelete");
    expect(q.unschedulableCount).toBe(0);
  });

  it("a plugin without registered events is interested in every event", () => {
    const { q } = setup({});
    q.add(pod("p"), null);
    failUnschedulable(q, ["NoEventsPlugin"]);
    q.moveOnEvent("PodUpdate");
    expect(q.unschedulableCount).toBe(0);
  });

  it("pods staying longer than 5 minutes are flushed (strictly more than 5 min)", () => {
    const { q, clock } = setup({ X: ["NodeAdd"] });
    q.add(pod("p"), null);
    failUnschedulable(q, ["X"]);
    expect(q.nextPoolFlush()).toBe(5 * 60 * S + 1);
    clock.now = 5 * 60 * S;
    q.flush();
    expect(q.unschedulableCount).toBe(1);
    clock.now = 5 * 60 * S + 1;
    q.flush();
    expect(q.unschedulableCount).toBe(0);
    expect(q.activeCount).toBe(1); // its 1 s backoff is long over
    expect(q.nextPoolFlush()).toBe(Infinity);
  });
});

describe("move request during the scheduling cycle", () => {
  it("an event while the pod is being scheduled sends it to backoff, not the pool", () => {
    const { q } = setup({ X: ["NodeAdd"] });
    q.add(pod("p"), null);
    const qi = q.pop()!;
    q.moveOnEvent("PodAdd"); // arrives during the pod's cycle, even one X did not register
    q.requeueFailed(qi, true, ["X"], q.currentCycle);
    expect(q.unschedulableCount).toBe(0);
    expect(q.backoffCount).toBe(1);
  });

  it("an event before the pod was popped does not: it goes to the pool", () => {
    const { q } = setup({ X: ["NodeAdd"] });
    q.add(pod("a"), null);
    q.add(pod("b"), null);
    failUnschedulable(q, ["X"]); // cycle 1
    q.moveOnEvent("PodAdd"); // between cycle 1 and 2; nobody cares
    failUnschedulable(q, ["X"]); // cycle 2
    expect(q.unschedulableCount).toBe(2);
    expect(q.backoffCount).toBe(0);
  });
});

describe("gated pods (PreEnqueue)", () => {
  it("stay out of activeQ until the gate passes", () => {
    const { q, activations } = setup();
    const p = pod("gated");
    q.add(p, "SchedulingGates");
    expect(q.gatedCount).toBe(1);
    expect(q.activeCount).toBe(0);
    expect(activations()).toBe(0);
    expect(q.pop()).toBeUndefined();
    q.moveOnEvent("NodeAdd"); // cluster events do not ungate
    expect(q.gatedCount).toBe(1);
    q.retryGated(() => "SchedulingGates");
    expect(q.gatedCount).toBe(1);
    q.retryGated(() => null);
    expect(q.gatedCount).toBe(0);
    expect(q.pop()!.podInfo.name).toBe("gated");
    expect(q.pendingCount).toBe(0);
  });
});

describe("delete", () => {
  it("removes a pod from every sub-queue", () => {
    const { q } = setup({ X: ["NodeAdd"] });
    for (const n of ["active", "backoff", "pool", "gated"]) q.add(pod(n), n === "gated" ? "G" : null);
    // Pop all three ungated pods, send one to backoff and one to the pool, and add a fresh active one.
    const popped: QueuedPodInfo[] = [];
    for (let x = q.pop(); x; x = q.pop()) popped.push(x);
    const byName = new Map(popped.map((x) => [x.podInfo.name, x]));
    q.requeueFailed(byName.get("backoff")!, false, [], q.currentCycle);
    q.requeueFailed(byName.get("pool")!, true, ["X"], q.currentCycle);
    q.add(pod("active2"), null);
    expect([q.activeCount, q.backoffCount, q.unschedulableCount, q.gatedCount]).toEqual([1, 1, 1, 1]);

    for (const n of ["active2", "backoff", "pool", "gated"]) q.delete(`uid-default-${n}`);
    expect(q.pendingCount).toBe(0);
    expect(q.has("uid-default-pool")).toBe(false);
  });

  it("a pod deleted while in flight is not requeued", () => {
    const { q } = setup();
    q.add(pod("p"), null);
    const qi = q.pop()!;
    q.delete(qi.podInfo.uid);
    q.requeueFailed(qi, true, ["X"], q.currentCycle);
    expect(q.pendingCount).toBe(0);
  });
});
