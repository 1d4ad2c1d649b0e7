/**
 * Runs the engine in slices of wall time, yielding to Node's event loop between slices so that
 * signals (Ctrl-C, SIGTERM) and progress reports get through even when a stretch of virtual time
 * takes minutes. Events run in exactly the order engine.run would run them.
 */
import type { Engine } from "./engine.js";

export interface PacerOptions {
  /** Checked after every slice: an aborted signal stops the run (the awaited call rejects). */
  signal?: AbortSignal;
  /** Called after every slice (at most about every `sliceMs` of wall time). */
  onSlice?(): void;
  /** Wall-clock length of a slice in ms (default 100). */
  sliceMs?: number;
}

/** Events between two looks at the wall clock (reading it costs more than an event). */
const CLOCK_CHECK_EVERY = 1024;

export class Pacer {
  private deadline: number;
  private readonly sliceMs: number;
  /** Events run since the wall clock was last read (kept across calls: replay calls run() per arrival). */
  private sinceCheck = 0;

  constructor(private readonly opts: PacerOptions = {}) {
    this.sliceMs = opts.sliceMs ?? 100;
    this.deadline = performance.now() + this.sliceMs;
  }

  /** engine.run({ until }) in slices: runs live events before `until` (µs; Infinity = to the end). */
  async run(engine: Engine, until: number): Promise<void> {
    this.opts.signal?.throwIfAborted();
    while (engine.hasLiveEvents && engine.step(until)) {
      if (++this.sinceCheck === CLOCK_CHECK_EVERY) {
        this.sinceCheck = 0;
        if (performance.now() >= this.deadline) await this.yield();
      }
    }
    // The same end state as engine.run: the clock moves to `until` when the run stopped there.
    engine.run(until === Infinity ? {} : { until });
  }

  /** Ends a slice: reports, lets the event loop run, and stops if asked to. */
  async yield(): Promise<void> {
    this.opts.onSlice?.();
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.opts.signal?.throwIfAborted();
    this.deadline = performance.now() + this.sliceMs;
  }
}
