/**
 * Node agents (kubelet-like), one component for all nodes: a pod bound to a node becomes Running after
 * the start latency, finishes (Succeeded) when its run time from the trace elapses, and is then deleted
 * (as a Job's finished pods are garbage-collected), freeing its resources. A pod deleted while running
 * stops at once. The pod's run time is the `clusterlab.io/duration-us` annotation (absent = runs forever).
 * With a pod network (network/pod-network.ts) the pod's sandbox is set up first: CNI ADD takes its
 * plugins' latency, the pod's address is reported with Running, a failed ADD leaves the pod
 * ContainerCreating and is retried after the pod worker's backoff, and the sandbox's DEL runs when the pod
 * ends or is deleted. Without one, pods start exactly as before.
 * With KWOK Stages in the store (pod-stages.ts), a Stage matching a newly bound pod sets when it starts
 * (next phase Running) or ends it without running (Failed, Succeeded, delete), and a Stage matching a
 * Running pod ends it after the Stage's delay (Failed or Succeeded) unless its run time ends it first.
 */
import type { ObjectStore, WatchEvent } from "../api/store.js";
import type { Pod } from "../api/types.js";
import type { Engine, Timer } from "../engine/engine.js";
import type { Component } from "../component.js";
import type { StageStep, PodStages } from "./pod-stages.js";
import { withField } from "../util/extend.js";

import { AnnotationDurationUs } from "../api/types.js";
import { LEASE_RENEW_INTERVAL_US, NodeLeaseNamespace, nodeLease, type Lease } from "../api/lease.js";

export { AnnotationDurationUs };

export interface KubeletTimings {
  /** Time from bind to Running (image pull, sandbox, containers), µs. */
  podStartLatencyUs: number;
  /**
   * Lifecycle as data, as KWOK's stage delays: when above podStartLatencyUs, each pod's start delay is
   * drawn uniformly from [podStartLatencyUs, podStartJitterUs] with `rng` (jitterDuration). 0: none.
   */
  podStartJitterUs?: number;
  rng?: { int(from: number, to: number): number };
  /** Delete finished pods right away, so memory tracks live pods and not trace length. */
  deleteFinishedPods: boolean;
}

/** The CNI side of the container runtime, as the kubelet uses it. */
export interface SandboxNetwork {
  setUp(pod: Pod): { readonly ok: true; readonly ip: string | null; readonly latencyUs: number } | { readonly ok: false; readonly latencyUs: number };
  /**
   * After a failed setUp at `atUs`, the pod's next tries come every `periodUs`; until something changes on
   * its node they would all fail the same way, so the network calls `wake(t)` with the first try at or after
   * the change (and counts the tries before it), instead of the kubelet ticking every period.
   */
  park(pod: Pod, atUs: number, periodUs: number, wake: (atUs: number) => void): void;
  running(pod: Pod): void;
  tearDown(pod: Pod): void;
  /** Wait before retrying a failed sandbox. */
  readonly retryUs: number;
}

export interface KubeletListener {
  onRunning?(pod: Pod, at: number): void;
  onFinished?(pod: Pod, at: number, phase: "Succeeded" | "Failed"): void;
  /** The pod was deleted from the store (after it finished, or while it was still going on). */
  onDeleted?(pod: Pod, at: number): void;
}

export class NodeAgents implements Component {
  readonly componentName = "node agents";
  private readonly timers = new Map<string, Timer>();
  private readonly listeners: KubeletListener[] = [];
  /** Nodes whose kubelet is down, with what it will do once back (starts and ends it could not report). */
  private readonly down = new Map<string, (() => void)[]>();
  /** KWOK Stages of the run (useStages), or null: pods start and end by the model and their run time. */
  private stages: PodStages | null = null;
  running = 0;

  /** Adds an observer of pod starts and ends (several may observe; called in the order added). */
  observe(l: KubeletListener): void {
    this.listeners.push(l);
  }

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    private readonly timings: KubeletTimings,
    private readonly network: SandboxNetwork | null = null,
  ) {}

  /** KWOK Stages to consult for every pod's start and end (set before the run starts). */
  useStages(stages: PodStages): void {
    this.stages = stages;
  }

  start(): void {
    this.store.watch<Pod>("Pod", (ev) => this.onPod(ev));
  }

  private onPod(ev: WatchEvent<Pod>): void {
    const pod = ev.object;
    const uid = pod.metadata.uid!;
    if (ev.type === "DELETED") {
      this.timers.get(uid)?.cancel();
      this.timers.delete(uid);
      if (pod.status?.phase === "Running") this.running--;
      this.network?.tearDown(pod);
      for (const l of this.listeners) l.onDeleted?.(pod, this.engine.now);
      return;
    }
    const phase = pod.status?.phase;
    const newlyBound = pod.spec.nodeName && !ev.oldObject?.spec.nodeName && phase !== "Running" && phase !== "Succeeded" && phase !== "Failed";
    if (!newlyBound) return;
    const ns = pod.metadata.namespace ?? "default";
    const name = pod.metadata.name;
    const step = this.stages?.choose(pod, this.engine.now) ?? null;
    if (step && endsPod(step)) {
      this.timers.set(uid, this.engine.after(step.delayUs, () => this.advance(ns, name, uid, step)));
      return;
    }
    if (this.network) this.sandbox(pod, this.network, step?.delayUs);
    else this.timers.set(uid, this.engine.after(step?.delayUs ?? this.startDelay(), () => this.startPod(ns, name, uid, pod, null)));
  }

  /** A Stage's next step, once its delay has passed: the pod ends (Succeeded or Failed) or is deleted. */
  private advance(ns: string, name: string, uid: string, step: StageStep): void {
    if ("delete" in step.next) {
      this.timers.delete(uid);
      const cur = this.store.get<Pod>("Pod", ns, name);
      if (cur && cur.metadata.uid === uid) this.store.delete("Pod", ns, name);
      return;
    }
    this.finish(ns, name, uid, step.next.phase === "Failed" ? "Failed" : "Succeeded");
  }

  /** Bind-to-running delay: fixed, or KWOK-style jittered between podStartLatency and podStartJitter. */
  private startDelay(): number {
    const t = this.timings;
    const max = t.podStartJitterUs ?? 0;
    if (max <= t.podStartLatencyUs || !t.rng) return t.podStartLatencyUs;
    return t.rng.int(t.podStartLatencyUs, max);
  }

  /** Creates the pod's sandbox network; the pod starts after it, or tries again after the backoff. */
  private sandbox(pod: Pod, network: SandboxNetwork, startDelayUs?: number): void {
    const uid = pod.metadata.uid!;
    const ns = pod.metadata.namespace ?? "default";
    const name = pod.metadata.name;
    const r = network.setUp(pod);
    if (r.ok) {
      this.timers.set(uid, this.engine.after(r.latencyUs + (startDelayUs ?? this.startDelay()), () => this.startPod(ns, name, uid, pod, r.ip)));
      return;
    }
    this.timers.delete(uid);
    network.park(pod, this.engine.now, r.latencyUs + network.retryUs, (atUs) => {
      this.timers.set(
        uid,
        this.engine.at(atUs, () => {
          const cur = this.store.get<Pod>("Pod", ns, name);
          if (cur && cur.metadata.uid === uid) this.sandbox(cur, network);
        }),
      );
    });
  }

  private startPod(ns: string, name: string, uid: string, pod: Pod, podIP: string | null): void {
    if (this.deferOnDownNode(pod.spec.nodeName, () => this.startPod(ns, name, uid, pod, podIP))) return;
    const now = this.engine.now;
    const cur = this.store.get<Pod>("Pod", ns, name);
    if (!cur || cur.metadata.uid !== uid) return;
    // The address is written only by a pod network; without one the status stays as it was (no extra object per pod).
    const startTime = this.store.timestamp();
    const status = withField(cur.status, "phase", "Running");
    status.startTime = startTime;
    if (podIP) status.podIP = podIP;
    const running = this.store.update<Pod>(withField(cur, "status", status));
    this.running++;
    this.network?.running(running);
    for (const l of this.listeners) l.onRunning?.(running, now);
    const dur = pod.metadata.annotations?.[AnnotationDurationUs];
    // A Stage that ends a Running pod does so after its delay, unless the pod's run time is up first.
    const step = this.stages?.choose(running, now) ?? null;
    const ends = step && endsPod(step) ? step : null;
    if (ends && (dur === undefined || ends.delayUs < Number(dur))) {
      this.timers.set(uid, this.engine.after(ends.delayUs, () => this.advance(ns, name, uid, ends)));
      return;
    }
    if (dur === undefined) {
      this.timers.delete(uid);
      return;
    }
    this.timers.set(uid, this.finishAfter(Number(dur), ns, name, uid));
  }

  /**
   * The timer that ends a Running pod. Made here rather than in startPod: a closure there would share
   * startPod's scope and keep the bound pod object (an old version of it) alive as long as the pod runs.
   */
  private finishAfter(delayUs: number, ns: string, name: string, uid: string): Timer {
    return this.engine.after(delayUs, () => this.finish(ns, name, uid));
  }

  private finish(ns: string, name: string, uid: string, phase: "Succeeded" | "Failed" = "Succeeded"): void {
    this.timers.delete(uid);
    const cur = this.store.get<Pod>("Pod", ns, name);
    if (!cur || cur.metadata.uid !== uid) return;
    if (this.deferOnDownNode(cur.spec.nodeName, () => this.finish(ns, name, uid, phase))) return;
    const wasRunning = cur.status?.phase === "Running";
    const done = this.store.update<Pod>(withField(cur, "status", withField(cur.status, "phase", phase)));
    if (wasRunning) {
      this.running--;
      this.network?.tearDown(done);
    }
    for (const l of this.listeners) l.onFinished?.(done, this.engine.now, phase);
    if (this.timings.deleteFinishedPods) this.store.delete("Pod", ns, name);
  }

  /**
   * The node's kubelet stops (a node failure): its Lease is no longer renewed — the last renewal was at
   * the latest multiple of the renew interval — and nothing it would report (pod starts and ends) reaches
   * the store until it is back.
   */
  failNode(node: string): void {
    if (this.down.has(node)) return;
    this.down.set(node, []);
    const last = Math.floor(this.engine.now / LEASE_RENEW_INTERVAL_US) * LEASE_RENEW_INTERVAL_US;
    this.writeLease(nodeLease(node, new Date(Math.floor(last / 1000)).toISOString(), false));
  }

  /** The kubelet is back: it renews its Lease, marks its running pods ready and reports what happened meanwhile. */
  recoverNode(node: string): void {
    const pending = this.down.get(node);
    if (!pending) return;
    this.down.delete(node);
    this.writeLease(nodeLease(node, this.store.timestamp(), true));
    for (const p of this.store.list<Pod>("Pod", (x) => x.spec.nodeName === node && x.status?.phase === "Running")) {
      const ready = p.status?.conditions?.find((c) => c.type === "Ready");
      if (!ready || ready.status === "True") continue;
      this.store.patch<Pod>("Pod", p.metadata.namespace, p.metadata.name, (x) => ({ ...x, status: { ...x.status, conditions: [...(x.status?.conditions ?? []).filter((c) => c.type !== "Ready"), { type: "Ready", status: "True" }] } }));
    }
    for (const f of pending) f();
  }

  isDown(node: string): boolean {
    return this.down.has(node);
  }

  private deferOnDownNode(node: string | undefined, f: () => void): boolean {
    const q = node === undefined ? undefined : this.down.get(node);
    if (!q) return false;
    q.push(f);
    return true;
  }

  private writeLease(lease: Lease): void {
    const cur = this.store.get<Lease>("Lease", NodeLeaseNamespace, lease.metadata.name);
    if (cur) this.store.update<Lease>({ ...lease, metadata: { ...cur.metadata, annotations: lease.metadata.annotations! } });
    else this.store.create(lease);
  }
}

/** Whether a Stage ends the pod (Succeeded, Failed, delete) rather than starting it. */
function endsPod(step: StageStep): boolean {
  return !("phase" in step.next) || step.next.phase !== "Running";
}
