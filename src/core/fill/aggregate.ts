/**
 * From per-arrival samples to one point per integer arrived %, as the FGD artifact's analysis does
 * (experiments/analysis/merge_alloc_discrete.py, merge_frag_discrete.py):
 *   x = arrived / #GPUs / 10 (% of capacity), rounded half-to-even to an integer (Python's round);
 *   allocation % of a sample = round(allocated / #GPUs / 10, 2);
 *   at each integer a: the mean over samples with x = a, or over a−1 ≤ x ≤ a+1 when there are none
 *   (missing: NaN); allocation mean rounded to 2 decimals; fragmentation = round(100 · mean frag milli /
 *   1000 / #GPUs, 2); unallocated = 100 − allocation.
 */
import type { FillSamples } from "./run.js";
import { csvField } from "../util/csv-field.js";

export interface FillPoint {
  arrivedPct: number;
  gpuAllocPct: number;
  gpuFragPct: number;
  gpuUnallocPct: number;
}

export interface FillRow extends FillPoint {
  variant: string;
  workload: string;
  seed: number;
}

/** Python's round(x, 0) for floats: half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** round(x, 2), as the analysis scripts print it. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function aggregateFill(s: FillSamples, n: number, totalGpus: number, maxPct: number): FillPoint[] {
  const xs = new Int32Array(n);
  const al = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    xs[k] = roundHalfEven(s.arrived[k]! / totalGpus / 10);
    al[k] = round2(s.alloc[k]! / totalGpus / 10);
  }
  // Samples are in arrival order and x never decreases, so each bucket is a contiguous range.
  const first = new Int32Array(maxPct + 3).fill(-1);
  const last = new Int32Array(maxPct + 3).fill(-1);
  for (let k = 0; k < n; k++) {
    const x = xs[k]!;
    if (x < 0 || x > maxPct + 1) continue;
    if (first[x] === -1) first[x] = k;
    last[x] = k;
  }
  const out: FillPoint[] = [];
  for (let a = 0; a <= maxPct; a++) {
    let lo = first[a]!;
    let hi = last[a]!;
    if (lo < 0) {
      lo = -1;
      hi = -1;
      for (let b = Math.max(0, a - 1); b <= a + 1; b++) {
        if (first[b]! < 0) continue;
        if (lo < 0 || first[b]! < lo) lo = first[b]!;
        if (last[b]! > hi) hi = last[b]!;
      }
    }
    if (lo < 0) {
      out.push({ arrivedPct: a, gpuAllocPct: NaN, gpuFragPct: NaN, gpuUnallocPct: NaN });
      continue;
    }
    let sa = 0;
    let sf = 0;
    for (let k = lo; k <= hi; k++) {
      sa += al[k]!;
      sf += s.frag[k]!;
    }
    const cnt = hi - lo + 1;
    const alloc = round2(sa / cnt);
    out.push({ arrivedPct: a, gpuAllocPct: alloc, gpuFragPct: round2((100 * (sf / cnt)) / 1000 / totalGpus), gpuUnallocPct: round2(100 - alloc) });
  }
  return out;
}

export const FILL_CSV_HEADER = "variant,workload,seed,arrived_pct,gpu_alloc_pct,gpu_frag_pct,gpu_unalloc_pct";


const num = (x: number): string => (Number.isNaN(x) ? "" : String(x));

/** fill.csv text (header + rows). */
export function fillCsv(rows: readonly FillRow[]): string {
  const lines = [FILL_CSV_HEADER];
  for (const r of rows) {
    lines.push(
      [csvField(r.variant), csvField(r.workload), String(r.seed), String(r.arrivedPct), num(r.gpuAllocPct), num(r.gpuFragPct), num(r.gpuUnallocPct)].join(","),
    );
  }
  return lines.join("\n") + "\n";
}

export function toRows(variant: string, workload: string, seed: number, curve: readonly FillPoint[]): FillRow[] {
  return curve.map((p) => ({ variant, workload, seed, ...p }));
}
