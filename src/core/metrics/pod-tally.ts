/**
 * What summary.json needs of a set of pod records, without the records: counts by outcome, attempts,
 * and every wait in a growable typed array (8 bytes a scheduled pod), so pods whose story has ended
 * can be let go during a run and the wait percentiles stay exact.
 */
import { grown } from "../util/grown.js";
import type { PodOutcome, PodRecord } from "./recorder.js";

export class PodTally {
  arrived = 0;
  attempts = 0;
  maxAttempts = 0;
  readonly outcomes: Record<PodOutcome, number> = { completed: 0, failed: 0, running: 0, bound: 0, preempted: 0, unschedulable: 0, pending: 0, deleted: 0 };
  private waitBuf = new Float64Array(1024);
  private waitCount = 0;

  add(r: PodRecord, outcome: PodOutcome): void {
    this.count(r.attempts, r.scheduledUs, r.arrivalUs, outcome);
  }

  /** `add` from a record's numbers (scheduledUs < 0: never scheduled). */
  count(attempts: number, scheduledUs: number, arrivalUs: number, outcome: PodOutcome): void {
    this.arrived++;
    this.attempts += attempts;
    if (attempts > this.maxAttempts) this.maxAttempts = attempts;
    this.outcomes[outcome]++;
    if (scheduledUs >= 0) this.addWait(scheduledUs - arrivalUs);
  }

  get scheduled(): number {
    return this.waitCount;
  }

  /** The waits so far, ascending (a sorted copy). */
  sortedWaits(): Float64Array {
    return this.waitBuf.slice(0, this.waitCount).sort();
  }

  /** A copy to add more records to (the summary of a run still going on). */
  clone(): PodTally {
    const c = new PodTally();
    c.arrived = this.arrived;
    c.attempts = this.attempts;
    c.maxAttempts = this.maxAttempts;
    Object.assign(c.outcomes, this.outcomes);
    c.waitBuf = this.waitBuf.slice();
    c.waitCount = this.waitCount;
    return c;
  }

  private addWait(w: number): void {
    if (this.waitCount === this.waitBuf.length) this.waitBuf = grown(this.waitBuf, this.waitBuf.length * 2);
    this.waitBuf[this.waitCount++] = w;
  }
}
