/**
 * Vega-Lite spec → SVG (vega's headless View, no canvas) → PNG (resvg, DejaVu Sans, 300 dpi at the
 * figure's print size: a 336 px = 3.5 in column figure becomes 1,050 px) and vector PDF (PDFKit with
 * svg-to-pdfkit, DejaVu Sans embedded where installed), and the files <name>.vl.json, .svg, .png and
 * .pdf for each chart. All four are byte-identical for the same spec.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { existsSync } from "node:fs";
import { crc32 } from "node:zlib";
import { Resvg } from "@resvg/resvg-js";
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import { VERSION } from "../version.js";
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { NamedChart, VlSpec } from "./charts/index.js";
import { installTextMetrics } from "./text-metrics.js";

/** CSS pixels per inch: a figure of W px prints W / 96 inches wide. */
export const PX_PER_INCH = 96;
/** Print resolution of the PNGs. */
export const PNG_DPI = 300;

export interface RenderOptions {
  /** PNG zoom factor (default 300 / 96: 300 dpi at the figure's print size). */
  pngScale?: number;
  /** Font files for resvg; default: the system fonts, DejaVu Sans for generic families. */
  fontFiles?: string[];
}

/** The SVG of a Vega-Lite spec. Throws with the chart's problem when the spec is invalid. */
export async function specToSvg(spec: VlSpec): Promise<string> {
  installTextMetrics();
  // A copy: vega tags inline data rows with tuple ids, which must not leak into the caller's spec.
  const vg = compile(structuredClone(spec) as unknown as TopLevelSpec).spec;
  const view = new View(parse(vg), { renderer: "none", logLevel: 1 /* errors only */ });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG bytes of an SVG, tagged with its print resolution (so a word processor or LaTeX sizes it right). */
export function svgToPng(svg: string, opts: RenderOptions = {}): Buffer {
  const scale = opts.pngScale ?? PNG_DPI / PX_PER_INCH;
  const r = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: {
      loadSystemFonts: opts.fontFiles === undefined,
      ...(opts.fontFiles ? { fontFiles: opts.fontFiles } : {}),
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  return withDpi(r.render().asPng(), Math.round(scale * PX_PER_INCH));
}

/** Vector PDF of an SVG: one page of the figure's print size (px × 0.75 pt). */
export function svgToPdf(svg: string): Promise<Buffer> {
  const { width, height } = svgSize(svg);
  const pt = (px: number) => px * (72 / PX_PER_INCH);
  return new Promise((resolve, reject) => {
    // A fixed creation date and no random file id: the same chart gives the same bytes.
    const doc = new PDFDocument({ size: [pt(width), pt(height)], margin: 0, info: { Producer: "clusterlab", Creator: `clusterlab ${VERSION}`, CreationDate: new Date(0) } });
    const font = existsSync(DEJAVU) ? "DejaVu Sans" : "Helvetica";
    if (font !== "Helvetica") doc.registerFont(font, DEJAVU);
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    SVGtoPDF(doc, svg, 0, 0, { width: pt(width), height: pt(height), preserveAspectRatio: "xMinYMin meet", fontCallback: () => font });
    doc.end();
  });
}

const DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

function svgSize(svg: string): { width: number; height: number } {
  const head = svg.slice(0, 400);
  const w = /\bwidth="([\d.]+)"/.exec(head);
  const h = /\bheight="([\d.]+)"/.exec(head);
  return { width: w ? Number(w[1]) : 336, height: h ? Number(h[1]) : 210 };
}

/** Inserts a pHYs chunk (pixels per metre) after IHDR. */
function withDpi(png: Buffer, dpi: number): Buffer {
  const ppm = Math.round(dpi / 0.0254);
  const data = Buffer.alloc(9);
  data.writeUInt32BE(ppm, 0);
  data.writeUInt32BE(ppm, 4);
  data[8] = 1; // unit: metre
  const type = Buffer.from("pHYs", "ascii");
  const chunk = Buffer.alloc(4 + 4 + 9 + 4);
  chunk.writeUInt32BE(9, 0);
  type.copy(chunk, 4);
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(Buffer.concat([type, data])), 17);
  const ihdrEnd = 8 + 4 + 4 + 13 + 4; // signature, IHDR length, type, data, CRC
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}

export interface ChartFiles {
  name: string;
  spec: string;
  svg: string;
  png: string;
  pdf: string;
  /** The SVG text, for embedding (e.g. in report.html). */
  svgText: string;
}

/** Writes <dir>/<name>.vl.json, .svg, .png and .pdf for one chart. */
export async function writeChart(dir: string, chart: Pick<NamedChart, "name" | "spec">, opts: RenderOptions = {}): Promise<ChartFiles> {
  await mkdir(dir, { recursive: true });
  const base = join(dir, chart.name);
  const svgText = await specToSvg(chart.spec);
  const files = { name: chart.name, spec: `${base}.vl.json`, svg: `${base}.svg`, png: `${base}.png`, pdf: `${base}.pdf`, svgText };
  await writeFile(files.spec, JSON.stringify(chart.spec, null, 2) + "\n");
  await writeFile(files.svg, svgText);
  await writeFile(files.png, svgToPng(svgText, opts));
  await writeFile(files.pdf, await svgToPdf(svgText));
  return files;
}
