/** `clusterlab trace info <file> [--format F] [--kind nodes|pods]` */
import { parseArgs } from "node:util";
import { InputError } from "../core/errors.js";
import { traceInfo } from "../core/trace/index.js";

export const TRACE_HELP = `Usage: clusterlab trace info <file> [--format openb|clusterlab|auto] [--output json|text]

Reads a trace file (streamed) and prints what it holds: rows, bad rows, arrival span, pod kinds,
total requests, durations; for node files the node count, totals and GPU models.

Options:
  --format F       trace format (default: auto, detected from the header)
  --skip-bad-rows  count bad rows instead of stopping at the first
  --output FORMAT  text (default) or json
  -h, --help       show this help`;

export async function traceCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === "--help" || sub === "-h") {
    console.log(TRACE_HELP);
    return sub ? 0 : 2;
  }
  if (sub !== "info") throw new InputError(`trace: unknown subcommand "${sub}" (known: info)`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { format: { type: "string" }, "skip-bad-rows": { type: "boolean" }, output: { type: "string", short: "o" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(TRACE_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new InputError("trace info: expected exactly one file");
  const info = await traceInfo(positionals[0]!, values.format ?? "auto", { skipBadRows: !!values["skip-bad-rows"] });
  if (values.output === "json") console.log(JSON.stringify(info, null, 2));
  else console.log(formatInfo(info as unknown as Record<string, unknown>));
  return 0;
}

function formatInfo(info: Record<string, unknown>, indent = ""): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(info)) {
    if (v && typeof v === "object" && !Array.isArray(v)) lines.push(`${indent}${k}:`, formatInfo(v as Record<string, unknown>, indent + "  "));
    else lines.push(`${indent}${k}: ${Array.isArray(v) ? v.join(", ") : typeof v === "number" ? v.toLocaleString("en-US") : String(v)}`);
  }
  return lines.join("\n");
}
