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

/** reuse-true.yaml and reuse-false.yaml over nodes.csv and pods.csv in `dir`. */
function writeExperiments(dir: string, name: string, seed: number): void {
  for (const reuse of [true, false]) {
    writeFileSync(
      join(dir, `reuse-${reuse}.yaml`),
      `apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: ${name}}\ncluster: {trace: nodes.csv}\nworkload: {trace: pods.csv}\nseed: ${seed}\nmodel: {reuseFilterFailures: ${reuse}}\n`,
    );
  }
}

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
  writeExperiments(dir, "overload", 3);
  return dir;
}

/**
 * Verdicts brought up to date node by node: pods that never fit (more cpu than any node), per-app caps
 * (PodTopologySpread rejections, re-filtered every retry), a tainted pool some pods tolerate, a node
 * selector, and departures that change one node at a time.
 */
function constrained(): string {
  const dir = mkdtempSync(join(tmpdir(), "clusterlab-verdicts-"));
  let nodes = "name,cpu_milli,memory_mib,gpu_count,gpu_model,labels,taints\n";
  for (let i = 0; i < 30; i++) nodes += `n${i},${i % 3 === 0 ? 64000 : 32000},${i % 2 === 0 ? 262144 : 131072},0,,pool=${i % 2 === 0 ? "a" : "b"},${i % 5 === 0 ? "maint=x:NoSchedule" : ""}\n`;
  writeFileSync(join(dir, "nodes.csv"), nodes);
  let pods = "name,arrival_s,duration_s,cpu_milli,memory_mib,app,max_per_node,node_selector,tolerations\n";
  let x = 11;
  const rand = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 900; i++) {
    const huge = i % 97 === 0; // no node has this much cpu
    const cpu = huge ? 100000 : [2000, 4000, 8000, 16000][i % 4]!;
    const mem = [8192, 32768, 65536][i % 3]!;
    const app = i % 3 === 0 ? `app${i % 4}` : "";
    const cap = app ? String(1 + (i % 2)) : "";
    const selector = i % 11 === 0 ? "pool=b" : "";
    const tol = i % 6 === 0 ? "maint:NoSchedule" : "";
    pods += `p${i},${(i * 0.4).toFixed(1)},${Math.round(120 + 400 * rand())},${cpu},${mem},${app},${cap},${selector},${tol}\n`;
  }
  writeFileSync(join(dir, "pods.csv"), pods);
  writeExperiments(dir, "verdicts", 5);
  return dir;
}

/** Runs the experiment with reuse on and off, checks the outputs are byte-identical, returns the reuse-on run's file reader. */
function runBoth(dir: string, seed: number): (f: string) => Buffer {
  for (const reuse of [true, false]) {
    const r = cli(["run", `reuse-${reuse}.yaml`, "--out", `out-${reuse}`, "--decisions", "--no-report", "--quiet"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  }
  const file = (reuse: boolean, f: string) => readFileSync(join(dir, `out-${reuse}`, "default", "pods", `seed-${seed}`, f));
  for (const f of ["pods.csv", "timeseries.csv", "decisions.csv"]) expect(file(true, f).equals(file(false, f)), f).toBe(true);
  return (f) => file(true, f);
}

describe("reusing Filter failures in overload", () => {
  it("gives byte-identical results to scanning every attempt", { timeout: 120_000 }, () => {
    const file = runBoth(overloaded(), 3);
    const s = JSON.parse(file("summary.json").toString());
    // It was overloaded (pods waited and were retried many times) and preemption happened.
    expect(s.attempts.mean_per_pod).toBeGreaterThan(3);
    expect(s.preemption.victims).toBeGreaterThan(0);
    expect(s.pods.scheduled).toBeGreaterThan(1000);
  });

  it("gives byte-identical results when verdicts are re-filtered node by node (caps, taints, pods that never fit)", { timeout: 120_000 }, () => {
    const file = runBoth(constrained(), 5);
    const s = JSON.parse(file("summary.json").toString());
    expect(s.pods.unschedulable).toBe(10); // the ten pods asking for 100 cpus
    expect(s.attempts.mean_per_pod).toBeGreaterThan(3);
    const decisions = file("decisions.csv").toString();
    // Rejections came from node-local plugins and from PodTopologySpread's caps.
    for (const plugin of ["NodeResourcesFit=", "TaintToleration=", "PodTopologySpread="]) expect(decisions).toContain(plugin);
  });
});
