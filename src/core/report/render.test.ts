import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExperimentCharts, type NamedChart } from "./charts/index.js";
import { specToSvg, svgToPng, writeChart } from "./render.js";
import { loadResults } from "./results.js";
import { writeSyntheticResults } from "./testing.js";
import { textWidth } from "./text-metrics.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let dir: string;
let charts: NamedChart[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "clusterlab-render-"));
  await writeSyntheticResults(join(dir, "res"), { workloads: ["openb"], seeds: [1, 2], pods: 80, samples: 40 });
  charts = await buildExperimentCharts(await loadResults(join(dir, "res")));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe("render", () => {
  it("every chart renders to an SVG with its axis titles and legend, no canvas needed", async () => {
    for (const c of charts) {
      const svg = await specToSvg(c.spec);
      expect(svg.startsWith("<svg"), c.name).toBe(true);
      expect(svg.endsWith("</svg>"), c.name).toBe(true);
      expect((svg.match(/<text/g) ?? []).length, c.name).toBeGreaterThan(5);
    }
    const alloc = await specToSvg(charts.find((c) => c.name === "allocation-gpu")!.spec);
    expect(alloc).toContain("GPU allocated (%)");
    expect(alloc).toContain("Time (h)");
    expect(alloc).toContain(">MostAllocated<");
  });

  it("a single-column chart is exactly the configured width", async () => {
    const svg = await specToSvg(charts[0]!.spec);
    expect(svg).toMatch(/^<svg[^>]* width="320" /);
  });

  it("PNG at 2× zoom: valid signature and twice the SVG's size", async () => {
    const svg = await specToSvg(charts[0]!.spec);
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const png = svgToPng(svg);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(png)).toEqual([2 * w!, 2 * h!]);
    expect(png.length).toBeGreaterThan(10_000);
  });

  it("writes <name>.vl.json, .svg and .png", async () => {
    const c = charts.find((x) => x.name === "wait-cdf")!;
    const out = join(dir, "charts");
    const f = await writeChart(out, c);
    expect(JSON.parse(await readFile(f.spec, "utf8"))).toEqual(c.spec);
    expect(await readFile(f.svg, "utf8")).toBe(f.svgText);
    const png = await readFile(f.png);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect((await stat(f.png)).size).toBeGreaterThan(10_000);
  });

  it("an invalid spec fails", async () => {
    await expect(specToSvg({ mark: "line", encoding: { x: { field: "a", type: "nope" } }, data: { values: [{ a: 1 }] } })).rejects.toThrow();
  });

  it("measures text with DejaVu Sans advance widths", () => {
    expect(textWidth("0", 10)).toBeCloseTo(6.36, 6);
    expect(textWidth("Time (h)", 12)).toBeCloseTo(((611 + 278 + 974 + 615 + 318 + 390 + 634 + 390) * 12) / 1000, 6);
  });
});
