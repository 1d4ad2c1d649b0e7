/**
 * Vega-Lite spec → SVG (vega's headless View, no canvas) → PNG (resvg, 2× zoom, DejaVu Sans), and the
 * files <name>.vl.json, <name>.svg and <name>.png for each chart.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { NamedChart, VlSpec } from "./charts/index.js";
import { installTextMetrics } from "./text-metrics.js";

export interface RenderOptions {
  /** PNG zoom factor (default 2: crisp in print at the figure's size). */
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

/** PNG bytes of an SVG. */
export function svgToPng(svg: string, opts: RenderOptions = {}): Buffer {
  const r = new Resvg(svg, {
    fitTo: { mode: "zoom", value: opts.pngScale ?? 2 },
    background: "white",
    font: {
      loadSystemFonts: opts.fontFiles === undefined,
      ...(opts.fontFiles ? { fontFiles: opts.fontFiles } : {}),
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  return r.render().asPng();
}

export interface ChartFiles {
  name: string;
  spec: string;
  svg: string;
  png: string;
  /** The SVG text, for embedding (e.g. in report.html). */
  svgText: string;
}

/** Writes <dir>/<name>.vl.json, .svg and .png for one chart. */
export async function writeChart(dir: string, chart: Pick<NamedChart, "name" | "spec">, opts: RenderOptions = {}): Promise<ChartFiles> {
  await mkdir(dir, { recursive: true });
  const base = join(dir, chart.name);
  const svgText = await specToSvg(chart.spec);
  const files = { name: chart.name, spec: `${base}.vl.json`, svg: `${base}.svg`, png: `${base}.png`, svgText };
  await writeFile(files.spec, JSON.stringify(chart.spec, null, 2) + "\n");
  await writeFile(files.svg, svgText);
  await writeFile(files.png, svgToPng(svgText, opts));
  return files;
}
