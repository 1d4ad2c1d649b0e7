import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExperimentCharts, type NamedChart } from "./charts/index.js";
import { specToSvg, svgToPdf, svgToPng, writeChart } from "./render.js";
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
    expect(svg).toMatch(/^<svg[^>]* width="336" /);
  });

  it("PNG at 300 dpi for the figure's print size: 3.5 in = 1,050 px wide, tagged 300 dpi", async () => {
    const svg = await specToSvg(charts[0]!.spec);
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const png = svgToPng(svg);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(png)).toEqual([Math.round((w! * 300) / 96), Math.round((h! * 300) / 96)]);
    expect(pngSize(png)[0]).toBe(1050);
    // pHYs right after IHDR: 11,811 px per metre = 300 dpi, unit metre; its CRC checked by a decoder below.
    expect(png.subarray(37, 41).toString("ascii")).toBe("pHYs");
    expect([png.readUInt32BE(41), png.readUInt32BE(45), png[49]]).toEqual([11811, 11811, 1]);
    expect(png.length).toBeGreaterThan(10_000);
  });

  it("PDF: one vector page of the figure's print size, DejaVu Sans embedded, the same bytes every time", async () => {
    const svg = await specToSvg(charts[0]!.spec);
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const pdf = await svgToPdf(svg);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = pdf.toString("latin1");
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(text)!;
    expect([Number(box[1]), Number(box[2])]).toEqual([w! * 0.75, h! * 0.75]);
    expect(text).not.toMatch(/\/Subtype \/Image/); // vector, not a picture of the chart
    if (existsSync("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")) expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    expect((await svgToPdf(svg)).equals(pdf)).toBe(true);
  });

  it("writes <name>.vl.json, .svg, .png and .pdf", async () => {
    const c = charts.find((x) => x.name === "wait-ccdf")!;
    const out = join(dir, "charts");
    const f = await writeChart(out, c);
    expect(JSON.parse(await readFile(f.spec, "utf8"))).toEqual(c.spec);
    expect(await readFile(f.svg, "utf8")).toBe(f.svgText);
    const png = await readFile(f.png);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect((await stat(f.png)).size).toBeGreaterThan(10_000);
    expect((await readFile(f.pdf)).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("an invalid spec fails", async () => {
    await expect(specToSvg({ mark: "line", encoding: { x: { field: "a", type: "nope" } }, data: { values: [{ a: 1 }] } })).rejects.toThrow();
  });

  it("measures text with DejaVu Sans advance widths", () => {
    expect(textWidth("0", 10)).toBeCloseTo(6.36, 6);
    expect(textWidth("Time (h)", 12)).toBeCloseTo(((611 + 278 + 974 + 615 + 318 + 390 + 634 + 390) * 12) / 1000, 6);
  });
});
