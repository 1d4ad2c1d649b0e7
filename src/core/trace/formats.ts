/**
 * The registry of trace file formats. A format turns a header row into a row decoder for nodes
 * and/or pods; adapters for further traces register here (registerTraceFormat) and become usable
 * by name and by "auto" detection in the reader.
 */
import type { TraceKind, TraceNode, TracePod } from "./types.js";
import { RowError } from "./fields.js";
import { clusterlabFormat } from "./native.js";
import { openbFormat } from "./openb.js";

/**
 * Converts one data row (already checked to have as many fields as the header) to a trace object.
 * `line` is the row's 1-based starting line; throws RowError naming the column on a bad value.
 */
export type RowDecoder<T> = (fields: readonly string[], line: number) => T;

export interface TraceFormat {
  /** Registry key, as used in configs and on the command line ("openb"). */
  readonly name: string;
  /** One line for `clusterlab trace formats` and error messages. */
  readonly description: string;
  /** Whether a header row looks like this format's file of the given kind (for "auto"). */
  matches(kind: TraceKind, header: readonly string[]): boolean;
  /** Decoder for a node file with this header; throws RowError if the header is unusable. Absent = no node files. */
  nodes?(header: readonly string[]): RowDecoder<TraceNode>;
  /** Same for pod files. */
  pods?(header: readonly string[]): RowDecoder<TracePod>;
}

/** Format name for readers: a registered name or "auto" (detect from the header). */
export type TraceFormatName = "openb" | "clusterlab" | "auto" | (string & {});

const registry = new Map<string, TraceFormat>();

export function registerTraceFormat(f: TraceFormat): void {
  if (f.name === "auto") throw new Error(`"auto" is reserved`);
  if (registry.has(f.name)) throw new Error(`trace format "${f.name}" is already registered`);
  registry.set(f.name, f);
}

export function traceFormats(): TraceFormat[] {
  return [...registry.values()];
}

/** The registered format, or a RowError listing the known ones. */
export function getTraceFormat(name: string): TraceFormat {
  const f = registry.get(name);
  if (!f) throw new RowError(`unknown trace format "${name}" (known: ${[...registry.keys()].join(", ")}, auto)`);
  return f;
}

/** The first registered format whose header test accepts `header`, or null. */
export function detectTraceFormat(kind: TraceKind, header: readonly string[]): TraceFormat | null {
  for (const f of registry.values()) if (f[kind] && f.matches(kind, header)) return f;
  return null;
}

/** Resolves a format name (or "auto") for a header and builds the decoder; throws RowError. */
export function decoderFor<K extends TraceKind>(
  kind: K,
  name: TraceFormatName,
  header: readonly string[],
): { format: TraceFormat; decode: RowDecoder<K extends "nodes" ? TraceNode : TracePod> } {
  let format: TraceFormat | null;
  if (name === "auto") {
    format = detectTraceFormat(kind, header);
    if (!format) {
      throw new RowError(
        `header ${JSON.stringify(header.join(","))} matches no known ${kind} format (${[...registry.keys()].join(", ")})`,
      );
    }
  } else format = getTraceFormat(name);
  const f: TraceFormat = format;
  const decode = kind === "nodes" ? f.nodes?.(header) : f.pods?.(header);
  if (!decode) throw new RowError(`trace format "${format.name}" has no ${kind} files`);
  return { format, decode: decode as RowDecoder<K extends "nodes" ? TraceNode : TracePod> };
}

registerTraceFormat(openbFormat);
registerTraceFormat(clusterlabFormat);
