/**
 * The scheduling queue (kube-scheduler's PriorityQueue): activeQ ordered by the profile's QueueSort,
 * backoffQ ordered by backoff expiry, and the unschedulable pool. Pods rejected as Unschedulable wait in
 * the pool until a cluster event that one of their rejecting plugins registered moves them out; pods that
 * failed with an Error go straight to backoff. Backoff is initial·2^(attempts−1) capped at max
 * (1 s doubling to 10 s by default). Pods stuck in the pool longer than 5 minutes are flushed.
 */
import { Heap } from "../engine/heap.js";
import type { ClusterEvent, QueuedPodInfo, QueueingHint } from "./framework.js";
import type { Node } from "../api/types.js";
import type { PodInfo } from "./pod-info.js";

/** A pod no plugin has rejected yet: one empty set shared by every newly queued pod (it is only read). */
const NO_PLUGINS: ReadonlySet<string> = new Set();

/** A node event's objects: the node now, and before (null when it was added). */
export interface ChangedNode {
  node: Node;
  old: Node | null;
}

export interface QueueOptions {
  initialBackoffUs: number;
  maxBackoffUs: number;
  /** podMaxInUnschedulablePodsDuration (5 min in kube-scheduler). */
  maxInUnschedulableUs: number;
  now(): number;
  /** Returns the cluster events each plugin registered (undefined = every event). */
  pluginEvents(plugin: string): readonly ClusterEvent[] | undefined;
  /** The plugin's QueueingHint for pod events, if it has one. */
  pluginHint?(plugin: string): ((event: ClusterEvent, pod: PodInfo, changed: PodInfo) => QueueingHint) | undefined;
  /** The plugin's QueueingHint for node events, if it has one. */
  pluginNodeHint?(plugin: string): ((event: ClusterEvent, pod: PodInfo, node: Node, old: Node | null) => QueueingHint) | undefined;
  /** Called when a pod becomes active, so the scheduler can start a cycle. */
  onActive(): void;
  /** Asks to be called back at virtual time `at` to flush backoffQ. */
  wakeAt(at: number): void;
}

export class SchedulingQueue {
  private readonly active: Heap<QueuedPodInfo>;
  private readonly backoff = new Heap<QueuedPodInfo>((a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  /** Unschedulable pool and gated pods, by uid, in insertion order. */
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly gated = new Map<string, QueuedPodInfo>();
  /** uid → queued info for every pod the queue knows (any sub-queue or in flight). */
  private readonly known = new Map<string, QueuedPodInfo>();
  /**
   * The scheduling cycle current when the latest move request (cluster event) arrived. A pod whose own cycle is
   * not newer than that (the event came while it was being scheduled) goes to backoff rather than the pool.
   */
  private moveCycle = 0;
  private schedulingCycle = 0;

  constructor(
    less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean,
    private readonly opts: QueueOptions,
  ) {
    this.active = new Heap(less);
  }

  get activeCount(): number {
    return this.active.size;
  }
  get backoffCount(): number {
    return this.backoff.size;
  }
  get unschedulableCount(): number {
    return this.unschedulable.size;
  }
  get gatedCount(): number {
    return this.gated.size;
  }
  /** Pods waiting to be scheduled (all sub-queues). */
  get pendingCount(): number {
    return this.active.size + this.backoff.size + this.unschedulable.size + this.gated.size;
  }
  get currentCycle(): number {
    return this.schedulingCycle;
  }

  /** Adds a new pod; `gate` is the PreEnqueue result (plugin name) when gated. */
  add(pi: PodInfo, gate: string | null): void {
    const now = this.opts.now();
    const q: QueuedPodInfo = {
      podInfo: pi,
      initialAttemptTimestamp: now,
      timestamp: now,
      attempts: 0,
      unschedulableCount: 0,
      unschedulablePlugins: NO_PLUGINS,
      gatedBy: gate,
    };
    this.known.set(pi.uid, q);
    if (gate) this.gated.set(pi.uid, q);
    else this.pushActive(q);
  }

  /** Pops the next pod to schedule; undefined when activeQ is empty. */
  pop(): QueuedPodInfo | undefined {
    const q = this.active.pop();
    if (q) {
      q.attempts++;
      this.schedulingCycle++;
    }
    return q;
  }

  /**
   * Returns a pod that failed scheduling. `unschedulable` = rejected by plugins (goes to the pool unless a
   * move request happened during its cycle); otherwise (Error) it goes to backoff.
   */
  requeueFailed(q: QueuedPodInfo, unschedulable: boolean, plugins: Iterable<string>, cycle: number): void {
    if (!this.known.has(q.podInfo.uid)) return; // deleted meanwhile
    q.timestamp = this.opts.now();
    q.unschedulablePlugins = new Set(plugins);
    if (unschedulable) q.unschedulableCount++;
    if (!unschedulable || this.moveCycle >= cycle) {
      this.pushBackoffOrActive(q);
    } else {
      this.unschedulable.set(q.podInfo.uid, q);
    }
  }

  /** Forgets a pod (scheduled, or deleted from the store). */
  delete(uid: string): void {
    const q = this.known.get(uid);
    if (!q) return;
    this.known.delete(uid);
    this.unschedulable.delete(uid);
    this.gated.delete(uid);
    this.active.remove((x) => x.podInfo.uid === uid);
    this.backoff.remove((x) => x.podInfo.uid === uid);
  }

  /** Marks a pod as done with the queue after a successful scheduling cycle. */
  done(uid: string): void {
    this.known.delete(uid);
  }

  has(uid: string): boolean {
    return this.known.has(uid);
  }

  /** Re-evaluates gated pods (their PreEnqueue may pass now). */
  retryGated(check: (pi: PodInfo) => string | null): void {
    for (const [uid, q] of [...this.gated]) {
      const gate = check(q.podInfo);
      if (gate === null) {
        this.gated.delete(uid);
        q.gatedBy = null;
        this.pushActive(q);
      } else q.gatedBy = gate;
    }
  }

  /**
   * A cluster event happened: move pool pods whose rejecting plugins care about it — for a pod event
   * (`changed`: the pod added or deleted) or a node event (`node`: the node now and before), only if one
   * of them has no QueueingHint for it or its hint says Queue.
   */
  moveOnEvent(event: ClusterEvent, changed: PodInfo | null = null, node: ChangedNode | null = null): void {
    this.moveCycle = this.schedulingCycle;
    if (this.unschedulable.size === 0) return;
    for (const [uid, q] of this.unschedulable) {
      if (this.interested(q, event, changed, node)) {
        this.unschedulable.delete(uid);
        this.pushBackoffOrActive(q);
      }
    }
  }

  /** Moves backoff pods whose backoff has expired to activeQ, and flushes long-waiting pool pods. */
  flush(): void {
    const now = this.opts.now();
    while (this.backoff.size > 0 && this.backoffExpiry(this.backoff.peek()!) <= now) this.pushActive(this.backoff.pop()!);
    for (const [uid, q] of this.unschedulable) {
      if (now - q.timestamp > this.opts.maxInUnschedulableUs) {
        this.unschedulable.delete(uid);
        this.pushBackoffOrActive(q);
      }
    }
    if (this.backoff.size > 0) this.opts.wakeAt(this.backoffExpiry(this.backoff.peek()!));
  }

  /** Pending pods for reporting, in no particular order. */
  *pending(): Iterable<QueuedPodInfo> {
    yield* this.known.values();
  }

  /** Earliest time a pool pod would be flushed by the 5-minute rule, or Infinity. */
  nextPoolFlush(): number {
    let t = Infinity;
    for (const q of this.unschedulable.values()) t = Math.min(t, q.timestamp + this.opts.maxInUnschedulableUs + 1);
    return t;
  }

  backoffDuration(q: QueuedPodInfo): number {
    const n = Math.max(q.unschedulableCount, 1);
    let d = this.opts.initialBackoffUs;
    for (let i = 1; i < n && d < this.opts.maxBackoffUs; i++) d *= 2;
    return Math.min(d, this.opts.maxBackoffUs);
  }

  private backoffExpiry(q: QueuedPodInfo): number {
    return q.timestamp + this.backoffDuration(q);
  }

  private interested(q: QueuedPodInfo, event: ClusterEvent, changed: PodInfo | null, node: ChangedNode | null): boolean {
    if (q.unschedulablePlugins.size === 0) return true;
    for (const p of q.unschedulablePlugins) {
      const events = this.opts.pluginEvents(p);
      if (events && !events.includes(event)) continue;
      if (changed) {
        const hint = this.opts.pluginHint?.(p);
        if (!hint || hint(event, q.podInfo, changed) === "Queue") return true;
      } else if (node) {
        const hint = this.opts.pluginNodeHint?.(p);
        if (!hint || hint(event, q.podInfo, node.node, node.old) === "Queue") return true;
      } else return true;
    }
    return false;
  }

  private pushBackoffOrActive(q: QueuedPodInfo): void {
    const expiry = this.backoffExpiry(q);
    if (q.attempts > 0 && expiry > this.opts.now()) {
      this.backoff.push(q);
      this.opts.wakeAt(expiry);
    } else this.pushActive(q);
  }

  private pushActive(q: QueuedPodInfo): void {
    this.active.push(q);
    this.opts.onActive();
  }
}
