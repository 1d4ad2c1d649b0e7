// extend and withField give what the spread they replace gives: the same keys, in the same order.
import { describe, expect, it } from "vitest";
import { extend, withField } from "./extend.js";

describe("extend / withField", () => {
  it("match the spread: existing keys keep their place, new ones come last, the base is untouched", () => {
    const base: { a: number; b?: string; c: number[] } = { a: 1, c: [1] };
    const spread = { ...base, b: "x", a: 2 };
    expect(JSON.stringify(extend(base, { b: "x", a: 2 }))).toBe(JSON.stringify(spread));
    const copy = withField(base, "b", "x");
    copy.a = 2;
    expect(JSON.stringify(copy)).toBe(JSON.stringify(spread));
    expect(Object.keys(copy)).toEqual(["a", "c", "b"]);
    expect(base).toEqual({ a: 1, c: [1] });
    expect(copy.c).toBe(base.c); // shallow, as a spread
  });

  it("an absent base is an empty object", () => {
    const none = undefined as { phase?: string } | undefined;
    expect(withField(none, "phase", "Running")).toEqual({ phase: "Running" });
    expect(extend(none, { phase: "Running" })).toEqual({ phase: "Running" });
  });
});
