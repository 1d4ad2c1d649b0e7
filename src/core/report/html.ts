/**
 * report.html: one self-contained page (inline CSS and SVG, no scripts, no external URLs) with the
 * summary tables, the charts, the experiment file and the environment.
 */
import { arch, cpus, platform, release, totalmem } from "node:os";
import { basename } from "node:path";
import { VERSION } from "../version.js";
import { clampInterval, metricInfo, metricLabel } from "./metric-info.js";
import type { AggregateRow, ComparisonRow } from "./stats.js";

export interface ReportChart {
  name: string;
  caption: string;
  svg: string;
}

export interface ReportData {
  title: string;
  generated: Date;
  /** e.g. "3 variants × 2 workloads × 5 seeds = 30 runs". */
  scope: string;
  aggregate: readonly AggregateRow[];
  comparison: readonly ComparisonRow[];
  baseline: string | null;
  /** Metrics shown in the tables, in order (the CSV files have all). */
  tableMetrics: readonly string[];
  charts: readonly ReportChart[];
  experimentFile: string | null;
  experimentText: string | null;
  environment: readonly [string, string][];
  /** Files offered for download (embedded as data: URIs). */
  downloads: readonly { name: string; text: string }[];
  /** A comparison with published results, when the folder has one (comparison.md). */
  reference?: ReferenceComparison | null;
}

/** The machine and software that produced the report. */
export function environmentRows(extra: Record<string, string> = {}, producers: readonly string[] = []): [string, string][] {
  const cpu = cpus();
  const rows: [string, string][] = [
    ["clusterlab", VERSION],
    ["Node.js", process.version],
    ["OS", `${platform()} ${release()} (${arch()})`],
    ["CPU", cpu.length ? `${cpu[0]!.model.trim()} × ${cpu.length}` : "unknown"],
    ["Memory", `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
  ];
  if (producers.length) rows.push(["Runs produced by", producers.join("; ")]);
  for (const [k, v] of Object.entries(extra)) {
    const i = rows.findIndex((r) => r[0] === k);
    if (i >= 0) rows[i] = [k, v];
    else rows.push([k, v]);
  }
  return rows;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A number for a table: 3 significant digits, no exponent for everyday magnitudes. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return "–";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a < 1e-3) return x.toPrecision(3);
  if (a >= 100) return Math.round(x).toLocaleString("en-US");
  return String(Number(x.toPrecision(3)));
}

/** Prefixes SVG ids so several inline charts cannot clash (vega names clip paths and gradients). */
export function scopeSvgIds(svg: string, prefix: string): string {
  if (!svg.includes('id="')) return svg;
  return svg.replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`).replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

function stripXmlProlog(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, "");
}

const CSS = `
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #dadce0; --bg-alt: #f6f8fa; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Roboto, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 64px; }
header h1 { font-size: 26px; margin: 0 0 4px; }
.meta { color: var(--muted); margin: 0; }
nav { margin: 18px 0 8px; padding: 10px 14px; background: var(--bg-alt); border-radius: 8px; }
nav a { margin-right: 18px; color: var(--accent); text-decoration: none; }
h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 22px 0 8px; }
p.note { color: var(--muted); font-size: 13.5px; margin: 4px 0 10px; max-width: 900px; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 10px; text-align: right; border-bottom: 1px solid var(--line); }
td .ci, th .variant { white-space: nowrap; }
h4 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); font-weight: 600; }
th { background: var(--bg-alt); font-weight: 600; vertical-align: bottom; }
th small { display: block; font-weight: 400; color: var(--muted); font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 11.5px; }
td.label, th.label { text-align: left; }
tbody tr:last-child td { border-bottom: none; }
tbody tr:hover { background: #fafbfc; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.ci { color: var(--muted); }
.sig { font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 20px; }
figure.chart { margin: 0; padding: 12px; border: 1px solid var(--line); border-radius: 8px; background: #fff; width: 548px; max-width: 100%; }
figure.chart svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 13px; color: var(--muted); min-width: 300px; margin-top: 8px; }
figcaption code { color: var(--fg); }
pre { background: var(--bg-alt); padding: 14px 16px; border-radius: 8px; overflow-x: auto; font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
dl.env { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
dl.env dt { color: var(--muted); }
dl.env dd { margin: 0; }
.downloads a { margin-right: 16px; color: var(--accent); }
@media print { nav { display: none; } figure.chart { break-inside: avoid; } }
`;

function dataUri(text: string, type = "text/csv"): string {
  return `data:${type};charset=utf-8;base64,${Buffer.from(text, "utf8").toString("base64")}`;
}

/** A row header: the metric's label and, small, its name in the CSV files. */
function metricCell(metric: string): string {
  return `<th class="label" scope="row" title="${escapeHtml(metric)}">${escapeHtml(metricLabel(metric))}<small>${escapeHtml(metric)}</small></th>`;
}

function variantHeader(variant: string, colors: Map<string, string>, note = ""): string {
  return `<th><span class="variant"><span class="swatch" style="background:${colors.get(variant) ?? "#999"}"></span>${escapeHtml(variant)}</span>${note ? `<small>${escapeHtml(note)}</small>` : ""}</th>`;
}

/** Rows in first-seen order, grouped by workload. */
function byWorkload<T extends { workload: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) (out.get(r.workload) ?? out.set(r.workload, []).get(r.workload)!).push(r);
  return out;
}

/**
 * Per workload, one table: a row per metric, a column per variant (so the page reads at 1,200 px
 * whatever the number of metrics; cells wrap their interval under the mean when columns are narrow).
 */
function aggregateTable(d: ReportData, colors: Map<string, string>): string {
  const metrics = d.tableMetrics.filter((m) => d.aggregate.some((r) => r.metric === m));
  if (metrics.length === 0) return `<p class="note">No summary metrics.</p>`;
  return [...byWorkload(d.aggregate)]
    .map(([workload, rows], i) => {
      const variants = [...new Set(rows.map((r) => r.variant))];
      const seeds = (v: string) => Math.max(0, ...rows.filter((r) => r.variant === v).map((r) => r.n));
      const head = variants.map((v) => variantHeader(v, colors, `${seeds(v)} seed${seeds(v) === 1 ? "" : "s"}`)).join("");
      const body = metrics.map((m) => {
        const cells = variants.map((v) => {
          const r = rows.find((x) => x.variant === v && x.metric === m);
          if (!r) return "<td>–</td>";
          const f = metricInfo(m).factor;
          const [lo, hi] = clampInterval(m, r.ci_low, r.ci_high);
          const ci = Number.isFinite(lo) && Number.isFinite(hi) ? ` <span class="ci">[${fmt(lo * f)}, ${fmt(hi * f)}]</span>` : "";
          return `<td>${fmt(r.mean * f)}${ci}</td>`;
        });
        return `<tr>${metricCell(m)}${cells.join("")}</tr>`;
      });
      return `<h4>${escapeHtml(workload)}</h4><div class="table-wrap"><table${i === 0 ? ' id="aggregate-table"' : ""} class="aggregate" data-workload="${escapeHtml(workload)}"><thead><tr><th class="label">Metric</th>${head}</tr></thead><tbody>${body.join("")}</tbody></table></div>`;
    })
    .join("\n");
}

function comparisonTable(d: ReportData, colors: Map<string, string>): string {
  const metrics = d.tableMetrics.filter((m) => d.comparison.some((r) => r.metric === m));
  if (!d.baseline || metrics.length === 0) return `<p class="note">No comparison (one variant, or no baseline).</p>`;
  return [...byWorkload(d.comparison)]
    .map(([workload, rows], i) => {
      const variants = [...new Set(rows.map((r) => r.variant))];
      const pairs = (v: string) => Math.max(0, ...rows.filter((r) => r.variant === v).map((r) => r.n));
      const head = variants.map((v) => variantHeader(v, colors, `vs ${d.baseline}, ${pairs(v)} pairs`)).join("");
      const body = metrics.map((m) => {
        const cells = variants.map((v) => {
          const r = rows.find((x) => x.variant === v && x.metric === m);
          if (!r) return "<td>–</td>";
          if (Number.isFinite(r.gmean_ratio)) {
            const ci = Number.isFinite(r.gmean_ratio_ci_low) ? [r.gmean_ratio_ci_low, r.gmean_ratio_ci_high] : null;
            const sig = ci !== null && (ci[0]! > 1 || ci[1]! < 1);
            return `<td${sig ? ' class="sig"' : ""}>×${fmt(r.gmean_ratio)}${ci ? ` <span class="ci">[${fmt(ci[0]!)}, ${fmt(ci[1]!)}]</span>` : ""}</td>`;
          }
          // No ratio (a zero or negative value): the paired difference in the row's unit.
          const f = metricInfo(m).factor;
          const ci = Number.isFinite(r.diff_ci_low) ? [r.diff_ci_low * f, r.diff_ci_high * f] : null;
          const sig = ci !== null && (ci[0]! > 0 || ci[1]! < 0);
          return `<td${sig ? ' class="sig"' : ""}>Δ ${r.diff_mean * f >= 0 ? "+" : ""}${fmt(r.diff_mean * f)}${ci ? ` <span class="ci">[${fmt(ci[0]!)}, ${fmt(ci[1]!)}]</span>` : ""}</td>`;
        });
        return `<tr>${metricCell(m)}${cells.join("")}</tr>`;
      });
      return `<h4>${escapeHtml(workload)}</h4><div class="table-wrap"><table${i === 0 ? ' id="comparison-table"' : ""} class="comparison" data-workload="${escapeHtml(workload)}"><thead><tr><th class="label">Metric</th>${head}</tr></thead><tbody>${body.join("")}</tbody></table></div>`;
    })
    .join("\n");
}

/** A reference comparison (e.g. comparison.md of a fill experiment: ours vs a paper's numbers). */
export interface ReferenceComparison {
  title: string;
  header: string[];
  rows: string[][];
}

/** Parses a Markdown file of one "# title" line and one pipe table. */
export function parseMarkdownTable(md: string): ReferenceComparison | null {
  const lines = md.split("\n");
  const title = (lines.find((l) => l.startsWith("# ")) ?? "").slice(2).trim();
  const table = lines.filter((l) => l.trim().startsWith("|"));
  if (table.length < 2) return null;
  const cells = (l: string) => l.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
  return { title, header: cells(table[0]!), rows: table.slice(2).map(cells) };
}

function referenceSection(ref: ReferenceComparison | null): string {
  if (!ref) return "";
  const e = escapeHtml;
  const head = ref.header.map((h, i) => `<th${i < 3 ? ' class="label"' : ""}>${e(h)}</th>`).join("");
  const body = ref.rows.map((r) => `<tr>${r.map((c, i) => `<td${i < 3 ? ' class="label"' : ""}>${e(c)}</td>`).join("")}</tr>`).join("");
  return `<h3>Compared with the published results</h3>
<p class="note">${e(ref.title || "Ours vs the reference")} (comparison.md).</p>
<div class="table-wrap"><table id="reference-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** The report page. `colors`: variant → colour, as in the charts. */
export function buildReportHtml(d: ReportData, colors: Map<string, string> = new Map()): string {
  const e = escapeHtml;
  const figures = d.charts
    .map((c) => {
      const id = `chart-${c.name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
      return `<figure class="chart" id="${e(id)}" data-chart="${e(c.name)}">${scopeSvgIds(stripXmlProlog(c.svg), id)}<figcaption><code>${e(c.name)}</code> — ${e(c.caption)}</figcaption></figure>`;
    })
    .join("\n");
  const env = d.environment.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join("");
  const downloads = d.downloads.map((f) => `<a download="${e(f.name)}" href="${dataUri(f.text)}">${e(f.name)}</a>`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="clusterlab ${e(VERSION)}">
<title>${e(d.title)} — clusterlab report</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>${e(d.title)}</h1>
<p class="meta">${e(d.scope)} · generated ${e(d.generated.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC"))} by clusterlab ${e(VERSION)}</p>
</header>
<nav><a href="#summary">Summary</a><a href="#charts">Charts</a><a href="#experiment">Experiment</a><a href="#environment">Environment</a></nav>
<section id="summary">
<h2>Summary</h2>
<h3>Per variant and workload</h3>
<p class="note">Mean over seeds and the 95 % confidence interval [low, high] (Student's t, n − 1 degrees of freedom), clipped to the metric's range (a count or a wait is never below 0); no interval with one seed.</p>
${aggregateTable(d, colors)}
<h3>Compared with ${d.baseline ? `<code>${e(d.baseline)}</code>` : "a baseline"}</h3>
<p class="note">Paired by workload and seed. ×r is the geometric mean of the per-seed ratios variant / baseline with its 95 % interval (t on log ratios); where a ratio is undefined (a zero value) Δ is the mean paired difference in the row's unit. Bold: the interval excludes "no change". comparison.csv also has the ratio of means with Fieller's interval.</p>
${comparisonTable(d, colors)}
${referenceSection(d.reference ?? null)}
${downloads ? `<p class="downloads">Download: ${downloads}</p>` : ""}
</section>
<section id="charts">
<h2>Charts</h2>
<div class="charts">
${figures || '<p class="note">No charts.</p>'}
</div>
</section>
<section id="experiment">
<h2>Experiment</h2>
${d.experimentText !== null ? `${d.experimentFile ? `<p class="note">${e(basename(d.experimentFile))}, as copied into the results folder</p>` : ""}<pre><code>${e(d.experimentText)}</code></pre>` : '<p class="note">The experiment file was not found in the results folder.</p>'}
</section>
<section id="environment">
<h2>Environment</h2>
<dl class="env">${env}</dl>
</section>
</main>
</body>
</html>
`;
}
