// A fill experiment goes through the same run driver as any experiment: worker threads, --shard and
// merge (a merged folder equals an unsharded one), Ctrl-C that leaves nothing behind, and `run` on a
// kind: Fill file.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, clusterlab, ensureBuilt, listFiles, ROOT, run, tempLeftovers } from "./experiment-helpers.js";

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), "clusterlab-fill-driver-"));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A fill experiment on the bundled openb cluster and default workload: 2 policies × `seeds`. */
function fillFile(dir: string, seeds: string): string {
  const file = join(dir, "fill.yaml");
  writeFileSync(
    file,
    [
      "apiVersion: clusterlab/v1",
      "kind: Fill",
      "metadata: {name: small-fill}",
      `cluster: {trace: ${join(ROOT, "traces/openb/openb_node_list_gpu_node.csv")}, format: openb}`,
      `workloads: [{name: default, trace: ${join(ROOT, "traces/openb/openb_pod_list_default.csv")}, format: openb}]`,
      "variants: [{name: BestFit, policy: BestFit}, {name: FGD, policy: FGD}]",
      `seeds: ${seeds}`,
      "tune: 0.5",
      "maxPodsPerNode: 1001",
      "",
    ].join("\n"),
  );
  return file;
}

/** runs.csv without its timing columns (wall seconds, decisions/s), which differ from run to run. */
const runsWithoutTimes = (dir: string) =>
  readFileSync(join(dir, "runs.csv"), "utf8").trim().split("\n").map((l) => l.split(",").slice(0, 7).join(","));

describe("fill through the run driver", () => {
  it("--shard 0/2 and 1/2 merged equal the unsharded fill; worker threads change nothing", () => {
    const dir = join(tmp, "shards");
    const file = fillFile(mkdirp(dir), "[1, 2]");
    const whole = join(dir, "whole");
    const r = clusterlab(["fill", file, "--out", whole, "--jobs", "1", "--no-report", "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
    const threaded = join(dir, "threaded");
    expect(clusterlab(["fill", file, "--out", threaded, "--jobs", "2", "--no-report", "--quiet"]).status).toBe(0);
    for (const s of ["0/2", "1/2"]) {
      const x = clusterlab(["fill", file, "--shard", s, "--out", join(dir, `shard-${s[0]}`), "--jobs", "1", "--quiet"]);
      expect(x.status, x.stderr).toBe(0);
    }
    // A shard holds its own runs only (round-robin: runs 0 and 2, then 1 and 3).
    expect(listFiles(join(dir, "shard-0")).filter((f) => f.endsWith("/run.json"))).toEqual(["BestFit/default/seed-1/run.json", "FGD/default/seed-1/run.json"]);
    const merged = join(dir, "merged");
    const m = clusterlab(["merge", merged, join(dir, "shard-0"), join(dir, "shard-1"), "--no-report"]);
    expect(m.status, m.stderr).toBe(0);
    const fillCsv = (d: string) => readFileSync(join(d, "fill.csv"), "utf8");
    expect(fillCsv(whole).split("\n")).toHaveLength(1 + 4 * 51 + 1);
    expect(fillCsv(merged)).toBe(fillCsv(whole));
    expect(fillCsv(threaded)).toBe(fillCsv(whole));
    expect(runsWithoutTimes(merged)).toEqual(runsWithoutTimes(whole));
    const summary = (d: string) => JSON.parse(readFileSync(join(d, "summary.json"), "utf8")) as { meanUnallocatedGpuPct: unknown; runs: number };
    expect(summary(merged).meanUnallocatedGpuPct).toEqual(summary(whole).meanUnallocatedGpuPct);
    expect(summary(merged).runs).toBe(4);
    const manifest = (d: string) => JSON.parse(readFileSync(join(d, "manifest.json"), "utf8")) as { kind: string; hash: string; shard: unknown; runs: unknown[] };
    expect(manifest(merged)).toMatchObject({ kind: "Fill", hash: manifest(whole).hash, shard: null });
    expect(manifest(merged).runs).toHaveLength(4);
    // Each run's folder holds its rows of fill.csv.
    expect(readFileSync(join(merged, "FGD/default/seed-2/fill.csv"), "utf8").split("\n").slice(1, -1)).toEqual(fillCsv(whole).split("\n").filter((l) => l.startsWith("FGD,default,2,")));
  });

  it("`run` hands a kind: Fill file to fill", () => {
    const dir = join(tmp, "alias");
    const file = fillFile(mkdirp(dir), "[1]");
    const out = join(dir, "out");
    const r = clusterlab(["run", file, "--out", out, "--jobs", "1", "--no-report", "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, "fill.csv"), "utf8")).toMatch(/^variant,workload,seed,arrived_pct/);
  });

  it("SIGINT during a fill stops it, removes the temporary folder and writes nothing", async () => {
    const dir = join(tmp, "sigint");
    const file = fillFile(mkdirp(dir), "{from: 1, count: 40}");
    const out = join(dir, "results", "fill");
    let sent = 0;
    const started = Date.now();
    const r = await run(process.execPath, [CLI, "fill", file, "--out", out, "--jobs", "2"], {}, (text, kill) => {
      // Interrupt once some runs are done: workers busy, the temporary folder half full.
      if (!sent && / [1-9]\d*\/80 /.test(text)) {
        sent = Date.now();
        kill("SIGINT");
      }
    });
    expect(sent, r.stderr).toBeGreaterThan(0);
    expect(r.code).toBe(130);
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(r.stderr).toMatch(/clusterlab fill: interrupted after [\d.]+ s; nothing written to .*fill$/m);
    expect(existsSync(out)).toBe(false);
    expect(tempLeftovers(join(dir, "results"))).toEqual([]);
    expect(Date.now() - started).toBeLessThan(120_000);
  });
});

/** A fresh, empty folder. */
function mkdirp(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
