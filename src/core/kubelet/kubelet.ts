/**
 * Node agents (kubelet-like), one component for all nodes: a pod bound to a node becomes Running after
 * the start latency, finishes (Succeeded) when its run time from the trace elapses, and is then deleted
 * (as a Job's finished pods are garbage-collected), freeing its resources. A pod deleted while running
 * stops at once. The pod's run time is the `clusterlab.io/duration-us` annotation (absent = runs forever).
 * Later issues hang CNI ADD/DEL on the start/stop transitions here.
 */
import type { ObjectStore, WatchEvent } from "../api/store.js";
import type { Pod } from "../api/types.js";
import type { Engine, Timer } from "../engine/engine.js";
import type { Component } from "../component.js";

import { AnnotationDurationUs } from "../api/types.js";

export { AnnotationDurationUs };

export interface KubeletTimings {
  /** Time from bind to Running (image pull, sandbox, containers), µs. */
  podStartLatencyUs: number;
  /** Delete finished pods right away, so memory tracks live pods and not trace length. */
  deleteFinishedPods: boolean;
}

export interface KubeletListener {
  onRunning?(pod: Pod, at: number): void;
  onFinished?(pod: Pod, at: number, phase: "Succeeded" | "Failed"): void;
}

export class NodeAgents implements Component {
  readonly componentName = "node agents";
  private readonly timers = new Map<string, Timer>();
  private readonly listeners: KubeletListener[] = [];
  running = 0;

  /** Adds an observer of pod starts and ends (several may observe; called in the order added). */
  observe(l: KubeletListener): void {
    this.listeners.push(l);
  }

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    private readonly timings: KubeletTimings,
  ) {}

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
      return;
    }
    const newlyBound = pod.spec.nodeName && !ev.oldObject?.spec.nodeName && !pod.status?.phase?.match(/Running|Succeeded|Failed/);
    if (!newlyBound) return;
    const ns = pod.metadata.namespace ?? "default";
    const name = pod.metadata.name;
    const t = this.engine.after(this.timings.podStartLatencyUs, () => {
      const now = this.engine.now;
      const cur = this.store.get<Pod>("Pod", ns, name);
      if (!cur || cur.metadata.uid !== uid) return;
      const running = this.store.patch<Pod>("Pod", ns, name, (p) => ({
        ...p,
        status: { ...p.status, phase: "Running", startTime: this.store.timestamp() },
      }));
      this.running++;
      for (const l of this.listeners) l.onRunning?.(running, now);
      const dur = pod.metadata.annotations?.[AnnotationDurationUs];
      if (dur === undefined) {
        this.timers.delete(uid);
        return;
      }
      this.timers.set(uid, this.engine.after(Number(dur), () => this.finish(ns, name, uid)));
    });
    this.timers.set(uid, t);
  }

  private finish(ns: string, name: string, uid: string): void {
    this.timers.delete(uid);
    const cur = this.store.get<Pod>("Pod", ns, name);
    if (!cur || cur.metadata.uid !== uid) return;
    const done = this.store.patch<Pod>("Pod", ns, name, (p) => ({ ...p, status: { ...p.status, phase: "Succeeded" } }));
    this.running--;
    for (const l of this.listeners) l.onFinished?.(done, this.engine.now, "Succeeded");
    if (this.timings.deleteFinishedPods) this.store.delete("Pod", ns, name);
  }
}
