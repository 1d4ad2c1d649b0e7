/** Small things a user reads: help listing every command, paths as given, a warning for a shard's charts. */
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, ROOT } from "./helpers.js";

const fixture = (f: string) => join(ROOT, "test", "fixtures", f);

function twoSeeds(): string {
  const dir = mkdtempSync(join(tmpdir(), "clusterlab-msg-"));
  for (const f of ["small-nodes.csv", "small-pods.csv"]) copyFileSync(fixture(f), join(dir, f));
  writeFileSync(
    join(dir, "exp.yaml"),
    "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: two}\ncluster: {trace: small-nodes.csv, format: openb}\nworkload: {trace: small-pods.csv, format: openb}\nseeds: [1, 2]\n",
  );
  return dir;
}

describe("messages", () => {
  it("top-level help lists every command, trace convert and trace formats included", () => {
    const r = cli(["--help"]);
    for (const c of ["run", "merge", "chart", "fill", "explain", "trace info", "trace convert", "trace formats", "plugins"]) expect(r.stdout).toContain(`  ${c} `);
  });

  it("prints an absolute --out as absolute, a relative one as relative", () => {
    const dir = twoSeeds();
    const abs = join(dir, "abs-out");
    expect(cli(["run", "exp.yaml", "--out", abs, "--no-report"], dir).stdout).toContain(`results written to ${abs}\n`);
    expect(cli(["run", "exp.yaml", "--out", "rel-out", "--no-report"], dir).stdout).toContain("results written to rel-out\n");
  });

  it("chart on one shard's folder warns that it holds only part of the experiment", () => {
    const dir = twoSeeds();
    expect(cli(["run", "exp.yaml", "--shard", "0/2", "--out", "s0", "--quiet"], dir).code).toBe(0);
    const r = cli(["chart", "s0", "--quiet"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe("clusterlab chart: warning: s0 is shard 0/2 of its experiment (1 of 2 runs); combine the shards with clusterlab merge for the whole experiment");
  });
});
