/**
 * The scheduler component: watches Nodes and Pods in the store, keeps the Snapshot in step, queues
 * pending pods, and runs scheduling cycles (serial) and binding cycles (asynchronous in virtual time).
 * It learns everything from watch events and changes the cluster only through the store.
 */
import type { ObjectStore, WatchEvent } from "../api/store.js";
import type { Namespace, Node, Pod } from "../api/types.js";
import type { Engine } from "../engine/engine.js";
import { Priority } from "../engine/engine.js";
import type { Rng } from "../engine/rng.js";
import type { SchedulerConfig } from "./config.js";
import { DEFAULT_SCHEDULER_NAME } from "./config.js";
import { assumeAndReserve } from "./assume.js";
import { CycleState } from "./cycle-state.js";
import type { ClusterEvent, Plugin, QueuedPodInfo } from "./framework.js";
import { PodInfo } from "./pod-info.js";
import type { Component } from "../component.js";
import type { HandleParts } from "./handle.js";
import { buildProfile, type PluginRegistry } from "./profile.js";
import { SchedulingQueue } from "./queue.js";
import type { Framework } from "./runtime.js";
import { PodScheduler, type Diagnosis, type FilterEpoch } from "./schedule-pod.js";
import { Snapshot } from "./snapshot.js";
import { Code, type Status } from "./status.js";
import { withField } from "../util/extend.js";

export interface SchedulerTimings {
  /** Virtual time one scheduling cycle takes (µs). */
  scheduleCycleUs: number;
  /** Virtual time from the end of a scheduling cycle to the bind write (µs). */
  bindLatencyUs: number;
  /**
   * Reuse an equal pod's all-nodes Filter failure while the cluster is unchanged instead of scanning
   * again (default true; results are identical either way — false is for checking that).
   */
  reuseFilterFailures?: boolean;
}

/** What observers (the metrics recorder, the decisions log) hear about scheduling attempts. */
export interface SchedulingListener {
  /** The pod's bind was written (after its binding cycle). */
  onScheduled?(pod: PodInfo, nodeName: string, q: QueuedPodInfo): void;
  /** An attempt failed; `diagnosis` is set when Filter rejected it (per-node statuses). */
  onUnschedulable?(pod: PodInfo, status: Status, q: QueuedPodInfo, diagnosis?: Diagnosis): void;
  /**
   * PostFilter (preemption) nominated a node for the pod after evicting victims there; called within
   * the failed attempt, before its onUnschedulable (the order kube-scheduler works in).
   */
  onNominated?(pod: PodInfo, nodeName: string, q: QueuedPodInfo): void;
  /** A plugin (preemption) deleted a pod from the store, with its reason; `victim` is the stored pod (bound). */
  onEvicted?(victim: Pod, reason: string): void;
}

interface WaitingPod {
  pi: PodInfo;
  fwk: Framework;
  state: CycleState;
  nodeName: string;
  pending: Set<string>;
  cancelTimer: () => void;
  q: QueuedPodInfo;
}

/** The condition a bind adds: one frozen object shared by every bound pod (stored objects are never changed in place). */
const POD_SCHEDULED = Object.freeze({ type: "PodScheduled", status: "True" } as const);

export class Scheduler implements Component {
  readonly componentName = "scheduler";
  readonly snapshot: Snapshot;
  readonly frameworks = new Map<string, Framework>();
  readonly queue: SchedulingQueue;
  readonly podScheduler: PodScheduler;
  /** Pods assumed onto a node but whose bind has not been observed yet. */
  private readonly assumed = new Map<string, PodInfo>();
  /** PodInfo of every pod the snapshot holds, by uid. */
  private readonly placed = new Map<string, PodInfo>();
  private readonly nominatedByNode = new Map<string, PodInfo[]>();
  private readonly nominatedNode = new Map<string, string>();
  private readonly waiting = new Map<string, WaitingPod>();
  private readonly pluginEvents = new Map<string, readonly ClusterEvent[] | undefined>();
  private readonly pluginHints = new Map<string, NonNullable<Plugin["queueingHint"]>>();
  private readonly pluginNodeHints = new Map<string, NonNullable<Plugin["nodeQueueingHint"]>>();
  private readonly namespaces = new Map<string, Record<string, string>>();
  private cyclePending = false;
  /** Bumped on every nomination change (Filter results with nominated pods depend on them). */
  private nominationVersion = 0;
  private readonly epoch: FilterEpoch = { generation: 0, nominations: 0 };
  private poolTicker = false;
  private wakeTimers = new Set<number>();
  private readonly listeners: SchedulingListener[] = [];
  /** Scheduling cycles run (decisions, successful or not). */
  cycles = 0;

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    config: SchedulerConfig,
    registry: PluginRegistry,
    private readonly rng: Rng,
    private readonly timings: SchedulerTimings = { scheduleCycleUs: 0, bindLatencyUs: 0 },
  ) {
    this.snapshot = new Snapshot(() => engine.now);
    this.podScheduler = new PodScheduler(rng.fork());
    this.podScheduler.useSnapshot(this.snapshot);
    for (const profile of config.profiles) {
      const { framework: fwk } = buildProfile(config, profile, registry, this.handleParts());
      this.frameworks.set(profile.schedulerName, fwk);
      for (const p of fwk.allPlugins()) {
        this.pluginEvents.set(p.name, p.events);
        if (p.queueingHint) this.pluginHints.set(p.name, p.queueingHint.bind(p));
        if (p.nodeQueueingHint) this.pluginNodeHints.set(p.name, p.nodeQueueingHint.bind(p));
      }
    }
    const first = this.frameworks.values().next().value!;
    this.queue = new SchedulingQueue(first.queueLess, {
      initialBackoffUs: config.podInitialBackoffSeconds * 1e6,
      maxBackoffUs: config.podMaxBackoffSeconds * 1e6,
      maxInUnschedulableUs: 5 * 60 * 1e6,
      now: () => this.engine.now,
      pluginEvents: (p) => this.pluginEvents.get(p),
      pluginHint: (p) => this.pluginHints.get(p),
      pluginNodeHint: (p) => this.pluginNodeHints.get(p),
      onActive: () => this.kick(),
      wakeAt: (t) => this.wakeAt(t),
    });
  }

  /** Starts watching the store (list + watch). */
  start(): void {
    this.store.watch<Namespace>("Namespace", (ev) => {
      if (ev.type === "DELETED") this.namespaces.delete(ev.object.metadata.name);
      else this.namespaces.set(ev.object.metadata.name, ev.object.metadata.labels ?? {});
    }, { replay: true });
    this.store.watch<Node>("Node", (ev) => this.onNode(ev), { replay: true });
    this.store.watch<Pod>("Pod", (ev) => this.onPod(ev), { replay: true });
  }

  /**
   * flushUnschedulablePodsLeftover: every 30 s (on multiples of 30 s of virtual time), pods that waited in
   * the unschedulable pool for more than 5 minutes are retried. The ticker runs only while the pool holds
   * pods, and as a daemon event, so idle stretches of a trace cost no events and never keep a run alive.
   */
  private ensurePoolTicker(): void {
    if (this.poolTicker || this.queue.unschedulableCount === 0) return;
    this.poolTicker = true;
    const next = (Math.floor(this.engine.now / POOL_FLUSH_INTERVAL_US) + 1) * POOL_FLUSH_INTERVAL_US;
    const tick = (): void => {
      if (this.queue.unschedulableCount > 0) this.queue.flush();
      if (this.queue.unschedulableCount > 0) this.engine.after(POOL_FLUSH_INTERVAL_US, tick, Priority.Late, true);
      else this.poolTicker = false;
    };
    this.engine.at(next, tick, Priority.Late, true);
  }

  /** Adds an observer of scheduling outcomes (several may observe; called in the order added). */
  observe(l: SchedulingListener): void {
    this.listeners.push(l);
  }

  private unschedulable(pi: PodInfo, s: Status, q: QueuedPodInfo, d?: Diagnosis): void {
    for (const l of this.listeners) l.onUnschedulable?.(pi, s, q, d);
  }

  profileFor(pod: Pod): Framework | undefined {
    return this.frameworks.get(pod.spec.schedulerName ?? DEFAULT_SCHEDULER_NAME);
  }

  /** What a profile's handle does in a running cluster (handle.ts supplies the rest). */
  private handleParts(): HandleParts {
    return {
      snapshot: this.snapshot,
      now: () => this.engine.now,
      rng: this.rng.fork(),
      bindPod: (pod, nodeName) => {
        // A pod read from a trace has no status yet: copies with fields set, not spreads (util/extend.ts).
        this.store.patch<Pod>("Pod", pod.metadata.namespace, pod.metadata.name, (p) => {
          const bound = withField(p, "spec", withField(p.spec, "nodeName", nodeName));
          bound.status = withField(p.status, "conditions", [...(p.status?.conditions ?? []), POD_SCHEDULED]);
          return bound;
        });
        return null;
      },
      deletePod: (pod, reason) => {
        const stored = this.store.get<Pod>("Pod", pod.metadata.namespace ?? "default", pod.metadata.name) ?? pod;
        for (const l of this.listeners) l.onEvicted?.(stored, reason);
        this.store.delete("Pod", pod.metadata.namespace ?? "default", pod.metadata.name);
      },
      nominate: (pi, nodeName) => this.setNominated(pi, nodeName),
      nominatedPodsForNode: (nodeName) => this.nominatedByNode.get(nodeName) ?? EMPTY,
      anyNominatedPods: () => this.nominatedByNode.size > 0,
      namespaceLabels: (name) => this.namespaces.get(name) ?? (name === "default" ? {} : undefined),
      allowWaitingPod: (uid, plugin) => this.allowWaiting(uid, plugin),
      isWaitingPod: (uid) => this.waiting.has(uid),
      rejectWaitingPod: (uid, plugin, reason) => this.rejectWaiting(uid, plugin, reason),
      objects: this.store,
    };
  }

  // ---- watch handlers -------------------------------------------------------------------------

  private onNode(ev: WatchEvent<Node>): void {
    if (ev.type === "ADDED") {
      this.snapshot.addNode(ev.object);
      this.queue.moveOnEvent("NodeAdd", null, { node: ev.object, old: null });
    } else if (ev.type === "MODIFIED") {
      this.snapshot.updateNode(ev.object);
      this.queue.moveOnEvent("NodeUpdate", null, { node: ev.object, old: ev.oldObject ?? null });
    } else {
      const ni = this.snapshot.removeNode(ev.object.metadata.name);
      if (ni) for (const p of ni.pods) this.placed.delete(p.uid);
      this.queue.moveOnEvent("NodeDelete"); // as kube's deleteNodeFromCache (PodTopologySpread registers it)
    }
  }

  private onPod(ev: WatchEvent<Pod>): void {
    const pod = ev.object;
    const uid = pod.metadata.uid!;
    if (ev.type === "DELETED") {
      this.queue.delete(uid);
      this.clearNominated(uid);
      this.rejectWaiting(uid, "", "pod deleted");
      this.forget(uid, true);
      return;
    }
    const terminal = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
    if (pod.spec.nodeName) {
      if (terminal) {
        this.forget(uid, true);
        return;
      }
      const assumed = this.assumed.get(uid);
      if (assumed) {
        this.assumed.delete(uid); // our own bind, observed
        return;
      }
      if (!this.placed.has(uid)) {
        const pi = new PodInfo(pod);
        if (this.snapshot.addPod(pi, pod.spec.nodeName)) {
          this.placed.set(uid, pi);
          this.queue.delete(uid);
          this.queue.moveOnEvent("PodAdd", pi);
        }
      }
      return;
    }
    if (terminal || !this.profileFor(pod)) return;
    if (ev.type === "ADDED" && !this.queue.has(uid) && !this.placed.has(uid)) {
      const pi = new PodInfo(pod);
      const gate = this.profileFor(pod)!.runPreEnqueuePlugins(pi);
      this.queue.add(pi, gate ? gate.plugin || "PreEnqueue" : null);
    } else if (ev.type === "MODIFIED" && this.queue.gatedCount > 0) {
      this.queue.retryGated((pi) => {
        if (pi.uid !== uid) return "unchanged";
        const fresh = new PodInfo(pod);
        const g = this.profileFor(pod)!.runPreEnqueuePlugins(fresh);
        return g ? g.plugin || "PreEnqueue" : null;
      });
    }
  }

  private forget(uid: string, event: boolean): void {
    const pi = this.placed.get(uid);
    if (!pi) return;
    this.placed.delete(uid);
    this.assumed.delete(uid);
    if (this.snapshot.removePod(pi) && event) this.queue.moveOnEvent("PodDelete", pi);
  }

  // ---- scheduling cycle -----------------------------------------------------------------------

  private kick(): void {
    if (this.cyclePending) return;
    this.cyclePending = true;
    this.engine.after(this.timings.scheduleCycleUs, () => this.scheduleOne(), Priority.Normal);
  }

  private wakeAt(t: number): void {
    if (this.wakeTimers.has(t)) return;
    this.wakeTimers.add(t);
    this.engine.at(Math.max(t, this.engine.now), () => {
      this.wakeTimers.delete(t);
      this.queue.flush();
    }, Priority.Late);
  }

  private scheduleOne(): void {
    this.cyclePending = false;
    const q = this.queue.pop();
    if (!q) return;
    const cycle = this.queue.currentCycle;
    const pi = q.podInfo;
    const fwk = this.profileFor(pi.pod)!;
    const state = new CycleState();
    this.cycles++;
    const nominatedName = this.nominatedNode.get(pi.uid);
    const nominated = nominatedName ? this.snapshot.get(nominatedName) : undefined;
    let epoch: FilterEpoch | undefined;
    if (this.timings.reuseFilterFailures !== false) {
      epoch = this.epoch; // one object, updated in place: no allocation per attempt
      epoch.generation = this.snapshot.generation;
      epoch.nominations = this.nominationVersion;
      epoch.changes = this.snapshot.changes;
    }
    const r = this.podScheduler.schedulePod(fwk, state, pi, this.snapshot.nodes, nominated, epoch);
    if (!r.ok) {
      let status = r.status;
      if (status.code === Code.Unschedulable && fwk.postFilterPlugins.length > 0) {
        const pf = fwk.runPostFilterPlugins(state, pi, r.diagnosis.nodeToStatus);
        if (pf.status.code === Code.Success && pf.nominatedNodeName) {
          this.setNominated(pi, pf.nominatedNodeName);
          for (const l of this.listeners) l.onNominated?.(pi, pf.nominatedNodeName, q);
        }
        if (pf.status.code === Code.Error) status = pf.status;
      }
      this.unschedulable(pi, status, q, r.diagnosis);
      this.queue.requeueFailed(q, status.code !== Code.Error, r.diagnosis.unschedulablePlugins, cycle);
      this.ensurePoolTicker();
    } else {
      this.assumeAndBind(fwk, state, q, r.node.name, cycle);
    }
    if (this.queue.activeCount > 0) this.kick();
  }

  private assumeAndBind(fwk: Framework, state: CycleState, q: QueuedPodInfo, nodeName: string, cycle: number): void {
    const pi = q.podInfo;
    pi.startTimeUs = this.engine.now;
    const rs = assumeAndReserve(fwk, this.snapshot, state, pi, this.snapshot.get(nodeName)!);
    if (rs) return this.failAfterReserve(q, rs, cycle);
    this.placed.set(pi.uid, pi);
    this.assumed.set(pi.uid, pi);
    const ps = fwk.runPermitPlugins(state, pi, nodeName);
    if (ps && ps.code !== Code.Wait) return this.failAfterAssume(fwk, state, q, nodeName, ps, cycle);
    this.queue.done(pi.uid);
    this.clearNominated(pi.uid);
    if (ps && ps.code === Code.Wait) {
      const timer = this.engine.after(ps.timeoutUs, () => this.rejectWaiting(pi.uid, "", "rejected due to timeout after waiting in permit"));
      this.waiting.set(pi.uid, { pi, fwk, state, nodeName, pending: new Set(ps.reasons), cancelTimer: () => timer.cancel(), q });
      return;
    }
    this.engine.after(this.timings.bindLatencyUs, () => this.bindingCycle(fwk, state, q, nodeName));
  }

  private failAfterAssume(fwk: Framework, state: CycleState, q: QueuedPodInfo, nodeName: string, s: Status, cycle: number): void {
    fwk.runReservePluginsUnreserve(state, q.podInfo, nodeName);
    this.forget(q.podInfo.uid, false);
    this.failAfterReserve(q, s, cycle);
  }

  /** A pod that failed after PreFilter…Score picked its node: recorded unschedulable and requeued. */
  private failAfterReserve(q: QueuedPodInfo, s: Status, cycle: number): void {
    this.unschedulable(q.podInfo, s, q);
    this.queue.requeueFailed(q, s.isRejected(), s.plugin ? [s.plugin] : [], cycle);
    this.ensurePoolTicker();
  }

  private bindingCycle(fwk: Framework, state: CycleState, q: QueuedPodInfo, nodeName: string): void {
    const pi = q.podInfo;
    if (!this.assumed.has(pi.uid)) return; // deleted while binding
    const current = this.store.get<Pod>("Pod", pi.namespace, pi.name);
    if (!current || current.metadata.uid !== pi.uid) return this.forget(pi.uid, true);
    const s = fwk.runPreBindPlugins(state, pi, nodeName) ?? fwk.runBindPlugins(state, pi, nodeName);
    if (s) {
      fwk.runReservePluginsUnreserve(state, pi, nodeName);
      this.forget(pi.uid, true);
      this.unschedulable(pi, s, q);
      this.queue.add(pi, null);
      return;
    }
    for (const l of this.listeners) l.onScheduled?.(pi, nodeName, q);
    fwk.runPostBindPlugins(state, pi, nodeName);
  }

  private allowWaiting(uid: string, plugin: string): void {
    const w = this.waiting.get(uid);
    if (!w) return;
    w.pending.delete(plugin);
    if (w.pending.size > 0) return;
    this.waiting.delete(uid);
    w.cancelTimer();
    this.engine.after(this.timings.bindLatencyUs, () => this.bindingCycle(w.fwk, w.state, w.q, w.nodeName));
  }

  private rejectWaiting(uid: string, plugin: string, reason: string): void {
    const w = this.waiting.get(uid);
    if (!w) return;
    this.waiting.delete(uid);
    w.cancelTimer();
    w.fwk.runReservePluginsUnreserve(w.state, w.pi, w.nodeName);
    this.forget(uid, true);
    // The pod goes back to the queue; `plugin` and `reason` are what kube-scheduler would record as an event.
    if (this.store.get<Pod>("Pod", w.pi.namespace, w.pi.name)) this.queue.add(w.pi, null);
    void plugin;
    void reason;
  }

  // ---- nominator ------------------------------------------------------------------------------

  private setNominated(pi: PodInfo, nodeName: string): void {
    this.clearNominated(pi.uid);
    if (!nodeName) return;
    this.nominationVersion++;
    this.nominatedNode.set(pi.uid, nodeName);
    const list = this.nominatedByNode.get(nodeName) ?? [];
    list.push(pi);
    this.nominatedByNode.set(nodeName, list);
    if (this.store.get<Pod>("Pod", pi.namespace, pi.name)) {
      this.store.patch<Pod>("Pod", pi.namespace, pi.name, (p) => ({ ...p, status: { ...p.status, nominatedNodeName: nodeName } }));
    }
  }

  private clearNominated(uid: string): void {
    const node = this.nominatedNode.get(uid);
    if (!node) return;
    this.nominationVersion++;
    this.nominatedNode.delete(uid);
    const list = this.nominatedByNode.get(node)!.filter((p) => p.uid !== uid);
    if (list.length) this.nominatedByNode.set(node, list);
    else this.nominatedByNode.delete(node);
  }

  /** Pods waiting in Permit (for tests and reports). */
  get waitingCount(): number {
    return this.waiting.size;
  }

}

const EMPTY: readonly PodInfo[] = Object.freeze([]);
/** How often kube-scheduler looks for pods stuck in the unschedulable pool. */
const POOL_FLUSH_INTERVAL_US = 30 * 1_000_000;
