import { describe, expect, it } from "vitest";
import { kernelThreshold, probability } from "./probability.js";

describe("endpoint-rule probabilities", () => {
  it("prints ten decimals as kube-proxy's computeProbability does", () => {
    expect(probability(2)).toBe("0.5000000000");
    expect(probability(3)).toBe("0.3333333333");
    expect(probability(7)).toBe("0.1428571429");
    expect(probability(1000)).toBe("0.0010000000");
  });
  it("gives the thresholds nft shows for kube-proxy's rules (meta random & 2147483647 < t)", () => {
    expect(kernelThreshold(probability(2))).toBe(1073741824);
    expect(kernelThreshold(probability(3))).toBe(715827883);
  });
});
