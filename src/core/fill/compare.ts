/**
 * Comparing fill results with the FGD authors' (traces/fgd-atc23/fgd_expected_summary.csv): mean unallocated
 * GPU % over seeds at chosen arrived %, per workload × policy: |ours − theirs| ≤ tolerance, and the same order
 * wherever the authors' means differ by more than `gap` (points, or "sd": their two sds added).
 */
import type { FillRow } from "./aggregate.js";

/** clusterlab's plugin name → the artifact's policy id. */
export const ARTIFACT_POLICY: Readonly<Record<string, string>> = {
  Random: "01-Random",
  DotProduct: "02-DotProd",
  GpuClustering: "03-GpuClustering",
  GpuPacking: "04-GpuPacking",
  BestFit: "05-BestFit",
  FGD: "06-FGD",
};

export interface ExpectedPoint {
  workload: string;
  /** The artifact's policy id, e.g. "06-FGD". */
  policy: string;
  arrivedPct: number;
  unallocMean: number;
  allocSd: number;
}

/** Parses fgd_expected_summary.csv. */
export function parseExpectedSummary(text: string): ExpectedPoint[] {
  const lines = text.trim().split(/\r?\n/);
  const head = lines[0]!.split(",");
  const col = (n: string): number => {
    const i = head.indexOf(n);
    if (i < 0) throw new Error(`expected summary: no column ${n}`);
    return i;
  };
  const [w, p, a, u, sd] = [col("workload"), col("policy"), col("arrived_pct"), col("unalloc_pct_mean"), col("alloc_pct_sd")];
  return lines.slice(1).map((l) => {
    const f = l.split(",");
    return { workload: f[w]!, policy: f[p]!, arrivedPct: Number(f[a]), unallocMean: Number(f[u]), allocSd: Number(f[sd]) };
  });
}

export interface ComparisonRow {
  workload: string;
  variant: string;
  arrivedPct: number;
  ours: number;
  oursSd: number;
  seeds: number;
  theirs: number;
  /** The authors' sd over seeds (of allocation %, the same as of unallocated %). */
  theirsSd: number;
  diff: number;
}

export interface Comparison {
  rows: ComparisonRow[];
  /** Rows off by more than the tolerance. */
  outOfTolerance: ComparisonRow[];
  /** Pairs (same workload and x) the authors separate by more than `gap` but we order the other way. */
  orderViolations: { a: ComparisonRow; b: ComparisonRow }[];
}

function meanSd(xs: number[]): [number, number] {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  const v = xs.length > 1 ? xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1) : 0;
  return [m, Math.sqrt(v)];
}

/**
 * Our mean unallocated % per (workload, variant, x) against the authors'. `workloadName` maps our workload
 * label to the artifact's (default: "openb_pod_list_" + label unless it already starts with it).
 */
export function compareWithExpected(
  rows: readonly FillRow[],
  expected: readonly ExpectedPoint[],
  opts: {
    at?: readonly number[];
    tolerance?: number;
    /** A number of points, or "sd": the authors' two means differ by more than the sum of their sds. */
    gap?: number | "sd";
    workloadName?: (w: string) => string;
  } = {},
): Comparison {
  const at = opts.at ?? [100, 130];
  const tol = opts.tolerance ?? 1.5;
  const gap = opts.gap ?? 1;
  const wname = opts.workloadName ?? ((w: string) => (w.startsWith("openb_pod_list_") ? w : `openb_pod_list_${w}`));
  const groups = new Map<string, { workload: string; variant: string; x: number; ys: number[] }>();
  for (const r of rows) {
    if (!at.includes(r.arrivedPct) || Number.isNaN(r.gpuUnallocPct)) continue;
    const k = `${r.workload}\u0000${r.variant}\u0000${r.arrivedPct}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { workload: r.workload, variant: r.variant, x: r.arrivedPct, ys: [] }));
    g.ys.push(r.gpuUnallocPct);
  }
  const out: ComparisonRow[] = [];
  for (const g of groups.values()) {
    const policy = ARTIFACT_POLICY[g.variant] ?? g.variant;
    const e = expected.find((x) => x.workload === wname(g.workload) && x.policy === policy && x.arrivedPct === g.x);
    if (!e) continue;
    const [m, sd] = meanSd(g.ys);
    out.push({ workload: g.workload, variant: g.variant, arrivedPct: g.x, ours: m, oursSd: sd, seeds: g.ys.length, theirs: e.unallocMean, theirsSd: e.allocSd, diff: m - e.unallocMean });
  }
  const outOfTolerance = out.filter((r) => Math.abs(r.diff) > tol);
  const orderViolations: { a: ComparisonRow; b: ComparisonRow }[] = [];
  for (const a of out) {
    for (const b of out) {
      if (a.workload !== b.workload || a.arrivedPct !== b.arrivedPct) continue;
      const apart = gap === "sd" ? a.theirsSd + b.theirsSd : gap;
      if (b.theirs - a.theirs > apart && !(a.ours < b.ours)) orderViolations.push({ a, b });
    }
  }
  return { rows: out, outOfTolerance, orderViolations };
}

/** A Markdown table of a comparison (one line per workload × x × variant). */
/** The heading comparison.md starts with: what is compared, in which unit, against whom. */
export const COMPARISON_TITLE = "Unallocated GPU (% of the cluster's GPU capacity) when the arrived workload reaches the given % of capacity: ours (clusterlab, mean ± sd over our seeds) vs the FGD authors' artifact (Weng et al., USENIX ATC'23; mean ± sd over their seeds)";

export function comparisonTable(c: Comparison): string {
  const f = (x: number): string => x.toFixed(2);
  const lines = [
    `# ${COMPARISON_TITLE}`,
    "",
    "| workload | arrived | policy | ours (mean ± sd) | theirs (mean ± sd) | diff |",
    "|---|---:|---|---:|---:|---:|",
  ];
  const rows = [...c.rows].sort((a, b) => a.workload.localeCompare(b.workload) || a.arrivedPct - b.arrivedPct || a.theirs - b.theirs);
  for (const r of rows) {
    lines.push(`| ${r.workload} | ${r.arrivedPct} % | ${r.variant} | ${f(r.ours)} ± ${f(r.oursSd)} | ${f(r.theirs)} ± ${f(r.theirsSd)} | ${r.diff >= 0 ? "+" : ""}${f(r.diff)} |`);
  }
  return lines.join("\n") + "\n";
}
