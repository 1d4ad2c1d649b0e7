import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../version.js";
import { escapeHtml, fmt, scopeSvgIds } from "./html.js";
import { parseYaml } from "../util/yaml-doc.js";
import { StrictDecoder } from "../util/strict-decoder.js";
import { decodeReportOptions, writeReport, type ReportResult } from "./index.js";
import { writeSyntheticResults } from "./testing.js";

let dir: string;
let result: ReportResult;
let html: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "clusterlab-report-"));
  await writeSyntheticResults(dir, { workloads: ["openb", "bursty"], seeds: [1, 2, 3], pods: 80, samples: 40 });
  result = await writeReport(dir, { baseline: "MostAllocated", environment: { Machine: "test-vm" } });
  html = await readFile(result.report, "utf8");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("writeReport", () => {
  it("writes aggregate.csv, comparison.csv, the charts and report.html", async () => {
    expect(result.report).toBe(join(dir, "report.html"));
    expect((await readFile(join(dir, "aggregate.csv"), "utf8")).split("\n")[0]).toBe("variant,workload,metric,n,mean,sd,ci_low,ci_high,min,max");
    const cmp = (await readFile(join(dir, "comparison.csv"), "utf8")).trim().split("\n");
    expect(cmp.slice(1).every((l) => l.split(",")[1] === "MostAllocated")).toBe(true);
    for (const c of result.charts) for (const f of [c.spec, c.svg, c.png]) expect(existsSync(f), f).toBe(true);
    expect(result.charts.length).toBeGreaterThanOrEqual(10);
  });

  it("embeds every chart as inline SVG, in order", () => {
    const names = [...html.matchAll(/<figure class="chart" id="[^"]+" data-chart="([^"]+)"><svg /g)].map((m) => m[1]);
    expect(names).toEqual(result.charts.map((c) => c.name));
  });

  it("is self-contained: no scripts, no external resources", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link(?![^>]*href="data:)[^>]*>/i);
    // The only http(s) strings allowed are XML namespace names of the SVGs (never fetched).
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    expect(urls.filter((u) => !u.startsWith("http://www.w3.org/"))).toEqual([]);
    expect(html).not.toMatch(/\b(src|href)="(?!#|data:)/);
  });

  it("shows the experiment file, the environment and the tables", () => {
    expect(html).toContain("<h1>synthetic</h1>");
    expect(html).toContain("kind: Experiment");
    expect(html).toContain(`<dd>${VERSION}</dd>`);
    expect(html).toContain(`<dd>${process.version}</dd>`);
    expect(html).toContain("<dt>Machine</dt><dd>test-vm</dd>");
    expect(html).toContain("3 variants × 2 workloads × 3 seeds = 18 runs");
    expect(html).toContain('id="aggregate-table"');
    expect(html).toContain("Compared with <code>MostAllocated</code>");
    // One table per workload, a row per metric, a column per variant (the baseline's compared with itself left out).
    const tables = [...html.matchAll(/<table[^>]* class="comparison" data-workload="([^"]+)">([\s\S]*?)<\/table>/g)];
    expect(tables.map((t) => t[1])).toEqual(["openb", "bursty"]);
    const head = /<thead>([\s\S]*?)<\/thead>/.exec(tables[0]![2]!)![1]!;
    expect([...head.matchAll(/<\/span>([^<]+)<\/span><small>/g)].map((m) => m[1])).toEqual(["default", "BalancedAllocation"]);
    const aggregates = [...html.matchAll(/<table[^>]* class="aggregate" data-workload="([^"]+)">([\s\S]*?)<\/table>/g)];
    expect(aggregates.map((t) => t[1])).toEqual(["openb", "bursty"]);
    // Waits in seconds in every table: the row's label names the unit once.
    expect(aggregates[0]![2]).toContain("Mean scheduling wait (s)<small>wait_us.mean</small>");
  });

  it("shows a comparison with published results (comparison.md) naming its metric", async () => {
    const md = "# Unallocated GPU (%) at 100 % arrived: ours vs theirs\n\n| workload | arrived | policy | ours | theirs | diff |\n|---|---:|---|---:|---:|---:|\n| default | 100 % | FGD | 4.70 ± 0.10 | 4.77 ± 0.20 | -0.07 |\n";
    await writeFile(join(dir, "comparison.md"), md);
    const page = await readFile((await writeReport(dir, { baseline: "MostAllocated" })).report, "utf8");
    await rm(join(dir, "comparison.md"));
    expect(page).toContain("Compared with the published results");
    expect(page).toContain("Unallocated GPU (%) at 100 % arrived: ours vs theirs");
    const table = /<table id="reference-table">([\s\S]*?)<\/table>/.exec(page)![1]!;
    expect([...table.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1])).toEqual(["default", "100 %", "FGD", "4.70 ± 0.10", "4.77 ± 0.20", "-0.07"]);
  });

  it("rejects a baseline that is not a variant", async () => {
    await expect(writeReport(dir, { baseline: "nope" })).rejects.toThrow(/baseline "nope" is not a variant/);
  });
});

describe("html helpers", () => {
  it("escapes text and formats numbers", () => {
    expect(escapeHtml(`<a href="x">&</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    expect([fmt(0), fmt(1234.5), fmt(0.12345), fmt(NaN), fmt(2.5e7)]).toEqual(["0", "1,235", "0.123", "–", "25,000,000"]);
  });

  it("scopes SVG ids so inline charts cannot clash", () => {
    expect(scopeSvgIds('<clipPath id="clip1"/><g clip-path="url(#clip1)"/>', "c")).toBe('<clipPath id="c-clip1"/><g clip-path="url(#c-clip1)"/>');
  });
});

describe("decodeReportOptions", () => {
  // Options as they sit under `report:` of a file (JSON is YAML), decoded with the file's positions.
  const decode = (raw: unknown) => {
    const src = parseYaml(JSON.stringify({ report: raw }), "e.yaml");
    return decodeReportOptions(new StrictDecoder(src, "."), (src.docs[0]!.toJS() as { report: unknown }).report, ["report"]);
  };
  it("decodes every field", () => {
    const all = { baseline: "a", charts: ["allocation", "metrics"], metrics: ["wait_us.p99"], width: 400, band: "iqr", override: { config: {} }, overrides: { "wait-ccdf": { width: 1 } } };
    expect(decode(all)).toEqual(all);
    expect(decode(undefined)).toEqual({});
  });
  it.each([
    [{ colour: 1 }, /^e\.yaml:1:\d+: report\.colour: unknown field "colour"/],
    [{ width: "wide" }, /^e\.yaml:1:\d+: report\.width: expected an integer ≥ 100, got "wide"$/],
    [{ width: 99 }, /report\.width: expected an integer ≥ 100, got 99$/],
    [{ fontSize: 5.5 }, /report\.fontSize: expected a number ≥ 6, got 5.5$/],
    [{ pngScale: 0 }, /report\.pngScale: expected a number > 0$/],
    [{ pngScale: 9 }, /report\.pngScale: expected a number ≥ 0 and ≤ 8, got 9$/],
    [{ charts: ["pie"] }, /report\.charts\[0\]: unknown chart "pie"/],
    [{ band: "sd" }, /report\.band: expected one of minmax, iqr, ci, none, got "sd"$/],
    [{ override: [1] }, /report\.override: expected an object \(raw Vega-Lite\), got a list$/],
    [{ overrides: { x: 1 } }, /report\.overrides\.x: expected an object \(raw Vega-Lite\), got 1$/],
    [{ metrics: "wait_us.p99" }, /report\.metrics: expected a list of strings, got "wait_us.p99"$/],
    [{ metrics: [""] }, /report\.metrics\[0\]: expected a non-empty string, got ""$/],
    [[], /report: expected an object, got a list$/],
  ])("rejects %j", (raw, msg) => {
    expect(() => decode(raw)).toThrow(msg);
  });
});
