/**
 * manifest.json of a results folder: what was run and from what. The experiment hash covers the
 * experiment file's content, every input file's content and path (relative to the experiment file), the
 * --seed override and the clusterlab version, so shards are merged only with shards of the same
 * experiment. A shard's manifest names its slice; a complete folder's manifest has `shard: null`.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, relative, resolve, sep } from "node:path";
import { InputError } from "../errors.js";
import { VERSION } from "../version.js";
import type { Shard } from "./shard.js";
import type { ExperimentPlan, PlannedRun } from "./spec.js";

export interface ManifestFile {
  /** Relative to the experiment file ("experiment.yaml" for the experiment file itself). */
  path: string;
  sha256: string;
  bytes: number;
}

export interface ManifestRun {
  index: number;
  variant: string;
  workload: string;
  seed: number;
  dir: string;
}

export interface Manifest {
  clusterlab: string;
  /** "Fill" for a fill experiment; absent for an Experiment (as every results marker has it, results-folder.ts). */
  kind?: "Fill";
  experiment: string;
  /** "sha256:<hex>": the identity of the experiment (see the file comment). */
  hash: string;
  files: ManifestFile[];
  seedOverride: number | null;
  baseline: string | null;
  variants: { name: string; base: string; params: Record<string, unknown> }[];
  workloads: string[];
  seeds: number[];
  /** The whole run list, in order (a shard's folder holds only its slice of it). */
  runs: ManifestRun[];
  shard: Shard | null;
  /** What `merge` needs to write a Fill experiment's summary files from its runs. */
  fill?: { spec: unknown; expectedSummary: string | null };
}

/** What a manifest records of an experiment of any kind. */
export interface ManifestSource {
  kind: "Experiment" | "Fill";
  name: string;
  file: string;
  text: string;
  inputFiles: readonly string[];
  seedOverride: number | null;
  baseline: string | null;
  variants: Manifest["variants"];
  workloads: string[];
  seeds: number[];
  fill?: Manifest["fill"];
}

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

export async function buildManifest(plan: ExperimentPlan, text: string, runs: readonly PlannedRun[], seedOverride: number | null, shard: Shard | null): Promise<Manifest> {
  return manifestOf(
    {
      kind: "Experiment",
      name: plan.name,
      file: plan.file,
      text,
      inputFiles: plan.inputFiles,
      seedOverride,
      baseline: plan.baseline,
      variants: plan.variants.map((v) => ({ name: v.name, base: v.base, params: Object.fromEntries(v.params.map((p) => [p.key, p.value])) })),
      workloads: plan.workloads.map((w) => w.name),
      seeds: plan.seeds,
    },
    runs.map((r) => ({ index: r.index, variant: r.variant.name, workload: r.workload.name, seed: r.seed, dir: r.dir })),
    shard,
  );
}

export async function manifestOf(src: ManifestSource, runs: readonly ManifestRun[], shard: Shard | null): Promise<Manifest> {
  const base = dirname(resolve(src.file));
  const files: ManifestFile[] = [{ path: "experiment.yaml", sha256: sha256(src.text), bytes: Buffer.byteLength(src.text) }];
  for (const f of src.inputFiles) {
    const content = await readFile(f);
    files.push({ path: relative(base, f).split(sep).join("/"), sha256: sha256(content), bytes: content.length });
  }
  const hash = `sha256:${sha256(JSON.stringify({ clusterlab: VERSION, files: files.map((f) => [f.path, f.sha256]), seedOverride: src.seedOverride }))}`;
  return {
    clusterlab: VERSION,
    ...(src.kind === "Fill" ? { kind: "Fill" as const } : {}),
    experiment: src.name,
    hash,
    files,
    seedOverride: src.seedOverride,
    baseline: src.baseline,
    variants: src.variants,
    workloads: src.workloads,
    seeds: src.seeds,
    runs: [...runs],
    shard,
    ...(src.fill ? { fill: src.fill } : {}),
  };
}

export function manifestJson(m: Manifest): string {
  return JSON.stringify(m, null, 2) + "\n";
}

/** Reads a results folder's manifest.json (one-line InputError when it is missing or not a manifest). */
export async function readManifest(dir: string): Promise<Manifest> {
  const file = resolve(dir, "manifest.json");
  let m: Manifest;
  try {
    m = JSON.parse(await readFile(file, "utf8")) as Manifest;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: ${code === "ENOENT" ? "no manifest.json: not a clusterlab results folder" : `cannot read (${(e as Error).message.split("\n")[0]})`}`);
  }
  if (typeof m.hash !== "string" || !Array.isArray(m.runs) || !("shard" in m)) throw new InputError(`${file}: not a clusterlab experiment manifest`);
  return m;
}
