/**
 * summary.csv: one row per run, in run-list order: variant, workload, seed, then every numeric field of
 * the run's summary.json as a dotted column name (pods.scheduled, wait_us.p99, allocation.gpu.mean …),
 * and last the machine-dependent fields (wall_seconds, decisions_per_second, peak_rss_bytes), so
 * everything before them is identical whatever the machine or --jobs.
 */
import { csvField } from "../util/csv-field.js";
import { MACHINE_DEPENDENT_FIELDS } from "../metrics/summary.js";

export interface SummaryRow {
  variant: string;
  workload: string;
  seed: number;
  summary: unknown;
}

/** Numeric leaves of a summary as dotted keys, in object order (the clusterlab.* provenance block is skipped). */
export function flattenNumbers(obj: unknown, prefix = "", out: Map<string, number> = new Map()): Map<string, number> {
  if (typeof obj !== "object" || obj === null) return out;
  for (const [k, v] of Object.entries(obj)) {
    if (!prefix && k === "clusterlab") continue;
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "number") out.set(key, v);
    else if (typeof v === "object" && v !== null && !Array.isArray(v)) flattenNumbers(v, key, out);
  }
  return out;
}

export const SUMMARY_KEY_COLUMNS = ["variant", "workload", "seed"] as const;
export const MACHINE_COLUMNS: readonly string[] = MACHINE_DEPENDENT_FIELDS;

export function summaryCsv(rows: readonly SummaryRow[]): string {
  const flat = rows.map((r) => flattenNumbers(r.summary));
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const f of flat) {
    for (const k of f.keys()) {
      if (seen.has(k) || MACHINE_COLUMNS.includes(k)) continue;
      seen.add(k);
      cols.push(k);
    }
  }
  const machine = MACHINE_COLUMNS.filter((k) => flat.some((f) => f.has(k)));
  const all = [...cols, ...machine];
  const lines = [[...SUMMARY_KEY_COLUMNS, ...all].join(",")];
  rows.forEach((r, i) => {
    const f = flat[i]!;
    lines.push([csvField(r.variant), csvField(r.workload), String(r.seed), ...all.map((k) => (f.has(k) ? String(f.get(k)) : ""))].join(","));
  });
  return lines.join("\n") + "\n";
}
