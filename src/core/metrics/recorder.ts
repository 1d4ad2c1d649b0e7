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
import { LiveRecords } from "./live-records.js";
import { PodTally } from "./pod-tally.js";
import { RowArena } from "./row-arena.js";

export type PodOutcome = "completed" | "failed" | "running" | "bound" | "preempted" | "unschedulable" | "pending" | "deleted";

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
  /** Ended in phase Failed (a KWOK Stage failed it). */
  failed: boolean;
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
  /**
   * A pod's record lives while its story goes on; once it has ended (completed or evicted) its pods.csv
   * row goes to `rows` and its numbers to `settled`. Memory thus follows the pods still going on (plus
   * ~100 bytes of row per ended pod, outside the JS heap), not a record per pod of the trace.
   */
  private arrivals = 0;
  /** Records of pods still going on (slots of `records`), by arrival number, in arrival order. */
  private readonly live = new Map<number, number>();
  private readonly records = new LiveRecords();
  private readonly rowArena = new RowArena();
  readonly settled = new PodTally();
  private readonly byUid = new Map<string, number>();
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
        if (r !== undefined) this.records.startUs[r] = at;
      },
      onFinished: (pod, at, phase) => {
        const r = this.byUid.get(pod.metadata.uid!);
        this.bound--;
        if (r === undefined) return;
        this.records.endUs[r] = at;
        this.records.setFailed(r, phase === "Failed");
        this.settle(pod.metadata.uid!, r);
      },
      onDeleted: (pod, at) => {
        // A pod deleted before it finished (scaled down, evicted, drained); finished and preempted pods are settled already.
        const r = this.byUid.get(pod.metadata.uid!);
        if (r === undefined) return;
        this.records.markDeleted(r);
        this.records.endUs[r] = at;
        if (this.records.scheduledUs[r]! >= 0) this.bound--;
        this.settle(pod.metadata.uid!, r);
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
    const seq = this.arrivals++;
    const r = this.records.add(seq, pod.metadata.name, pod.metadata.namespace ?? "default", now, pi.requests.milliCPU, pi.requests.memory, pi.gpuCount, pi.gpuMilli);
    this.live.set(seq, r);
    this.byUid.set(pod.metadata.uid!, r);
  }

  /** The records of pods still going on, in arrival order. */
  get pods(): PodRecord[] {
    return [...this.live.values()].map((r) => this.records.record(r));
  }

  /** pods.csv's rows, in arrival order, as pieces of bytes (ended pods' rows from the arena, the others written now). */
  *rows(): Iterable<Buffer> {
    const arena = this.rowArena;
    // Rows of pods still going on are written as they stand now, into a scratch arena as its row 0. Arenas
    // only append, so the views handed out stay valid; a full scratch arena is replaced, not reused.
    let now = new RowArena();
    let from: RowArena | null = null;
    let start = -1;
    let end = -1;
    for (let seq = 0; seq < this.arrivals; seq++) {
      let src = arena;
      let at = seq;
      if (!arena.has(seq)) {
        if (now.size > 1 << 20) {
          if (from === now) {
            yield now.slice(start, end);
            from = null;
          }
          now = new RowArena();
        }
        src = now;
        at = 0;
        writeRow(now, 0, this.records, this.live.get(seq)!);
      }
      const [a, b] = src.span(at);
      if (src === from && a === end) {
        end = b;
        continue;
      }
      if (from) yield from.slice(start, end);
      from = src;
      start = a;
      end = b;
    }
    if (from) yield from.slice(start, end);
  }

  /** A pod's story has ended: its record becomes its row. */
  private settle(uid: string, r: number): void {
    const t = this.records;
    this.settled.count(t.attempts[r]!, t.scheduledUs[r]!, t.arrivalUs[r]!, t.outcome(r));
    const seq = t.seq[r]!;
    writeRow(this.rowArena, seq, t, r);
    this.live.delete(seq);
    this.byUid.delete(uid);
    t.release(r);
  }

  private onScheduled(pi: PodInfo, node: string): void {
    const r = this.byUid.get(pi.uid);
    if (r === undefined) return;
    const t = this.records;
    t.attempts[r]!++;
    if (t.scheduledUs[r]! < 0) {
      t.scheduledUs[r] = this.engine.now;
      this.boundTotal++;
    }
    t.node[r] = node;
    this.bound++;
  }

  private attempt(pi: PodInfo, reason: string): void {
    const r = this.byUid.get(pi.uid);
    if (r === undefined) return;
    this.records.attempts[r]!++;
    this.records.lastFailure[r] = reason;
  }

  private evicted(victim: Pod): void {
    this.victims++;
    const r = this.byUid.get(victim.metadata.uid!);
    const t = this.records;
    if (r === undefined || t.endUs[r]! >= 0) return;
    t.markPreempted(r);
    t.endUs[r] = this.engine.now;
    if (t.scheduledUs[r]! >= 0) this.bound--;
    this.settle(victim.metadata.uid!, r);
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
    if (r.deleted) return "deleted";
    if (r.endUs >= 0) return r.failed ? "failed" : "completed";
    if (r.startUs >= 0) return "running";
    if (r.scheduledUs >= 0) return "bound";
    return r.attempts > 0 ? "unschedulable" : "pending";
  }
}

/** A live record as its pods.csv row (columns in results.ts's POD_COLUMNS), written into `out` as arrival number `seq`. */
function writeRow(out: RowArena, seq: number, t: LiveRecords, r: number): void {
  const arrival = t.arrivalUs[r]!;
  const scheduled = t.scheduledUs[r]!;
  out.open(seq);
  out.field(t.name[r]!);
  out.field(t.namespace[r]!);
  out.num(arrival);
  out.optNum(scheduled);
  out.field(t.node[r]!);
  out.optNum(t.startUs[r]!);
  out.optNum(t.endUs[r]!);
  out.optNum(scheduled >= 0 ? scheduled - arrival : -1);
  out.num(t.attempts[r]!);
  out.ascii(t.outcome(r));
  out.num(t.cpuMilli[r]!);
  out.num(t.memoryBytes[r]!);
  out.num(t.gpuCount[r]!);
  out.num(t.gpuMilli[r]!);
  out.field(t.lastFailure[r]!);
  out.close();
}
