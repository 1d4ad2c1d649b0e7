// The engine's event heap, checked against a sorted model with a seeded generator.
import { describe, expect, it } from "vitest";
import { EventHeap, earlier, eventKey, type Keyed } from "./event-heap.js";
import { Rng } from "./rng.js";

interface Item extends Keyed {
  prio: number;
  seq: number;
}
// The order the engine promises: time, then priority, then insertion.
const byOrder = (a: Item, b: Item): number => a.t - b.t || a.prio - b.prio || a.seq - b.seq;

describe("EventHeap", () => {
  it("orders by time, then priority, then sequence, through one key", () => {
    const a = { t: 5, k: eventKey(0, 9) };
    const b = { t: 5, k: eventKey(1, 2) };
    const c = { t: 4, k: eventKey(2, 100) };
    expect(earlier(a, b)).toBe(true);
    expect(earlier(b, a)).toBe(false);
    expect(earlier(c, a)).toBe(true);
    expect(earlier(a, a)).toBe(false);
    // Sequences far beyond any run's event count still stay below the next priority.
    expect(eventKey(0, 2 ** 49) < eventKey(1, 0)).toBe(true);
  });

  it("interleaved pushes and pops agree with a sorted model (duplicate times, all priorities)", () => {
    const r = Rng.seeded(3);
    const h = new EventHeap<Item>();
    let model: Item[] = [];
    let seq = 0;
    for (let step = 0; step < 5000; step++) {
      if (r.int(0, 9) < 6) {
        const prio = r.int(0, 2);
        const it = { t: r.int(0, 40), prio, seq, k: eventKey(prio, seq) };
        seq++;
        h.push(it);
        model.push(it);
      } else {
        model.sort(byOrder);
        expect(h.pop()).toBe(model.shift());
      }
      expect(h.size).toBe(model.length);
      if (model.length > 0) expect(h.peek()).toBe([...model].sort(byOrder)[0]);
      else expect(h.peek()).toBeUndefined();
    }
    model = model.sort(byOrder);
    for (const it of model) expect(h.pop()).toBe(it);
    expect(h.pop()).toBeUndefined();
  });
});
