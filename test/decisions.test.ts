/**
 * Per-pod decisions end to end: pods.csv's attempts and last failure in kube-scheduler's words,
 * summary.json's attempts, preemptions and victims, the `preempted` outcome, and the opt-in
 * decisions.csv. Two 4-CPU nodes filled by two low-priority pods; a high-priority 4-CPU pod must
 * preempt one of them; a 16-CPU pod never fits.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

function preemptionExperiment(): string {
  const dir = mkdtempSync(join(tmpdir(), "clusterlab-decisions-"));
  writeFileSync(join(dir, "nodes.csv"), "name,cpu_milli,memory_mib\nn1,4000,8192\nn2,4000,8192\n");
  writeFileSync(
    join(dir, "pods.csv"),
    "name,arrival_s,duration_s,cpu_milli,memory_mib,priority\nlow1,0,1000,4000,1024,0\nlow2,0,1000,4000,1024,0\nhigh,10,100,4000,1024,1000\nbig,20,100,16000,1024,0\n",
  );
  writeFileSync(join(dir, "exp.yaml"), "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: pre}\ncluster: {trace: nodes.csv}\nworkload: {trace: pods.csv}\nseed: 1\n");
  return dir;
}

const rows = (file: string) => parse(readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];

describe("per-pod decisions", () => {
  const dir = preemptionExperiment();
  const out = join(dir, "out");
  const r = cli(["run", join(dir, "exp.yaml"), "--out", out, "--decisions", "--no-report", "--quiet"]);
  const runDir = join(out, "default", readdirSync(join(out, "default"))[0]!, "seed-1");

  it("pods.csv: attempts, the last failure as kube-scheduler words it, and the preempted outcome", () => {
    expect(r.code).toBe(0);
    const pods = Object.fromEntries(rows(join(runDir, "pods.csv")).map((p) => [p.pod, p]));
    const victim = pods.low1!.outcome === "preempted" ? pods.low1! : pods.low2!;
    const survivor = victim === pods.low1 ? pods.low2! : pods.low1!;
    expect(victim.outcome).toBe("preempted");
    expect(Number(victim.end_us)).toBe(10_000_000); // evicted when high arrived
    expect(survivor.outcome).toBe("completed");
    expect(pods.high).toMatchObject({ outcome: "completed", attempts: "2", node: victim.node, last_failure: "0/2 nodes are available: 2 Insufficient cpu." });
    expect(pods.big).toMatchObject({ outcome: "unschedulable", node: "", last_failure: "0/2 nodes are available: 2 Insufficient cpu." });
    expect(Number(pods.big!.attempts)).toBeGreaterThanOrEqual(2);
    expect(pods.low1!.last_failure).toBe("");
  });

  it("summary.json: attempts, preemptions, victims and the preempted count", () => {
    const s = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    expect(s.pods).toMatchObject({ arrived: 4, scheduled: 3, preempted: 1, completed: 2, unschedulable: 1 });
    expect(s.preemption).toEqual({ preemptions: 1, victims: 1 });
    const pods = rows(join(runDir, "pods.csv"));
    const total = pods.reduce((a, p) => a + Number(p.attempts), 0);
    expect(s.attempts).toEqual({ total, mean_per_pod: total / 4, max_per_pod: Math.max(...pods.map((p) => Number(p.attempts))) });
    expect(s.scheduling_attempts).toBe(total); // every attempt belongs to one pod
  });

  it("decisions.csv: one line per outcome, with rejections per plugin", () => {
    const d = rows(join(runDir, "decisions.csv"));
    expect(Object.keys(d[0]!)).toEqual(["time_us", "pod", "namespace", "attempt", "result", "node", "rejections", "message"]);
    const at10 = d.filter((x) => x.time_us === "10000000");
    expect(at10.map((x) => `${x.pod!.startsWith("low") ? "low" : x.pod} ${x.result}`)).toEqual(["low evicted", "high nominated", "high unschedulable"]);
    expect(at10[0]!.message).toMatch(/^Preempted by pod \S+ on node n[12]$/);
    expect(at10[2]).toMatchObject({ attempt: "1", rejections: "NodeResourcesFit=2", message: "0/2 nodes are available: 2 Insufficient cpu." });
    expect(d.find((x) => x.pod === "high" && x.result === "bound")).toMatchObject({ attempt: "2", node: at10[1]!.node });
    expect(d.filter((x) => x.result === "bound")).toHaveLength(3);
  });

  it("without --decisions there is no decisions.csv", () => {
    const out2 = join(dir, "out2");
    expect(cli(["run", join(dir, "exp.yaml"), "--out", out2, "--no-report", "--quiet"]).code).toBe(0);
    expect(readdirSync(join(out2, "default", readdirSync(join(out2, "default"))[0]!, "seed-1")).sort()).toEqual(["pods.csv", "summary.json", "timeseries.csv"]);
  });
});
