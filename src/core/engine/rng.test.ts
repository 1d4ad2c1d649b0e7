// Seeded randomness: determinism, independent forks, inclusive bounds, shuffles.
import { describe, expect, it } from "vitest";
import { Rng } from "./rng.js";

const draw = (r: Rng, n: number): number[] => Array.from({ length: n }, () => r.int(0, 1_000_000));

describe("Rng", () => {
  it("the same seed gives the same sequence; another seed a different one", () => {
    expect(draw(Rng.seeded(42), 50)).toEqual(draw(Rng.seeded(42), 50));
    expect(draw(Rng.seeded(42), 50)).not.toEqual(draw(Rng.seeded(43), 50));
  });

  it("rejects non-integer seeds and seeds that would alias another 32-bit seed", () => {
    expect(() => Rng.seeded(1.5)).toThrow(/integer/);
    // The generator takes 32 bits of seed: 2^32 + 1 would silently give the same run as seed 1.
    expect(() => Rng.seeded(2 ** 32 + 1)).toThrow(/seed must be between/);
    expect(() => Rng.seeded(2 ** 31)).toThrow(/seed must be between/);
    expect(() => Rng.seeded(2 ** 31 - 1)).not.toThrow();
    expect(() => Rng.seeded(-5)).not.toThrow();
  });

  it("int(from, to) includes both bounds and nothing outside", () => {
    const r = Rng.seeded(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.int(3, 6);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(6);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it("int(n, n) is n; below(n) stays in [0, n)", () => {
    const r = Rng.seeded(1);
    expect(r.int(5, 5)).toBe(5);
    for (let i = 0; i < 500; i++) {
      const v = r.below(3);
      expect(v === 0 || v === 1 || v === 2).toBe(true);
    }
  });

  it("float() is in [0, 1) with a mean near 1/2", () => {
    const r = Rng.seeded(3);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const f = r.float();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      sum += f;
    }
    expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(0.02);
  });

  it("shuffle is an in-place permutation and deterministic per seed", () => {
    const a = [...Array(50).keys()];
    const out = Rng.seeded(9).shuffle(a);
    expect(out).toBe(a);
    expect([...a].sort((x, y) => x - y)).toEqual([...Array(50).keys()]);
    expect(a).not.toEqual([...Array(50).keys()]);
    expect(Rng.seeded(9).shuffle([...Array(50).keys()])).toEqual(a);
  });

  it("shuffle reaches every permutation of 3 items roughly uniformly", () => {
    const r = Rng.seeded(11);
    const counts = new Map<string, number>();
    const n = 6000;
    for (let i = 0; i < n; i++) {
      const k = r.shuffle([1, 2, 3]).join("");
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - n / 6)).toBeLessThan(n / 6 / 5);
  });
});

describe("Rng.fork", () => {
  it("forks are deterministic: the same seed and fork order give the same streams", () => {
    const a = Rng.seeded(5);
    const b = Rng.seeded(5);
    const [a1, a2] = [a.fork(), a.fork()];
    const [b1, b2] = [b.fork(), b.fork()];
    expect(draw(a1, 20)).toEqual(draw(b1, 20));
    expect(draw(a2, 20)).toEqual(draw(b2, 20));
    expect(draw(a, 20)).toEqual(draw(b, 20));
  });

  it("a fork's stream differs from its parent and from its siblings", () => {
    const p = Rng.seeded(5);
    const c1 = p.fork();
    const c2 = p.fork();
    const s1 = draw(c1, 20);
    expect(s1).not.toEqual(draw(c2, 20));
    expect(s1).not.toEqual(draw(p, 20));
  });

  it("drawing from one fork does not change what another fork or the parent produces", () => {
    const ref = Rng.seeded(8);
    const refChild = ref.fork();
    const refOther = ref.fork();
    const expectedOther = draw(refOther, 10);
    const expectedParent = draw(ref, 10);
    void refChild;

    const p = Rng.seeded(8);
    const child = p.fork();
    const other = p.fork();
    draw(child, 1000); // heavy use of one stream
    expect(draw(other, 10)).toEqual(expectedOther);
    expect(draw(p, 10)).toEqual(expectedParent);
  });
});
