// `clusterlab run` on an experiment (compiled CLI, worker threads): results do not depend on --jobs or
// on sharding; merge checks its inputs; bad files fail with one line and write nothing; chart re-renders.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterlab, deterministicFiles, ensureBuilt, listFiles, summaryWithoutMachine, tempLeftovers, writeSmallExperiment } from "./experiment-helpers.js";

let tmp: string;
let exp: string;
const out = (name: string) => join(tmp, "results", name);

function ok(args: string[], env: Record<string, string> = {}) {
  const r = clusterlab(args, env);
  expect(r.stderr.split("\n").filter((l) => /error|warning/i.test(l))).toEqual([]);
  expect(r.status).toBe(0);
  return r;
}

/** A one-line input error (exit 2) naming `pattern`. */
function fails(args: string[], pattern: RegExp): string {
  const r = clusterlab(args);
  expect(r.status).toBe(2);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines.at(-1)).toMatch(pattern);
  expect(lines.filter((l) => l.startsWith("clusterlab"))).toHaveLength(1);
  return lines.at(-1)!;
}

function expectSameResults(a: string, b: string) {
  expect(summaryWithoutMachine(b)).toBe(summaryWithoutMachine(a));
  const files = deterministicFiles(a);
  expect(files.filter((f) => f.endsWith("pods.csv"))).toHaveLength(8);
  expect(deterministicFiles(b)).toEqual(files);
  for (const f of files) expect(readFileSync(join(b, f), "utf8"), f).toBe(readFileSync(join(a, f), "utf8"));
}

beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), "clusterlab-exp-"));
  exp = writeSmallExperiment(tmp);
  ok(["run", exp, "--out", out("jobs1"), "--jobs", "1", "--no-report"]);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("clusterlab run with --jobs", () => {
  it("writes the layout: a folder per run, summary.csv, experiment.yaml, manifest.json", () => {
    const files = listFiles(out("jobs1"));
    expect(files).toEqual(expect.arrayContaining(["summary.csv", "experiment.yaml", "manifest.json", "default/scheduler.yaml", "packed/scheduler.yaml"]));
    for (const v of ["default", "packed"]) {
      for (const w of ["day140", "day147"]) {
        for (const s of [1, 2]) for (const f of ["pods.csv", "timeseries.csv", "summary.json"]) expect(files).toContain(`${v}/${w}/seed-${s}/${f}`);
      }
    }
    const csv = readFileSync(join(out("jobs1"), "summary.csv"), "utf8").split("\n");
    expect(csv[0]).toMatch(/^variant,workload,seed,pods\.arrived,.*,wall_seconds,decisions_per_second,peak_rss_bytes$/);
    expect(csv.slice(1, 9).map((l) => l.split(",").slice(0, 3).join(","))).toEqual([
      "default,day140,1", "default,day140,2", "default,day147,1", "default,day147,2",
      "packed,day140,1", "packed,day140,2", "packed,day147,1", "packed,day147,2",
    ]);
    const manifest = JSON.parse(readFileSync(join(out("jobs1"), "manifest.json"), "utf8"));
    expect(manifest.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(manifest.shard).toBeNull();
    expect(manifest.runs).toHaveLength(8);
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(["experiment.yaml", expect.stringMatching(/traces\/openb\/openb_pod_list_default\.csv$/)]);
    expect(readFileSync(join(out("jobs1"), "experiment.yaml"), "utf8")).toBe(readFileSync(exp, "utf8"));
    // Different seeds sample different pods (scale 0.6), so the seeds' pod lists differ.
    expect(readFileSync(join(out("jobs1"), "default/day140/seed-1/pods.csv"), "utf8")).not.toBe(readFileSync(join(out("jobs1"), "default/day140/seed-2/pods.csv"), "utf8"));
  });

  it("gives the same results with --jobs 2 (worker threads) as with --jobs 1", () => {
    const r = ok(["run", exp, "--out", out("jobs2"), "--jobs", "2", "--no-report"]);
    expect(r.stdout).toMatch(/8 run\(s\) in [\d.]+ s with 2 job\(s\)/);
    expectSameResults(out("jobs1"), out("jobs2"));
  });
});

describe("--shard and merge", () => {
  it("--shard 0/2 and 1/2, merged, equal the unsharded run", () => {
    ok(["run", exp, "--out", out("shard0"), "--shard", "0/2", "--jobs", "1"]);
    ok(["run", exp, "--out", out("shard1"), "--shard", "1/2", "--jobs", "2"]);
    const m0 = JSON.parse(readFileSync(join(out("shard0"), "manifest.json"), "utf8"));
    expect(m0.shard).toEqual({ index: 0, count: 2 });
    expect(listFiles(out("shard0")).filter((f) => f.endsWith("summary.json"))).toEqual([
      "default/day140/seed-1/summary.json", "default/day147/seed-1/summary.json", "packed/day140/seed-1/summary.json", "packed/day147/seed-1/summary.json",
    ]);
    expect(existsSync(join(out("shard0"), "report.html"))).toBe(false);
    const r = ok(["merge", out("merged"), out("shard1"), out("shard0"), "--no-report"]);
    expect(r.stdout).toMatch(/small: merged 2 folder\(s\), 8 run\(s\)/);
    expectSameResults(out("jobs1"), out("merged"));
  });

  it("refuses shards of another experiment, overlapping or missing runs, with one line and nothing written", () => {
    ok(["run", exp, "--out", out("other"), "--shard", "0/2", "--seed", "5", "--no-report"]);
    fails(["merge", out("m1"), out("shard0"), out("other")], /^clusterlab merge: .*other is from a different experiment \(hash sha256:/);
    fails(["merge", out("m2"), out("shard0")], /^clusterlab merge: 4 of 8 runs are in none of the given folders: default\/day140\/seed-2, /);
    fails(["merge", out("m3"), out("shard0"), out("shard1"), out("shard0")], /^clusterlab merge: run default\/day140\/seed-1 is in both .*shard0 and .*shard0$/);
    fails(["merge", out("shard1"), out("shard0")], /refusing to overwrite it/);
    fails(["merge", out("m4"), join(tmp, "nope")], /nope\/manifest\.json: no manifest\.json: not a clusterlab results folder$/);
    for (const m of ["m1", "m2", "m3", "m4"]) expect(existsSync(out(m))).toBe(false);
    expect(tempLeftovers(join(tmp, "results"))).toEqual([]);
  });
});

describe("bad experiment files: one line with the field path, nothing written", () => {
  const cases: [string, string, RegExp][] = [
    ["unknown field", "seedz: [1]\n", /bad\.yaml:17:1: seedz: unknown field "seedz" \(allowed: /],
    ["wrong type", "until: soon\n", /bad\.yaml:17:8: until: expected a duration like "1s", "250ms" or "5m", got "soon"$/],
    ["empty matrix", "matrix: {}\n", /bad\.yaml:17:9: matrix: empty matrix: give at least one parameter/],
  ];
  for (const [what, extra, pattern] of cases) {
    it(what, () => {
      const file = writeSmallExperiment(join(tmp, what.replace(/ /g, "-")), "bad", extra);
      const dest = join(tmp, what.replace(/ /g, "-"), "out");
      fails(["run", file, "--out", dest], new RegExp(`^clusterlab run: .*${pattern.source}`));
      expect(existsSync(dest)).toBe(false);
      expect(readdirSync(join(tmp, what.replace(/ /g, "-")))).toEqual(["bad.yaml"]);
    });
  }
  it("missing trace file", () => {
    const file = writeSmallExperiment(join(tmp, "missing"), "bad", "");
    const text = readFileSync(file, "utf8").replace("trace: /", "trace: /nonexistent/");
    writeFileSync(file, text);
    const line = fails(["run", file, "--out", join(tmp, "missing", "out")], /bad\.yaml:6:25: workloads\[0\]\.trace: file not found: \/nonexistent\//);
    expect(line).not.toContain("\n");
    expect(readdirSync(join(tmp, "missing"))).toEqual(["bad.yaml"]);
  });
  it("a bad plugin arg in a variant fails before any run", () => {
    const file = writeSmallExperiment(join(tmp, "args"), "bad", "");
    writeFileSync(file, readFileSync(file, "utf8").replace("type: MostAllocated", "type: Most"));
    fails(["run", file, "--out", join(tmp, "args", "out")], /^clusterlab run: .*scoringStrategy\.type/);
    expect(readdirSync(join(tmp, "args"))).toEqual(["bad.yaml"]);
  });
  it("bad flags", () => {
    fails(["run", exp, "--jobs", "0"], /--jobs must be an integer ≥ 1, got "0"$/);
    fails(["run", exp, "--shard", "2/2"], /shard index 2 is not below the shard count 2$/);
  });
});

describe("statistics, charts and report.html", () => {
  it("run writes them; chart re-renders them from the files", () => {
    const dir = out("report");
    const r = ok(["run", exp, "--out", dir, "--seed", "3"]);
    expect(r.stdout).toMatch(/report: .*report\.html/);
    const files = listFiles(dir);
    for (const f of ["summary.csv", "aggregate.csv", "comparison.csv", "report.html"]) expect(files).toContain(f);
    const specs = files.filter((f) => f.startsWith("charts/") && f.endsWith(".vl.json"));
    expect(specs.length).toBeGreaterThan(3);
    for (const s of specs) {
      expect(files).toContain(s.replace(".vl.json", ".svg"));
      expect(files).toContain(s.replace(".vl.json", ".png"));
    }
    expect(readFileSync(join(dir, "comparison.csv"), "utf8")).toMatch(/^variant,baseline,.*\npacked,default,/);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    rmSync(join(dir, "report.html"));
    rmSync(join(dir, "charts"), { recursive: true });
    const c = ok(["chart", dir]);
    expect(c.stdout).toMatch(/report\.html$/m);
    expect(listFiles(dir)).toEqual(files);
    // Same content but for the generation time.
    const strip = (s: string) => s.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z?/g, "T").replace(/\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?( UTC)?/g, "T");
    expect(strip(readFileSync(join(dir, "report.html"), "utf8")).length).toBeGreaterThan(strip(html).length * 0.9);
  });
});
