import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { detectTrace, readAllNodes, readAllPods } from "./reader.js";
import { MIB, newReadStats, TraceError } from "./types.js";

const fx = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "clusterlab-google-"));
const tasks = fx("google2011-task_events.csv");

async function traceError(p: Promise<unknown>): Promise<TraceError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TraceError);
  return e as TraceError;
}

describe("google-2011 task_events → pods (events paired per task attempt)", () => {
  it("SUBMIT opens, EVICT/FINISH/KILL close, resubmission is a new attempt, open tasks end the file", async () => {
    const pods = await readAllPods(tasks, "google-2011");
    // Emitted in close order: EVICT (line 7), FINISH (9), KILL after the trace end (12), then still open.
    expect(pods.map((p) => [p.name, p.arrivalUs, p.durationUs, p.line])).toEqual([
      ["6251812-0-0", 600_026_913, 605_000_000 - 600_026_913, 4],
      ["6251812-0-1", 605_000_001, 700_000_000 - 605_000_001, 8],
      ["3418309-0-0", 0, null, 1], // time 2^63−1 = after the trace: no end inside it
      ["3418309-1-0", 0, null, 3], // never closed
    ]);
  });

  it("scales normalised requests by the defaults (64 CPUs, 256Gi) and maps priority, class, different-machines", async () => {
    const pods = await readAllPods(tasks, "google-2011");
    expect(pods[3]).toEqual({
      name: "3418309-1-0",
      arrivalUs: 0,
      durationUs: null,
      cpuMilli: 8000, // 0.125 × 64,000
      memoryBytes: 19519 * MIB, // 0.07446 × 262,144 MiB = 19,519.24, rounded to whole MiB
      gpuCount: 0,
      gpuMilli: 0,
      gpuModels: null,
      priority: 9,
      labels: {},
      nodeSelector: {},
      tolerations: [],
      app: "3418309",
      maxPerNode: null,
      qos: "3",
      line: 3,
    });
    // UPDATE_PENDING (line 5) replaced cpu and priority before the attempt ended; empty memory kept the SUBMIT's.
    expect(pods[0]).toMatchObject({ cpuMilli: 2000, memoryBytes: 8192 * MIB, priority: 4, qos: "0", app: "6251812", maxPerNode: 1 });
    // The resubmission takes its own SUBMIT's requests.
    expect(pods[1]).toMatchObject({ cpuMilli: 4000, priority: 2 });
    // UPDATE_RUNNING (line 11, cpu 0.5) does not change a running pod.
    expect(pods[2]).toMatchObject({ cpuMilli: 8000 });
  });

  it("options cpuScale and memoryScale change the scale", async () => {
    const pods = await readAllPods(tasks, "google-2011", { formatOptions: { cpuScale: "32", memoryScale: "128Gi" } });
    expect(pods[3]).toMatchObject({ cpuMilli: 4000, memoryBytes: 9760 * MIB }); // 0.07446 × 131,072 = 9,759.6
  });

  it("reads gzipped files, also split parts concatenated (pairs across the part boundary)", async () => {
    const text = readFileSync(tasks);
    const gz = join(tmp, "task_events.csv.gz");
    writeFileSync(gz, gzipSync(text));
    const plain = await readAllPods(tasks, "google-2011");
    expect(await readAllPods(gz, "google-2011")).toEqual(plain);
    const lines = text.toString("utf8").split("\n");
    const parts = join(tmp, "parts.csv.gz");
    writeFileSync(parts, Buffer.concat([gzipSync(lines.slice(0, 6).join("\n") + "\n"), gzipSync(lines.slice(6).join("\n"))]));
    expect(await readAllPods(parts, "google-2011")).toEqual(plain);
    const notGz = join(tmp, "plain.csv.gz");
    writeFileSync(notGz, text);
    expect((await traceError(readAllPods(notGz, "google-2011"))).message).toBe(`${notGz}: cannot gunzip: incorrect header check`);
  });

  it("bad rows: file:line and column; skipped rows leave the pairing consistent", async () => {
    const f = fx("google2011-task_events-bad.csv");
    expect((await traceError(readAllPods(f, "google-2011"))).message).toBe(`${f}:2: column event type: expected 0 to 8, got "9"`);
    const stats = newReadStats();
    const pods = await readAllPods(f, "google-2011", { skipBadRows: true, stats });
    expect(stats.errors).toEqual([
      `${f}:2: column event type: expected 0 to 8, got "9"`,
      `${f}:3: column time: expected a non-negative integer, got "abc"`,
      `${f}:4: column memory request: expected a non-negative number, got "-0.5"`,
      `${f}:5: column scheduling class: expected 0 to 3, got "7"`,
      `${f}:6: column different-machines restriction: expected 0 or 1, got "2"`,
      `${f}:7: expected 13 fields, got 3`,
      `${f}:9: column time: expected a time ≥ the task's SUBMIT time 100 (line 8), got "50"`,
    ]);
    expect(pods.map((p) => [p.name, p.durationUs])).toEqual([
      ["1-0-0", 200],
      ["3-0-0", null], // its FINISH was bad, so it stays open
    ]);
    expect(stats).toMatchObject({ format: "google-2011", rows: 2, badRows: 7 });
  });
});

describe("google-2011 machine_events → nodes", () => {
  it("one node per machine from its first ADD; REMOVE, re-ADD and UPDATE ignored", async () => {
    const f = fx("google2011-machine_events.csv");
    const stats = newReadStats();
    const nodes = await readAllNodes(f, "google-2011", { skipBadRows: true, stats });
    expect(nodes.map((n) => [n.name, n.cpuMilli, n.memoryBytes / MIB, n.line])).toEqual([
      ["5", 32000, 65352, 1], // 0.2493 × 262,144 MiB = 65,352.4992
      ["6", 32000, 65352, 2],
      ["7", 64000, 262144, 6],
    ]);
    expect(nodes[0]).toMatchObject({ gpuCount: 0, gpuModel: null, maxPods: 110, labels: {}, taints: [] });
    expect(stats.errors).toEqual([`${f}:7: column CPUs: expected a non-negative number, got ""`]);
  });
});

describe("google-2011 format handling", () => {
  it("is never auto-detected, but detected by column count when named", async () => {
    const e = await traceError(readAllPods(tasks));
    expect(e.message).toMatch(/^.*:1: header "0,,3418309,0,.*" matches no known pods format \(openb, clusterlab, alibaba-dlrm-2025\); /);
    expect(e.message).toMatch(/files without a header \(google-2011, alibaba-2018\) need their format named explicitly$/);
    expect(await detectTrace(tasks, "google-2011")).toEqual({ format: "google-2011", kind: "pods" });
    expect(await detectTrace(fx("google2011-machine_events.csv"), "google-2011")).toEqual({ format: "google-2011", kind: "nodes" });
    const other = fx("alibaba2018-batch_task.csv");
    expect((await traceError(detectTrace(other, "google-2011"))).message).toBe(
      `${other}:1: first row (9 fields) is not a node or pod file of google-2011`,
    );
  });

  it("the wrong table for the kind, unknown options and bad option values are one-line errors", async () => {
    expect((await traceError(readAllNodes(tasks, "google-2011"))).message).toBe(`${tasks}:1: expected 6 fields (machine_events), got 13`);
    expect((await traceError(readAllPods(tasks, "google-2011", { formatOptions: { scale: "2" } }))).message).toBe(
      `${tasks}: trace format "google-2011" has no option "scale" (options: cpuScale, memoryScale)`,
    );
    expect((await traceError(readAllPods(tasks, "google-2011", { formatOptions: { cpuScale: "-4" } }))).message).toBe(
      `${tasks}: option cpuScale: expected a positive CPU quantity like "64", got "-4"`,
    );
    expect((await traceError(readAllPods(tasks, "openb", { formatOptions: { cpuScale: "4" } }))).message).toBe(
      `${tasks}: trace format "openb" has no option "cpuScale" (it takes no options)`,
    );
  });
});
