/**
 * Writes a run's results: pods.csv, timeseries.csv, summary.json (into the temporary folder that
 * util/results-folder.ts renames into place at the end).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { RESOURCES, type Recorder } from "./recorder.js";
import type { DecisionLog } from "./decisions.js";
import type { RunSummary } from "./summary.js";

export const POD_COLUMNS = [
  "pod", "namespace", "arrival_us", "scheduled_us", "node", "start_us", "end_us", "wait_us", "attempts", "outcome",
  "cpu_milli", "memory_bytes", "gpu_count", "gpu_milli", "last_failure",
] as const;

export const TIMESERIES_COLUMNS = ["time_us", ...RESOURCES.map((r) => `${r}_alloc`), "pending_pods", "running_pods", "bound_pods"] as const;

export async function writePodsCsv(file: string, rec: Recorder): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string | Buffer) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write(POD_COLUMNS.join(",") + "\n");
  for (const text of rec.rows()) await write(text);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}

export function timeseriesCsv(rec: Recorder): string {
  const lines = [TIMESERIES_COLUMNS.join(",")];
  for (const s of rec.samples) {
    lines.push(`${s.timeUs},${s.alloc.map(fmtRatio).join(",")},${s.pending},${s.running},${s.bound}`);
  }
  return lines.join("\n") + "\n";
}

export async function writeRunFiles(dir: string, rec: Recorder, summary: RunSummary, decisions: DecisionLog | null = null, extraFiles: Readonly<Record<string, string | Buffer>> = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (decisions) await writeFile(join(dir, "decisions.csv"), decisions.csv());
  // traffic.csv (service traffic) and pod-network.csv (CNI), when the run has them.
  for (const [name, text] of Object.entries(extraFiles)) await writeFile(join(dir, name), text);
  await writePodsCsv(join(dir, "pods.csv"), rec);
  await writeFile(join(dir, "timeseries.csv"), timeseriesCsv(rec));
  await writeFile(join(dir, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
}

function fmtRatio(x: number): string {
  return (Math.round(x * 1e6) / 1e6).toString();
}

