import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { newReadStats } from "../trace/types.js";
import { parseYaml } from "../util/yaml-doc.js";
import { decodeExperimentPlan } from "./spec.js";
import { inArrivalOrder, inMemoryArrivalOrder, scanTrace } from "./workload.js";

describe("a held trace replays in the streamed order", () => {
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
      const streamed: string[] = [];
      for await (const p of inArrivalOrder(w, scan, newReadStats(), 9)) streamed.push(`${p.name}@${p.arrivalUs}`);
      const held = inMemoryArrivalOrder(w, scan, 9);
      expect(held).not.toBeNull(); // the scan left the trace in memory
      const fromMemory: string[] = [];
      for (let r = held!.next(); !r.done; r = held!.next()) fromMemory.push(`${r.value.name}@${r.value.arrivalUs}`);
      expect(fromMemory).toEqual(streamed);
      expect(streamed.length).toBe(scan.rows);
      const times = streamed.map((s) => Number(s.split("@")[1]));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });
});
