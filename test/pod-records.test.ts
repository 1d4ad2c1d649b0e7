/**
 * Pods whose story has ended are let go during a run (recorder.ts settles them into text rows and a
 * tally): pods.csv still lists every pod once, in arrival order, and summary.json's numbers equal a
 * recount from pods.csv — with pods ending out of arrival order, pods still running at the end, pods
 * never placed, and enough pods for the record list to be compacted.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { percentile } from "../src/core/metrics/percentile.js";
import { cli } from "./helpers.js";

describe("pod records let go when pods end", () => {
  it("pods.csv and summary.json agree and keep arrival order", { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "clusterlab-records-"));
    let nodes = "name,cpu_milli,memory_mib\n";
    for (let i = 0; i < 20; i++) nodes += `n${i},8000,65536\n`;
    writeFileSync(join(dir, "nodes.csv"), nodes);
    let pods = "name,arrival_s,duration_s,cpu_milli,memory_mib\n";
    for (let i = 0; i < 12000; i++) {
      // Every 100th pod runs to the end (no duration); others end after 5-60 s; every 997th asks for too much.
      const cpu = i % 997 === 0 ? 20000 : 500;
      const duration = i % 100 === 0 ? "" : String(5 + ((i * 7919) % 56));
      pods += `p${i},${(i * 0.25).toFixed(2)},${duration},${cpu},1024\n`;
    }
    writeFileSync(join(dir, "pods.csv"), pods);
    writeFileSync(join(dir, "exp.yaml"), "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: rec}\ncluster: {trace: nodes.csv}\nworkload: {trace: pods.csv}\nseed: 1\n");
    const r = cli(["run", "exp.yaml", "--out", "out", "--no-report", "--quiet"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const run = join(dir, "out", "default", "pods", "seed-1");
    const lines = readFileSync(join(run, "pods.csv"), "utf8").trimEnd().split("\n");
    const header = lines[0]!.split(",");
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(",").slice(0, 10).map((v, k) => [header[k], v])));
    expect(rows.map((x) => x.pod)).toEqual(Array.from({ length: 12000 }, (_, i) => `p${i}`));
    const count = (o: string) => rows.filter((x) => x.outcome === o).length;
    const s = JSON.parse(readFileSync(join(run, "summary.json"), "utf8"));
    expect(s.pods.arrived).toBe(12000);
    expect(s.pods.completed).toBe(count("completed"));
    expect(s.pods.running).toBe(count("running") + count("bound"));
    expect(s.pods.unschedulable).toBe(count("unschedulable") + count("pending"));
    expect(count("running")).toBeGreaterThan(100);
    expect(count("completed")).toBeGreaterThan(5000);
    expect(count("unschedulable")).toBe(13);
    const waits = rows.filter((x) => x.wait_us !== "").map((x) => Number(x.wait_us)).sort((a, b) => a - b);
    expect(s.pods.scheduled).toBe(waits.length);
    expect(s.wait_us.p99).toBe(percentile(waits, 99));
    expect(s.wait_us.max).toBe(waits[waits.length - 1]);
    expect(s.attempts.total).toBe(rows.reduce((a, x) => a + Number(x.attempts), 0));
  });

  it("lists pods still going on at the end in order, beyond a megabyte of their rows", { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "clusterlab-records-"));
    writeFileSync(join(dir, "nodes.csv"), "name,cpu_milli,memory_mib,max_pods\n" + Array.from({ length: 8 }, (_, i) => `n${i},64000,262144,110\n`).join(""));
    let pods = "name,arrival_s,duration_s,cpu_milli,memory_mib\n";
    // Every 1000th pod runs for 1 s; the others ask for more CPU than a node has and wait to the end: ended rows
    // (from the arena) and rows of pods still going on alternate.
    for (let i = 0; i < 14000; i++) pods += `pod-${i},${(i * 0.01).toFixed(2)},${i % 1000 === 0 ? "1" : ""},${i % 1000 === 0 ? 10 : 100000},16\n`;
    writeFileSync(join(dir, "pods.csv"), pods);
    writeFileSync(join(dir, "exp.yaml"), "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: live}\ncluster: {trace: nodes.csv}\nworkload: {trace: pods.csv}\nseed: 1\n");
    const r = cli(["run", "exp.yaml", "--out", "out", "--no-report", "--quiet"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, "out", "default", "pods", "seed-1", "pods.csv"), "utf8");
    const lines = text.trimEnd().split("\n").slice(1);
    expect(lines.map((l) => l.slice(0, l.indexOf(",")))).toEqual(Array.from({ length: 14000 }, (_, i) => `pod-${i}`));
    const outcome = (l: string) => l.split(",")[9];
    const live = lines.filter((l) => outcome(l) === "unschedulable");
    expect(live.length).toBe(13986);
    expect(live.reduce((n, l) => n + l.length + 1, 0)).toBeGreaterThan(1 << 20);
    lines.forEach((l, i) => {
      if (i % 1000 === 0) expect(l).toMatch(new RegExp(`^pod-${i},default,${i * 10000},${i * 10000},n\\d,\\d+,\\d+,0,1,completed,10,16777216,0,0,$`));
      else expect(l).toMatch(new RegExp(`^pod-${i},default,${i * 10000},,,,,,\\d+,unschedulable,100000,16777216,0,0,0/8 nodes are available: 8 Insufficient cpu\\.$`));
    });
  });
});
