// The IPVS schedulers on hand-worked cases from net/netfilter/ipvs/ip_vs_*.c: each expectation follows
// the kernel's code path for that input (comments give the arithmetic).
import { describe, expect, it } from "vitest";
import { createScheduler, hash32, type Dest, type SchedulerName } from "./schedulers.js";

const dest = (address: string, weight = 1, activeConns = 0, inactConns = 0, ip = 0): Dest => ({ address, weight, activeConns, inactConns, ip });
const picks = (name: SchedulerName, dests: Dest[], n: number, src = 0, dst = 0) => {
  const s = createScheduler(name);
  s.changed(dests);
  return Array.from({ length: n }, () => s.pick(dests, src, dst)?.address ?? "-").join(" ");
};

describe("rr", () => {
  it("cycles in list order and skips a quiesced (weight 0) server", () => {
    expect(picks("rr", [dest("a"), dest("b"), dest("c")], 4)).toBe("a b c a");
    expect(picks("rr", [dest("a"), dest("b", 0), dest("c")], 4)).toBe("a c a c");
    expect(picks("rr", [dest("a", 0)], 2)).toBe("- -");
  });
});

describe("wrr", () => {
  it("weights 4,3,2: a a b a b c a b c (cw 4,3,2,1 over max weight 4)", () => {
    expect(picks("wrr", [dest("a", 4), dest("b", 3), dest("c", 2)], 18)).toBe("a a b a b c a b c a a b a b c a b c");
  });
  it("weights 4,2: gcd 2, mw = 4 − (2 − 1) = 3, cw steps 3 → 1 → 3: a a b", () => {
    expect(picks("wrr", [dest("a", 4), dest("b", 2)], 6)).toBe("a a b a a b");
  });
  it("equal weights degenerate to round robin; all quiesced gives none", () => {
    expect(picks("wrr", [dest("a", 2), dest("b", 2)], 4)).toBe("a b a b");
    expect(picks("wrr", [dest("a", 0), dest("b", 0)], 2)).toBe("- -");
  });
});

describe("least-connection family", () => {
  it("lc: least (active << 8) + inactive; the earlier of a tie", () => {
    // a: 256, b: 5, c: 5 → b
    expect(picks("lc", [dest("a", 1, 1, 0), dest("b", 1, 0, 5), dest("c", 1, 0, 5)], 1)).toBe("b");
  });
  it("wlc: b wins when loh·w_b > doh·w_a (256·3 = 768 > 512·1)", () => {
    expect(picks("wlc", [dest("a", 1, 1), dest("b", 3, 2)], 1)).toBe("b");
    // equal ratios (256·2 = 512 vs 512·1): not strictly greater, a stays
    expect(picks("wlc", [dest("a", 1, 1), dest("b", 2, 2)], 1)).toBe("a");
  });
  it("sed: (active + 1) / weight, inactive ignored: b's 2/3 beats a's 1/1", () => {
    expect(picks("sed", [dest("a", 1, 0, 99), dest("b", 3, 1)], 1)).toBe("b");
  });
  it("nq: an idle server wins at once, even a lighter one; otherwise as sed", () => {
    expect(picks("nq", [dest("a", 5, 1), dest("b", 1, 0)], 1)).toBe("b");
    expect(picks("nq", [dest("a", 1, 1), dest("b", 3, 1)], 1)).toBe("b"); // 2/1 vs 2/3
  });
});

describe("hashing schedulers", () => {
  it("hash_32 is the kernel's golden-ratio multiply (values computed with 64-bit arithmetic)", () => {
    expect(hash32(0x0a000001, 8)).toBe(39);
    expect(hash32(0xc0a80001, 8)).toBe(192);
  });
  it("sh: a source keeps its server; weights fill consecutive buckets (2,1 → a a b a a b …)", () => {
    const dests = [dest("a", 2), dest("b", 1)];
    // bucket 39 (10.0.0.1): 39 mod 3 = 0 → a; bucket 192 (192.168.0.1): 192 mod 3 = 0 → a
    expect(picks("sh", dests, 3, 0x0a000001)).toBe("a a a");
    const s = createScheduler("sh");
    s.changed(dests);
    const counts = { a: 0, b: 0 };
    for (let ip = 0; ip < 3000; ip++) counts[s.pick(dests, 0x0a000000 + ip, 0)!.address as "a" | "b"]++;
    expect(counts.a / 3000).toBeGreaterThan(0.55);
    expect(counts.a / 3000).toBeLessThan(0.78);
  });
  it("dh: bucket (dst × 2654435761) & 255 = 117 for 10.0.0.5; 117 mod 2 = 1 → the second server", () => {
    expect(picks("dh", [dest("a"), dest("b")], 2, 0, 0x0a000005)).toBe("b b");
  });
  it("mh: every server gets ⌊M/N⌋ or ⌈M/N⌉ of the 4093 slots", () => {
    const dests = ["a", "b", "c", "d", "e"].map((n) => dest(n));
    const s = createScheduler("mh");
    s.changed(dests);
    const counts = new Map<string, number>();
    for (let ip = 0; ip < 200_000; ip++) {
      const d = s.pick(dests, ip * 2654435761, 0)!.address;
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    for (const c of counts.values()) expect(Math.abs(c / 200_000 - 0.2)).toBeLessThan(0.01);
  });
});
