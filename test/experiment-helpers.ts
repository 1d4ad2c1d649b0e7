// Helpers for the experiment CLI tests: the compiled CLI (worker threads need dist/), a small real
// experiment, and comparisons of results folders that ignore machine-dependent numbers.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { MACHINE_COLUMNS } from "../src/core/experiment/table.js";

export const ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
export const CLI = join(ROOT, "dist/cli/main.js");
export const TRACE = join(ROOT, "traces/openb/openb_pod_list_default.csv");

function newestTs(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestTs(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Builds dist/ when it is older than src/ (npm test builds first; this covers `npx vitest run test/...`). */
export function ensureBuilt(): void {
  const lock = join(ROOT, ".experiment-test-build.lock");
  const stale = () => !existsSync(join(ROOT, "dist/core/experiment/worker.js")) || statSync(CLI).mtimeMs < newestTs(join(ROOT, "src"));
  if (!stale()) return;
  // Test files run in parallel: one builds, the others wait for it.
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (i > 1200) throw new Error("timed out waiting for another test's build");
      spawnSync("sleep", ["0.1"]);
    }
  }
  try {
    if (stale()) {
      spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "ignore" });
      // As `npm run build`'s postbuild does: the examples run `npx clusterlab`, which executes the file.
      if (existsSync(CLI)) chmodSync(CLI, 0o755);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  if (!existsSync(join(ROOT, "dist/core/experiment/worker.js"))) throw new Error("build failed: dist/core/experiment/worker.js is missing");
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function clusterlab(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CI: "1", ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A small real experiment: 2 variants × 2 workloads × 2 seeds = 8 runs of 150-200 openb pods on 4
 * eight-GPU nodes (each well under a second).
 */
export function writeSmallExperiment(dir: string, name = "small", extra = "", seeds = "[1, 2]"): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `apiVersion: clusterlab/v1
kind: Experiment
metadata: {name: ${name}}
cluster: {generate: {count: 4, cpu: "96", memory: 512Gi, gpu: 8, gpuModel: V100M32}}
workloads:
- {name: day140, trace: ${TRACE}, format: openb, window: {from: 140d, to: 141d}, scale: 0.6}
- {name: day147, trace: ${TRACE}, format: openb, window: {from: 147d}, limit: 150}
variants:
- name: default
- name: packed
  scheduler:
    pluginConfig:
    - name: NodeResourcesFit
      args: {scoringStrategy: {type: MostAllocated}}
seeds: ${seeds}
baseline: default
${extra}`,
  );
  return file;
}

/** summary.csv without the machine-dependent columns. */
export function summaryWithoutMachine(dir: string): string {
  const lines = readFileSync(join(dir, "summary.csv"), "utf8").trimEnd().split("\n");
  const header = lines[0]!.split(",");
  const keep = header.map((h, i) => (MACHINE_COLUMNS.includes(h) ? -1 : i)).filter((i) => i >= 0);
  expect(keep.length).toBe(header.length - MACHINE_COLUMNS.length);
  return lines.map((l) => keep.map((i) => l.split(",")[i]).join(",")).join("\n");
}

/** Every file under `dir` (relative paths, sorted). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** Files that must be byte-identical between two runs of the same experiment. */
export function deterministicFiles(dir: string): string[] {
  return listFiles(dir).filter((f) => /(pods\.csv|timeseries\.csv|scheduler\.yaml|experiment\.yaml|manifest\.json)$/.test(f));
}

/** Leftover temporary folders (".<name>.tmp-…") beside a results folder. */
export function tempLeftovers(parent: string): string[] {
  return existsSync(parent) ? readdirSync(parent).filter((f) => f.includes(".tmp-")) : [];
}

export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command asynchronously; calls `onStderr` with the stderr so far as it grows (e.g. to send a signal). */
export function run(cmd: string, args: string[], env: Record<string, string>, onStderr?: (text: string, kill: (sig: NodeJS.Signals) => void) => void): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, CI: "1", ...env } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr, (sig) => p.kill(sig));
    });
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
