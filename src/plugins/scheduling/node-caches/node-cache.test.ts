import { describe, expect, it } from "vitest";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import { Interner, NodeKeyCache, NodeValueCache } from "./node-cache.js";
import { Rng } from "../../../core/engine/rng.js";

/** The two fields the caches read; a fresh object stands for a NodeInfo that took over an index. */
function node(index: number, generation = 1): NodeInfo {
  return { index, generation } as unknown as NodeInfo;
}

describe("NodeValueCache", () => {
  it("misses before any set, hits after, and misses once the node's generation moves", () => {
    const c = new NodeValueCache();
    const n = node(3);
    expect(c.get(n)).toBeNaN();
    c.set(n, 7);
    expect(c.get(n)).toBe(7);
    n.generation++;
    expect(c.get(n)).toBeNaN();
  });

  it("never serves a row to another NodeInfo at the same index (a clone or a replacement)", () => {
    const c = new NodeValueCache();
    const a = node(5);
    c.set(a, 1);
    expect(c.get(node(5))).toBeNaN();
  });

  it("keeps every value when it grows past its first capacity", () => {
    const c = new NodeValueCache();
    const nodes = Array.from({ length: 300 }, (_, i) => node(i));
    nodes.forEach((n, i) => c.set(n, i * 10 + 1));
    nodes.forEach((n, i) => expect(c.get(n)).toBe(i * 10 + 1));
    expect(c.get(node(1000))).toBeNaN();
  });
});

describe("NodeKeyCache", () => {
  it("finds both values of a (node, key) pair and nothing for other keys or generations", () => {
    const c = new NodeKeyCache();
    const n = node(2);
    expect(c.find(n, 0)).toBe(false);
    c.set(n, 4, 1.5, 3);
    expect(c.find(n, 4)).toBe(true);
    expect([c.valueA, c.valueB]).toEqual([1.5, 3]);
    expect(c.find(n, 3)).toBe(false);
    expect(c.find(n, 5)).toBe(false);
    n.generation++;
    expect(c.find(n, 4)).toBe(false);
  });

  it("forgets a row's other keys when another NodeInfo takes over its index", () => {
    const c = new NodeKeyCache();
    const a = node(1);
    c.set(a, 0, 10, 11);
    c.set(a, 1, 20, 21);
    const b = node(1);
    c.set(b, 1, 30, 31);
    expect(c.find(b, 0)).toBe(false);
    expect(c.find(b, 1)).toBe(true);
    expect(c.valueA).toBe(30);
    expect(c.find(a, 1)).toBe(false);
  });

  it("agrees with a plain map under random sets, generation bumps and replacements while growing in both directions", () => {
    const rng = Rng.seeded(7);
    const c = new NodeKeyCache();
    const live: NodeInfo[] = [];
    const ref = new Map<string, [NodeInfo, number, number, number]>();
    for (let step = 0; step < 5000; step++) {
      const i = rng.int(0, 150);
      const key = rng.int(0, 40);
      let n = live[i];
      const op = rng.float();
      if (n === undefined || op < 0.05) {
        n = node(i, rng.int(0, 3));
        live[i] = n;
      } else if (op < 0.15) {
        n.generation++;
      }
      if (rng.float() < 0.5) {
        const a = rng.float();
        const b = rng.int(0, 8);
        c.set(n, key, a, b);
        ref.set(`${i}/${key}`, [n, n.generation, a, b]);
      }
      const want = ref.get(`${i}/${key}`);
      const hit = want !== undefined && want[0] === n && want[1] === n.generation;
      expect(c.find(n, key)).toBe(hit);
      if (hit) expect([c.valueA, c.valueB]).toEqual([want[2], want[3]]);
    }
  });
});

describe("Interner", () => {
  it("gives each distinct key the next small integer and the same key the same id", () => {
    const ids = new Interner();
    expect([ids.id("a"), ids.id("b"), ids.id("a"), ids.id("c"), ids.id("b")]).toEqual([0, 1, 0, 2, 1]);
  });
});
