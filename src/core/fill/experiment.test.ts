/** The Fill experiment file and its results folder, end to end on a tiny cluster. */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseYaml } from "../util/yaml-doc.js";
import { FILL_CSV_HEADER } from "./aggregate.js";
import { runFillExperiment } from "./experiment.js";
import { decodeFill } from "./spec.js";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";

async function fixture(extra = ""): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), "fill-"));
  await writeFile(join(dir, "nodes.csv"), "sn,cpu_milli,memory_mib,gpu,model\nn1,8000,16384,2,T4\nn2,8000,16384,1,T4\n");
  await writeFile(
    join(dir, "pods.csv"),
    "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np1,1000,1024,1,1000\np2,1000,1024,1,500\np3,2000,1024,0,0\n",
  );
  const file = join(dir, "fill.yaml");
  await writeFile(
    file,
    `apiVersion: clusterlab/v1
kind: Fill
metadata: {name: tiny}
cluster: {trace: nodes.csv, format: openb}
workloads:
  - {name: w, trace: pods.csv, format: openb}
variants:
  - {name: least, policy: NodeResourcesFit}
seeds: {from: 7, count: 2}
${extra}`,
  );
  return { dir, file };
}

describe("Fill experiment file", () => {
  it("decodes with defaults and resolves paths", async () => {
    const { dir, file } = await fixture();
    const spec = decodeFill(parseYaml(await readFile(file, "utf8"), file));
    expect(spec).toMatchObject({ name: "tiny", seeds: [7, 8], tune: 1.3, shuffleNodes: true, maxPodsPerNode: null, tieBreak: "nodeOrder" });
    expect(spec.workloads).toEqual([{ name: "w", file: join(dir, "pods.csv"), format: "openb" }]);
    expect(spec.variants).toEqual([{ name: "least", policy: "NodeResourcesFit", schedulerConfig: null, profile: null }]);
  });

  it("rejects unknown fields, bad values and variants without exactly one of policy/schedulerConfig", async () => {
    const bad = async (extra: string) => {
      const { file } = await fixture(extra);
      const text = await readFile(file, "utf8");
      return () => decodeFill(parseYaml(text, file));
    };
    expect(await bad("tune: -1")).toThrow(/tune: expected a positive number/);
    expect(await bad("tieBreak: first")).toThrow(/tieBreak: expected "nodeOrder" or "random"/);
    expect(await bad("speed: 2")).toThrow(/unknown field "speed"/);
    const { file } = await fixture();
    const text = (await readFile(file, "utf8")).replace("{name: least, policy: NodeResourcesFit}", "{name: least}");
    expect(() => decodeFill(parseYaml(text, file))).toThrow(/variants\[0\]: exactly one of policy or schedulerConfig/);
  });

  it("writes fill.csv, runs.csv, summary.json and a copy of the file", async () => {
    const { dir, file } = await fixture();
    const spec = decodeFill(parseYaml(await readFile(file, "utf8"), file));
    const out = join(dir, "results");
    const r = await runFillExperiment(spec, { outDir: out, registry: inTreeRegistry() });
    expect(r.results.length).toBe(2);
    const csv = (await readFile(join(out, "fill.csv"), "utf8")).trim().split("\n");
    expect(csv[0]).toBe(FILL_CSV_HEADER);
    expect(csv.length).toBe(1 + 2 * 131);
    expect(csv[1]).toMatch(/^least,w,7,0,/);
    expect((await readFile(join(out, "runs.csv"), "utf8")).split("\n")[0]).toBe("variant,workload,seed,pods,scheduled,failed,first_failure_pct,wall_seconds,decisions_per_second");
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8"));
    expect(summary.runs).toBe(2);
    expect(Object.keys(summary.meanUnallocatedGpuPct.least)).toEqual(["w"]);
    expect(await readFile(join(out, "experiment.yaml"), "utf8")).toContain("kind: Fill");
  });
});
