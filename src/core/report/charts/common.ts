/**
 * Shared pieces of the Vega-Lite specs: the paper style (single-column size, 9 pt text, no titles),
 * the variant colour encoding, facetting into small multiples, units, and the deep merge used for
 * user overrides. Specs are plain JSON objects with their data inlined.
 */
import type { ColorScale } from "../palette.js";
import { textWidth } from "../text-metrics.js";

export type VlSpec = Record<string, unknown>;

export interface ChartStyle {
  /** Whole figure width and height in px of a single (unfaceted) chart; 336 px = 3.5 in (one column) at 96 px/in. */
  width: number;
  height: number;
  /** Plot size of each cell of a small-multiples (faceted) chart. */
  facetWidth: number;
  facetHeight: number;
  /** Cells per row of a small-multiples chart. */
  facetColumns: number;
  /** Font size of all text in px (12 px = 9 pt at 96 dpi). */
  fontSize: number;
}

export const DEFAULT_STYLE: ChartStyle = { width: 336, height: 210, facetWidth: 180, facetHeight: 130, facetColumns: 3, fontSize: 12 };

export const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

/** What every builder needs besides its data. */
export interface ChartContext {
  colors: ColorScale;
  style: ChartStyle;
  /** Workloads shown; more than one → small multiples, one cell per workload, in this order. */
  workloads: string[];
}

export function paperConfig(style: ChartStyle): VlSpec {
  const fs = style.fontSize;
  const text = { labelFontSize: fs, titleFontSize: fs, titleFontWeight: "normal", labelColor: "#222", titleColor: "#222" };
  return {
    font: FONT,
    background: "white",
    padding: 4,
    view: { stroke: "#bbb", strokeWidth: 0.5 },
    axis: { ...text, gridColor: "#e8e8e8", gridWidth: 0.6, domainColor: "#666", tickColor: "#666", labelPadding: 2, titlePadding: 4 },
    legend: { ...text, title: null, orient: "top", direction: "horizontal", symbolStrokeWidth: 2.5, columnPadding: 10, rowPadding: 2, padding: 0, offset: 4, labelLimit: 400 },
    header: { labelFontSize: fs, titleFontSize: fs, labelFontWeight: "normal", titleFontWeight: "normal", labelColor: "#222", labelPadding: 4 },
    line: { strokeWidth: 1.6 },
    errorbar: { ticks: true, thickness: 1.2 },
  };
}

/**
 * Legend columns so the legend fits the figure width: the most columns whose widths (vega sizes each
 * column by its widest label; items fill rows left to right) add up to at most `width`.
 */
export function legendColumns(labels: readonly string[], style: ChartStyle, width: number): number {
  const item = labels.map((l) => textWidth(l, style.fontSize) + 34); // symbol (a dashed stroke) + gap
  for (let k = labels.length; k > 1; k--) {
    let total = 0;
    for (let c = 0; c < k; c++) {
      let w = 0;
      for (let i = c; i < item.length; i += k) w = Math.max(w, item[i]!);
      total += w + 10; // columnPadding
    }
    if (total <= width) return k;
  }
  return 1;
}

/** Splits an axis title into lines (at spaces) no wider than `maxWidth` px; a string if one line. */
export function wrapTitle(title: string, maxWidth: number, fontSize: number): string | string[] {
  if (textWidth(title, fontSize) <= maxWidth) return title;
  const lines: string[] = [];
  let line = "";
  for (const word of title.split(" ")) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, fontSize) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.length === 1 ? lines[0]! : lines;
}

/**
 * The variant colour channel with the experiment-wide explicit domain and range. `legend`: false for
 * none, "line" for stroke symbols (line charts, also when a band layer shares the scale), "square".
 */
export function colorEncoding(ctx: ChartContext, shown: readonly string[], legend: false | "line" | "square" = "line"): VlSpec {
  const w = ctx.workloads.length > 1 ? Math.min(ctx.workloads.length, ctx.style.facetColumns) * ctx.style.facetWidth : ctx.style.width;
  return {
    field: "variant",
    type: "nominal",
    scale: { domain: ctx.colors.domain, range: ctx.colors.range },
    sort: ctx.colors.domain,
    legend: legend
      ? { columns: legendColumns(shown, ctx.style, w), values: [...shown], symbolType: legend === "line" ? "stroke" : "square", ...(legend === "line" ? { symbolStrokeWidth: 2.5, symbolOpacity: 1 } : {}) }
      : null,
  };
}

/** Solid, dashed, dotted, dash-dot, long dash, … (in the variant order). */
export const DASHES: readonly number[][] = [[], [6, 3], [1.5, 2.5], [7, 2, 1.5, 2], [12, 3], [3, 3], [7, 2, 1.5, 2, 1.5, 2]];

/**
 * Colour and dash pattern by variant, with one legend showing both, so line series stay apart in
 * greyscale print and where two policies' lines overlap. `labels`: legend text per variant (default
 * the variant's name); the legend's columns are fitted to it.
 */
export function lineSeriesEncoding(ctx: ChartContext, shown: readonly string[], labels: ReadonlyMap<string, string> | null = null): { color: VlSpec; strokeDash: VlSpec } {
  const color = colorEncoding(ctx, shown);
  const legend =
    color.legend === null
      ? null
      : {
          ...(color.legend as VlSpec),
          ...(labels
            ? {
                labelExpr: [...labels].map(([v, l]) => `datum.label === ${JSON.stringify(v)} ? ${JSON.stringify(l)} : `).join("") + "datum.label",
                columns: legendColumns(shown.map((v) => labels.get(v) ?? v), ctx.style, ctx.style.width),
              }
            : {}),
        };
  return {
    color: { ...color, legend },
    strokeDash: { field: "variant", type: "nominal", scale: { domain: ctx.colors.domain, range: ctx.colors.domain.map((_, i) => DASHES[i % DASHES.length]!) }, sort: ctx.colors.domain, legend },
  };
}

/**
 * Wraps one view (layer/mark + encoding, data rows carrying a "workload" field) into a top-level
 * spec: a single chart of the configured size when there is one workload, else small multiples.
 */
export function topLevel(ctx: ChartContext, values: readonly object[], view: VlSpec, opts: { independentY?: boolean; independentX?: boolean; height?: number } = {}): VlSpec {
  const base = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", data: { values } };
  if (ctx.workloads.length <= 1) {
    return {
      ...base,
      width: ctx.style.width,
      height: opts.height ?? ctx.style.height,
      autosize: { type: "fit", contains: "padding" },
      ...view,
      config: paperConfig(ctx.style),
    };
  }
  const resolve: Record<string, string> = {};
  if (opts.independentY) resolve.y = "independent";
  if (opts.independentX) resolve.x = "independent";
  return {
    ...base,
    facet: { field: "workload", type: "nominal", sort: ctx.workloads, title: null },
    columns: Math.min(ctx.workloads.length, ctx.style.facetColumns),
    spec: { width: ctx.style.facetWidth, height: opts.height !== undefined ? Math.round((opts.height * ctx.style.facetHeight) / ctx.style.height) : ctx.style.facetHeight, ...view },
    ...(Object.keys(resolve).length ? { resolve: { scale: resolve } } : {}),
    spacing: 12,
    config: paperConfig(ctx.style),
  };
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Merges `override` into `base` (a new object): objects merge key by key, arrays and scalars replace,
 * and null deletes the key (e.g. {config: {legend: {orient: "right"}}} or {width: 500}).
 */
export function deepMerge(base: VlSpec, override: unknown): VlSpec {
  if (!isPlain(override)) return base;
  const out: VlSpec = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === null) delete out[k];
    else if (isPlain(v) && isPlain(out[k])) out[k] = deepMerge(out[k] as VlSpec, v);
    else out[k] = structuredClone(v);
  }
  return out;
}

export interface Unit {
  /** Divide µs by this. */
  div: number;
  label: string;
}

/** A readable time unit for values up to `maxUs` µs. */
export function timeUnit(maxUs: number): Unit {
  const s = maxUs / 1e6;
  if (s < 2) return { div: 1e3, label: "ms" };
  if (s < 600) return { div: 1e6, label: "s" };
  if (s < 7_200) return { div: 60e6, label: "min" };
  if (s < 10 * 86_400) return { div: 3600e6, label: "h" };
  return { div: 86_400e6, label: "d" };
}

/** Rounds for inlined data: 6 significant digits keep the JSON small without visible loss. */
export function r6(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : null;
}

export type BandKind = "minmax" | "iqr" | "ci" | "none";
export const BAND_KINDS: readonly BandKind[] = ["minmax", "iqr", "ci", "none"];
