import { describe, expect, it } from "vitest";
import { modelledSyncSeconds, type Calibration } from "./sync-cost.js";

const CAL: Calibration[] = [
  {
    tool: "nft",
    points: [
      { size: 1000, fullSeconds: 0.1, partialSeconds: 0.01 },
      { size: 10_000, fullSeconds: 10, partialSeconds: 0.1 },
    ],
  },
];

describe("sync-cost model", () => {
  it("hits the measured points and interpolates on a power law between them", () => {
    expect(modelledSyncSeconds("nft", 1000, true, CAL)).toBeCloseTo(0.1, 10);
    expect(modelledSyncSeconds("nft", 10_000, false, CAL)).toBeCloseTo(0.1, 10);
    // full: slope 2 in log-log → √10 × the size gives 10 × the time
    expect(modelledSyncSeconds("nft", 1000 * Math.sqrt(10), true, CAL)).toBeCloseTo(1, 6);
  });
  it("extrapolates the last segment's slope upwards, and takes the smallest measurement below the range", () => {
    expect(modelledSyncSeconds("nft", 100_000, true, CAL)).toBeCloseTo(1000, 3);
    expect(modelledSyncSeconds("nft", 100, false, CAL)).toBeCloseTo(0.01, 10);
  });
  it("has no model without a calibration", () => {
    expect(modelledSyncSeconds("iptables-legacy", 1000, true, CAL)).toBeNull();
  });
});
