/** Reducing several seeds to one line and a band: resampling onto a common grid, centre and spread. */
import { tQuantile } from "../stats.js";
import type { BandKind } from "./common.js";

/** Quantile (0..1) of an ascending array, linearly interpolated (R's type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Centre (mean or median) and band (min–max, interquartile range, or 95 % t-interval of the mean). */
export function centreAndBand(values: number[], centre: "mean" | "median", band: BandKind): { y: number; lo: number; hi: number } {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return { y: NaN, lo: NaN, hi: NaN };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const y = centre === "mean" ? mean : quantileSorted(v, 0.5);
  switch (band) {
    case "minmax":
      return { y, lo: v[0]!, hi: v[n - 1]! };
    case "iqr":
      return { y, lo: quantileSorted(v, 0.25), hi: quantileSorted(v, 0.75) };
    case "ci": {
      if (n < 2) return { y, lo: y, hi: y };
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
      const half = (tQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
      return { y, lo: mean - half, hi: mean + half };
    }
    case "none":
      return { y, lo: y, hi: y };
  }
}

/**
 * Values of a sampled step function (times ascending) at each grid time: the last sample at or before
 * it; before the first sample the first value, after the last the last value.
 */
export function sampleAt(t: ArrayLike<number>, y: ArrayLike<number>, grid: readonly number[]): number[] {
  const out = new Array<number>(grid.length);
  let j = 0;
  for (let i = 0; i < grid.length; i++) {
    while (j + 1 < t.length && t[j + 1]! <= grid[i]!) j++;
    out[i] = t.length ? y[j]! : NaN;
  }
  return out;
}

/** `points` evenly spaced times from lo to hi (inclusive). */
export function linearGrid(lo: number, hi: number, points: number): number[] {
  if (!(hi > lo) || points < 2) return [lo];
  return Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
}
