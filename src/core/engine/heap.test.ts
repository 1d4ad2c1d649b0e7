// Binary heap, checked property-style against Array.prototype.sort with a seeded generator.
import { describe, expect, it } from "vitest";
import { Heap } from "./heap.js";
import { Rng } from "./rng.js";

interface Item {
  key: number;
  id: number;
}
// Ties broken by id so the expected order is total.
const less = (a: Item, b: Item): boolean => a.key < b.key || (a.key === b.key && a.id < b.id);
const byOrder = (a: Item, b: Item): number => a.key - b.key || a.id - b.id;

describe("Heap", () => {
  it("an empty heap pops and peeks undefined", () => {
    const h = new Heap<number>((a, b) => a < b);
    expect(h.size).toBe(0);
    expect(h.peek()).toBeUndefined();
    expect(h.pop()).toBeUndefined();
  });

  it("pops in sorted order for random inputs (many sizes, duplicate keys)", () => {
    const r = Rng.seeded(1);
    for (let round = 0; round < 200; round++) {
      const n = r.int(0, 60);
      const items: Item[] = Array.from({ length: n }, (_, id) => ({ key: r.int(0, 10), id }));
      const h = new Heap(less);
      for (const it of items) h.push(it);
      expect(h.size).toBe(n);
      const out: Item[] = [];
      for (let x = h.pop(); x; x = h.pop()) out.push(x);
      expect(out).toEqual([...items].sort(byOrder));
    }
  });

  it("interleaved pushes, pops and removes agree with a sorted model", () => {
    const r = Rng.seeded(2);
    const h = new Heap(less);
    let model: Item[] = [];
    let id = 0;
    for (let step = 0; step < 3000; step++) {
      const op = r.int(0, 9);
      if (op < 5) {
        const it = { key: r.int(0, 100), id: id++ };
        h.push(it);
        model.push(it);
      } else if (op < 8) {
        model.sort(byOrder);
        expect(h.pop()).toEqual(model.shift());
      } else if (model.length > 0) {
        const victim = model[r.int(0, model.length - 1)]!;
        expect(h.remove((x) => x.id === victim.id)).toBe(victim);
        model = model.filter((x) => x !== victim);
      }
      expect(h.size).toBe(model.length);
      if (model.length > 0) expect(h.peek()).toEqual([...model].sort(byOrder)[0]);
    }
  });

  it("remove returns undefined when nothing matches and leaves the heap intact", () => {
    const h = new Heap<number>((a, b) => a < b);
    for (const x of [5, 1, 3]) h.push(x);
    expect(h.remove((x) => x === 42)).toBeUndefined();
    expect([h.pop(), h.pop(), h.pop()]).toEqual([1, 3, 5]);
  });

  it("removing the last element works", () => {
    const h = new Heap<number>((a, b) => a < b);
    for (const x of [1, 2, 3]) h.push(x);
    const last = h.toArray()[h.size - 1]!;
    expect(h.remove((x) => x === last)).toBe(last);
    expect(h.size).toBe(2);
  });
});
