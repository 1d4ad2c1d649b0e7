import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { OPENB_TRACE_END_S } from "./openb.js";
import { readAllNodes, readAllPods } from "./reader.js";
import { MIB } from "./types.js";

const openb = (name: string): string => fileURLToPath(new URL(`../../../traces/openb/${name}`, import.meta.url));

describe("openb node lists (figures from the trace README)", () => {
  it("gpu_node: 1,213 nodes, 6,212 GPUs, 107,018 vCPU, 503,828,480 MiB", async () => {
    const nodes = await readAllNodes(openb("openb_node_list_gpu_node.csv"), "openb");
    expect(nodes.length).toBe(1213);
    expect(nodes.reduce((s, n) => s + n.gpuCount, 0)).toBe(6212);
    expect(nodes.reduce((s, n) => s + n.cpuMilli, 0)).toBe(107_018_000);
    expect(nodes.reduce((s, n) => s + n.memoryBytes, 0)).toBe(503_828_480 * MIB);
    expect(nodes[0]).toEqual({
      name: "openb-node-0000",
      cpuMilli: 64000,
      memoryBytes: 262144 * MIB,
      gpuCount: 2,
      gpuModel: "P100",
      maxPods: 110,
      labels: {},
      taints: [],
      line: 2,
    });
    expect(nodes.every((n) => n.gpuCount > 0 && n.gpuModel !== null)).toBe(true);
  });

  it("all_node: 1,523 nodes, 310 CPU-only without a model, 125,514 vCPU", async () => {
    const nodes = await readAllNodes(openb("openb_node_list_all_node.csv"), "openb");
    expect(nodes.length).toBe(1523);
    const cpuOnly = nodes.filter((n) => n.gpuCount === 0);
    expect(cpuOnly.length).toBe(310);
    expect(cpuOnly.every((n) => n.gpuModel === null)).toBe(true);
    expect(nodes.reduce((s, n) => s + n.cpuMilli, 0)).toBe(125_514_000);
    // GPU node mix: G2×8 549 nodes; T4 387×2 + 17×4.
    expect(nodes.filter((n) => n.gpuModel === "G2" && n.gpuCount === 8).length).toBe(549);
    expect(nodes.filter((n) => n.gpuModel === "T4").map((n) => n.gpuCount).sort().join()).toBe(
      [...Array<number>(387).fill(2), ...Array<number>(17).fill(4)].join(),
    );
  });
});

describe("openb pod lists", () => {
  it("default: 8,152 pods, 1,088 CPU-only, 3,078 sharing, 75 multi-GPU, 6,086.8 GPUs", async () => {
    const pods = await readAllPods(openb("openb_pod_list_default.csv"), "openb");
    expect(pods.length).toBe(8152);
    expect(pods.filter((p) => p.gpuCount === 0).length).toBe(1088);
    expect(pods.filter((p) => p.gpuCount === 1 && p.gpuMilli < 1000).length).toBe(3078);
    expect(pods.filter((p) => p.gpuCount > 1).length).toBe(75);
    expect(pods.reduce((s, p) => s + p.gpuCount * p.gpuMilli, 0)).toBe(6_086_800);
    expect(pods[0]).toEqual({
      name: "openb-pod-0000",
      arrivalUs: 0,
      durationUs: 12_537_496_000_000,
      cpuMilli: 12000,
      memoryBytes: 16384 * MIB,
      gpuCount: 1,
      gpuMilli: 1000,
      gpuModels: null,
      priority: 0,
      labels: {},
      nodeSelector: {},
      tolerations: [],
      app: null,
      maxPerNode: null,
      qos: "LS",
      line: 2,
    });
    // Sorted by creation_time: arrivals never decrease.
    expect(pods.every((p, i) => i === 0 || p.arrivalUs >= pods[i - 1]!.arrivalUs)).toBe(true);
  });

  it("deletion_time = 12902960 (trace end) means still running: duration null (34 pods in default)", async () => {
    const pods = await readAllPods(openb("openb_pod_list_default.csv"), "openb");
    const running = pods.filter((p) => p.durationUs === null);
    expect(running.length).toBe(34);
    // openb-pod-0001: creation 427061, deletion 12902960.
    expect(pods[1]).toMatchObject({ name: "openb-pod-0001", arrivalUs: 427_061_000_000, durationUs: null, gpuMilli: 460 });
    expect(OPENB_TRACE_END_S).toBe(12902960);
  });

  it("Pending pods (empty scheduled_time) are kept with their times", async () => {
    const pods = await readAllPods(openb("openb_pod_list_gpuspec33.csv"), "openb");
    // openb-pod-0527,3152,5600,1,1000,V100M16|V100M32|V100M32,BE,Pending,10218024,10218029,
    const p = pods.find((x) => x.name === "openb-pod-0527")!;
    expect(p).toMatchObject({ arrivalUs: 10_218_024_000_000, durationUs: 5_000_000, qos: "BE" });
    // gpu_spec is deduplicated, first-seen order kept.
    expect(p.gpuModels).toEqual(["V100M16", "V100M32"]);
    expect(pods.filter((x) => x.gpuModels !== null).length).toBeGreaterThan(0);
  });

  it.each([
    ["multigpu20", 8324, 247],
    ["multigpu30", 8508, 431],
    ["multigpu40", 8746, 669],
    ["multigpu50", 9061, 984],
  ])("5-column %s: %i pods, %i multi-GPU, no times (arrival 0, duration null)", async (v, rows, multi) => {
    const pods = await readAllPods(openb(`openb_pod_list_${v}.csv`), "auto");
    expect(pods.length).toBe(rows);
    expect(pods.filter((p) => p.gpuCount > 1).length).toBe(multi);
    expect(pods.every((p) => p.arrivalUs === 0 && p.durationUs === null && p.qos === null && p.gpuModels === null)).toBe(true);
  });

  it("every bundled variant parses without a bad row", async () => {
    const variants = ["cpu0", "cpu037", "cpu050", "cpu072", "cpu100", "cpu200", "cpu235", "cpu250", "cpu300"]
      .concat(["gpushare20", "gpushare40", "gpushare60", "gpushare80", "gpushare100"])
      .concat(["gpuspec05", "gpuspec10", "gpuspec20", "gpuspec25"]);
    for (const v of variants) {
      const pods = await readAllPods(openb(`openb_pod_list_${v}.csv`), "openb");
      expect(pods.length, v).toBeGreaterThanOrEqual(7064);
      expect(pods.filter((p) => p.gpuCount === 0).length, v).toBe(v.startsWith("cpu") ? pods.length - 7064 : 1088);
    }
  });
});
