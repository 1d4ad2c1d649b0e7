import { describe, expect, it } from "vitest";
import { humanDuration, tabulate } from "./printers.js";

const S = 1_000_000;

describe("kubectl's printers", () => {
  it("AGE reads as duration.HumanDuration words it", () => {
    const cases: [number, string][] = [
      [-2, "<invalid>"], [-0.5, "0s"], [0, "0s"], [1, "1s"], [119, "119s"], [120, "2m"], [121, "2m1s"], [599, "9m59s"],
      [600, "10m"], [179 * 60, "179m"], [3 * 3600, "3h"], [3 * 3600 + 1800, "3h30m"], [8 * 3600, "8h"], [47 * 3600, "47h"],
      [48 * 3600, "2d"], [49 * 3600, "2d1h"], [8 * 86400, "8d"], [729 * 86400, "729d"], [730 * 86400, "2y"], [731 * 86400, "2y1d"], [8 * 365 * 86400, "8y"],
    ];
    for (const [s, want] of cases) expect(humanDuration(s * S), `${s}s`).toBe(want);
  });

  it("columns as kubectl's tabwriter lays them out: 3 spaces of padding, at least 6 wide, the last unpadded", () => {
    expect(tabulate([["NAME", "AGE"], ["a", "5m"]])).toBe("NAME   AGE\na      5m\n");
    expect(tabulate([["NAMESPACE", "X", "Y"], ["default", "1", "2"]])).toBe("NAMESPACE   X     Y\ndefault     1     2\n");
  });
});
