/**
 * Streaming trace readers: `for await (const pod of readPods(file, "openb")) …`.
 * A file is read as a stream of CSV records (csv-records.ts: quote-free lines split directly, the rest by
 * csv-parse's stream API), as arrays of strings cast by the format's decoder; nothing but the current
 * chunk is held in memory.
 * In every format, lines starting with "#" are comments and blank lines are skipped.
 * Every problem becomes a one-line TraceError `file:line: …` (line = the row's first physical line).
 * With `skipBadRows`, bad data rows are skipped and counted; a bad header or malformed CSV (quotes)
 * stays fatal, since after a quoting error the parser cannot tell where the next row starts.
 * A file whose name ends in ".gz" is gunzipped while read (concatenated gzip members are read in turn).
 * Headerless formats (TraceFormat.headerless) take their first row as data; every row must then have
 * as many fields as the first.
 */
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { CsvError } from "csv-parse";
import { CsvRecords, LineParser } from "./csv-records.js";
import {
  checkFormatOptions,
  decoderFor,
  detectTraceFormat,
  getTraceFormat,
  hasKind,
  headerlessHint,
  traceFormats,
  type FormatOptions,
  type TraceFormatName,
} from "./formats.js";
import { RowError } from "./fields.js";
import { newReadStats, TraceError, type TraceKind, type TraceNode, type TracePod, type TraceReadStats } from "./types.js";

export interface ReadOptions {
  /** Skip rows with bad values or a wrong field count instead of throwing; see stats.badRows. */
  skipBadRows?: boolean;
  /** Filled while iterating (also the generator's return value). */
  stats?: TraceReadStats;
  /** Options of the format (e.g. google-2011 `cpuScale`); unknown names are an error. */
  formatOptions?: FormatOptions;
}

/** The file's bytes, gunzipped when the name ends in ".gz"; `close` releases everything. */
function openInput(file: string): { input: Readable; close(): void } {
  const raw = createReadStream(file);
  if (!file.endsWith(".gz")) return { input: raw, close: () => raw.destroy() };
  const gunzip = createGunzip();
  raw.on("error", (e) => gunzip.destroy(e));
  raw.pipe(gunzip);
  return {
    input: gunzip,
    close: () => {
      raw.destroy();
      gunzip.destroy();
    },
  };
}

/** An I/O or decompression failure as a TraceError, or null for other errors. */
function ioError(file: string, e: unknown): TraceError | null {
  if (!(e instanceof Error) || !("code" in e)) return null;
  if ("syscall" in e) return new TraceError(file, 0, `cannot read: ${e.message}`);
  if (typeof e.code === "string" && e.code.startsWith("Z_")) return new TraceError(file, 0, `cannot gunzip: ${e.message}`);
  return null;
}

const MAX_KEPT_ERRORS = 100;

function csvErrorDetail(err: CsvError, header: readonly string[] | null): string {
  const col = typeof err.column === "number" ? (header?.[err.column] ?? `#${err.column + 1}`) : null;
  const inCol = col === null ? "" : ` in column ${col}`;
  switch (err.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `unclosed quote${inCol}: the quoted field is never closed`;
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return `malformed CSV${inCol}: a closing quote must be followed by "," or the end of the line`;
    case "INVALID_OPENING_QUOTE":
      return `malformed CSV${inCol}: a quote inside an unquoted field (quote the whole field and double the quote)`;
    default:
      return `malformed CSV: ${err.message.replace(/\s*(at|on) line \d+/, "")}`;
  }
}

/** Rows one at a time (readNodes, readPods); the stats are also the generator's return value. */
async function* readRows<T>(kind: TraceKind, file: string, formatName: TraceFormatName, opts: ReadOptions): AsyncGenerator<T, TraceReadStats, undefined> {
  const stats = opts.stats ?? newReadStats();
  for await (const batch of readRowBatches<T>(kind, file, formatName, { ...opts, stats })) {
    // Counted as handed out, so a reader that stops early has read exactly what it took.
    stats.rows -= batch.length;
    for (const row of batch) {
      stats.rows++;
      yield row;
    }
  }
  return stats;
}

/**
 * Rows a batch per chunk of the file (no promise per row for a reader that takes them all, such as the
 * trace cache); rows before a bad one are delivered before its error; stats.rows counts delivered rows.
 */
async function* readRowBatches<T>(kind: TraceKind, file: string, formatName: TraceFormatName, opts: ReadOptions): AsyncGenerator<T[], void, undefined> {
  const stats = opts.stats ?? newReadStats();
  const formatOptions = opts.formatOptions ?? {};
  if (formatName !== "auto") {
    try {
      checkFormatOptions(getTraceFormat(formatName), formatOptions);
    } catch (e) {
      throw new TraceError(file, 0, (e as Error).message);
    }
  }
  const { input, close } = openInput(file);
  const records = new CsvRecords(input);
  let header: string[] | null = null;
  let width = -1; // fields per row: the header's, or the first row's in a headerless file
  let decode: ((f: readonly string[], line: number) => unknown) | null = null;
  let stream: { row(f: readonly string[], line: number, out: unknown[]): void; end(out: unknown[]): void } | null = null;
  const out: unknown[] = [];
  let rows: T[] = [];
  try {
    // A batch is the records of one chunk read: its rows are delivered together, after the chunk.
    for await (const batch of records.batches()) {
      for (let b = 0; b < batch.records.length; b++) {
        const rec = batch.records[b]!;
        const line = batch.lines[b]!;
        if (width < 0) {
          try {
            const d = decoderFor(kind, formatName, rec, formatOptions);
            decode = d.decode;
            stream = d.stream;
            stats.format = d.format.name;
            width = rec.length;
            if (!d.format.headerless) {
              header = rec;
              continue;
            }
          } catch (e) {
            if (e instanceof RowError) throw new TraceError(file, line, e.message);
            throw e;
          }
        }
        let row: unknown;
        try {
          if (rec.length !== width) throw new RowError(`expected ${width} fields, got ${rec.length}`);
          if (decode) row = decode(rec, line);
          else stream!.row(rec, line, out);
        } catch (e) {
          if (!(e instanceof RowError)) throw e;
          out.length = 0;
          const err = new TraceError(file, line, e.message);
          if (!opts.skipBadRows) {
            if (rows.length > 0) {
              stats.rows += rows.length;
              yield rows;
            }
            throw err;
          }
          stats.badRows++;
          if (stats.errors.length < MAX_KEPT_ERRORS) stats.errors.push(err.message);
          continue;
        }
        if (decode) {
          rows.push(row as T);
          continue;
        }
        for (let i = 0; i < out.length; i++) rows.push(out[i] as T);
        out.length = 0;
      }
      if (rows.length > 0) {
        stats.rows += rows.length;
        yield rows;
        rows = [];
      }
    }
  } catch (e) {
    if (e instanceof TraceError) throw e;
    if (e instanceof CsvError) throw new TraceError(file, records.errorLine(e), csvErrorDetail(e, header));
    throw ioError(file, e) ?? e;
  } finally {
    close();
    records.destroy();
  }
  if (width < 0) throw new TraceError(file, 0, `no header row (empty file)`);
  if (stream) {
    stream.end(out);
    for (let i = 0; i < out.length; i++) rows.push(out[i] as T);
    out.length = 0;
    stats.rows += rows.length;
    if (rows.length > 0) yield rows;
  }
}

/** Streams the nodes of a node file. `format` is a registered format name or "auto" (by header). */
export function readNodes(
  file: string,
  format: TraceFormatName = "auto",
  opts: ReadOptions = {},
): AsyncGenerator<TraceNode, TraceReadStats, undefined> {
  return readRows<TraceNode>("nodes", file, format, opts);
}

/** The pods of a pod file in file order, a batch per chunk read (see readRowBatches). */
export function readPodBatches(file: string, format: TraceFormatName = "auto", opts: ReadOptions = {}): AsyncGenerator<TracePod[], void, undefined> {
  return readRowBatches<TracePod>("pods", file, format, opts);
}

/** Streams the pods of a pod file, in file order. */
export function readPods(
  file: string,
  format: TraceFormatName = "auto",
  opts: ReadOptions = {},
): AsyncGenerator<TracePod, TraceReadStats, undefined> {
  return readRows<TracePod>("pods", file, format, opts);
}

export async function readAllNodes(file: string, format: TraceFormatName = "auto", opts: ReadOptions = {}): Promise<TraceNode[]> {
  const out: TraceNode[] = [];
  for await (const n of readNodes(file, format, opts)) out.push(n);
  return out;
}

export async function readAllPods(file: string, format: TraceFormatName = "auto", opts: ReadOptions = {}): Promise<TracePod[]> {
  const out: TracePod[] = [];
  for await (const p of readPods(file, format, opts)) out.push(p);
  return out;
}

/** Reads only the header row and tells which format and kind (nodes/pods) the file is. */
export async function detectTrace(
  file: string,
  format: TraceFormatName = "auto",
): Promise<{ format: string; kind: TraceKind }> {
  const { input, close } = openInput(file);
  const parser = new LineParser();
  input.on("error", (e) => parser.destroy(e));
  input.pipe(parser);
  let header: string[] | null = null;
  let line = 0;
  try {
    for await (const rec of parser as AsyncIterable<string[]>) {
      header = rec;
      line = parser.nextLine();
      break;
    }
  } catch (e) {
    if (e instanceof CsvError) throw new TraceError(file, parser.errorLine(e), csvErrorDetail(e, null));
    throw ioError(file, e) ?? e;
  } finally {
    close();
    parser.destroy();
  }
  if (header === null) throw new TraceError(file, 0, `no header row (empty file)`);
  for (const kind of ["nodes", "pods"] as const) {
    if (format === "auto") {
      const f = detectTraceFormat(kind, header);
      if (f) return { format: f.name, kind };
    } else {
      let f;
      try {
        f = getTraceFormat(format);
      } catch (e) {
        throw new TraceError(file, 0, (e as Error).message);
      }
      if (hasKind(f, kind) && f.matches(kind, header)) return { format: f.name, kind };
    }
  }
  if (format === "auto") {
    const names = traceFormats().filter((f) => !f.headerless).map((f) => f.name).join(", ");
    throw new TraceError(file, line, `header ${JSON.stringify(header.join(","))} is not a node or pod file of ${names}${headerlessHint()}`);
  }
  const what = getTraceFormat(format).headerless ? `first row (${header.length} fields)` : `header ${JSON.stringify(header.join(","))}`;
  throw new TraceError(file, line, `${what} is not a node or pod file of ${format}`);
}
