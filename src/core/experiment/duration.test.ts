// Durations in experiment files: Go-style strings ("1m30s", "250ms") or integers of microseconds.
import { describe, expect, it } from "vitest";
import { formatDurationUs, parseDurationUs } from "./duration.js";

describe("parseDurationUs", () => {
  it.each([
    ["1s", 1_000_000],
    ["250ms", 250_000],
    ["10us", 10],
    ["10µs", 10],
    ["5m", 300_000_000],
    ["2h", 7_200_000_000],
    ["1d", 86_400_000_000],
    ["1.5s", 1_500_000],
    ["1m30s", 90_000_000],
    ["1h30m", 5_400_000_000],
    ["2s500ms", 2_500_000],
    [" 3s ", 3_000_000],
    ["0s", 0],
  ])("%s → %i µs", (text, us) => {
    expect(parseDurationUs(text)).toBe(us);
  });

  it("integers are microseconds", () => {
    expect(parseDurationUs(0)).toBe(0);
    expect(parseDurationUs(1500)).toBe(1500);
  });

  it.each([["1"], ["s"], ["1 s"], ["1x"], ["1s junk"], ["-1s"], [""], ["1m30"]])("rejects %j", (text) => {
    expect(parseDurationUs(text)).toBeNull();
  });

  it("rejects negative, fractional and non-numeric values", () => {
    expect(parseDurationUs(-1)).toBeNull();
    expect(parseDurationUs(1.5)).toBeNull();
    expect(parseDurationUs(true)).toBeNull();
    expect(parseDurationUs(null)).toBeNull();
    expect(parseDurationUs({ s: 1 })).toBeNull();
  });

  it("rounds sub-microsecond fractions to whole microseconds", () => {
    expect(parseDurationUs("1.4us")).toBe(1);
    expect(parseDurationUs("0.0015ms")).toBe(2);
  });
});

describe("formatDurationUs", () => {
  it.each([
    [0, "0s"],
    [1_000_000, "1s"],
    [90_000_000, "90s"],
    [120_000_000, "2m"],
    [3_600_000_000, "1h"],
    [86_400_000_000, "1d"],
    [250_000, "250ms"],
    [7, "7us"],
  ])("%i µs → %s (and back)", (us, text) => {
    expect(formatDurationUs(us)).toBe(text);
    expect(parseDurationUs(text)).toBe(us);
  });
});
