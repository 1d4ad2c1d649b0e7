/**
 * The proxy benchmark's results folder: one CSV per measurement, the charts (Vega-Lite, SVG, PNG, PDF),
 * a self-contained report.html and manifest.json; written atomically like every results folder.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { csvField } from "../../core/util/csv-field.js";
import { markerJson, writeAtomically } from "../../core/util/results-folder.js";
import { CALIBRATION_SOURCE } from "../../core/network/sync-cost.js";
import { environmentRows, escapeHtml, scopeSvgIds } from "../../core/report/html.js";
import { writeChart } from "../../core/report/render.js";
import { VERSION } from "../../core/version.js";
import { proxyCharts } from "./charts.js";
import type { ProxyBenchOptions, ProxyBenchResults } from "./run.js";

type Row = Record<string, string | number | null>;

export function toCsv(rows: readonly object[]): string {
  if (rows.length === 0) return "";
  const cols = Object.keys(rows[0]!);
  const cell = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "number" ? String(Number.isInteger(v) ? v : Number(v.toPrecision(6))) : csvField(String(v)));
  return [cols.join(","), ...rows.map((r) => cols.map((c) => cell((r as Row)[c])).join(","))].join("\n") + "\n";
}

export async function writeProxyBench(out: string, r: ProxyBenchResults, o: ProxyBenchOptions, command: string): Promise<void> {
  await writeAtomically(
    out,
    async (tmp) => {
      const tables: [string, readonly object[]][] = [
        ["lookup.csv", r.lookup],
        ["sync.csv", r.sync],
        ["kernel.csv", r.kernel],
        ["balance.csv", r.balance],
        ["disruption.csv", r.disruption],
      ];
      for (const [name, rows] of tables) if (rows.length) await writeFile(join(tmp, name), toCsv(rows));
      const charts = [];
      for (const c of proxyCharts(r)) charts.push({ ...c, files: await writeChart(join(tmp, "charts"), c) });
      const html = reportHtml(r, o, command, charts.map((c) => ({ name: c.name, caption: c.caption, svg: c.files.svgText })), tables);
      await writeFile(join(tmp, "report.html"), html);
      await writeFile(join(tmp, "manifest.json"), markerJson("Bench", "proxy", VERSION));
    },
    { label: `--out ${out}` },
  );
}

function table(rows: readonly object[]): string {
  if (rows.length === 0) return "<p>(none)</p>";
  const cols = Object.keys(rows[0]!);
  const fmt = (v: unknown) => (typeof v === "number" ? (Number.isInteger(v) ? v.toLocaleString("en") : Number(v.toPrecision(4)).toString()) : v === null ? "–" : String(v));
  return `<table><thead><tr>${cols.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${cols.map((c) => `<td>${escapeHtml(fmt((r as Row)[c]))}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

function reportHtml(r: ProxyBenchResults, o: ProxyBenchOptions, command: string, charts: { name: string; caption: string; svg: string }[], tables: [string, readonly object[]][]): string {
  const env = environmentRows({ Command: command, "Sync model calibration": CALIBRATION_SOURCE });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>clusterlab proxy benchmark</title>
<style>body{font:14px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:12px}th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}figure{margin:1em 0}figcaption{color:#555;font-size:13px}</style></head>
<body><h1>Service-proxy benchmark</h1>
<p>Services: ${o.services.map((n) => n.toLocaleString("en")).join(", ")} with 1–10 endpoints each (seed ${o.seed}); ${o.connections.toLocaleString("en")} connections per balance run${o.realKernel ? "; real-kernel loads measured in throwaway network namespaces" : ""}.</p>
${charts.map((c) => `<figure>${scopeSvgIds(c.svg, c.name)}<figcaption>${escapeHtml(c.caption)}</figcaption></figure>`).join("\n")}
${tables.filter(([, rows]) => rows.length).map(([name, rows]) => `<h2>${escapeHtml(name)}</h2>${table(rows)}`).join("\n")}
<h2>Environment</h2>${table(env.map(([k, v]) => ({ item: k, value: v })))}
</body></html>
`;
}
