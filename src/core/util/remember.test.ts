import { describe, expect, it } from "vitest";
import { remember } from "./remember.js";

describe("remember", () => {
  it("calls the function once per argument and forgets everything once full", () => {
    let calls = 0;
    const f = remember((s: string) => {
      calls++;
      return s.length;
    }, 2);
    expect([f("a"), f("bb"), f("a"), f("bb")]).toEqual([1, 2, 1, 2]);
    expect(calls).toBe(2);
    f("ccc"); // full: forget, then remember "ccc"
    f("a");
    expect(calls).toBe(4);
  });
});
