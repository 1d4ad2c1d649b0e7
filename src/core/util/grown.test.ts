import { describe, expect, it } from "vitest";
import { grown } from "./grown.js";

describe("grown", () => {
  it("keeps the values in a longer array of the same kind, zero after them", () => {
    for (const a of [Float64Array.of(1.5, -2, 3e12), Int32Array.of(-7, 8, 9), Uint8Array.of(1, 2, 255)]) {
      const b = grown(a, 5);
      expect(b.constructor).toBe(a.constructor);
      expect([...b]).toEqual([...a, 0, 0]);
      expect(b).not.toBe(a);
    }
  });
});
