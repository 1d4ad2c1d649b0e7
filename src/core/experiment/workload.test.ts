import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { readAllPods } from "../trace/index.js";
import { newReadStats } from "../trace/types.js";
import { parseYaml } from "../util/yaml-doc.js";
import { decodeExperimentPlan } from "./spec.js";
import { podFilter } from "./select.js";
import { isHeld, tracePods } from "./trace-cache.js";
import { arrivalOrder, scanTrace } from "./workload.js";

describe("a held trace replays in file order, selected and stably sorted", () => {
  it("with pods out of arrival order, a window and a sample: the same pods in the same order", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clusterlab-workload-"));
    const rng = Rng.seeded(3);
    const rows = ["name,arrival_s,duration_s,cpu_milli,memory_mib"];
    // Arrivals out of order, with many equal times (the sort must keep file order among them).
    for (let i = 0; i < 300; i++) rows.push(`p${i},${rng.int(0, 40)},10,100,64`);
    writeFileSync(join(dir, "pods.csv"), rows.join("\n") + "\n");
    const yaml = "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: w}\ncluster: {generate: {count: 2, cpu: '8', memory: 8Gi}}\n";
    for (const workload of ["{trace: pods.csv}", "{trace: pods.csv, window: {from: 5s, to: 30s}, scale: 0.5}"]) {
      const plan = decodeExperimentPlan(parseYaml(`${yaml}workload: ${workload}\n`, join(dir, "exp.yaml")));
      const w = plan.workloads[0]!.spec;
      if (w.kind !== "trace") throw new Error("expected a trace workload");
      const scan = await scanTrace(w, 9);
      expect(scan.sorted).toBe(false);
      expect(isHeld(await tracePods(w.file, w.format, w.skipBadRows, newReadStats()))).toBe(true); // the scan left it in memory
      // The reference: the whole file read row by row, the selection applied in file order, a stable sort.
      const keep = podFilter(w.select, 9);
      const all = (await readAllPods(w.file, w.format)).filter((p) => !keep || keep(p));
      const streamed = all.sort((a, b) => a.arrivalUs - b.arrivalUs).map((p) => `${p.name}@${p.arrivalUs}`);
      const it = await arrivalOrder(w, scan, 9);
      const fromMemory: string[] = [];
      for (let r = await it.next(); !r.done; r = await it.next()) fromMemory.push(`${r.value.name}@${r.value.arrivalUs}`);
      expect(fromMemory).toEqual(streamed);
      expect(streamed.length).toBe(scan.rows);
      const times = streamed.map((s) => Number(s.split("@")[1]));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });
});
