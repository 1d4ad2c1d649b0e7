import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { traceInfo } from "./info.js";
import { MIB } from "./types.js";

const openb = (name: string): string => fileURLToPath(new URL(`../../../traces/openb/${name}`, import.meta.url));
const fx = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe("traceInfo", () => {
  it("openb default pods", async () => {
    const i = await traceInfo(openb("openb_pod_list_default.csv"));
    expect(i).toMatchObject({
      kind: "pods",
      format: "openb",
      rows: 8152,
      badRows: 0,
      byKind: { cpuOnly: 1088, gpuShare: 3078, wholeGpu: 3911, multiGpu: 75 },
      totals: { gpuMilli: 6_086_800 },
      withoutEnd: 34,
      arrival: { firstUs: 0 },
    });
    if (i.kind !== "pods") throw new Error("kind");
    // Median lifetime of the pods that end inside the trace (the 34 still running are excluded).
    expect(i.duration).toMatchObject({ count: 8118, p50Us: 539_000_000 });
    expect(i.arrival!.lastUs).toBeLessThan(12_902_960_000_000);
  });

  it("openb gpu_node nodes, GPU models by GPU count", async () => {
    const i = await traceInfo(openb("openb_node_list_gpu_node.csv"), "openb");
    expect(i).toMatchObject({
      kind: "nodes",
      nodes: 1213,
      cpuOnlyNodes: 0,
      totals: { cpuMilli: 107_018_000, memoryBytes: 503_828_480 * MIB, gpus: 6212 },
    });
    if (i.kind !== "nodes") throw new Error("kind");
    expect(i.gpuModels.map((m) => [m.model, m.nodes, m.gpus])).toEqual([
      ["G2", 549, 4392],
      ["T4", 404, 842],
      ["G3", 39, 312],
      ["P100", 134, 265],
      ["V100M32", 30, 204],
      ["V100M16", 55, 195],
      ["A10", 2, 2],
    ]);
  });

  it("counts bad rows with skipBadRows, and multigpu files have no durations", async () => {
    const bad = await traceInfo(fx("openb-gpu-inconsistent.csv"), "auto", { skipBadRows: true });
    expect(bad).toMatchObject({ rows: 1, badRows: 4 });
    const m = await traceInfo(openb("openb_pod_list_multigpu50.csv"));
    expect(m).toMatchObject({ rows: 9061, duration: null, withoutEnd: 9061, arrival: { spanUs: 0 } });
  });
});
