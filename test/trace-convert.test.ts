import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { traceCommand } from "../src/cli/trace.js";
import { isInputError } from "../src/core/errors.js";
import { cli } from "./helpers.js";
import { convertTrace, readAllNodes, readAllPods, TraceError, type TraceNode, type TracePod } from "../src/core/trace/index.js";

const root = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));
const fx = (name: string): string => root(`src/core/trace/fixtures/${name}`);
const openbPods = root("traces/openb/openb_pod_list_default.csv");
const openbNodes = root("traces/openb/openb_node_list_gpu_node.csv");
const dlrm = root("traces/alibaba-dlrm-2025/disaggregated_DLRM_trace.csv");
const noLine = <T extends { line: number }>(rows: T[]): Omit<T, "line">[] => rows.map(({ line: _, ...r }) => r);

let dir: string;
let out: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "clusterlab-convert-"));
  out = [];
  vi.spyOn(console, "log").mockImplementation((s: unknown) => void out.push(String(s)));
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The error a promise rejects with; fails if it resolves. */
async function rejection(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  return e as Error;
}

describe("clusterlab trace convert → clusterlab-csv/v1", () => {
  it("openb default pod list: 8,152 pods read back identically with the native reader", async () => {
    const file = join(dir, "openb-pods.csv");
    expect(await traceCommand(["convert", openbPods, "--out", file])).toBe(0);
    expect(out).toEqual([`wrote 8,152 pods to ${file} (from format openb)`]);
    const text = readFileSync(file, "utf8").split("\n");
    expect(text.slice(0, 3)).toEqual([
      "# clusterlab-csv/v1 pods",
      "# converted from: openb_pod_list_default.csv (format openb)",
      "name,arrival_s,duration_s,cpu_milli,memory_mib,gpu_count,gpu_milli,gpu_models,priority,qos,app,max_per_node,node_selector,tolerations,labels",
    ]);
    // openb-pod-0001: created 427061 s, still running at the trace end (deletion 12902960 → no duration).
    expect(text[4]).toBe("openb-pod-0001,427061,,6000,12288,1,460,,0,LS,,,,,");
    const source = await readAllPods(openbPods, "openb");
    const back = await readAllPods(file, "clusterlab");
    expect(back.length).toBe(8152);
    expect(noLine(back)).toEqual(noLine(source));
    expect(back[0]!.line).toBe(4); // two comment lines + header
  });

  it("openb GPU node list: 1,213 nodes, same totals", async () => {
    const file = join(dir, "nodes.csv");
    const r = await convertTrace(openbNodes, file, { kind: "nodes" });
    expect(r).toEqual({ kind: "nodes", format: "openb", rows: 1213, badRows: 0, errors: [] });
    const back: TraceNode[] = await readAllNodes(file, "clusterlab");
    expect(noLine(back)).toEqual(noLine(await readAllNodes(openbNodes, "openb")));
    expect(back.reduce((s, n) => s + n.gpuCount, 0)).toBe(6212);
  });

  it("DLRM 2025: lifetimes, apps, per-app caps and roles survive the round trip", async () => {
    // A sample: the header and rows 7,250–7,449 (pre-existing pods, then ones with float-noise times).
    const lines = readFileSync(dlrm, "utf8").split("\n");
    const sample = join(dir, "dlrm-sample.csv");
    writeFileSync(sample, [lines[0], ...lines.slice(7249, 7449)].join("\n") + "\n");
    const file = join(dir, "dlrm-pods.csv");
    expect(await traceCommand(["convert", sample, "--format", "alibaba-dlrm-2025", "--kind", "pods", "--out", file])).toBe(0);
    const source: TracePod[] = await readAllPods(sample, "alibaba-dlrm-2025");
    const back = await readAllPods(file, "clusterlab");
    expect(back.length).toBe(200);
    expect(noLine(back)).toEqual(noLine(source));
    expect(back.filter((p) => p.durationUs === null).length).toBeGreaterThan(0);
    expect(back.filter((p) => p.maxPerNode !== null).length).toBeGreaterThan(0);
    const row = readFileSync(file, "utf8").split("\n").find((l) => l.startsWith("instance_7281,"));
    expect(row).toBe("instance_7281,610,91120,64000,327680,0,0,,0,,app_88,,,,clusterlab.io/role=CN");
  });

  it("the whole bundled DLRM trace converts: 23,871 pods", async () => {
    const file = join(dir, "dlrm-all.csv");
    const r = await convertTrace(dlrm, file);
    expect(r).toMatchObject({ kind: "pods", format: "alibaba-dlrm-2025", rows: 23871, badRows: 0 });
    expect((await readAllPods(file, "auto")).length).toBe(23871);
  });

  it("gzipped Google task_events with format options (headerless: --format required)", async () => {
    const gz = join(dir, "task_events.csv.gz");
    writeFileSync(gz, gzipSync(readFileSync(fx("google2011-task_events.csv"))));
    const file = join(dir, "google.csv");
    const args = ["convert", gz, "--format", "google-2011", "--option", "cpuScale=32", "--option", "memoryScale=128Gi", "--out", file];
    expect(await traceCommand(args)).toBe(0);
    const text = readFileSync(file, "utf8").split("\n");
    expect(text[2]).toBe("# format options: cpuScale=32 memoryScale=128Gi");
    const back = await readAllPods(file, "clusterlab");
    expect(back.map((p) => [p.name, p.arrivalUs, p.durationUs, p.cpuMilli, p.priority, p.maxPerNode])).toEqual([
      ["6251812-0-0", 600_026_913, 4_973_087, 1000, 4, 1],
      ["6251812-0-1", 605_000_001, 94_999_999, 2000, 2, 1],
      ["3418309-0-0", 0, null, 4000, 9, null],
      ["3418309-1-0", 0, null, 4000, 9, null],
    ]);
    const e = await rejection(traceCommand(["convert", gz, "--out", join(dir, "x.csv")]));
    expect(e).toBeInstanceOf(TraceError);
    expect(e.message).toMatch(/need their format named explicitly$/);
  });

  it("Alibaba 2018 machine_meta → nodes with failure-domain labels", async () => {
    const file = join(dir, "ali-nodes.csv");
    const r = await convertTrace(fx("alibaba2018-machine_meta.csv"), file, { format: "alibaba-2018", skipBadRows: true });
    expect(r).toMatchObject({ kind: "nodes", rows: 3, badRows: 1 });
    expect(readFileSync(file, "utf8").split("\n")[3]).toBe(
      "m_1,96000,524288,0,,110,clusterlab.io/failure-domain-1=1;clusterlab.io/failure-domain-2=A,",
    );
  });
});

describe("convert errors: one line, exit code 2, nothing half-written", () => {
  it("a bad row is file:line; the existing output is left as it was and no temp file remains", async () => {
    const file = join(dir, "out.csv");
    writeFileSync(file, "previous\n");
    const bad = fx("dlrm2025-bad.csv");
    const e = await rejection(traceCommand(["convert", bad, "--out", file, "--force"]));
    expect(e).toBeInstanceOf(TraceError);
    expect(isInputError(e)).toBe(true); // main prints it as one line and exits 2
    expect(e.message).toBe(`${bad}:3: column max_instance_per_node: expected a positive integer or -1 (no cap), got "0"`);
    expect(readFileSync(file, "utf8")).toBe("previous\n");
    expect(readdirSync(dir)).toEqual(["out.csv"]);
  });

  it("--skip-bad-rows converts the rest and reports the count", async () => {
    const file = join(dir, "out.csv");
    expect(await traceCommand(["convert", fx("dlrm2025-bad.csv"), "--skip-bad-rows", "--out", file])).toBe(0);
    expect(out).toEqual([`wrote 2 pods to ${file} (from format alibaba-dlrm-2025, 5 bad rows skipped)`]);
    expect((await readAllPods(file)).map((p) => p.name)).toEqual(["instance_0", "instance_6"]);
  });

  it.each([
    [["convert", openbPods], "trace convert: --out <file.csv> is required"],
    [["convert", "--out", "x.csv"], "trace convert: expected exactly one input file"],
    [["convert", openbPods, "--out", "x.csv", "--kind", "jobs"], `trace convert: --kind must be pods or nodes, got "jobs"`],
    [["convert", openbPods, "--out", "x.csv", "--kind", "nodes"], `convert: ${openbPods} is a pods file of format openb, not a nodes file`],
    [["convert", openbPods, "--out", "x.csv", "--option", "cpuScale"], `--option: expected name=value, got "cpuScale"`],
    [["convert", openbPods, "--out", openbPods], `convert: the output ${openbPods} is the input file`],
    [["frobnicate"], `trace: unknown subcommand "frobnicate" (known: info, convert, formats)`],
  ])("%j → %s", async (args, message) => {
    const e = await rejection(traceCommand(args));
    expect(isInputError(e)).toBe(true);
    expect(e.message).toBe(message);
  });

  it("unknown option for the format, unwritable output directory", async () => {
    const e1 = await rejection(traceCommand(["convert", openbPods, "--out", join(dir, "o.csv"), "--option", "cpuScale=2"]));
    expect(e1.message).toBe(`${openbPods}: trace format "openb" has no option "cpuScale" (it takes no options)`);
    const target = join(dir, "missing-dir", "o.csv");
    const e2 = await rejection(convertTrace(openbPods, target));
    expect(isInputError(e2)).toBe(true);
    expect(e2.message).toBe(`convert: cannot write ${target}: folder ${join(dir, "missing-dir")} does not exist`);
    expect(existsSync(join(dir, "o.csv"))).toBe(false);
  });
});

describe("trace info and formats", () => {
  it("info keeps working, also on headerless files with --format and options", async () => {
    expect(await traceCommand(["info", fx("google2011-machine_events.csv"), "--format", "google-2011", "--skip-bad-rows", "--output", "json"])).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ kind: "nodes", format: "google-2011", nodes: 3, badRows: 1, totals: { cpuMilli: 128000 } });
    out.length = 0;
    expect(await traceCommand(["info", openbNodes])).toBe(0);
    expect(out[0]).toContain("gpuModels: model=G2 nodes=549 gpus=4392");
  });

  it("formats lists every format with its options", async () => {
    expect(await traceCommand(["formats"])).toBe(0);
    const text = out.join("\n");
    for (const name of ["openb", "clusterlab", "alibaba-dlrm-2025", "google-2011 (no header", "alibaba-2018 (no header"]) expect(text).toContain(name);
    expect(text).toContain("--option memoryScale=…");
  });
});

describe("the built CLI (dist/, built by pretest)", () => {
  it("exit 0 with a one-line summary; exit 2 with a one-line file:line error on bad input", () => {
    const file = join(dir, "cli.csv");
    const ok = cli(["trace", "convert", fx("alibaba2018-container_meta.csv"), "--format", "alibaba-2018", "--out", file]);
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, `wrote 4 pods to ${file} (from format alibaba-2018)\n`, ""]);
    const bad = fx("alibaba2018-batch_task-bad.csv");
    const r = cli(["trace", "convert", bad, "--format", "alibaba-2018", "--out", join(dir, "bad.csv")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`clusterlab trace: ${bad}:1: column plan_mem: expected a normalised memory size from 0 to 100, got "101"\n`);
    expect(readdirSync(dir)).toEqual(["cli.csv"]);
  });
});

