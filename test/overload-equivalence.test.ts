/**
 * Reusing all-nodes Filter failures (model.reuseFilterFailures, on by default) changes nothing but
 * speed: an overloaded cluster with two pod shapes, GPU-model constraints and a few higher-priority
 * pods (so preemption happens) gives byte-identical pods.csv, timeseries.csv and decisions.csv with
 * it on and off.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

function overloaded(): string {
  const dir = mkdtempSync(join(tmpdir(), "clusterlab-overload-"));
  let nodes = "name,cpu_milli,memory_mib,gpu_count,gpu_model\n";
  for (let i = 0; i < 40; i++) nodes += `n${i},96000,786432,8,${i % 4 === 0 ? "A100" : "V100"}\n`;
  writeFileSync(join(dir, "nodes.csv"), nodes);
  // Two pods per second for 600 s, each running 300-500 s: about 2.5x the 320 GPUs.
  let pods = "name,arrival_s,duration_s,cpu_milli,memory_mib,gpu_count,gpu_models,priority\n";
  let x = 7;
  const rand = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 1200; i++) {
    const gpus = i % 5 === 0 ? 2 : 1;
    const model = i % 7 === 0 ? "A100" : "";
    const priority = i % 50 === 0 ? 100 : 0;
    pods += `p${i},${(i * 0.5).toFixed(1)},${Math.round(300 + 200 * rand())},4000,16384,${gpus},${model},${priority}\n`;
  }
  writeFileSync(join(dir, "pods.csv"), pods);
  for (const reuse of [true, false]) {
    writeFileSync(
      join(dir, `reuse-${reuse}.yaml`),
      `apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: overload}\ncluster: {trace: nodes.csv}\nworkload: {trace: pods.csv}\nseed: 3\nmodel: {reuseFilterFailures: ${reuse}}\n`,
    );
  }
  return dir;
}

describe("reusing Filter failures in overload", () => {
  it("gives byte-identical results to scanning every attempt", { timeout: 120_000 }, () => {
    const dir = overloaded();
    for (const reuse of [true, false]) {
      const r = cli(["run", `reuse-${reuse}.yaml`, "--out", `out-${reuse}`, "--decisions", "--no-report", "--quiet"], dir);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
    const file = (reuse: boolean, f: string) => readFileSync(join(dir, `out-${reuse}`, "default", "pods", "seed-3", f));
    for (const f of ["pods.csv", "timeseries.csv", "decisions.csv"]) expect(file(true, f).equals(file(false, f)), f).toBe(true);
    const s = JSON.parse(file(true, "summary.json").toString());
    // It was overloaded (pods waited and were retried many times) and preemption happened.
    expect(s.attempts.mean_per_pod).toBeGreaterThan(3);
    expect(s.preemption.victims).toBeGreaterThan(0);
    expect(s.pods.scheduled).toBeGreaterThan(1000);
  });
});
