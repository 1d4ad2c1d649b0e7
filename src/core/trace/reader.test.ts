import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { detectTrace, readAllNodes, readAllPods, readNodes, readPods } from "./reader.js";
import { newReadStats, TraceError } from "./types.js";

const fx = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "clusterlab-trace-"));
function tmpFile(name: string, text: string): string {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
}

/** The TraceError a promise rejects with (fails the test if it resolves or throws something else). */
async function traceError(p: Promise<unknown>): Promise<TraceError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TraceError);
  return e as TraceError;
}

describe("bad input is reported as file:line: column …", () => {
  it("non-number value names the column and the raw value", async () => {
    const f = fx("openb-bad-values.csv");
    const e = await traceError(readAllPods(f, "openb"));
    expect(e.message).toBe(`${f}:4: column cpu_milli: expected a non-negative integer, got "abc"`);
    expect([e.file, e.line]).toEqual([f, 4]);
  });

  it("skipBadRows skips and counts every bad row, keeping their messages", async () => {
    const f = fx("openb-bad-values.csv");
    const stats = newReadStats();
    const names: string[] = [];
    for await (const p of readPods(f, "openb", { skipBadRows: true, stats })) names.push(p.name);
    expect(names).toEqual(["p0", "p1", "p6"]);
    expect(stats).toMatchObject({ format: "openb", rows: 3, badRows: 4 });
    expect(stats.errors).toEqual([
      `${f}:4: column cpu_milli: expected a non-negative integer, got "abc"`,
      `${f}:5: column memory_mib: expected a non-negative integer, got "-5"`,
      `${f}:6: column creation_time: expected a non-negative integer, got "1.5"`,
      `${f}:7: column deletion_time: expected a time ≥ creation_time (20), got "10"`,
    ]);
  });

  it("the stats are also the generator's return value", async () => {
    const gen = readPods(fx("openb-bad-values.csv"), "auto", { skipBadRows: true });
    let r = await gen.next();
    while (!r.done) r = await gen.next();
    expect(r.value).toMatchObject({ format: "openb", rows: 3, badRows: 4 });
  });

  it("truncated and overlong rows report expected vs got field counts", async () => {
    const f = fx("openb-truncated.csv");
    expect((await traceError(readAllPods(f, "openb"))).message).toBe(`${f}:3: expected 11 fields, got 7`);
    const stats = newReadStats();
    const pods = await readAllPods(f, "openb", { skipBadRows: true, stats });
    expect(pods.map((p) => p.name)).toEqual(["p0", "p3"]);
    expect(stats.errors).toEqual([`${f}:3: expected 11 fields, got 7`, `${f}:4: expected 11 fields, got 12`]);
  });

  it("an unclosed quote is reported at the row where it opens, even with skipBadRows", async () => {
    const f = fx("openb-unclosed-quote.csv");
    const msg = `${f}:3: unclosed quote in column model: the quoted field is never closed`;
    expect((await traceError(readAllNodes(f, "openb"))).message).toBe(msg);
    expect((await traceError(readAllNodes(f, "openb", { skipBadRows: true }))).message).toBe(msg);
    // Rows before the broken one are still delivered first.
    const seen: string[] = [];
    const consume = async (): Promise<void> => {
      for await (const n of readNodes(f, "openb")) seen.push(n.name);
    };
    await traceError(consume());
    expect(seen).toEqual(["n0"]);
  });

  it("a character after a closing quote is malformed CSV", async () => {
    const f = tmpFile("close.csv", 'sn,cpu_milli,memory_mib,gpu,model\n\nn0,1,1,0,"x"y\n');
    expect((await traceError(readAllNodes(f, "openb"))).message).toBe(
      `${f}:3: malformed CSV in column model: a closing quote must be followed by "," or the end of the line`,
    );
  });

  it("an unknown header column is an error at the header line", async () => {
    const f = fx("native-unknown-column.csv");
    const e = await traceError(readAllPods(f, "clusterlab"));
    expect(e.message).toBe(
      `${f}:2: column "colour" is not a clusterlab pods column (known: name, arrival_s, duration_s, cpu_milli, ` +
        `memory_mib, gpu_count, gpu_milli, gpu_models, priority, qos, app, max_per_node, node_selector, tolerations, labels)`,
    );
    // A bad header stays fatal with skipBadRows: no row could be decoded.
    await traceError(readAllPods(f, "clusterlab", { skipBadRows: true }));
    expect((await traceError(readAllPods(f, "auto"))).message).toBe(
      `${f}:2: header "name,arrival_s,cpu_milli,memory_mib,gpu_count,colour" matches no known pods format (openb, clusterlab, alibaba-dlrm-2025); ` +
        `files without a header (google-2011, alibaba-2018) need their format named explicitly`,
    );
  });

  it("num_gpu / gpu_milli inconsistencies name gpu_milli and the rule", async () => {
    const f = fx("openb-gpu-inconsistent.csv");
    const stats = newReadStats();
    const pods = await readAllPods(f, "openb", { skipBadRows: true, stats });
    expect(pods.map((p) => [p.name, p.gpuCount, p.gpuMilli])).toEqual([["ok", 1, 500]]);
    expect(stats.errors).toEqual([
      `${f}:2: column gpu_milli: expected 1000 when num_gpu > 1, got "500"`,
      `${f}:3: column gpu_milli: expected 1 to 1000 when num_gpu = 1, got "0"`,
      `${f}:4: column gpu_milli: expected 0 when num_gpu = 0, got "250"`,
      `${f}:5: column gpu_milli: expected 1 to 1000 when num_gpu = 1, got "1200"`,
    ]);
  });

  it("missing file, empty file, unknown format, missing required column", async () => {
    const missing = join(tmp, "nope.csv");
    expect((await traceError(readAllPods(missing))).message).toMatch(`${missing}: cannot read: ENOENT`);
    const empty = tmpFile("empty.csv", "");
    expect((await traceError(readAllPods(empty))).message).toBe(`${empty}: no header row (empty file)`);
    const ok = fx("native-pods.csv");
    expect((await traceError(readAllPods(ok, "google2011"))).message).toBe(
      `${ok}: unknown trace format "google2011" (known: openb, clusterlab, alibaba-dlrm-2025, google-2011, alibaba-2018, auto)`,
    );
    const noMem = tmpFile("nomem.csv", "name,arrival_s,cpu_milli\np,0,1\n");
    expect((await traceError(readAllPods(noMem, "clusterlab"))).message).toBe(
      `${noMem}:1: missing required column memory_mib in the clusterlab pods header`,
    );
  });
});

describe("line numbers and detection", () => {
  it("lines count comments, blank lines, CRLF and multi-line quoted fields", async () => {
    const pods = await readAllPods(fx("native-pods.csv"));
    expect(pods.map((p) => [p.name, p.line])).toEqual([
      ["web-0", 3],
      ["train-0", 4],
      ["share-0", 5],
      ["late", 7],
    ]);
    const nodes = await readAllNodes(fx("native-nodes.csv"));
    expect(nodes.map((n) => [n.name, n.line])).toEqual([
      ["cpu-1", 4],
      ["gpu-1", 5],
      ["gpu-2", 7],
    ]);
    const crlf = tmpFile("crlf.csv", "sn,cpu_milli,memory_mib,gpu,model\r\nn0,1,1,0,\r\n\r\nn1,x,1,0,\r\n");
    expect((await traceError(readAllNodes(crlf))).message).toBe(
      `${crlf}:4: column cpu_milli: expected a non-negative integer, got "x"`,
    );
  });

  it("auto detects format and kind from the header", async () => {
    const openb = fileURLToPath(new URL("../../../traces/openb/openb_pod_list_multigpu20.csv", import.meta.url));
    expect(await detectTrace(openb)).toEqual({ format: "openb", kind: "pods" });
    expect(await detectTrace(fx("native-nodes.csv"))).toEqual({ format: "clusterlab", kind: "nodes" });
    expect(await detectTrace(fx("native-pods.csv"), "clusterlab")).toEqual({ format: "clusterlab", kind: "pods" });
    const f = fx("native-unknown-column.csv");
    expect((await traceError(detectTrace(f))).message).toMatch(`${f}:2: header "name,arrival_s,`);
  });

  it("breaking out of iteration early stops reading", async () => {
    const f = fileURLToPath(new URL("../../../traces/openb/openb_pod_list_default.csv", import.meta.url));
    const stats = newReadStats();
    let n = 0;
    for await (const _ of readPods(f, "openb", { stats })) if (++n === 10) break;
    expect(stats.rows).toBe(10);
  });
});
