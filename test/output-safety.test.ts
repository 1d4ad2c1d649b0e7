/**
 * clusterlab never destroys what it did not write: --out onto a user's folder, the experiment's own
 * folder, a file, an unwritable place; merge and trace convert alike. Each refusal is one line, exit 2,
 * within 2 seconds and before any simulation, with the user's files untouched.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, ROOT, type CliResult } from "./helpers.js";

const fixture = (f: string) => join(ROOT, "test", "fixtures", f);
const tmp = () => mkdtempSync(join(tmpdir(), "clusterlab-out-"));

/** A copy of the small experiment and its traces in a folder of its own. */
function experimentFolder(): { dir: string; file: string } {
  const dir = tmp();
  for (const f of ["small.yaml", "small-nodes.csv", "small-pods.csv"]) copyFileSync(fixture(f), join(dir, f));
  return { dir, file: join(dir, "small.yaml") };
}

function timed(args: string[], cwd?: string): CliResult & { seconds: number } {
  const t0 = performance.now();
  const r = cli(args, cwd);
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}

function refused(r: CliResult & { seconds: number }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/ at .*\.js:\d+/); // no stack trace
  expect(r.seconds).toBeLessThan(2 + 1.5); // the 2-second budget plus Node's start-up on a loaded CI machine
}

describe("run --out", () => {
  it("refuses a folder holding the user's files and leaves them untouched", () => {
    const p = tmp();
    writeFileSync(join(p, "paper.tex"), "x");
    const r = timed(["run", fixture("small.yaml"), "--out", p]);
    refused(r, /^clusterlab run: --out .*: folder exists and holds files clusterlab did not write/);
    expect(readdirSync(p)).toEqual(["paper.tex"]);
    expect(readFileSync(join(p, "paper.tex"), "utf8")).toBe("x");
  });

  it("refuses the experiment's own folder (it holds the experiment file and traces)", () => {
    const { dir, file } = experimentFolder();
    const before = readdirSync(dir).sort();
    refused(timed(["run", file, "--out", dir]), /would replace .*small\.yaml, an input of this run/);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it("refuses the experiment's parent folder too, and the current folder given as '.'", () => {
    const { dir } = experimentFolder();
    mkdirSync(join(dir, "sub"));
    copyFileSync(join(dir, "small.yaml"), join(dir, "sub", "small.yaml"));
    for (const f of ["small-nodes.csv", "small-pods.csv"]) copyFileSync(join(dir, f), join(dir, "sub", f));
    refused(timed(["run", join(dir, "sub", "small.yaml"), "--out", dir]), /would replace .*an input of this run/);
    refused(timed(["run", "sub/small.yaml", "--out", "."], dir), /^clusterlab run: --out \.: /);
    expect(existsSync(join(dir, "sub", "small.yaml"))).toBe(true);
  });

  it("writes into an empty folder and replaces its own earlier results, keeping nothing stale", () => {
    // Exists and is empty; in a parent of its own, so other programs' temporary folders are not counted below.
    const out = join(tmp(), "res");
    mkdirSync(out);
    expect(cli(["run", fixture("small.yaml"), "--out", out, "--no-report", "--quiet"]).code).toBe(0);
    expect(existsSync(join(out, "manifest.json"))).toBe(true);
    writeFileSync(join(out, "stale.txt"), "from before");
    const again = cli(["run", fixture("small.yaml"), "--out", out, "--no-report", "--quiet"]);
    expect(again.code).toBe(0);
    expect(existsSync(join(out, "stale.txt"))).toBe(false); // the folder was replaced whole, atomically
    expect(existsSync(join(out, "summary.csv"))).toBe(true);
    expect(readdirSync(join(out, "..")).filter((e) => e.includes(".tmp-") || e.includes(".old-"))).toEqual([]);
  });

  it("cleans a temporary folder left by a killed run", () => {
    const parent = tmp();
    const stale = join(parent, ".res.tmp-999999999-1");
    mkdirSync(stale);
    writeFileSync(join(stale, "pods.csv"), "half");
    expect(cli(["run", fixture("small.yaml"), "--out", join(parent, "res"), "--no-report", "--quiet"]).code).toBe(0);
    expect(readdirSync(parent)).toEqual(["res"]);
  });

  it("a file, a path under a file, and unwritable places are one line, exit 2, quickly", () => {
    const d = tmp();
    writeFileSync(join(d, "f"), "x");
    refused(timed(["run", fixture("small.yaml"), "--out", join(d, "f")]), /exists and is not a folder/);
    refused(timed(["run", fixture("small.yaml"), "--out", join(d, "f", "x")]), /is a file, not a folder/);
    refused(timed(["run", fixture("small.yaml"), "--out", "/proc/x"]), /--out \/proc\/x: cannot (write|create)/);
    refused(timed(["run", fixture("small.yaml"), "--out", "/proc/x/y/z"]), /--out \/proc\/x\/y\/z: cannot create folder \/proc\/x/);
    expect(readFileSync(join(d, "f"), "utf8")).toBe("x");
  });
});

describe("fill --out", () => {
  function fillFolder(): { dir: string; file: string } {
    const dir = tmp();
    writeFileSync(join(dir, "nodes.csv"), "sn,cpu_milli,memory_mib,gpu,model\nn1,8000,16384,2,T4\nn2,8000,16384,1,T4\n");
    writeFileSync(join(dir, "pods.csv"), "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np1,1000,1024,1,1000\np2,1000,1024,1,500\n");
    writeFileSync(
      join(dir, "fill.yaml"),
      "apiVersion: clusterlab/v1\nkind: Fill\nmetadata: {name: tiny}\ncluster: {trace: nodes.csv, format: openb}\n" +
        "workloads:\n  - {name: w, trace: pods.csv, format: openb}\nvariants:\n  - {name: least, policy: NodeResourcesFit}\nseeds: [1]\n",
    );
    return { dir, file: join(dir, "fill.yaml") };
  }

  it("refuses a user's folder and the experiment's own, and replaces its own results", () => {
    const { dir, file } = fillFolder();
    const p = tmp();
    writeFileSync(join(p, "notes.md"), "mine");
    refused(timed(["fill", file, "--out", p, "--jobs", "1"]), /^clusterlab fill: --out .*: folder exists and holds files clusterlab did not write/);
    expect(readdirSync(p)).toEqual(["notes.md"]);
    refused(timed(["fill", file, "--out", dir, "--jobs", "1"]), /an input of this run/);
    const out = join(tmp(), "res");
    for (let i = 0; i < 2; i++) expect(cli(["fill", file, "--out", out, "--jobs", "1", "--no-report", "--quiet"]).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["experiment.yaml", "fill.csv", "least", "manifest.json", "runs.csv", "summary.json"]);
  });
});

describe("merge and trace convert", () => {
  it("merge refuses a user's folder as its output", () => {
    const shards = tmp();
    for (const s of ["0/2", "1/2"]) {
      expect(cli(["run", fixture("small.yaml"), "--shard", s, "--seed", "3", "--out", join(shards, s.replace("/", "-")), "--quiet"]).code).toBe(0);
    }
    const p = tmp();
    writeFileSync(join(p, "data.csv"), "keep");
    refused(timed(["merge", p, join(shards, "0-2"), join(shards, "1-2")]), /^clusterlab merge: .*: folder exists and holds files clusterlab did not write/);
    expect(readdirSync(p)).toEqual(["data.csv"]);
  });

  it("trace convert refuses to overwrite a file unless --force, and a folder always", () => {
    const d = tmp();
    const out = join(d, "pods.csv");
    writeFileSync(out, "precious");
    refused(timed(["trace", "convert", fixture("small-pods.csv"), "--format", "openb", "--out", out]), /--out .*pods\.csv exists; add --force to replace it/);
    expect(readFileSync(out, "utf8")).toBe("precious");
    refused(timed(["trace", "convert", fixture("small-pods.csv"), "--format", "openb", "--out", d]), /is a folder/);
    refused(timed(["trace", "convert", fixture("small-pods.csv"), "--format", "openb", "--out", join(d, "no", "x.csv")]), /does not exist/);
    const r = cli(["trace", "convert", fixture("small-pods.csv"), "--format", "openb", "--out", out, "--force"]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^# /);
  });
});
