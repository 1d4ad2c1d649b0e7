/** Runs the built CLI (dist/) as a user would; `npm test` builds first (pretest). */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const CLI = join(ROOT, "dist", "cli", "main.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], cwd = ROOT): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, CI: "true" } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A temp folder holding the small openb fixtures (small-nodes.csv, small-pods.csv) and `files`. */
export function folderWithFixtures(prefix: string, files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `clusterlab-${prefix}-`));
  for (const f of ["small-nodes.csv", "small-pods.csv"]) copyFileSync(join(ROOT, "test", "fixtures", f), join(dir, f));
  for (const [f, content] of Object.entries(files)) writeFileSync(join(dir, f), content);
  return dir;
}

/** An experiment file's text over the small fixtures: `metadata.name` and extra top-level YAML. */
export function smallExperiment(name: string, extra = ""): string {
  return `apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: ${name}}\ncluster: {trace: small-nodes.csv, format: openb}\nworkload: {trace: small-pods.csv, format: openb}\n${extra}`;
}
