import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { nodesToCsv, podsToCsv, writeNodes, writePods } from "./native.js";
import { readAllNodes, readAllPods } from "./reader.js";
import { MIB, type TraceNode, type TracePod } from "./types.js";

const fx = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const openb = (name: string): string => fileURLToPath(new URL(`../../../traces/openb/${name}`, import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "clusterlab-native-"));
const noLine = <T extends { line: number }>(rows: T[]): Omit<T, "line">[] => rows.map(({ line: _, ...r }) => r);

describe("clusterlab-csv/v1 reader", () => {
  it("reads nodes: defaults, labels, taints", async () => {
    const nodes = await readAllNodes(fx("native-nodes.csv"), "clusterlab");
    expect(nodes[0]).toEqual({
      name: "cpu-1",
      cpuMilli: 4000,
      memoryBytes: 8192 * MIB,
      gpuCount: 0,
      gpuModel: null,
      maxPods: 110,
      labels: { "topology.kubernetes.io/zone": "a", tier: "web" },
      taints: [],
      line: 4,
    });
    expect(nodes[1]).toMatchObject({
      gpuCount: 8,
      gpuModel: "V100M32",
      maxPods: 64,
      taints: [
        { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" },
        { key: "maint", effect: "PreferNoSchedule" },
      ],
    });
  });

  it("reads pods: decimal seconds, empty duration, GPU defaults, priority, tolerations", async () => {
    const pods = await readAllPods(fx("native-pods.csv"), "clusterlab");
    expect(pods[0]).toEqual({
      name: "web-0",
      arrivalUs: 0,
      durationUs: 60_000_000,
      cpuMilli: 500,
      memoryBytes: 512 * MIB,
      gpuCount: 0,
      gpuMilli: 0,
      gpuModels: null,
      priority: 0,
      labels: { app: "web" },
      nodeSelector: { "topology.kubernetes.io/zone": "a" },
      tolerations: [],
      app: "web",
      maxPerNode: 1,
      qos: null,
      line: 3,
    });
    expect(pods[1]).toMatchObject({
      arrivalUs: 1_500_000,
      durationUs: null,
      gpuCount: 4,
      gpuMilli: 1000, // empty gpu_milli with GPUs = whole devices
      gpuModels: ["V100M16", "V100M32"],
      priority: 100,
      qos: "Guaranteed",
      tolerations: [
        { key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" },
        { operator: "Exists", effect: "NoExecute" },
      ],
    });
    expect(pods[2]).toMatchObject({
      name: "share-0",
      arrivalUs: 2_000_001,
      durationUs: 250_000,
      gpuMilli: 300,
      priority: -5,
      qos: "multi\nline",
      tolerations: [{ key: "maint", operator: "Exists" }],
    });
  });

  it("accepts files with only the required columns", async () => {
    const f = join(tmp, "min.csv");
    writeFileSync(f, "memory_mib,name,cpu_milli,arrival_s\n1,p,250,7\n");
    expect(noLine(await readAllPods(f))).toEqual([
      {
        name: "p",
        arrivalUs: 7_000_000,
        durationUs: null,
        cpuMilli: 250,
        memoryBytes: MIB,
        gpuCount: 0,
        gpuMilli: 0,
        gpuModels: null,
        priority: 0,
        labels: {},
        nodeSelector: {},
        tolerations: [],
        app: null,
        maxPerNode: null,
        qos: null,
      },
    ]);
  });

  it.each([
    ["arrival_s", "1.1234567", `column arrival_s: expected non-negative seconds with at most 6 decimals, got "1.1234567"`],
    ["labels", "a=b;a=c", `column labels: duplicate key "a" in "a=c"`],
    ["labels", "novalue", `column labels: expected key=value in "novalue"`],
    ["labels", "a=b c", `column labels: invalid value "b c" in "a=b c"`],
    ["tolerations", "k:Sometimes", `column tolerations: effect must be NoSchedule, PreferNoSchedule or NoExecute in "k:Sometimes"`],
    ["priority", "1e3", `column priority: expected an integer (32-bit), got "1e3"`],
    ["max_per_node", "2", `column max_per_node: expected empty when app is empty, got "2"`],
    ["gpu_milli", "500", `column gpu_milli: expected 0 when gpu_count = 0, got "500"`],
  ])("rejects %s = %s", async (col, value, msg) => {
    const cols = ["name", "arrival_s", "cpu_milli", "memory_mib"];
    const vals = ["p", "0", "1", "1"];
    if (col === "arrival_s") vals[1] = value;
    else {
      cols.push(col);
      vals.push(`"${value}"`);
    }
    const f = join(tmp, `bad-${col}.csv`);
    writeFileSync(f, `${cols.join(",")}\n${vals.join(",")}\n`);
    await expect(readAllPods(f, "clusterlab")).rejects.toThrow(`${f}:2: ${msg}`);
  });
});

describe("clusterlab-csv/v1 writer round trip", () => {
  it("the hand-written fixtures read back identically (except line numbers)", async () => {
    const nodes = await readAllNodes(fx("native-nodes.csv"));
    const pods = await readAllPods(fx("native-pods.csv"));
    const nf = join(tmp, "nodes.csv");
    const pf = join(tmp, "pods.csv");
    writeFileSync(nf, nodesToCsv(nodes, { comments: ["source: fixture"] }));
    expect(await writePods(pf, pods)).toBe(4);
    expect(noLine(await readAllNodes(nf, "clusterlab"))).toEqual(noLine(nodes));
    expect(noLine(await readAllPods(pf, "clusterlab"))).toEqual(noLine(pods));
  });

  it("writes the documented text form", () => {
    const pods = podsToCsv([
      { ...base, name: "#odd,name", arrivalUs: 1_500_000, durationUs: 1, gpuCount: 1, gpuMilli: 250, gpuModels: ["A", "B"] },
    ]);
    expect(pods.split("\n")).toEqual([
      "# clusterlab-csv/v1 pods",
      "name,arrival_s,duration_s,cpu_milli,memory_mib,gpu_count,gpu_milli,gpu_models,priority,qos,app,max_per_node,node_selector,tolerations,labels",
      `"#odd,name",1.5,0.000001,100,64,1,250,A|B,0,,,,,*,`,
      "",
    ]);
  });

  it("openb default and gpu_node convert to native and back without loss", async () => {
    const nodes = await readAllNodes(openb("openb_node_list_gpu_node.csv"), "openb");
    const pods = await readAllPods(openb("openb_pod_list_default.csv"), "openb");
    const nf = join(tmp, "openb-nodes.csv");
    const pf = join(tmp, "openb-pods.csv");
    expect(await writeNodes(nf, nodes)).toBe(1213);
    expect(await writePods(pf, (async function* () { yield* pods; })())).toBe(8152);
    expect(noLine(await readAllNodes(nf))).toEqual(noLine(nodes));
    expect(noLine(await readAllPods(pf))).toEqual(noLine(pods));
    expect(readFileSync(pf, "utf8").split("\n")[3]).toBe("openb-pod-0001,427061,,6000,12288,1,460,,0,LS,,,,,");
  });

  it("refuses to write what the format cannot carry", () => {
    expect(() => nodesToCsv([{ ...node, memoryBytes: 1000 }])).toThrow("node n: memory 1000 B is not a whole number of MiB");
    expect(() => nodesToCsv([{ ...node, labels: { "a;b": "c" } }])).toThrow("not a valid label");
    expect(() => podsToCsv([{ ...base, tolerations: [{ key: "k", operator: "Exists", tolerationSeconds: 5 }] }])).toThrow(
      "cannot write toleration",
    );
  });
});

const node: TraceNode = { name: "n", cpuMilli: 1, memoryBytes: MIB, gpuCount: 0, gpuModel: null, maxPods: 110, labels: {}, taints: [], line: 0 };
const base: TracePod = {
  name: "p",
  arrivalUs: 0,
  durationUs: null,
  cpuMilli: 100,
  memoryBytes: 64 * MIB,
  gpuCount: 0,
  gpuMilli: 0,
  gpuModels: null,
  priority: 0,
  labels: {},
  nodeSelector: {},
  tolerations: [{ operator: "Exists" }],
  app: null,
  maxPerNode: null,
  qos: null,
  line: 0,
};
