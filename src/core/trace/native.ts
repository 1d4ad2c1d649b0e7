/**
 * clusterlab-csv/v1, the native trace format (specified in traces/README.md): a nodes file and a pods
 * file, each a CSV with a header row naming its columns. Units are fixed and in the column names.
 * Reader (decoders registered as format "clusterlab") and writer (writeNodes/writePods, round-trips).
 */
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { TraceFormat } from "./formats.js";
import {
  bindHeader,
  checkGpuMilli,
  columnError,
  field,
  headerMatches,
  mibToBytes,
  optInt32Field,
  optUintField,
  parseModels,
  secondsToUs,
  uintField,
  usToSeconds,
  type Schema,
} from "./fields.js";
import { formatLabels, formatTaints, formatTolerations, parseLabels, parseTaints, parseTolerations } from "./kv.js";
import { DEFAULT_MAX_PODS, MIB, type TraceNode, type TracePod } from "./types.js";
import { csvField as plainCsvField, quoted } from "../util/csv-field.js";

export const NATIVE_FORMAT_ID = "clusterlab-csv/v1";

export const NODE_COLUMNS = ["name", "cpu_milli", "memory_mib", "gpu_count", "gpu_model", "max_pods", "labels", "taints"] as const;
export const POD_COLUMNS = [
  "name",
  "arrival_s",
  "duration_s",
  "cpu_milli",
  "memory_mib",
  "gpu_count",
  "gpu_milli",
  "gpu_models",
  "priority",
  "qos",
  "app",
  "max_per_node",
  "node_selector",
  "tolerations",
  "labels",
] as const;

const NODE_SCHEMA = { known: NODE_COLUMNS, required: ["name", "cpu_milli", "memory_mib"] } satisfies Schema;
const POD_SCHEMA = { known: POD_COLUMNS, required: ["name", "arrival_s", "cpu_milli", "memory_mib"] } satisfies Schema;

function name(s: string): string {
  if (s === "") throw columnError("name", "a name", s);
  return s;
}

function memory(s: string): number {
  return mibToBytes(uintField(s, "memory_mib"), "memory_mib", s);
}

function decodeNodes(header: readonly string[]) {
  const c = bindHeader(NODE_SCHEMA, header, "clusterlab nodes");
  return (f: readonly string[], line: number): TraceNode => {
    const n = name(f[c.name]!);
    const cpuMilli = uintField(f[c.cpu_milli]!, "cpu_milli");
    const memoryBytes = memory(f[c.memory_mib]!);
    const gpuCount = optUintField(field(f, c.gpu_count), "gpu_count", 0);
    const model = field(f, c.gpu_model);
    const maxPods = optUintField(field(f, c.max_pods), "max_pods", DEFAULT_MAX_PODS);
    const labels = parseLabels(field(f, c.labels), "labels");
    const taints = parseTaints(field(f, c.taints), "taints");
    return { name: n, cpuMilli, memoryBytes, gpuCount, gpuModel: model === "" ? null : model, maxPods, labels, taints, line };
  };
}

function decodePods(header: readonly string[]) {
  const c = bindHeader(POD_SCHEMA, header, "clusterlab pods");
  return (f: readonly string[], line: number): TracePod => {
    const n = name(f[c.name]!);
    const arrivalUs = secondsToUs(f[c.arrival_s]!, "arrival_s");
    const dur = field(f, c.duration_s);
    const durationUs = dur === "" ? null : secondsToUs(dur, "duration_s");
    const cpuMilli = uintField(f[c.cpu_milli]!, "cpu_milli");
    const memoryBytes = memory(f[c.memory_mib]!);
    const gpuCount = optUintField(field(f, c.gpu_count), "gpu_count", 0);
    const milliRaw = field(f, c.gpu_milli);
    const gpuMilli = optUintField(milliRaw, "gpu_milli", gpuCount > 0 ? 1000 : 0);
    checkGpuMilli(gpuCount, gpuMilli, milliRaw, "gpu_count", "gpu_milli");
    const gpuModels = parseModels(field(f, c.gpu_models));
    const priority = optInt32Field(field(f, c.priority), "priority", 0);
    const qos = field(f, c.qos);
    const app = field(f, c.app);
    const mpnRaw = field(f, c.max_per_node);
    const maxPerNode = mpnRaw === "" ? null : uintField(mpnRaw, "max_per_node");
    if (maxPerNode === 0) throw columnError("max_per_node", "a positive integer or empty", mpnRaw);
    if (maxPerNode !== null && app === "") throw columnError("max_per_node", "empty when app is empty", mpnRaw);
    const nodeSelector = parseLabels(field(f, c.node_selector), "node_selector");
    const tolerations = parseTolerations(field(f, c.tolerations), "tolerations");
    const labels = parseLabels(field(f, c.labels), "labels");
    return {
      name: n,
      arrivalUs,
      durationUs,
      cpuMilli,
      memoryBytes,
      gpuCount,
      gpuMilli,
      gpuModels,
      priority,
      labels,
      nodeSelector,
      tolerations,
      app: app === "" ? null : app,
      maxPerNode,
      qos: qos === "" ? null : qos,
      line,
    };
  };
}

export const clusterlabFormat: TraceFormat = {
  name: "clusterlab",
  description: `${NATIVE_FORMAT_ID}: clusterlab's own node and pod CSVs (traces/README.md)`,
  matches: (kind, header) => headerMatches(kind === "nodes" ? NODE_SCHEMA : POD_SCHEMA, header),
  nodes: decodeNodes,
  pods: decodePods,
};

// ---- writer ----

/** RFC 4180 quoting when needed; also quoted when it starts with "#", which would read as a comment line. */
function csvField(s: string): string {
  return s.startsWith("#") ? quoted(s) : plainCsvField(s);
}

function mib(bytes: number, what: string): string {
  if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes % MIB !== 0) {
    throw new Error(`${what}: memory ${bytes} B is not a whole number of MiB`);
  }
  return String(bytes / MIB);
}

export function nodeToCsvRow(n: TraceNode): string {
  const what = `node ${n.name}`;
  return [
    csvField(n.name),
    String(n.cpuMilli),
    mib(n.memoryBytes, what),
    String(n.gpuCount),
    csvField(n.gpuModel ?? ""),
    String(n.maxPods),
    formatLabels(n.labels, what),
    formatTaints(n.taints, what),
  ].join(",");
}

export function podToCsvRow(p: TracePod): string {
  const what = `pod ${p.name}`;
  return [
    csvField(p.name),
    usToSeconds(p.arrivalUs),
    p.durationUs === null ? "" : usToSeconds(p.durationUs),
    String(p.cpuMilli),
    mib(p.memoryBytes, what),
    String(p.gpuCount),
    String(p.gpuMilli),
    csvField(p.gpuModels?.join("|") ?? ""),
    String(p.priority),
    csvField(p.qos ?? ""),
    csvField(p.app ?? ""),
    p.maxPerNode === null ? "" : String(p.maxPerNode),
    formatLabels(p.nodeSelector, what),
    formatTolerations(p.tolerations, what),
    formatLabels(p.labels, what),
  ].join(",");
}

export interface NativeWriteOptions {
  /** Extra metadata lines written as `# <line>` after the format line (e.g. "source: …", "license: …"). */
  comments?: readonly string[];
}

function preamble(kind: "nodes" | "pods", opts: NativeWriteOptions): string {
  const lines = [`# ${NATIVE_FORMAT_ID} ${kind}`, ...(opts.comments ?? []).map((c) => `# ${c.replace(/[\r\n]+/g, " ")}`)];
  return lines.join("\n") + "\n" + (kind === "nodes" ? NODE_COLUMNS : POD_COLUMNS).join(",") + "\n";
}

/** The whole file as a string (small traces, tests). */
export function nodesToCsv(nodes: Iterable<TraceNode>, opts: NativeWriteOptions = {}): string {
  let s = preamble("nodes", opts);
  for (const n of nodes) s += nodeToCsvRow(n) + "\n";
  return s;
}

export function podsToCsv(pods: Iterable<TracePod>, opts: NativeWriteOptions = {}): string {
  let s = preamble("pods", opts);
  for (const p of pods) s += podToCsvRow(p) + "\n";
  return s;
}

/** Streams rows to `file` (created or truncated) with back-pressure. Returns the number of rows written. */
async function writeRows<T>(
  file: string,
  head: string,
  rows: Iterable<T> | AsyncIterable<T>,
  toRow: (r: T) => string,
): Promise<number> {
  let n = 0;
  async function* chunks(): AsyncGenerator<string> {
    let buf = head;
    for await (const r of rows) {
      buf += toRow(r) + "\n";
      n++;
      if (buf.length >= 65536) {
        yield buf;
        buf = "";
      }
    }
    yield buf;
  }
  await pipeline(Readable.from(chunks()), createWriteStream(file, { encoding: "utf8" }));
  return n;
}

export function writeNodes(
  file: string,
  nodes: Iterable<TraceNode> | AsyncIterable<TraceNode>,
  opts: NativeWriteOptions = {},
): Promise<number> {
  return writeRows(file, preamble("nodes", opts), nodes, nodeToCsvRow);
}

export function writePods(
  file: string,
  pods: Iterable<TracePod> | AsyncIterable<TracePod>,
  opts: NativeWriteOptions = {},
): Promise<number> {
  return writeRows(file, preamble("pods", opts), pods, podToCsvRow);
}
