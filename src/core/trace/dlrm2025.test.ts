import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readAllNodes, readAllPods, readPods } from "./reader.js";
import { MIB, newReadStats, TraceError } from "./types.js";

const dir = fileURLToPath(new URL("../../../traces/alibaba-dlrm-2025/", import.meta.url));
const trace = dir + "disaggregated_DLRM_trace.csv";
const fx = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe("bundled alibaba-dlrm-2025 trace", () => {
  it("matches its SHA256SUMS (the same bytes as the shared copy)", () => {
    const [sum, file] = readFileSync(dir + "SHA256SUMS", "utf8").trim().split(/ {2}/);
    expect(file).toBe("disaggregated_DLRM_trace.csv");
    expect(createHash("sha256").update(readFileSync(trace)).digest("hex")).toBe(sum);
    expect(sum).toBe("fb17bc4b3f412d5280f70f04a1bdf2adfc4429d1e61237a5b106e86206414295");
  });

  it("recommended-nodes.csv is what recommended-nodes.sh writes: the README's 2,680-node cluster", async () => {
    const written = execFileSync("sh", [dir + "recommended-nodes.sh"], { encoding: "utf8" });
    expect(written).toBe(readFileSync(dir + "recommended-nodes.csv", "utf8"));
    const nodes = await readAllNodes(dir + "recommended-nodes.csv", "auto");
    expect(nodes.length).toBe(2680);
    const sum = (f: (n: (typeof nodes)[number]) => number) => nodes.reduce((a, n) => a + f(n), 0);
    // Totals from the README: 468,480 vCPU; 2,498,560 GiB; 3,840 GPUs.
    expect(sum((n) => n.cpuMilli)).toBe(468_480_000);
    expect(sum((n) => n.memoryBytes) / 1024 ** 3).toBe(2_498_560);
    expect(sum((n) => n.gpuCount)).toBe(3840);
    expect(nodes.filter((n) => n.labels["clusterlab.io/pool"] === "hn").every((n) => n.gpuCount === 8)).toBe(true);
  });

  it("23,871 pods of 156 apps: 16,485 CN (no GPU), 7,386 HN (one GPU); figures from the trace README", async () => {
    const pods = await readAllPods(trace, "auto");
    expect(pods.length).toBe(23871);
    expect(new Set(pods.map((p) => p.app)).size).toBe(156);
    const cn = pods.filter((p) => p.labels["clusterlab.io/role"] === "CN");
    expect(cn.length).toBe(16485);
    expect(cn.every((p) => p.gpuCount === 0 && p.gpuMilli === 0)).toBe(true);
    const hn = pods.filter((p) => p.labels["clusterlab.io/role"] === "HN");
    expect(hn.length).toBe(7386);
    expect(hn.every((p) => p.gpuCount === 1 && p.gpuMilli === 1000)).toBe(true);
    // Empty creation_time (7,280) = existed before the trace; empty deletion_time (8,878) = alive at the end.
    expect(pods.filter((p) => p.arrivalUs === 0).length).toBe(7280);
    expect(pods.filter((p) => p.durationUs === null).length).toBe(8878);
    expect(pods.filter((p) => p.maxPerNode === null).length).toBe(12248);
    expect(pods.reduce((s, p) => s + p.cpuMilli, 0)).toBe(1_252_594_000);
    expect(pods.reduce((s, p) => s + p.memoryBytes, 0)).toBe(6_497_698_304 * MIB);
  });

  it("maps the first row: pre-existing, alive at the end, per-app cap 8", async () => {
    const gen = readPods(trace, "alibaba-dlrm-2025");
    const first = (await gen.next()).value;
    await gen.return(undefined as never);
    // instance_0,HN,app_0,12,12,1,1,25,25,120.0,120.0,640.0,800.0,8,,,
    expect(first).toEqual({
      name: "instance_0",
      arrivalUs: 0,
      durationUs: null,
      cpuMilli: 12000,
      memoryBytes: 120 * 1024 * MIB,
      gpuCount: 1,
      gpuMilli: 1000,
      gpuModels: null,
      priority: 0,
      labels: { "clusterlab.io/role": "HN" },
      nodeSelector: {},
      tolerations: [],
      app: "app_0",
      maxPerNode: 8,
      qos: null,
      line: 2,
    });
  });

  it("real departures and float-noise times (rounded to the µs)", async () => {
    const pods = await readAllPods(trace, "alibaba-dlrm-2025");
    // line 7283: instance_7281,CN,app_88,64,…,320.0,…,-1,610.0,683.0,91730.0
    expect(pods.find((p) => p.name === "instance_7281")).toMatchObject({
      arrivalUs: 610_000_000,
      durationUs: 91_120_000_000,
      cpuMilli: 64000,
      memoryBytes: 320 * 1024 * MIB,
      gpuCount: 0,
      app: "app_88",
      maxPerNode: null,
      line: 7283,
    });
    // line 7329: creation_time 15404.000000000002, deletion_time empty.
    expect(pods.find((p) => p.name === "instance_7327")).toMatchObject({ arrivalUs: 15_404_000_000, durationUs: null, line: 7329 });
    // Pre-existing pods that leave: duration = deletion − 0.
    const pre = pods.filter((p) => p.arrivalUs === 0 && p.durationUs !== null);
    expect(pre.length).toBe(2603);
    const durations = pods.flatMap((p) => (p.durationUs === null ? [] : [p.durationUs])).sort((a, b) => a - b);
    expect(durations.length).toBe(14993);
    expect(durations[7496]).toBe(15_350_000_000); // median lifetime, as in the bundle README
  });
});

describe("alibaba-dlrm-2025 bad rows", () => {
  it("report file:line and the column, or are skipped and counted", async () => {
    const f = fx("dlrm2025-bad.csv");
    const e = await readAllPods(f, "alibaba-dlrm-2025").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TraceError);
    expect((e as TraceError).message).toBe(
      `${f}:3: column max_instance_per_node: expected a positive integer or -1 (no cap), got "0"`,
    );
    const stats = newReadStats();
    const pods = await readAllPods(f, "auto", { skipBadRows: true, stats });
    expect(stats.errors).toEqual([
      `${f}:3: column max_instance_per_node: expected a positive integer or -1 (no cap), got "0"`,
      `${f}:4: column deletion_time: expected a time ≥ creation_time (30.5), got "20.0"`,
      `${f}:5: column memory_request: expected a non-negative number, got "abc"`,
      `${f}:6: expected 17 fields, got 16`,
      `${f}:7: column max_instance_per_node: expected a positive integer or -1 (no cap), got "-2"`,
    ]);
    expect(pods.map((p) => p.name)).toEqual(["instance_0", "instance_6"]);
    // 1.0000000002 s → 1 s; deletion 3.5 s → 2.5 s of life.
    expect(pods[1]).toMatchObject({ arrivalUs: 1_000_000, durationUs: 2_500_000, maxPerNode: 4, cpuMilli: 8000, memoryBytes: 40 * 1024 * MIB });
  });
});
