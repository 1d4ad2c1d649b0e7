/**
 * `clusterlab trace info <file>`, `clusterlab trace convert <in> --out <file.csv>`, `clusterlab trace formats`.
 */
import { parseArgs } from "node:util";
import { InputError } from "../core/errors.js";
import { convertTrace, traceFormats, traceInfo, type FormatOptions, type TraceKind } from "../core/trace/index.js";

export const TRACE_HELP = `Usage: clusterlab trace info|convert|formats …

  clusterlab trace info <file> [--format F] [--option k=v]... [--skip-bad-rows] [--output json|text]
  clusterlab trace convert <in> --out <file.csv> [--force] [--format F] [--kind pods|nodes] [--option k=v]... [--skip-bad-rows]
  clusterlab trace formats

info     reads a trace file (streamed) and prints what it holds: rows, bad rows, arrival span, pod kinds,
         total requests, durations; for node files the node count, totals and GPU models.
convert  streams a node or pod file of any format into the native clusterlab-csv/v1 format (written to a
         temporary file, renamed to <file.csv> when complete). The kind is detected; --kind asserts it.
formats  lists the trace formats, their options and whether they have a header.

Options:
  --format F       trace format (default: auto, detected from the header); files without a header
                   (google-2011, alibaba-2018) need it. Files ending in .gz are gunzipped.
  --option k=v     a format option, repeatable (e.g. --option cpuScale=64 --option memoryScale=256Gi)
  --kind K         convert: pods or nodes (checked against the file)
  --out FILE       convert: the output file (refused if it exists, unless --force)
  --force          convert: replace an existing output file
  --skip-bad-rows  count bad rows instead of stopping at the first
  --output FORMAT  info: text (default) or json
  -h, --help       show this help`;

const COMMON = {
  format: { type: "string" },
  option: { type: "string", multiple: true },
  "skip-bad-rows": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export async function traceCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === "--help" || sub === "-h") {
    console.log(TRACE_HELP);
    return sub ? 0 : 2;
  }
  if (sub === "info") return info(rest);
  if (sub === "convert") return convert(rest);
  if (sub === "formats") return formats(rest);
  throw new InputError(`trace: unknown subcommand "${sub}" (known: info, convert, formats)`);
}

/** `--option k=v` values → a map; a repeated name or a missing "=" is an input error. */
export function parseFormatOptions(raw: readonly string[] | undefined): FormatOptions {
  const out: Record<string, string> = {};
  for (const r of raw ?? []) {
    const eq = r.indexOf("=");
    if (eq <= 0) throw new InputError(`--option: expected name=value, got ${JSON.stringify(r)}`);
    const k = r.slice(0, eq);
    if (k in out) throw new InputError(`--option: ${k} is given twice`);
    out[k] = r.slice(eq + 1);
  }
  return out;
}

async function info(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...COMMON, output: { type: "string", short: "o" } },
  });
  if (values.help) {
    console.log(TRACE_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new InputError("trace info: expected exactly one file");
  if (values.output !== undefined && values.output !== "json" && values.output !== "text") {
    throw new InputError(`trace info: --output must be json or text, got "${values.output}"`);
  }
  const result = await traceInfo(positionals[0]!, values.format ?? "auto", {
    skipBadRows: !!values["skip-bad-rows"],
    formatOptions: parseFormatOptions(values.option),
  });
  if (values.output === "json") console.log(JSON.stringify(result, null, 2));
  else console.log(formatInfo(result as unknown as Record<string, unknown>));
  return 0;
}

async function convert(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...COMMON, out: { type: "string" }, kind: { type: "string" }, force: { type: "boolean" } },
  });
  if (values.help) {
    console.log(TRACE_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new InputError("trace convert: expected exactly one input file");
  if (!values.out) throw new InputError("trace convert: --out <file.csv> is required");
  const kind = values.kind;
  if (kind !== undefined && kind !== "pods" && kind !== "nodes") {
    throw new InputError(`trace convert: --kind must be pods or nodes, got "${kind}"`);
  }
  const r = await convertTrace(positionals[0]!, values.out, {
    format: values.format ?? "auto",
    kind: kind as TraceKind | undefined,
    formatOptions: parseFormatOptions(values.option),
    skipBadRows: !!values["skip-bad-rows"],
    replace: !!values.force,
  });
  const skipped = r.badRows > 0 ? `, ${r.badRows.toLocaleString("en-US")} bad rows skipped` : "";
  console.log(`wrote ${r.rows.toLocaleString("en-US")} ${r.kind} to ${values.out} (from format ${r.format}${skipped})`);
  for (const e of r.errors.slice(0, 5)) console.error(`  skipped: ${e}`);
  return 0;
}

function formats(argv: string[]): number {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(TRACE_HELP);
    return 0;
  }
  if (argv.length > 0) throw new InputError(`trace formats: unexpected argument "${argv[0]}"`);
  for (const f of traceFormats()) {
    const kinds = [f.nodes || f.nodeStream ? "nodes" : "", f.pods || f.podStream ? "pods" : ""].filter(Boolean).join(", ");
    console.log(`${f.name}${f.headerless ? " (no header: name it with --format)" : ""} [${kinds}]`);
    console.log(`  ${f.description}`);
    for (const [k, help] of Object.entries(f.options ?? {})) console.log(`  --option ${k}=…  ${help}`);
  }
  return 0;
}

function formatInfo(info: Record<string, unknown>, indent = ""): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(info)) {
    if (v && typeof v === "object" && !Array.isArray(v)) lines.push(`${indent}${k}:`, formatInfo(v as Record<string, unknown>, indent + "  "));
    else lines.push(`${indent}${k}: ${Array.isArray(v) ? v.map(item).join(", ") : typeof v === "number" ? v.toLocaleString("en-US") : String(v)}`);
  }
  return lines.join("\n");
}

/** An array element: objects (e.g. per-GPU-model rows) as `k=v k=v`. */
function item(v: unknown): string {
  if (v && typeof v === "object") return Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join(" ");
  return String(v);
}
