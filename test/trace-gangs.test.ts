// Gangs from a trace: pods labelled scheduling.x-k8s.io/pod-group=<name> (the native format's labels
// column) form one PodGroup of all of them, made before the first arrives; with Coscheduling a gang is
// placed all-or-nothing, with the default scheduler part of it starts and holds GPUs it cannot use.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";
import { clusterlab, ensureBuilt } from "./experiment-helpers.js";

let tmp: string;

beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), "clusterlab-gangs-"));
  cpSync(join(ROOT, "examples", "gang", "coscheduling.yaml"), join(tmp, "coscheduling.yaml"));
  writeFileSync(join(tmp, "nodes.csv"), "name,cpu_milli,memory_mib,gpu_count,gpu_model\nn1,64000,262144,6,A100\n");
  const rows = ["name,arrival_s,duration_s,cpu_milli,memory_mib,gpu_count,labels"];
  // Two training jobs of 4 one-GPU workers on 6 GPUs: b arrives while a holds 4 of them.
  for (let i = 0; i < 4; i++) rows.push(`a-${i},0,100,1000,1024,1,scheduling.x-k8s.io/pod-group=train-a`);
  for (let i = 0; i < 4; i++) rows.push(`b-${i},10,100,1000,1024,1,scheduling.x-k8s.io/pod-group=train-b`);
  writeFileSync(join(tmp, "pods.csv"), rows.join("\n") + "\n");
  writeFileSync(
    join(tmp, "experiment.yaml"),
    "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: gangs}\ncluster: {trace: nodes.csv}\nworkload: {trace: pods.csv}\n" +
      "variants:\n  - name: coscheduling\n    schedulerConfig: coscheduling.yaml\n  - name: default\n",
  );
  const r = clusterlab(["run", join(tmp, "experiment.yaml"), "--out", join(tmp, "out"), "--quiet", "--no-report"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}, 60_000);

/** Start time (s) of each of train-b's pods. */
function startsOfB(variant: string): number[] {
  return readFileSync(join(tmp, "out", variant, "pods", "seed-1", "pods.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","))
    .filter((r) => r[0]!.startsWith("b-"))
    .map((r) => Number(r[5]) / 1e6)
    .sort((x, y) => x - y);
}

describe("gangs from a trace", () => {
  it("with Coscheduling, train-b starts whole once train-a ends", () => {
    const b = startsOfB("coscheduling");
    expect(b).toHaveLength(4);
    expect(new Set(b).size).toBe(1);
    expect(b[0]!).toBeGreaterThanOrEqual(100);
  });

  it("with the default scheduler, two of train-b's workers start at once on the 2 free GPUs", () => {
    const b = startsOfB("default");
    expect(b.filter((t) => t < 100)).toHaveLength(2);
  });
});
