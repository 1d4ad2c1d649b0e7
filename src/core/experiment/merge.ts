/**
 * Combines shard folders (from `run --shard i/N` or `fill --shard i/N`) into one results folder equal to
 * an unsharded run: the run folders are copied, the summary files are recomputed from the runs' own
 * files in run-list order (summary.csv from each summary.json; for a fill, fill.csv, runs.csv and
 * summary.json from each run.json), manifest.json is the unsharded one, and the report is rendered.
 * Refuses (one-line error, nothing written) shards of different experiments (by hash), a run present
 * in two shards, a run missing from all of them, and an output folder that is one of the inputs or
 * itself a shard.
 */
import { existsSync } from "node:fs";
import { cp, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { InputError } from "../errors.js";
import { writeAtomically } from "../util/results-folder.js";
import { manifestJson, readManifest, type Manifest } from "./manifest.js";
import { renderReport, type ReportFiles } from "./report-hook.js";
import { summaryCsv } from "./table.js";
import { relocate } from "./sweep.js";
import { readFillRun, writeFillSummaries } from "../fill/experiment.js";
import type { FillSpec } from "../fill/spec.js";

export interface MergeOptions {
  /** Render statistics, charts and report.html (default true). */
  report?: boolean;
}

export interface MergeResult {
  outDir: string;
  manifest: Manifest;
  shards: number;
  report: ReportFiles | null;
  reportError: string | null;
}

export async function mergeShards(outDir: string, dirs: readonly string[], opts: MergeOptions = {}): Promise<MergeResult> {
  if (dirs.length === 0) throw new InputError("merge: no shard folders given");
  const out = resolve(outDir);
  const inputs = dirs.map((d) => resolve(d));
  if (inputs.includes(out)) throw new InputError(`merge: the output folder ${outDir} is also an input; write the merged results somewhere else`);
  if (existsSync(join(out, "manifest.json"))) {
    const m = await readManifest(out).catch(() => null);
    if (m?.shard) throw new InputError(`merge: ${outDir} is a shard folder (shard ${m.shard.index}/${m.shard.count}); refusing to overwrite it (is the output folder missing from the command line?)`);
  }

  const manifests = await Promise.all(inputs.map((d) => readManifest(d)));
  const first = manifests[0]!;
  const owner = new Map<number, number>(); // run index → input
  manifests.forEach((m, i) => {
    const dir = dirs[i]!;
    if (m.hash !== first.hash) {
      throw new InputError(`merge: ${dir} is from a different experiment (hash ${m.hash.slice(0, 19)}…, ${dirs[0]} has ${first.hash.slice(0, 19)}…)`);
    }
    const held = m.shard ? m.runs.filter((r) => r.index % m.shard!.count === m.shard!.index) : m.runs;
    const runFile = m.kind === "Fill" ? "run.json" : "summary.json";
    for (const r of held) {
      const other = owner.get(r.index);
      if (other !== undefined) throw new InputError(`merge: run ${r.dir} is in both ${dirs[other]} and ${dir}`);
      if (!existsSync(join(inputs[i]!, r.dir, runFile))) throw new InputError(`merge: ${dir} should hold run ${r.dir} but ${join(dir, r.dir, runFile)} is missing`);
      owner.set(r.index, i);
    }
  });
  const missing = first.runs.filter((r) => !owner.has(r.index));
  if (missing.length > 0) {
    const shown = missing.slice(0, 3).map((r) => r.dir).join(", ");
    throw new InputError(`merge: ${missing.length} of ${first.runs.length} runs are in none of the given folders: ${shown}${missing.length > 3 ? ", …" : ""}`);
  }

  const manifest: Manifest = { ...first, shard: null };
  let report: ReportFiles | null = null;
  let reportError: string | null = null;
  await writeAtomically(out, async (tmp) => {
    await cp(join(inputs[0]!, "experiment.yaml"), join(tmp, "experiment.yaml"));
    // Each run's folder, from the shard that holds it, in run-list order.
    const runDirs: string[] = [];
    for (const r of manifest.runs) {
      const from = join(inputs[owner.get(r.index)!]!, r.dir);
      await cp(from, join(tmp, r.dir), { recursive: true });
      runDirs.push(from);
    }
    if (manifest.kind === "Fill") {
      const results = [];
      for (const d of runDirs) results.push(await readFillRun(d));
      // The shards' wall times add up to the work done; the runs' own times are in runs.csv.
      let wall = 0;
      for (const d of inputs) wall += (JSON.parse(await readFile(join(d, "summary.json"), "utf8")) as { wallSeconds: number }).wallSeconds;
      await writeFillSummaries(tmp, manifest.fill!.spec as Omit<FillSpec, "file">, manifest.fill!.expectedSummary, results, wall);
    } else {
      for (const v of manifest.variants) {
        const f = join(inputs[0]!, v.name, "scheduler.yaml");
        if (existsSync(f)) await cp(f, join(tmp, v.name, "scheduler.yaml"));
      }
      const rows = [];
      for (const [i, r] of manifest.runs.entries()) {
        rows.push({ variant: r.variant, workload: r.workload, seed: r.seed, summary: JSON.parse(await readFile(join(runDirs[i]!, "summary.json"), "utf8")) as unknown });
      }
      await writeFile(join(tmp, "summary.csv"), summaryCsv(rows));
    }
    await writeFile(join(tmp, "manifest.json"), manifestJson(manifest));
    if (opts.report !== false && manifest.runs.length > 0) {
      try {
        report = relocate(await renderReport(tmp), tmp, out);
      } catch (e) {
        reportError = (e as Error).message.split("\n")[0]!;
      }
    }
  }, { label: outDir, inputs: dirs });
  return { outDir: out, manifest, shards: dirs.length, report, reportError };
}
