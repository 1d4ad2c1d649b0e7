// Nearest-rank percentiles (the definition summary.json documents).
import { describe, expect, it } from "vitest";
import { percentile } from "./percentile.js";

describe("percentile (nearest rank)", () => {
  const ten = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

  it.each([
    [50, 5],
    [90, 9],
    [99, 10],
    [100, 10],
    [10, 1],
    [11, 2],
    [0, 1],
  ])("p%i of 1..10 is %i", (p, want) => {
    expect(percentile(ten, p)).toBe(want);
  });

  it("an empty input is 0; a single value is itself", () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([42], 1)).toBe(42);
    expect(percentile([42], 99)).toBe(42);
  });

  it("always returns a member of the input (no interpolation)", () => {
    const xs = [1, 100];
    expect(percentile(xs, 50)).toBe(1);
    expect(percentile(xs, 51)).toBe(100);
  });
});
