import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { detectTrace, readAllNodes, readAllPods } from "./reader.js";
import { MIB, newReadStats, TraceError, US_PER_S } from "./types.js";

const fx = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const batch = fx("alibaba2018-batch_task.csv");
const containers = fx("alibaba2018-container_meta.csv");
const machines = fx("alibaba2018-machine_meta.csv");
const s = (sec: number): number => sec * US_PER_S;

async function traceError(p: Promise<unknown>): Promise<TraceError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TraceError);
  return e as TraceError;
}

describe("alibaba-2018 batch_task → one pod per instance", () => {
  it("instance_num copies, plan_cpu × 10 milli, plan_mem / 100 × 512Gi, start/end seconds with 0 sentinels", async () => {
    const pods = await readAllPods(batch, "alibaba-2018");
    expect(pods.map((p) => [p.name, p.arrivalUs, p.durationUs, p.cpuMilli, p.memoryBytes / MIB, p.app, p.line])).toEqual([
      ["j_1-M1-0", s(1000), s(100), 1000, 1049, "j_1", 1], // 0.2 % of 524,288 MiB = 1,048.6
      ["j_1-R2_1-0", s(1100), s(150), 500, 3093, "j_1", 2],
      ["j_1-R2_1-1", s(1100), s(150), 500, 3093, "j_1", 2],
      ["j_1-R2_1-2", s(1100), s(150), 500, 3093, "j_1", 2],
      // end_time 0 = outside the window: no end.
      ["j_2-task_Nzg3ODAwNDgzMTAwNTc2NTQ2Mw==-0", s(86000), null, 6000, 7864, "j_2", 3],
      ["j_2-task_Nzg3ODAwNDgzMTAwNTc2NTQ2Mw==-1", s(86000), null, 6000, 7864, "j_2", 3],
      // start_time 0 = before the window: arrival 0, duration up to the end.
      ["j_3-M1-0", 0, s(400), 1000, 1049, "j_3", 4],
    ]);
    expect(pods[0]).toMatchObject({ gpuCount: 0, gpuMilli: 0, priority: 0, maxPerNode: null, qos: null, labels: {} });
  });

  it("memoryScale option", async () => {
    const pods = await readAllPods(batch, "alibaba-2018", { formatOptions: { memoryScale: "100Gi" } });
    expect(pods[0]!.memoryBytes).toBe(205 * MIB); // 0.2 % of 102,400 MiB = 204.8
  });

  it("bad rows name the column (invalid −1/101 memory, end before start, short rows)", async () => {
    const f = fx("alibaba2018-batch_task-bad.csv");
    expect((await traceError(readAllPods(f, "alibaba-2018"))).message).toBe(
      `${f}:1: column plan_mem: expected a normalised memory size from 0 to 100, got "101"`,
    );
    const stats = newReadStats();
    const pods = await readAllPods(f, "alibaba-2018", { skipBadRows: true, stats });
    expect(stats.errors).toEqual([
      `${f}:1: column plan_mem: expected a normalised memory size from 0 to 100, got "101"`,
      `${f}:2: column plan_mem: expected a non-negative number, got "-1"`,
      `${f}:3: column end_time: expected 0 or a time ≥ start_time (1000), got "900"`,
      `${f}:4: column instance_num: expected a non-negative integer, got "x"`,
      `${f}:5: expected 9 fields, got 8`,
      `${f}:6: column plan_cpu: expected a non-negative number, got ""`,
    ]);
    expect(pods.map((p) => p.name)).toEqual(["j_1-M7-0", "j_1-M7-1"]);
    expect(stats).toMatchObject({ rows: 2, badRows: 6 });
  });
});

describe("alibaba-2018 container_meta → one pod per container", () => {
  it("first snapshot = arrival, last = end; a single snapshot time = no end; first-seen order", async () => {
    const pods = await readAllPods(containers, "alibaba-2018");
    expect(pods.map((p) => [p.name, p.arrivalUs, p.durationUs, p.cpuMilli, p.memoryBytes / MIB, p.app, p.line])).toEqual([
      ["c_1", 0, s(691200), 4000, 8179, "app_5052", 1], // cpu_request 400 = 4 cores; 1.56 % of 512Gi = 8,178.9 MiB
      ["c_2", 0, null, 4000, 8179, "app_5052", 2],
      ["c_3", s(86400), s(86400), 500, 2621, "app_7", 4],
      ["c_4", s(3600), null, 500, 2621, null, 6], // empty app_du: no app
    ]);
  });
});

describe("alibaba-2018 machine_meta → nodes", () => {
  it("first row per machine, cpu_num cores, failure domains as labels", async () => {
    const stats = newReadStats();
    const nodes = await readAllNodes(machines, "alibaba-2018", { skipBadRows: true, stats });
    expect(nodes.map((n) => [n.name, n.cpuMilli, n.memoryBytes / MIB, n.labels, n.line])).toEqual([
      ["m_1", 96000, 524288, { "clusterlab.io/failure-domain-1": "1", "clusterlab.io/failure-domain-2": "A" }, 1],
      ["m_2", 96000, 524288, { "clusterlab.io/failure-domain-1": "1", "clusterlab.io/failure-domain-2": "B" }, 2],
      ["m_3", 64000, 262144, { "clusterlab.io/failure-domain-1": "2", "clusterlab.io/failure-domain-2": "C" }, 4],
    ]);
    expect(stats.errors).toEqual([
      `${machines}:5: column failure_domain_2: expected a label value (letters, digits, -_.), got "C D"`,
    ]);
  });
});

describe("alibaba-2018 table selection", () => {
  it("by column count when the format is named; never auto-detected", async () => {
    expect(await detectTrace(batch, "alibaba-2018")).toEqual({ format: "alibaba-2018", kind: "pods" });
    expect(await detectTrace(containers, "alibaba-2018")).toEqual({ format: "alibaba-2018", kind: "pods" });
    expect(await detectTrace(machines, "alibaba-2018")).toEqual({ format: "alibaba-2018", kind: "nodes" });
    expect((await traceError(detectTrace(batch))).message).toMatch(/need their format named explicitly$/);
  });

  it("the table option asserts the table; the kind must fit it", async () => {
    const pods = await readAllPods(batch, "alibaba-2018", { formatOptions: { table: "batch_task" } });
    expect(pods.length).toBe(7);
    expect((await traceError(readAllPods(batch, "alibaba-2018", { formatOptions: { table: "container_meta" } }))).message).toBe(
      `${batch}:1: expected 8 fields (container_meta), got 9`,
    );
    expect((await traceError(readAllNodes(batch, "alibaba-2018"))).message).toBe(
      `${batch}:1: expected 7 fields (machine_meta) in a nodes file, got 9`,
    );
    expect((await traceError(readAllPods(machines, "alibaba-2018"))).message).toBe(
      `${machines}:1: expected 9 fields (batch_task) or 8 fields (container_meta) in a pods file, got 7`,
    );
    expect((await traceError(readAllPods(batch, "alibaba-2018", { formatOptions: { table: "batch_instance" } }))).message).toBe(
      `${batch}: option table: expected auto, batch_task, container_meta, machine_meta, got "batch_instance"`,
    );
    expect((await traceError(readAllPods(batch, "alibaba-2018", { formatOptions: { memoryScale: "lots" } }))).message).toBe(
      `${batch}: option memoryScale: expected a positive memory quantity like "256Gi", got "lots"`,
    );
  });
});
