/**
 * Records what happened in a run: one record per pod (arrival, bind, start, end, attempts), a time
 * series sampled at a fixed virtual interval, and the numbers summary.json reports. It listens to the
 * scheduler and the node agents; nothing here is on the scheduling hot path.
 */
import type { Pod } from "../api/types.js";
import type { Engine } from "../engine/engine.js";
import { Priority } from "../engine/engine.js";
import type { PodInfo } from "../scheduler/pod-info.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import type { NodeAgents } from "../kubelet/kubelet.js";

export type PodOutcome = "completed" | "running" | "bound" | "preempted" | "unschedulable" | "pending" | "deleted";

export interface PodRecord {
  name: string;
  namespace: string;
  arrivalUs: number;
  scheduledUs: number;
  node: string;
  startUs: number;
  endUs: number;
  attempts: number;
  /** The last failed attempt's message as kube-scheduler words it ("0/N nodes are available: …"), or "". */
  lastFailure: string;
  /** Evicted by preemption (endUs is then the eviction time). */
  preempted: boolean;
  deleted: boolean;
  cpuMilli: number;
  memoryBytes: number;
  gpuCount: number;
  gpuMilli: number;
}

export interface Sample {
  timeUs: number;
  alloc: [number, number, number];
  pending: number;
  running: number;
  bound: number;
}

export const RESOURCES = ["cpu", "memory", "gpu"] as const;

export class Recorder {
  readonly pods: PodRecord[] = [];
  private readonly byUid = new Map<string, PodRecord>();
  readonly samples: Sample[] = [];
  firstArrivalUs = -1;
  private bound = 0;
  /** Pods bound so far (each pod once). */
  boundTotal = 0;
  /** Preemptions (a pod nominated to a node after its victims were evicted) and pods evicted by them. */
  preemptions = 0;
  victims = 0;

  constructor(
    private readonly engine: Engine,
    private readonly scheduler: Scheduler,
    private readonly agents: NodeAgents,
    private readonly sampleIntervalUs: number,
  ) {
    scheduler.observe({
      onScheduled: (pi, node) => this.onScheduled(pi, node),
      onUnschedulable: (pi, status) => this.attempt(pi, status.message()),
      onNominated: () => void this.preemptions++,
      onEvicted: (victim) => this.evicted(victim),
    });
    agents.observe({
      onRunning: (pod, at) => {
        const r = this.byUid.get(pod.metadata.uid!);
        if (r) r.startUs = at;
      },
      onFinished: (pod, at) => {
        const r = this.byUid.get(pod.metadata.uid!);
        if (r) r.endUs = at;
        this.bound--;
      },
    });
  }

  /** A workload pod was created in the store. */
  arrived(pod: Pod, pi: { requests: { milliCPU: number; memory: number }; gpuCount: number; gpuMilli: number }): void {
    const now = this.engine.now;
    if (this.firstArrivalUs < 0) {
      this.firstArrivalUs = now;
      this.scheduler.snapshot.totals.startAt(now);
      this.sample();
    }
    const r: PodRecord = {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace ?? "default",
      arrivalUs: now,
      scheduledUs: -1,
      node: "",
      startUs: -1,
      endUs: -1,
      attempts: 0,
      lastFailure: "",
      preempted: false,
      deleted: false,
      cpuMilli: pi.requests.milliCPU,
      memoryBytes: pi.requests.memory,
      gpuCount: pi.gpuCount,
      gpuMilli: pi.gpuMilli,
    };
    this.pods.push(r);
    this.byUid.set(pod.metadata.uid!, r);
  }

  private onScheduled(pi: PodInfo, node: string): void {
    const r = this.byUid.get(pi.uid);
    if (!r) return;
    r.attempts++;
    if (r.scheduledUs < 0) {
      r.scheduledUs = this.engine.now;
      this.boundTotal++;
    }
    r.node = node;
    this.bound++;
  }

  private attempt(pi: PodInfo, reason: string): void {
    const r = this.byUid.get(pi.uid);
    if (!r) return;
    r.attempts++;
    r.lastFailure = reason;
  }

  private evicted(victim: Pod): void {
    this.victims++;
    const r = this.byUid.get(victim.metadata.uid!);
    if (!r || r.endUs >= 0) return;
    r.preempted = true;
    r.endUs = this.engine.now;
    if (r.scheduledUs >= 0) this.bound--;
  }

  private current(): Sample {
    const t = this.scheduler.snapshot.totals;
    return {
      timeUs: this.engine.now,
      alloc: [t.ratio(0), t.ratio(1), t.ratio(2)],
      pending: this.scheduler.queue.pendingCount,
      running: this.agents.running,
      bound: this.bound,
    };
  }

  private sample(): void {
    this.samples.push(this.current());
    this.engine.after(this.sampleIntervalUs, () => this.sample(), Priority.Late, true);
  }

  /** Final sample at the end of the run (if the last one is older). */
  finish(): void {
    const last = this.samples[this.samples.length - 1];
    if (!last || last.timeUs < this.engine.now) this.samples.push(this.current());
  }

  static outcome(r: PodRecord): PodOutcome {
    if (r.preempted) return "preempted";
    if (r.endUs >= 0) return "completed";
    if (r.startUs >= 0) return "running";
    if (r.scheduledUs >= 0) return "bound";
    return r.attempts > 0 ? "unschedulable" : "pending";
  }
}
