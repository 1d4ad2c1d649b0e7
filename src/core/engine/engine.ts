/**
 * The discrete-event engine (SimPy-shaped): integer virtual time in microseconds, a binary heap
 * ordered by (time, priority, insertion sequence), `schedule`, `step`, `peek`, `run({ until })`.
 * Equal (time, priority) events run in the order they were scheduled, so a run is a pure function
 * of its inputs and seed. Events scheduled for the current time (most of them: watch deliveries, the
 * scheduler's next cycle) wait in one FIFO lane per priority instead of the heap; each lane is in
 * insertion order already, and `pop` takes the least of the heap's top and the lanes' heads, so the order
 * is exactly the heap's.
 */

import { EventHeap, earlier, eventKey } from "./event-heap.js";

export type Action = () => void;

/** Lower runs first at equal time. */
export const Priority = { Urgent: 0, Normal: 1, Late: 2 } as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

/** A scheduled event; it is its own cancellation handle, so scheduling allocates one object. */
class Event implements Timer {
  cancelled = false;
  /** Priority, then insertion sequence, as one number (event-heap.ts). */
  readonly k: number;
  constructor(
    readonly t: number,
    readonly prio: number,
    seq: number,
    /** Called with `a` and `b` (an Action ignores them). */
    readonly fn: (a: unknown, b: unknown) => void,
    /** Daemon events (periodic samplers, queue flushes) do not keep a run alive on their own. */
    readonly daemon: boolean,
    private readonly engine: Engine,
    readonly a: unknown,
    readonly b: unknown,
  ) {
    this.k = eventKey(prio, seq);
  }
  get time(): number {
    return this.t;
  }
  cancel(): void {
    if (!this.cancelled && !this.daemon) this.engine.onCancelLive();
    this.cancelled = true;
  }
}

/** Handle to cancel a scheduled event. */
export interface Timer {
  cancel(): void;
  readonly time: number;
}

export class Engine {
  private readonly heap = new EventHeap<Event>();
  /**
   * Events for the current time, by priority, in insertion order: lane p holds them in [head[p], tail[p]).
   * A lane's array is reused once emptied, never shrunk (refilling a dropped one would regrow it slot by slot).
   */
  private readonly lanes: (Event | null)[][] = [[], [], []];
  private readonly head = [0, 0, 0];
  private readonly tail = [0, 0, 0];
  private laned = 0;
  private seq = 0;
  private _now = 0;
  private stopped = false;
  /** Events executed so far. */
  steps = 0;
  /** Pending events that are not daemons and not cancelled. */
  private live = 0;

  get now(): number {
    return this._now;
  }

  /** Schedules `fn` at absolute virtual time `at` (µs, integer, not before now). */
  at(at: number, fn: Action, prio: Priority = Priority.Normal, daemon = false): Timer {
    return this.schedule(at, fn, prio, daemon, undefined, undefined);
  }

  /**
   * Schedules `fn(a, b)` after `delay` µs: one function shared by many events, with its arguments kept in
   * the event, where a closure per event would be one more object (the store delivers every write so).
   */
  afterCall<A, B>(delay: number, fn: (a: A, b: B) => void, a: A, b: B, prio: Priority = Priority.Normal): Timer {
    return this.schedule(this._now + Math.max(0, Math.round(delay)), fn as (a: unknown, b: unknown) => void, prio, false, a, b);
  }

  private schedule(at: number, fn: (a: unknown, b: unknown) => void, prio: Priority, daemon: boolean, a: unknown, b: unknown): Timer {
    if (!Number.isSafeInteger(at)) throw new Error(`event time must be an integer number of µs, got ${at}`);
    if (at < this._now) throw new Error(`cannot schedule in the past (${at} < ${this._now})`);
    const ev = new Event(at, prio, this.seq++, fn, daemon, this, a, b);
    if (!daemon) this.live++;
    this.push(ev);
    return ev;
  }

  /** @internal Called by a live event's cancel(). */
  onCancelLive(): void {
    this.live--;
  }

  /** Schedules `fn` after `delay` µs. */
  after(delay: number, fn: Action, prio: Priority = Priority.Normal, daemon = false): Timer {
    return this.at(this._now + Math.max(0, Math.round(delay)), fn, prio, daemon);
  }

  /** True while a non-daemon event is pending. */
  get hasLiveEvents(): boolean {
    return this.live > 0;
  }

  /** Time of the next pending event, or Infinity. */
  peek(): number {
    for (;;) {
      const from = this.nextLane();
      const ev = this.first(from);
      if (ev === undefined) return Infinity;
      if (!ev.cancelled) return ev.t;
      this.take(from);
    }
  }

  get pending(): number {
    return this.heap.size + this.laned;
  }

  /**
   * Runs the next event if it is due before `until` (µs, exclusive; default: whichever comes); returns false
   * when none is. One look at the queues, where peek() then step() would take two.
   */
  step(until = Infinity): boolean {
    for (;;) {
      const from = this.nextLane();
      const ev = this.first(from);
      if (ev === undefined) return false;
      if (ev.cancelled) {
        this.take(from);
        continue;
      }
      if (ev.t >= until) return false;
      this.take(from);
      if (!ev.daemon) this.live--;
      ev.cancelled = true;
      this._now = ev.t;
      this.steps++;
      ev.fn(ev.a, ev.b);
      return true;
    }
  }

  /**
   * Runs until no live (non-daemon) events are left, `until` (µs, exclusive) is reached, or `stop()` is
   * called. Daemon events only run while live events remain.
   */
  run(opts: { until?: number } = {}): void {
    const until = opts.until ?? Infinity;
    this.stopped = false;
    while (!this.stopped && this.live > 0) {
      if (!this.step(until)) {
        if (until !== Infinity) this._now = Math.max(this._now, until);
        break;
      }
    }
  }

  stop(): void {
    this.stopped = true;
  }

  private push(ev: Event): void {
    if (ev.t === this._now && ev.prio >= 0 && ev.prio < 3) {
      this.lanes[ev.prio]![this.tail[ev.prio]!++] = ev;
      this.laned++;
    } else this.heap.push(ev);
  }

  /** Where the next event waits: the lane whose head is least, or -1 for the heap's top (or nothing). */
  private nextLane(): number {
    if (this.laned === 0) return -1;
    let best = this.heap.peek();
    let from = -1;
    for (let p = 0; p < 3; p++) {
      const lane = this.lanes[p]!;
      const h = this.head[p]!;
      if (h < this.tail[p]! && (best === undefined || earlier(lane[h]!, best))) {
        best = lane[h]!;
        from = p;
      }
    }
    return from;
  }

  /** The next event where nextLane() says it waits, without removing it. */
  private first(from: number): Event | undefined {
    return from < 0 ? this.heap.peek() : this.lanes[from]![this.head[from]!]!;
  }

  /** Removes the event first(from) returned. */
  private take(from: number): void {
    if (from < 0) {
      this.heap.pop();
      return;
    }
    const lane = this.lanes[from]!;
    const h = this.head[from]!;
    lane[h] = null; // an event is garbage once it has run
    this.laned--;
    if (h + 1 === this.tail[from]) this.head[from] = this.tail[from] = 0;
    else this.head[from] = h + 1;
  }
}
