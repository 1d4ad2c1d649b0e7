/**
 * Trace rows as the simulator consumes them, independent of the file format they came from.
 * Time is integer microseconds of virtual time; memory is bytes; CPU is milli-CPU.
 */
import type { Taint, Toleration } from "../api/types.js";

/** One node (capacity) of a trace. */
export interface TraceNode {
  name: string;
  cpuMilli: number;
  memoryBytes: number;
  gpuCount: number;
  /** Model of every GPU on the node, or null (no GPUs, or model unknown). */
  gpuModel: string | null;
  /** Pod capacity (allocatable `pods`); 110, the kubelet default, unless the trace says otherwise. */
  maxPods: number;
  labels: Record<string, string>;
  taints: Taint[];
  /** 1-based line of the row in its file (0 for rows built in code). */
  line: number;
}

/** One pod lifecycle of a trace. */
export interface TracePod {
  name: string;
  /** Submission time, µs from the trace start. */
  arrivalUs: number;
  /** Run time once started, µs; null = runs until the end of the simulation. */
  durationUs: number | null;
  cpuMilli: number;
  memoryBytes: number;
  /** Number of GPU devices wanted. */
  gpuCount: number;
  /** Milli-GPU wanted on each device: 1000 for whole GPUs, 1–999 for a share (only with gpuCount = 1), 0 if none. */
  gpuMilli: number;
  /** Allowed GPU models (deduplicated, first-seen order), or null for any. */
  gpuModels: string[] | null;
  priority: number;
  labels: Record<string, string>;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  /** Application the pod belongs to (groups pods for maxPerNode), or null. */
  app: string | null;
  /** At most this many pods of the same app on one node, or null for no limit. */
  maxPerNode: number | null;
  /** The source trace's QoS / service class, verbatim (e.g. openb "LS", "BE"), or null. */
  qos: string | null;
  /** 1-based line of the row in its file (0 for rows built in code). */
  line: number;
}

export type TraceKind = "nodes" | "pods";

/** Default pod capacity of a node (kubelet --max-pods). */
export const DEFAULT_MAX_PODS = 110;

export const MIB = 1024 * 1024;
export const US_PER_S = 1_000_000;

/**
 * A bad trace file or row. The message is one line, `file:line: detail`
 * (or `file: detail` when no line applies, e.g. the file cannot be opened).
 */
export class TraceError extends Error {
  constructor(
    readonly file: string,
    /** 1-based physical line where the offending row starts; 0 when not about a row. */
    readonly line: number,
    readonly detail: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`);
    this.name = "TraceError";
  }
}

/** What a reader saw; filled while iterating, complete once iteration ends. */
export interface TraceReadStats {
  /** Format name actually used (the detected one for "auto"); "" before the header is read. */
  format: string;
  /** Rows yielded. */
  rows: number;
  /** Rows skipped because they were bad (only with skipBadRows). */
  badRows: number;
  /** Messages of the first skipped rows (at most 100), in file order. */
  errors: string[];
}

export function newReadStats(): TraceReadStats {
  return { format: "", rows: 0, badRows: 0, errors: [] };
}
