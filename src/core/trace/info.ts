/**
 * Summary statistics of a trace file, for `clusterlab trace info`. Pure data; the CLI formats it.
 * Streams the file once; only pod durations are kept (for the median).
 */
import type { TraceFormatName } from "./formats.js";
import { detectTrace, readNodes, readPods, type ReadOptions } from "./reader.js";
import { newReadStats, type TraceReadStats } from "./types.js";

interface InfoBase {
  file: string;
  /** Format actually read (detected for "auto"). */
  format: string;
  /** Rows read successfully. */
  rows: number;
  /** Rows skipped as bad (only with skipBadRows). */
  badRows: number;
}

export interface PodTraceInfo extends InfoBase {
  kind: "pods";
  /** First and last arrival, µs; null when the file has no rows. */
  arrival: { firstUs: number; lastUs: number; spanUs: number } | null;
  /** cpuOnly: no GPU; gpuShare: one device, < 1000 milli; wholeGpu: one whole device; multiGpu: > 1 device. */
  byKind: { cpuOnly: number; gpuShare: number; wholeGpu: number; multiGpu: number };
  /** Sums of the requests; gpuMilli is total milli-GPU (gpuCount × gpuMilli). */
  totals: { cpuMilli: number; memoryBytes: number; gpuMilli: number };
  /** Over pods with a duration; null when none has one. p50 is the median (mean of the middle two for an even count). */
  duration: { count: number; p50Us: number; meanUs: number; minUs: number; maxUs: number } | null;
  /** Pods that run until the end (durationUs = null). */
  withoutEnd: number;
}

export interface NodeTraceInfo extends InfoBase {
  kind: "nodes";
  nodes: number;
  /** Nodes without GPUs. */
  cpuOnlyNodes: number;
  totals: { cpuMilli: number; memoryBytes: number; gpus: number };
  /** Per GPU model (null = GPUs of unknown model), most GPUs first, then by name. */
  gpuModels: { model: string | null; nodes: number; gpus: number }[];
}

export type TraceInfo = PodTraceInfo | NodeTraceInfo;

/** Summarises a node or pod file (kind detected from its header). */
export async function traceInfo(
  file: string,
  format: TraceFormatName = "auto",
  opts: Pick<ReadOptions, "skipBadRows" | "formatOptions"> = {},
): Promise<TraceInfo> {
  const { format: fmt, kind } = await detectTrace(file, format);
  const stats = newReadStats();
  return kind === "nodes" ? nodeInfo(file, fmt, { ...opts, stats }, stats) : podInfo(file, fmt, { ...opts, stats }, stats);
}

async function podInfo(file: string, format: string, opts: ReadOptions, stats: TraceReadStats): Promise<PodTraceInfo> {
  const byKind = { cpuOnly: 0, gpuShare: 0, wholeGpu: 0, multiGpu: 0 };
  const totals = { cpuMilli: 0, memoryBytes: 0, gpuMilli: 0 };
  let first = Infinity;
  let last = -Infinity;
  let withoutEnd = 0;
  let durations = new Float64Array(1024);
  let nd = 0;
  let sum = 0;
  for await (const p of readPods(file, format, opts)) {
    if (p.gpuCount === 0) byKind.cpuOnly++;
    else if (p.gpuCount > 1) byKind.multiGpu++;
    else if (p.gpuMilli < 1000) byKind.gpuShare++;
    else byKind.wholeGpu++;
    totals.cpuMilli += p.cpuMilli;
    totals.memoryBytes += p.memoryBytes;
    totals.gpuMilli += p.gpuCount * p.gpuMilli;
    if (p.arrivalUs < first) first = p.arrivalUs;
    if (p.arrivalUs > last) last = p.arrivalUs;
    if (p.durationUs === null) {
      withoutEnd++;
      continue;
    }
    if (nd === durations.length) {
      const grown = new Float64Array(nd * 2);
      grown.set(durations);
      durations = grown;
    }
    durations[nd++] = p.durationUs;
    sum += p.durationUs;
  }
  let duration: PodTraceInfo["duration"] = null;
  if (nd > 0) {
    const d = durations.subarray(0, nd).sort();
    const mid = nd >> 1;
    const p50Us = nd % 2 === 1 ? d[mid]! : (d[mid - 1]! + d[mid]!) / 2;
    duration = { count: nd, p50Us, meanUs: sum / nd, minUs: d[0]!, maxUs: d[nd - 1]! };
  }
  return {
    kind: "pods",
    file,
    format,
    rows: stats.rows,
    badRows: stats.badRows,
    arrival: stats.rows > 0 ? { firstUs: first, lastUs: last, spanUs: last - first } : null,
    byKind,
    totals,
    duration,
    withoutEnd,
  };
}

async function nodeInfo(file: string, format: string, opts: ReadOptions, stats: TraceReadStats): Promise<NodeTraceInfo> {
  const totals = { cpuMilli: 0, memoryBytes: 0, gpus: 0 };
  const models = new Map<string | null, { model: string | null; nodes: number; gpus: number }>();
  let cpuOnlyNodes = 0;
  for await (const n of readNodes(file, format, opts)) {
    totals.cpuMilli += n.cpuMilli;
    totals.memoryBytes += n.memoryBytes;
    totals.gpus += n.gpuCount;
    if (n.gpuCount === 0) {
      cpuOnlyNodes++;
      continue;
    }
    let m = models.get(n.gpuModel);
    if (!m) models.set(n.gpuModel, (m = { model: n.gpuModel, nodes: 0, gpus: 0 }));
    m.nodes++;
    m.gpus += n.gpuCount;
  }
  const key = (m: { model: string | null }): string => m.model ?? "";
  const gpuModels = [...models.values()].sort((a, b) => b.gpus - a.gpus || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    kind: "nodes",
    file,
    format,
    rows: stats.rows,
    badRows: stats.badRows,
    nodes: stats.rows,
    cpuOnlyNodes,
    totals,
    gpuModels,
  };
}
