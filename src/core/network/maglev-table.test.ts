// Maglev's two promises (paper §3.4): near-equal shares (⌊M/N⌋ or ⌈M/N⌉ slots each) and little
// disruption when a backend goes (at most 1/N + 1% of the table moves, the floor).
import { describe, expect, it } from "vitest";
import { connectionHash, isPrime, MAGLEV_PRIMES, MaglevTable } from "./maglev-table.js";

const backends = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `backend-${i}`, weight: 1 }));

function slotsPer(t: MaglevTable, n: number): number[] {
  const c = new Array<number>(n).fill(0);
  for (const e of t.entries) c[e]!++;
  return c;
}

describe("Maglev table", () => {
  it("only prime sizes (Cilium's list is all prime)", () => {
    for (const m of MAGLEV_PRIMES) expect(isPrime(m)).toBe(true);
    expect(() => MaglevTable.build(backends(3), 65536)).toThrow(/prime/);
  });

  it.each([
    [5, 251],
    [100, 16381],
    [160, 16381],
    [1000, 65521],
  ])("%i backends in %i slots: each gets ⌊M/N⌋ or ⌈M/N⌉", (n, m) => {
    const counts = slotsPer(MaglevTable.build(backends(n), m), n);
    const lo = Math.floor(m / n);
    for (const c of counts) expect(c === lo || c === lo + 1).toBe(true);
  });

  // The extra churn beyond the removed backend's own 1/N shrinks as M/N grows: the floor holds from
  // M ≳ 300·N. At Cilium's default M = 16381, 100 backends move ≈ 2.4% (the next case).
  it.each([
    [10, 32749],
    [100, 131071],
    [1000, 131071],
  ])("removing one of %i backends (M = %i) moves at most 1/N + 1%% of the slots", (n, m) => {
    const before = MaglevTable.build(backends(n), m);
    const gone = Math.floor(n / 3);
    const rest = backends(n).filter((_, i) => i !== gone);
    const after = MaglevTable.build(rest, m);
    let moved = 0;
    for (let s = 0; s < m; s++) if (rest[after.entries[s]!]!.name !== `backend-${before.entries[s]}`) moved++;
    expect(moved / m).toBeLessThanOrEqual(1 / n + 0.01);
    // and at least the removed backend's own slots move
    expect(moved).toBeGreaterThanOrEqual(slotsPer(before, n)[gone]!);
  });

  it("at Cilium's default size, 100 backends: one removal moves 2–3% (1/N plus Maglev's extra churn)", () => {
    const before = MaglevTable.build(backends(100), 16381);
    const rest = backends(100).slice(1);
    const after = MaglevTable.build(rest, 16381);
    let moved = 0;
    for (let s = 0; s < 16381; s++) if (rest[after.entries[s]!]!.name !== `backend-${before.entries[s]}`) moved++;
    expect(moved / 16381).toBeGreaterThan(0.02);
    expect(moved / 16381).toBeLessThan(0.03);
  });

  it("weights: a backend of weight 2 gets twice the slots of one of weight 1", () => {
    const t = MaglevTable.build([{ name: "a", weight: 2 }, { name: "b", weight: 1 }, { name: "c", weight: 0 }], 4093);
    const c = slotsPer(t, 3);
    expect(c[2]).toBe(0);
    expect(c[0]! / c[1]!).toBeCloseTo(2, 1);
  });

  it("connections spread evenly by the connection hash", () => {
    const t = MaglevTable.build(backends(7), 16381);
    const c = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) c[t.lookup(connectionHash(0x0a000000 + (i >> 6), 30000 + (i & 63)))]!++;
    for (const x of c) expect(Math.abs(x / 10_000 - 1)).toBeLessThan(0.05);
  });
});
