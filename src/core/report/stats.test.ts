import { describe as suite, expect, it } from "vitest";
import { aggregate, aggregateCsv, compare, comparisonCsv, describe, fiellerRatioCi, logGamma, pairedLogRatio, tCdf, tQuantile, type RunMetrics } from "./stats.js";

suite("Student's t quantile", () => {
  // Reference values: standard t tables (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2) and R's qt().
  it.each([
    [0.975, 1, 12.706205],
    [0.975, 2, 4.302653],
    [0.975, 4, 2.776445],
    [0.975, 9, 2.262157],
    [0.975, 29, 2.04523],
    [0.995, 10, 3.169273],
    [0.9, 5, 1.475884],
    [0.95, 20, 1.724718],
  ])("t(%f, %d) = %f", (p, df, expected) => {
    expect(tQuantile(p, df)).toBeCloseTo(expected, 5);
  });

  it("tends to the normal quantile for large df and is symmetric", () => {
    expect(tQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5);
    expect(tQuantile(0.025, 4)).toBeCloseTo(-2.776445, 5);
    expect(tQuantile(0.5, 3)).toBe(0);
    expect(tQuantile(1, 3)).toBeNaN();
  });

  it("inverts the CDF, also for non-integer df", () => {
    for (const df of [1.5, 3.7, 12.2]) expect(tCdf(tQuantile(0.9, df), df)).toBeCloseTo(0.9, 10);
  });

  it("logGamma matches known values", () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
  });
});

suite("describe", () => {
  it("mean, sample sd and 95% t interval of 1..5", () => {
    const d = describe([1, 2, 3, 4, 5]);
    expect(d.n).toBe(5);
    expect(d.mean).toBe(3);
    expect(d.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    // half width = t(0.975, 4) · sd / √5 = 2.776445 · 1.581139 / 2.236068
    expect(d.ciLow).toBeCloseTo(3 - 1.963243, 5);
    expect(d.ciHigh).toBeCloseTo(3 + 1.963243, 5);
    expect([d.min, d.max]).toEqual([1, 5]);
  });

  it("one value has no sd and no interval", () => {
    const d = describe([7]);
    expect(d.mean).toBe(7);
    expect(d.sd).toBeNaN();
    expect(d.ciLow).toBeNaN();
  });
});

suite("paired log ratio", () => {
  it("geometric mean of the ratios with a t-interval on logs", () => {
    // ratios 2 and 8: geometric mean 4; logs ln2, ln8 → sd = ln4/√2, half = t(0.975,1)·sd/√2 = 12.706·ln4/2
    const g = pairedLogRatio([2, 8], [1, 1]);
    expect(g.mean).toBeCloseTo(4, 12);
    expect(Math.log(g.ciHigh)).toBeCloseTo(Math.log(4) + (12.706205 * Math.log(4)) / 2, 5);
    expect(pairedLogRatio([0, 3], [0, 3]).mean).toBe(1);
    expect(pairedLogRatio([1, 3], [0, 3]).mean).toBeNaN();
  });
});

suite("Fieller ratio interval", () => {
  it("is a point when the pairs are exactly proportional", () => {
    const [lo, hi] = fiellerRatioCi([20, 22, 24], [10, 11, 12]);
    expect(lo).toBeCloseTo(2, 9);
    expect(hi).toBeCloseTo(2, 9);
  });

  it("its bounds are where the paired t statistic of x − ρy equals the critical value", () => {
    const x = [2.1, 4, 6.2, 5];
    const y = [1, 2.2, 3, 2.4];
    const [lo, hi] = fiellerRatioCi(x, y);
    const ratio = x.reduce((a, b) => a + b) / y.reduce((a, b) => a + b);
    expect(lo).toBeLessThan(ratio);
    expect(hi).toBeGreaterThan(ratio);
    for (const rho of [lo, hi]) {
      const d = describe(x.map((v, i) => v - rho * y[i]!));
      expect(Math.abs(d.mean) / (d.sd / 2)).toBeCloseTo(tQuantile(0.975, 3), 6);
    }
  });

  it("is unbounded (NaN) when the baseline mean is not significantly non-zero", () => {
    expect(fiellerRatioCi([1, 2, 3], [-1, 0.1, 1])).toEqual([NaN, NaN]);
    expect(fiellerRatioCi([1], [1])).toEqual([NaN, NaN]);
  });
});

const runs: RunMetrics[] = [];
for (const seed of [1, 2, 3]) {
  runs.push({ variant: "base", workload: "w", seed, metrics: { wait: 10 * seed, alloc: 0.5 } });
  runs.push({ variant: "pack", workload: "w", seed, metrics: { wait: 5 * seed, alloc: 0.6 } });
}
runs.push({ variant: "pack", workload: "w", seed: 4, metrics: { wait: 100, alloc: 0.9 } }); // unpaired: baseline lacks seed 4

suite("aggregate and compare", () => {
  it("aggregates every metric per variant × workload", () => {
    const rows = aggregate(runs);
    expect(rows.map((r) => `${r.variant}/${r.metric}`)).toEqual(["base/wait", "base/alloc", "pack/wait", "pack/alloc"]);
    const w = rows.find((r) => r.variant === "base" && r.metric === "wait")!;
    expect(w.n).toBe(3);
    expect(w.mean).toBe(20);
    expect(w.sd).toBe(10);
    expect(w.ci_high - w.mean).toBeCloseTo((4.302653 * 10) / Math.sqrt(3), 4);
    expect(rows.find((r) => r.variant === "pack" && r.metric === "wait")!.n).toBe(4);
  });

  it("compares paired seeds only: exactly proportional pairs give a zero-width paired-ratio CI", () => {
    const rows = compare(runs, "base");
    const w = rows.find((r) => r.metric === "wait")!;
    expect(w.n).toBe(3);
    expect(w.gmean_ratio).toBeCloseTo(0.5, 12);
    expect(w.gmean_ratio_ci_low).toBeCloseTo(0.5, 12);
    expect(w.gmean_ratio_ci_high).toBeCloseTo(0.5, 12);
    expect(w.ratio).toBeCloseTo(0.5, 12);
    // The baseline (10, 20, 30) is not significantly non-zero at n = 3, so Fieller's set is unbounded.
    expect(w.ratio_ci_low).toBeNaN();
    expect(w.diff_mean).toBe(-10);
    const a = rows.find((r) => r.metric === "alloc")!;
    expect(a.ratio).toBeCloseTo(1.2, 12);
    expect(rows.some((r) => r.variant === "base")).toBe(false);
  });

  it("writes CSV with empty fields for undefined values", () => {
    const csv = aggregateCsv(aggregate([{ variant: "v", workload: "w", seed: 1, metrics: { m: 0.1 + 0.2 } }]));
    expect(csv).toBe("variant,workload,metric,n,mean,sd,ci_low,ci_high,min,max\nv,w,m,1,0.3,,,,0.3,0.3\n");
    const cmp = comparisonCsv(compare(runs, "base", { metrics: ["wait"] }));
    expect(cmp.split("\n")[0]).toBe(
      "variant,baseline,workload,metric,n,mean,baseline_mean,gmean_ratio,gmean_ratio_ci_low,gmean_ratio_ci_high,ratio,ratio_ci_low,ratio_ci_high,diff_mean,diff_ci_low,diff_ci_high",
    );
    expect(cmp.split("\n")[1]).toMatch(/^pack,base,w,wait,3,10,20,0\.5,0\.5,0\.5,0\.5,,,-10,-22\.42068/);
  });
});
