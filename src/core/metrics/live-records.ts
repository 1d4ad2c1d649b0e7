/**
 * The records of pods whose story is still going on, as columns indexed by a reusable slot rather than an
 * object per pod. Times in µs pass 2^31 after 36 minutes of virtual time, where V8 stores a number field
 * of an object as a double: with an object per pod, the first pod to end changed every live record's
 * layout (one migration each, µs apiece, for 20,000 running pods); typed columns hold doubles from the
 * start, and the garbage collector has no record objects to copy.
 */
import { grown } from "../util/grown.js";
import type { PodOutcome, PodRecord } from "./recorder.js";

const PREEMPTED = 1;
const DELETED = 2;
const FAILED = 4;

export class LiveRecords {
  private capacity = 0;
  /** Slots given back, reused before new ones. */
  private free: number[] = [];
  private next = 0;
  seq = new Float64Array(0);
  arrivalUs = new Float64Array(0);
  scheduledUs = new Float64Array(0);
  startUs = new Float64Array(0);
  endUs = new Float64Array(0);
  cpuMilli = new Float64Array(0);
  memoryBytes = new Float64Array(0);
  gpuCount = new Float64Array(0);
  gpuMilli = new Float64Array(0);
  attempts = new Int32Array(0);
  private flags = new Uint8Array(0);
  readonly name: string[] = [];
  readonly namespace: string[] = [];
  readonly node: string[] = [];
  readonly lastFailure: string[] = [];

  /** A slot for a pod that has just arrived: not scheduled, started or ended yet. */
  add(seq: number, name: string, namespace: string, arrivalUs: number, cpuMilli: number, memoryBytes: number, gpuCount: number, gpuMilli: number): number {
    const s = this.free.length > 0 ? this.free.pop()! : this.fresh();
    this.seq[s] = seq;
    this.arrivalUs[s] = arrivalUs;
    this.scheduledUs[s] = -1;
    this.startUs[s] = -1;
    this.endUs[s] = -1;
    this.cpuMilli[s] = cpuMilli;
    this.memoryBytes[s] = memoryBytes;
    this.gpuCount[s] = gpuCount;
    this.gpuMilli[s] = gpuMilli;
    this.attempts[s] = 0;
    this.flags[s] = 0;
    this.name[s] = name;
    this.namespace[s] = namespace;
    this.node[s] = "";
    this.lastFailure[s] = "";
    return s;
  }

  /** The slot may be reused; its strings are let go. */
  release(s: number): void {
    this.name[s] = this.namespace[s] = this.node[s] = this.lastFailure[s] = "";
    this.free.push(s);
  }

  markPreempted(s: number): void {
    this.flags[s]! |= PREEMPTED;
  }

  markDeleted(s: number): void {
    this.flags[s]! |= DELETED;
  }

  setFailed(s: number, failed: boolean): void {
    this.flags[s] = failed ? this.flags[s]! | FAILED : this.flags[s]! & ~FAILED;
  }

  /** Recorder.outcome of the slot's record. */
  outcome(s: number): PodOutcome {
    const f = this.flags[s]!;
    if (f & PREEMPTED) return "preempted";
    if (f & DELETED) return "deleted";
    if (this.endUs[s]! >= 0) return f & FAILED ? "failed" : "completed";
    if (this.startUs[s]! >= 0) return "running";
    if (this.scheduledUs[s]! >= 0) return "bound";
    return this.attempts[s]! > 0 ? "unschedulable" : "pending";
  }

  /** The slot as a record object (for readers of live records; not on the per-event path). */
  record(s: number): PodRecord {
    const f = this.flags[s]!;
    return {
      name: this.name[s]!,
      namespace: this.namespace[s]!,
      arrivalUs: this.arrivalUs[s]!,
      scheduledUs: this.scheduledUs[s]!,
      node: this.node[s]!,
      startUs: this.startUs[s]!,
      endUs: this.endUs[s]!,
      attempts: this.attempts[s]!,
      lastFailure: this.lastFailure[s]!,
      preempted: (f & PREEMPTED) !== 0,
      deleted: (f & DELETED) !== 0,
      failed: (f & FAILED) !== 0,
      cpuMilli: this.cpuMilli[s]!,
      memoryBytes: this.memoryBytes[s]!,
      gpuCount: this.gpuCount[s]!,
      gpuMilli: this.gpuMilli[s]!,
    };
  }

  private fresh(): number {
    if (this.next === this.capacity) this.grow(Math.max(1024, this.capacity * 2));
    return this.next++;
  }

  private grow(n: number): void {
    this.seq = grown(this.seq, n);
    this.arrivalUs = grown(this.arrivalUs, n);
    this.scheduledUs = grown(this.scheduledUs, n);
    this.startUs = grown(this.startUs, n);
    this.endUs = grown(this.endUs, n);
    this.cpuMilli = grown(this.cpuMilli, n);
    this.memoryBytes = grown(this.memoryBytes, n);
    this.gpuCount = grown(this.gpuCount, n);
    this.gpuMilli = grown(this.gpuMilli, n);
    this.attempts = grown(this.attempts, n);
    this.flags = grown(this.flags, n);
    this.capacity = n;
  }

}
