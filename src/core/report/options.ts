/**
 * The report/chart options an experiment file can carry (e.g. under `report:`), decoded strictly:
 * unknown fields, wrong types and out-of-range values fail with the field path.
 */
import { BAND_KINDS, type BandKind } from "./charts/common.js";
import { CHART_KINDS, type ChartKind, type ChartOptions } from "./charts/index.js";
import type { RenderOptions } from "./render.js";
import { isMapping as isObj } from "../util/strict-decoder.js";

export interface ReportOptions extends ChartOptions, RenderOptions {
  /** Variant the others are compared with (default: the first variant). */
  baseline?: string;
  /** Variant order (colours, rows); others follow in first-seen order. */
  variants?: string[];
  workloads?: string[];
  /** Metrics shown in the report's tables (the CSV files have all of them). */
  tableMetrics?: string[];
  /** The experiment file shown in the report (default: <results>/experiment.yaml). */
  experimentFile?: string;
  /** Page title (default: the experiment's metadata.name, else the folder name). */
  title?: string;
  /** Where charts go (default: <outDir>/charts). */
  chartsDir?: string;
  /** Where aggregate.csv, comparison.csv and report.html go (default: the results folder). */
  outDir?: string;
  /** Extra rows for the report's environment section. */
  environment?: Record<string, string>;
}

type Path = readonly (string | number)[];
export type Fail = (path: Path, message: string) => never;


const FIELDS = [
  "baseline", "variants", "workloads", "charts", "metrics", "tableMetrics", "width", "height", "facetWidth", "facetHeight", "facetColumns",
  "fontSize", "band", "fillArrivedPct", "pngScale", "override", "overrides", "title",
] as const;

/** JSON Schema of the options (for the experiment file's schema). */
export const REPORT_OPTIONS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  description: "Charts and report.html: which charts, which metrics, size, and raw Vega-Lite overrides.",
  properties: {
    baseline: { type: "string", description: "Variant the others are compared with (default: the first)." },
    variants: { type: "array", items: { type: "string" }, description: "Variant order: colours and table rows." },
    workloads: { type: "array", items: { type: "string" } },
    charts: { type: "array", items: { enum: [...CHART_KINDS] }, description: "Which kinds of chart (default: all with data)." },
    metrics: { type: "array", items: { type: "string" }, description: "Summary metrics drawn as bar charts, e.g. wait_us.p99." },
    tableMetrics: { type: "array", items: { type: "string" }, description: "Summary metrics in the report's tables." },
    width: { type: "integer", minimum: 100, description: "Figure width in px (default 320 ≈ 3.3 in at 96 dpi)." },
    height: { type: "integer", minimum: 60, description: "Figure height in px (default 200)." },
    facetWidth: { type: "integer", minimum: 60, description: "Cell width of small multiples (default 180)." },
    facetHeight: { type: "integer", minimum: 40, description: "Cell height of small multiples (default 130)." },
    facetColumns: { type: "integer", minimum: 1, description: "Cells per row of small multiples (default 3)." },
    fontSize: { type: "number", minimum: 6, description: "Font size in px (default 12 = 9 pt)." },
    band: { enum: [...BAND_KINDS], description: "Band around lines over seeds (default minmax)." },
    fillArrivedPct: { type: "number", minimum: 0, description: "Arrived % for the fill-allocation bar chart (default 100)." },
    pngScale: { type: "number", exclusiveMinimum: 0, maximum: 8, description: "PNG zoom (default 2)." },
    override: { type: "object", description: "Raw Vega-Lite deep-merged into every chart (null deletes a key)." },
    overrides: { type: "object", additionalProperties: { type: "object" }, description: "Raw Vega-Lite per chart name or kind." },
    title: { type: "string", description: "Report title." },
  },
} as const;

/** Decodes raw YAML/JSON options at `path`; errors go through `fail` (which throws). */
export function decodeReportOptions(raw: unknown, fail: Fail, path: Path = []): ReportOptions {
  if (raw === undefined || raw === null) return {};
  if (!isObj(raw)) fail(path, "expected an object");
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!(FIELDS as readonly string[]).includes(k)) fail([...path, k], `unknown field "${k}" (allowed: ${FIELDS.join(", ")})`);
  const out: ReportOptions = {};
  const str = (k: string): string | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || v === "") fail([...path, k], "expected a non-empty string");
    return v as string;
  };
  const strs = (k: string): string[] | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) fail([...path, k], "expected a list of strings");
    (v as unknown[]).forEach((x, i) => {
      if (typeof x !== "string" || x === "") fail([...path, k, i], "expected a non-empty string");
    });
    return [...(v as string[])];
  };
  const number = (k: string, min: number, integer: boolean, max = Infinity): number | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
      fail([...path, k], `expected ${integer ? "an integer" : "a number"} ≥ ${min}${max < Infinity ? ` and ≤ ${max}` : ""}, got ${JSON.stringify(v)}`);
    }
    return v as number;
  };
  const oneOf = <T extends string>(k: string, allowed: readonly T[]): T | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) fail([...path, k], `expected one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
    return v as T;
  };
  const set = <K extends keyof ReportOptions>(k: K, v: ReportOptions[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set("baseline", str("baseline"));
  set("title", str("title"));
  set("variants", strs("variants"));
  set("workloads", strs("workloads"));
  set("metrics", strs("metrics"));
  set("tableMetrics", strs("tableMetrics"));
  const charts = strs("charts");
  charts?.forEach((c, i) => {
    if (!(CHART_KINDS as readonly string[]).includes(c)) fail([...path, "charts", i], `unknown chart "${c}" (charts: ${CHART_KINDS.join(", ")})`);
  });
  set("charts", charts as ChartKind[] | undefined);
  set("width", number("width", 100, true));
  set("height", number("height", 60, true));
  set("facetWidth", number("facetWidth", 60, true));
  set("facetHeight", number("facetHeight", 40, true));
  set("facetColumns", number("facetColumns", 1, true));
  set("fontSize", number("fontSize", 6, false));
  set("fillArrivedPct", number("fillArrivedPct", 0, false));
  const png = number("pngScale", 0, false, 8);
  if (png === 0) fail([...path, "pngScale"], "expected a number > 0");
  set("pngScale", png);
  set("band", oneOf<BandKind>("band", BAND_KINDS));
  if (o.override !== undefined) {
    if (!isObj(o.override)) fail([...path, "override"], "expected an object (raw Vega-Lite)");
    out.override = o.override as Record<string, unknown>;
  }
  if (o.overrides !== undefined) {
    if (!isObj(o.overrides)) fail([...path, "overrides"], "expected an object: chart name or kind → raw Vega-Lite");
    for (const [k, v] of Object.entries(o.overrides as Record<string, unknown>)) if (!isObj(v)) fail([...path, "overrides", k], "expected an object (raw Vega-Lite)");
    out.overrides = o.overrides as Record<string, Record<string, unknown>>;
  }
  return out;
}
