// Expectations from k8s.io/apimachinery/pkg/api/resource/quantity_test.go (test names in each `it`).
import { describe, expect, it } from "vitest";
import { QuantityError, milliValue, parseQuantityNano, resourceAmount, value } from "./quantity.js";

const GI = 1024 ** 3;

describe("parseQuantityNano", () => {
  // TestQuantityParse: value of each input, in nano units.
  it.each([
    ["0", 0n],
    ["0Ki", 0n],
    ["1", 1_000_000_000n],
    ["1Ki", 1024_000_000_000n],
    ["7Mi", 7n * 2n ** 20n * 1_000_000_000n],
    ["5n", 5n],
    ["4u", 4_000n],
    ["3m", 3_000_000n],
    ["50k", 50_000_000_000_000n],
    ["2P", 2n * 10n ** 24n],
    ["12E", 12n * 10n ** 27n],
    ["1E-3", 1_000_000n],
    ["1e3", 10n ** 12n],
    ["1.3E+6", 13n * 10n ** 14n],
    ["100.035k", 100_035_000_000_000n],
    ["0.0005k", 500_000_000n],
    ["0.5e-2", 5_000_000n],
    ["100.035Ki", 102_435_840_000_000n],
    [".001", 1_000_000n],
    ["1.", 1_000_000_000n],
    ["1.G", 10n ** 18n],
  ])("TestQuantityParse %s", (input, nano) => {
    expect(parseQuantityNano(input)).toBe(nano);
    // "Try the negative version of everything" and "with an explicit +".
    expect(parseQuantityNano("-" + input)).toBe(-nano);
    expect(parseQuantityNano("+" + input)).toBe(nano);
  });

  // TestQuantityParse "Things that saturate/round": sub-nano precision rounds up (away from zero).
  it.each([
    ["3.001n", 4n],
    ["1.1E-9", 2n],
    ["0.0000000001", 1n],
    ["0.0000000005", 1n],
    ["0.5e-9", 1n],
    ["0.9n", 1n],
    ["0.00000012345", 124n],
    ["0.00000012354", 124n],
    ["0.000000000001Ki", 2n],
  ])("TestQuantityParse rounding %s", (input, nano) => {
    expect(parseQuantityNano(input)).toBe(nano);
    expect(parseQuantityNano("-" + input)).toBe(-nano);
  });

  it("TestNegativeValueRoundsAwayFromZero: a huge negative exponent is one nano, computed without blowing up", () => {
    expect(parseQuantityNano(".484785E-7466")).toBe(1n);
    expect(parseQuantityNano("-.484785E-7466")).toBe(-1n);
    expect(parseQuantityNano("1e-2147483647")).toBe(1n);
  });

  it("accepts YAML numbers (cpu: 2, cpu: 0.5, memory: 1e3)", () => {
    expect(parseQuantityNano(2)).toBe(2_000_000_000n);
    expect(parseQuantityNano(0.5)).toBe(500_000_000n);
    expect(parseQuantityNano(1e21)).toBe(10n ** 30n);
    expect(parseQuantityNano(-1.5)).toBe(-1_500_000_000n);
  });

  it("TestJSONWhitespace: surrounding whitespace is trimmed as Quantity.UnmarshalJSON does", () => {
    expect(parseQuantityNano(" 1")).toBe(1_000_000_000n);
    expect(parseQuantityNano("1 ")).toBe(1_000_000_000n);
  });
});

describe("invalid quantities", () => {
  // The brief's typos plus TestQuantityParse's `invalid` table.
  it.each([
    "1.1.1",
    "Gi",
    "1 Gi",
    "abc",
    "1Gb",
    "",
    "1.1.M",
    "1+1.0M",
    "0.1mi",
    "0.1am",
    "aoeu",
    ".5i",
    "1i",
    "-3.01i",
    "-3.01e-",
    "1e4294967297",
    "1K",
  ])("rejects %j with QuantityError naming the input", (input) => {
    expect(() => parseQuantityNano(input)).toThrow(QuantityError);
    expect(() => parseQuantityNano(input)).toThrow(`"${input}"`);
    expect(() => milliValue(input)).toThrow(QuantityError);
  });

  it("rejects non-finite numbers", () => {
    expect(() => value(Number.NaN)).toThrow(QuantityError);
    expect(() => value(Number.POSITIVE_INFINITY)).toThrow(QuantityError);
  });

  it("rejects values a JS number cannot hold exactly (Kubernetes would cap BinarySI at 2^63-1)", () => {
    expect(() => value("9Ei")).toThrow(/too large/);
    expect(() => value("1e40")).toThrow(QuantityError);
  });
});

describe("milliValue", () => {
  it.each([
    ["500m", 500],
    ["1", 1000],
    ["0.5", 500],
    ["1e3", 1_000_000],
    ["1E3", 1_000_000],
    ["100m", 100],
    ["0", 0],
    ["-1", -1000],
    ["5n", 1], // rounds up to the next milli
    ["0.0001", 1],
    // TestNegativeValueRoundsAwayFromZero
    [".484785E-1", 49],
    ["-.484785E-1", -49],
    ["0.0005", 1],
    ["-0.0005", -1],
    ["1500m", 1500],
    ["-1500m", -1500],
    ["9.5000000001Gi", 10200547328108],
    ["-9.5000000001Gi", -10200547328108],
    [".484785E-7466", 1],
    ["-.484785E-7466", -1],
  ])("MilliValue(%s) = %d", (input, want) => {
    expect(milliValue(input)).toBe(want);
  });

  it("TestMilliNewSet: round trips of canonical strings", () => {
    expect(milliValue("1m")).toBe(1);
    expect(milliValue("1234")).toBe(1_234_000);
    expect(milliValue("1e3")).toBe(1_000_000);
  });
});

describe("value", () => {
  it.each([
    ["1Ki", 1024],
    ["1Gi", GI],
    ["1.5Gi", 1.5 * GI],
    ["100M", 100_000_000],
    ["1k", 1000],
    ["1Mi", 1024 * 1024],
    ["1.5", 2],
    ["-1.5", -2],
    ["5n", 1],
    // TestNegativeValueRoundsAwayFromZero
    ["1500m", 2],
    ["-1500m", -2],
    ["0.0005", 1],
    ["-0.0005", -1],
    ["9.5000000001Gi", 10200547329],
    ["-9.5000000001Gi", -10200547329],
    ["-1", -1],
    ["0", 0],
  ])("Value(%s) = %d", (input, want) => {
    expect(value(input)).toBe(want);
  });
});

describe("resourceAmount", () => {
  it("cpu is in millicores, everything else in base units", () => {
    expect(resourceAmount("cpu", "500m")).toBe(500);
    expect(resourceAmount("cpu", 2)).toBe(2000);
    expect(resourceAmount("cpu", 0.25)).toBe(250);
    expect(resourceAmount("memory", "1Gi")).toBe(GI);
    expect(resourceAmount("memory", "128974848")).toBe(128974848);
    expect(resourceAmount("ephemeral-storage", "1.5Gi")).toBe(1.5 * GI);
    expect(resourceAmount("nvidia.com/gpu", 2)).toBe(2);
    expect(resourceAmount("pods", "110")).toBe(110);
    // memory "1500m" is 1.5 bytes: rounds up to 2, unlike cpu where it is 1500 millicores.
    expect(resourceAmount("memory", "1500m")).toBe(2);
    expect(resourceAmount("cpu", "1500m")).toBe(1500);
  });
});
