import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { FlowTable } from "./flow-table.js";

describe("FlowTable", () => {
  it("stores and finds (address, protocol, port) keys, high addresses included", () => {
    const t = new FlowTable();
    t.set(0xc0a80002, 6, 80, 1);
    t.set(0xc0a80002, 17, 80, 2);
    t.set(0xc0a80002, 6, 443, 3);
    t.set(0x0a600001, 6, 80, 4);
    expect([t.get(0xc0a80002, 6, 80), t.get(0xc0a80002, 17, 80), t.get(0xc0a80002, 6, 443), t.get(0x0a600001, 6, 80)]).toEqual([1, 2, 3, 4]);
    expect(t.get(0xc0a80003, 6, 80)).toBe(-1);
    t.set(0xc0a80002, 6, 80, 9);
    expect(t.get(0xc0a80002, 6, 80)).toBe(9);
    expect(t.size).toBe(4);
  });

  it("agrees with a Map over 100,000 random keys while growing", () => {
    const rng = Rng.seeded(4);
    const t = new FlowTable();
    const m = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const ip = rng.below(2 ** 32);
      const port = rng.below(65536);
      t.set(ip, 6, port, i);
      m.set(`${ip}:${port}`, i);
    }
    expect(t.size).toBe(m.size);
    for (const [k, v] of m) {
      const [ip, port] = k.split(":").map(Number);
      expect(t.get(ip!, 6, port!)).toBe(v);
    }
    expect(t.get(1, 17, 1)).toBe(-1);
  });
});
