/**
 * The registry of trace file formats. A format turns a header row into a row decoder for nodes
 * and/or pods; the bundled adapters are listed here, others register (registerTraceFormat) and become
 * usable by name and by "auto" detection in the reader.
 */
import { Registry } from "../registry.js";
import type { TraceKind, TraceNode, TracePod } from "./types.js";
import { RowError } from "./fields.js";
import { alibaba2018Format } from "./alibaba2018.js";
import { dlrm2025Format } from "./dlrm2025.js";
import { google2011Format } from "./google2011.js";
import { clusterlabFormat } from "./native.js";
import { openbFormat } from "./openb.js";

/**
 * Converts one data row (already checked to have as many fields as the header) to a trace object.
 * `line` is the row's 1-based starting line; throws RowError naming the column on a bad value.
 */
export type RowDecoder<T> = (fields: readonly string[], line: number) => T;

/**
 * Decoder for formats where a row yields zero or several objects (e.g. one row per task with N
 * instances) or one object spans rows (events paired by an id). `row` pushes the objects it
 * completes onto `out`; `end` pushes what is still buffered when the file ends. `row` throws
 * RowError for a bad row before changing any state, so skipping the row leaves the stream consistent.
 */
export interface RowStream<T> {
  row(fields: readonly string[], line: number, out: T[]): void;
  end(out: T[]): void;
}

/** Format options (`--option key=value` on the command line), validated by checkFormatOptions. */
export type FormatOptions = Readonly<Record<string, string>>;

export interface TraceFormat {
  /** Registry key, as used in configs and on the command line ("openb"). */
  readonly name: string;
  /** One line for `clusterlab trace formats` and error messages. */
  readonly description: string;
  /** Whether a header row looks like this format's file of the given kind (for "auto"). */
  matches(kind: TraceKind, header: readonly string[]): boolean;
  /** Decoder for a node file with this header; throws RowError if the header is unusable. Absent = no node files. */
  nodes?(header: readonly string[], options: FormatOptions): RowDecoder<TraceNode>;
  /** Same for pod files. */
  pods?(header: readonly string[], options: FormatOptions): RowDecoder<TracePod>;
  /** Stream decoders (RowStream), for formats whose rows do not map 1:1 to objects; used when `nodes`/`pods` are absent. */
  nodeStream?(header: readonly string[], options: FormatOptions): RowStream<TraceNode>;
  podStream?(header: readonly string[], options: FormatOptions): RowStream<TracePod>;
  /**
   * Files have no header row: `matches` and the factories get the first data row instead (to tell
   * tables apart by column count), and "auto" never picks the format.
   */
  readonly headerless?: boolean;
  /** Options the format takes: name → one line of help (with the default). Absent = none. */
  readonly options?: Readonly<Record<string, string>>;
  /** Checks option values (names are already checked); throws RowError. */
  validateOptions?(options: FormatOptions): void;
}

/** Whether the format reads files of `kind` at all. */
export function hasKind(f: TraceFormat, kind: TraceKind): boolean {
  return kind === "nodes" ? !!(f.nodes ?? f.nodeStream) : !!(f.pods ?? f.podStream);
}

/** Rejects options the format does not take, then lets the format check the values; throws RowError. */
export function checkFormatOptions(f: TraceFormat, options: FormatOptions): void {
  const known = Object.keys(f.options ?? {});
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) {
      const list = known.length > 0 ? `options: ${known.join(", ")}` : "it takes no options";
      throw new RowError(`trace format "${f.name}" has no option "${k}" (${list})`);
    }
  }
  f.validateOptions?.(options);
}

/** Names of the formats "auto" can never detect (no header row). */
function headerlessNames(): string {
  return [...registry.values()].filter((f) => f.headerless).map((f) => f.name).join(", ");
}

/** Hint appended when detection fails, since headerless formats must be named. */
export function headerlessHint(): string {
  const names = headerlessNames();
  return names ? `; files without a header (${names}) need their format named explicitly` : "";
}

/** Format name for readers: a registered name or "auto" (detect from the header). */
export type TraceFormatName = "openb" | "clusterlab" | "auto" | (string & {});

/** The formats, in the order "auto" tries them. */
const registry = new Registry<TraceFormat>("trace format", [openbFormat, clusterlabFormat, dlrm2025Format, google2011Format, alibaba2018Format]);

/** Adds a format (a second one of the same name is an error). */
export function registerTraceFormat(f: TraceFormat): void {
  if (f.name === "auto") throw new Error(`"auto" is reserved`);
  registry.register(f);
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
  for (const f of registry.values()) if (!f.headerless && hasKind(f, kind) && f.matches(kind, header)) return f;
  return null;
}

/**
 * Resolves a format name (or "auto") for a header (the first row, for headerless formats) and builds
 * the decoder: `decode` for 1:1 formats, else `stream`. Throws RowError.
 */
export function decoderFor<K extends TraceKind>(
  kind: K,
  name: TraceFormatName,
  header: readonly string[],
  options: FormatOptions = {},
): {
  format: TraceFormat;
  decode: RowDecoder<K extends "nodes" ? TraceNode : TracePod> | null;
  stream: RowStream<K extends "nodes" ? TraceNode : TracePod> | null;
} {
  let format: TraceFormat | null;
  if (name === "auto") {
    format = detectTraceFormat(kind, header);
    if (!format) {
      const known = [...registry.values()].filter((f) => !f.headerless).map((f) => f.name);
      throw new RowError(
        `header ${JSON.stringify(header.join(","))} matches no known ${kind} format (${known.join(", ")})${headerlessHint()}`,
      );
    }
  } else format = getTraceFormat(name);
  const f: TraceFormat = format;
  checkFormatOptions(f, options);
  type T = K extends "nodes" ? TraceNode : TracePod;
  const decode = (kind === "nodes" ? f.nodes?.(header, options) : f.pods?.(header, options)) as RowDecoder<T> | undefined;
  if (decode) return { format, decode, stream: null };
  const stream = (kind === "nodes" ? f.nodeStream?.(header, options) : f.podStream?.(header, options)) as RowStream<T> | undefined;
  if (!stream) throw new RowError(`trace format "${format.name}" has no ${kind} files`);
  return { format, decode: null, stream };
}
