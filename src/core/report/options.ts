/**
 * The report/chart options an experiment file can carry (e.g. under `report:`), decoded strictly:
 * unknown fields, wrong types and out-of-range values fail with the field path.
 */
import { BAND_KINDS, type BandKind } from "./charts/common.js";
import { CHART_KINDS, type ChartKind, type ChartOptions } from "./charts/index.js";
import type { RenderOptions } from "./render.js";
import { describeValue, isMapping, type StrictDecoder } from "../util/strict-decoder.js";
import type { FieldPath } from "../util/yaml-doc.js";

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

/** Decodes the raw `report:` options at `path` of the file `d` reads. */
export function decodeReportOptions(d: StrictDecoder, raw: unknown, path: FieldPath = []): ReportOptions {
  if (raw === undefined || raw === null) return {};
  const o = d.obj(raw, path, FIELDS);
  const out: ReportOptions = {};
  const set = <K extends keyof ReportOptions>(k: K, v: ReportOptions[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  const optionalStr = (k: string) => (o[k] === undefined ? undefined : d.str(o, k, path));
  const optionalInt = (k: string, min: number) => (o[k] === undefined ? undefined : d.intValue(o[k], [...path, k], min));
  set("baseline", optionalStr("baseline"));
  set("title", optionalStr("title"));
  set("variants", d.strings(o, "variants", path));
  set("workloads", d.strings(o, "workloads", path));
  set("metrics", d.strings(o, "metrics", path));
  set("tableMetrics", d.strings(o, "tableMetrics", path));
  const charts = d.strings(o, "charts", path);
  charts?.forEach((c, i) => {
    if (!(CHART_KINDS as readonly string[]).includes(c)) d.fail([...path, "charts", i], `unknown chart "${c}" (charts: ${CHART_KINDS.join(", ")})`);
  });
  set("charts", charts as ChartKind[] | undefined);
  set("width", optionalInt("width", 100));
  set("height", optionalInt("height", 60));
  set("facetWidth", optionalInt("facetWidth", 60));
  set("facetHeight", optionalInt("facetHeight", 40));
  set("facetColumns", optionalInt("facetColumns", 1));
  set("fontSize", d.number(o, "fontSize", path, 6));
  set("fillArrivedPct", d.number(o, "fillArrivedPct", path, 0));
  const png = d.number(o, "pngScale", path, 0, 8);
  if (png === 0) d.fail([...path, "pngScale"], "expected a number > 0");
  set("pngScale", png);
  set("band", d.oneOf<BandKind>(o, "band", path, BAND_KINDS));
  if (o.override !== undefined) {
    if (!isMapping(o.override)) d.fail([...path, "override"], `expected an object (raw Vega-Lite), got ${describeValue(o.override)}`);
    out.override = o.override;
  }
  if (o.overrides !== undefined) {
    const overrides = o.overrides;
    if (!isMapping(overrides)) d.fail([...path, "overrides"], `expected an object: chart name or kind → raw Vega-Lite, got ${describeValue(overrides)}`);
    for (const [k, v] of Object.entries(overrides)) if (!isMapping(v)) d.fail([...path, "overrides", k], `expected an object (raw Vega-Lite), got ${describeValue(v)}`);
    out.overrides = overrides as Record<string, Record<string, unknown>>;
  }
  return out;
}
