/** Small things a user reads: help listing every command, paths as given, a warning for a shard's charts. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, folderWithFixtures, smallExperiment } from "./helpers.js";


const twoSeeds = () => folderWithFixtures("msg", { "exp.yaml": smallExperiment("two", "seeds: [1, 2]\n") });

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
