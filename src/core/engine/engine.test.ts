// The discrete-event engine: ordering, cancellation, daemon events, `run({ until })`.
import { describe, expect, it } from "vitest";
import { Engine, Priority } from "./engine.js";
import { Rng } from "./rng.js";

describe("Engine ordering", () => {
  it("runs events by (time, priority, insertion order)", () => {
    const e = new Engine();
    const log: string[] = [];
    e.at(20, () => log.push("t20"));
    e.at(10, () => log.push("t10-late"), Priority.Late);
    e.at(10, () => log.push("t10-normal-1"));
    e.at(10, () => log.push("t10-urgent"), Priority.Urgent);
    e.at(10, () => log.push("t10-normal-2"));
    e.at(5, () => log.push("t5"));
    e.run();
    expect(log).toEqual(["t5", "t10-urgent", "t10-normal-1", "t10-normal-2", "t10-late", "t20"]);
  });

  it("afterCall runs fn(a, b) in the same order as closures would, and can be cancelled", () => {
    const e = new Engine();
    const log: string[] = [];
    const say = (who: string, n: number) => log.push(`${who}${n}`);
    e.after(5, () => log.push("closure5"));
    e.afterCall(5, say, "call", 5);
    e.afterCall(0, say, "urgent", 0, Priority.Urgent);
    e.afterCall(3, say, "late", 3, Priority.Late);
    e.afterCall(3, say, "normal", 3);
    e.afterCall(4, say, "cancelled", 4).cancel();
    e.run();
    expect(log).toEqual(["urgent0", "normal3", "late3", "closure5", "call5"]);
    expect(e.hasLiveEvents).toBe(false);
  });

  it("keeps FIFO order among many events at the same time and priority", () => {
    const e = new Engine();
    const log: number[] = [];
    for (let i = 0; i < 200; i++) e.at(7, () => log.push(i));
    e.run();
    expect(log).toEqual([...Array(200).keys()]);
  });

  it("an event scheduled for `now` from inside an event runs after events already queued for now", () => {
    const e = new Engine();
    const log: string[] = [];
    e.at(1, () => {
      log.push("a");
      e.after(0, () => log.push("c"));
    });
    e.at(1, () => log.push("b"));
    e.run();
    expect(log).toEqual(["a", "b", "c"]);
  });

  it("advances `now` to each event's time and counts steps", () => {
    const e = new Engine();
    const seen: number[] = [];
    e.at(3, () => seen.push(e.now));
    e.after(9, () => seen.push(e.now));
    e.run();
    expect(seen).toEqual([3, 9]);
    expect(e.now).toBe(9);
    expect(e.steps).toBe(2);
  });

  it("step() runs exactly one event and returns false when none is left", () => {
    const e = new Engine();
    const log: number[] = [];
    e.at(1, () => log.push(1));
    e.at(2, () => log.push(2));
    expect(e.step()).toBe(true);
    expect(log).toEqual([1]);
    expect(e.peek()).toBe(2);
    expect(e.step()).toBe(true);
    expect(e.step()).toBe(false);
    expect(e.peek()).toBe(Infinity);
  });
});

describe("Engine scheduling rules", () => {
  it("throws when an event is scheduled in the past", () => {
    const e = new Engine();
    e.at(100, () => {});
    e.run();
    expect(() => e.at(99, () => {})).toThrow(/past/);
    expect(() => e.at(100, () => {})).not.toThrow();
  });

  it("rejects non-integer times", () => {
    const e = new Engine();
    expect(() => e.at(1.5, () => {})).toThrow(/integer/);
    expect(() => e.at(Number.NaN, () => {})).toThrow(/integer/);
  });

  it("after() rounds the delay and never goes backwards", () => {
    const e = new Engine();
    const t1 = e.after(2.6, () => {});
    const t2 = e.after(-5, () => {});
    expect(t1.time).toBe(3);
    expect(t2.time).toBe(0);
  });
});

describe("Engine cancel", () => {
  it("a cancelled event never runs and does not keep the run alive", () => {
    const e = new Engine();
    const log: string[] = [];
    const t = e.at(10, () => log.push("cancelled"));
    e.at(5, () => log.push("kept"));
    t.cancel();
    e.run();
    expect(log).toEqual(["kept"]);
    expect(e.now).toBe(5); // the cancelled event at 10 did not advance time
    expect(e.hasLiveEvents).toBe(false);
  });

  it("cancelling twice, or after the event ran, is harmless", () => {
    const e = new Engine();
    let n = 0;
    const t = e.at(1, () => n++);
    e.run();
    t.cancel();
    t.cancel();
    const t2 = e.at(2, () => n++);
    t2.cancel();
    t2.cancel();
    e.at(3, () => n++);
    expect(e.hasLiveEvents).toBe(true);
    e.run();
    expect(n).toBe(2);
    expect(e.hasLiveEvents).toBe(false);
  });

  it("an event can cancel a later one", () => {
    const e = new Engine();
    const log: string[] = [];
    const later = e.at(10, () => log.push("later"));
    e.at(1, () => later.cancel());
    e.run();
    expect(log).toEqual([]);
  });
});

describe("Engine daemon events", () => {
  it("daemon events alone do not keep run() going", () => {
    const e = new Engine();
    let ticks = 0;
    const tick = (): void => {
      ticks++;
      e.after(10, tick, Priority.Late, true);
    };
    e.after(10, tick, Priority.Late, true);
    e.run();
    expect(ticks).toBe(0);
    expect(e.now).toBe(0);
  });

  it("daemon events run while live events remain, and stop after the last live one", () => {
    const e = new Engine();
    const ticks: number[] = [];
    const tick = (): void => {
      ticks.push(e.now);
      e.after(10, tick, Priority.Late, true);
    };
    e.after(10, tick, Priority.Late, true);
    e.at(35, () => {});
    e.run();
    expect(ticks).toEqual([10, 20, 30]);
    expect(e.now).toBe(35);
  });
});

describe("Engine run({ until })", () => {
  it("is exclusive: an event at exactly `until` does not run, and now becomes `until`", () => {
    const e = new Engine();
    const log: number[] = [];
    for (const t of [10, 20, 30]) e.at(t, () => log.push(t));
    e.run({ until: 20 });
    expect(log).toEqual([10]);
    expect(e.now).toBe(20);
    e.run();
    expect(log).toEqual([10, 20, 30]);
  });

  it("stops early when no live events are left before `until`", () => {
    const e = new Engine();
    e.at(5, () => {});
    e.run({ until: 1000 });
    expect(e.now).toBe(5);
  });

  it("stop() from inside an event ends run() after that event", () => {
    const e = new Engine();
    const log: number[] = [];
    e.at(1, () => {
      log.push(1);
      e.stop();
    });
    e.at(2, () => log.push(2));
    e.run();
    expect(log).toEqual([1]);
    e.run();
    expect(log).toEqual([1, 2]);
  });

  it("runs events scheduled from events, at the current time and later, in (time, priority, sequence) order", () => {
    // Events for the current time wait in per-priority lanes, the rest in the heap: the order must be that of
    // a plain reference that always runs the least pending (time, priority, sequence), with cancellations
    // and an until-boundary mixed in. Both run the same randomized program; any difference in order would
    // also change its random draws.
    for (const seed of [1, 2, 3, 4, 5]) {
      expect(program(new Engine(), seed), `seed ${seed}`).toEqual(program(new ReferenceEngine(), seed));
    }
  });
});

interface EventScheduler {
  readonly now: number;
  after(delay: number, fn: () => void, prio: Priority): { cancel(): void };
  run(opts?: { until?: number }): void;
}

/** Pending events in an array; each step runs the least (time, priority, sequence). */
class ReferenceEngine implements EventScheduler {
  now = 0;
  private seq = 0;
  private readonly pending: { t: number; prio: number; seq: number; fn: () => void; cancelled: boolean }[] = [];
  after(delay: number, fn: () => void, prio: Priority) {
    const ev = { t: this.now + delay, prio, seq: this.seq++, fn, cancelled: false };
    this.pending.push(ev);
    return { cancel: () => void (ev.cancelled = true) };
  }
  run(opts: { until?: number } = {}): void {
    for (;;) {
      const live = this.pending.filter((x) => !x.cancelled);
      if (live.length === 0) return;
      const ev = live.reduce((a, b) => (b.t < a.t || (b.t === a.t && (b.prio < a.prio || (b.prio === a.prio && b.seq < a.seq))) ? b : a));
      if (ev.t >= (opts.until ?? Infinity)) {
        this.now = Math.max(this.now, opts.until!);
        return;
      }
      this.pending.splice(this.pending.indexOf(ev), 1);
      this.now = ev.t;
      ev.fn();
    }
  }
}

/** A randomized program of events that schedule and cancel others; returns the order they ran in. */
function program(e: EventScheduler, seed: number): number[] {
  const rng = Rng.seeded(seed);
  const ran: number[] = [];
  const timers: { cancel(): void }[] = [];
  const add = (depth: number) => {
    const delay = rng.below(3) === 0 ? 0 : rng.below(4) * 10;
    const prio = [Priority.Urgent, Priority.Normal, Priority.Late][rng.below(3)]!;
    const id = timers.length;
    timers.push(
      e.after(delay, () => {
        ran.push(id);
        const children = depth < 6 ? rng.below(4) : 0;
        for (let c = 0; c < children; c++) add(depth + 1);
        if (rng.below(8) === 0) timers[rng.below(timers.length)]!.cancel();
      }, prio),
    );
  };
  for (let i = 0; i < 20; i++) add(0);
  e.run({ until: 60 });
  e.run();
  return ran;
}
