/**
 * Streaming trace readers: `for await (const pod of readPods(file, "openb")) …`.
 * A file is read with csv-parse's stream API (createReadStream(file).pipe(parser)), as arrays of
 * strings cast by the format's decoder; nothing but the parser's buffer is held in memory.
 * In every format, lines starting with "#" are comments and blank lines are skipped.
 * Every problem becomes a one-line TraceError `file:line: …` (line = the row's first physical line).
 * With `skipBadRows`, bad data rows are skipped and counted; a bad header or malformed CSV (quotes)
 * stays fatal, since after a quoting error the parser cannot tell where the next row starts.
 */
import { createReadStream } from "node:fs";
import { CsvError, Parser } from "csv-parse";
import { decoderFor, detectTraceFormat, getTraceFormat, traceFormats, type TraceFormatName } from "./formats.js";
import { RowError } from "./fields.js";
import { newReadStats, TraceError, type TraceKind, type TraceNode, type TracePod, type TraceReadStats } from "./types.js";

export interface ReadOptions {
  /** Skip rows with bad values or a wrong field count instead of throwing; see stats.badRows. */
  skipBadRows?: boolean;
  /** Filled while iterating (also the generator's return value). */
  stats?: TraceReadStats;
}

const MAX_KEPT_ERRORS = 100;

/**
 * csv-parse's Parser, noting the first physical line of every record it emits. A record's start is
 * the previous record's last line + 1 + the blank/comment lines skipped in between; the parser's
 * `info` is exact at push time, whereas the consumer sees records later, after buffering.
 */
class LineParser extends Parser {
  private starts: number[] = [];
  private head = 0;
  private prevEnd = 0;
  private prevSkipped = 0;

  constructor() {
    super({ skip_empty_lines: true, relax_column_count: true, comment: "#", comment_no_infix: true, bom: true });
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk !== null) {
      const skipped = this.info.empty_lines + this.info.comment_lines;
      this.starts.push(this.prevEnd + 1 + skipped - this.prevSkipped);
      this.prevEnd = this.info.lines;
      this.prevSkipped = skipped;
    }
    return super.push(chunk, encoding);
  }

  /** Start line of the next record the consumer receives (records arrive in push order). */
  nextLine(): number {
    const v = this.starts[this.head++]!;
    if (this.head >= 4096) {
      this.starts = this.starts.slice(this.head);
      this.head = 0;
    }
    return v;
  }

  /** Start line of the record a csv-parse error is about (the one after the last emitted record). */
  errorLine(err: CsvError): number {
    const skipped = Number(err.empty_lines ?? 0) + Number(err.comment_lines ?? 0);
    return this.prevEnd + 1 + Math.max(0, skipped - this.prevSkipped);
  }
}

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

async function* readRows<T>(
  kind: TraceKind,
  file: string,
  formatName: TraceFormatName,
  opts: ReadOptions,
): AsyncGenerator<T, TraceReadStats, undefined> {
  const stats = opts.stats ?? newReadStats();
  if (formatName !== "auto") {
    try {
      getTraceFormat(formatName);
    } catch (e) {
      throw new TraceError(file, 0, (e as Error).message);
    }
  }
  const input = createReadStream(file);
  const parser = new LineParser();
  input.on("error", (e) => parser.destroy(e));
  input.pipe(parser);
  let header: string[] | null = null;
  let decode: ((f: readonly string[], line: number) => unknown) | null = null;
  try {
    for await (const rec of parser as AsyncIterable<string[]>) {
      const line = parser.nextLine();
      if (decode === null) {
        header = rec;
        try {
          const d = decoderFor(kind, formatName, rec);
          decode = d.decode;
          stats.format = d.format.name;
        } catch (e) {
          if (e instanceof RowError) throw new TraceError(file, line, e.message);
          throw e;
        }
        continue;
      }
      let row: unknown;
      try {
        if (rec.length !== header!.length) throw new RowError(`expected ${header!.length} fields, got ${rec.length}`);
        row = decode(rec, line);
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        const err = new TraceError(file, line, e.message);
        if (!opts.skipBadRows) throw err;
        stats.badRows++;
        if (stats.errors.length < MAX_KEPT_ERRORS) stats.errors.push(err.message);
        continue;
      }
      stats.rows++;
      yield row as T;
    }
  } catch (e) {
    if (e instanceof TraceError) throw e;
    if (e instanceof CsvError) throw new TraceError(file, parser.errorLine(e), csvErrorDetail(e, header));
    if (e instanceof Error && "code" in e && "syscall" in e) throw new TraceError(file, 0, `cannot read: ${e.message}`);
    throw e;
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (header === null) throw new TraceError(file, 0, `no header row (empty file)`);
  return stats;
}

/** Streams the nodes of a node file. `format` is a registered format name or "auto" (by header). */
export function readNodes(
  file: string,
  format: TraceFormatName = "auto",
  opts: ReadOptions = {},
): AsyncGenerator<TraceNode, TraceReadStats, undefined> {
  return readRows<TraceNode>("nodes", file, format, opts);
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
  const input = createReadStream(file);
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
    if (e instanceof Error && "code" in e && "syscall" in e) throw new TraceError(file, 0, `cannot read: ${e.message}`);
    throw e;
  } finally {
    input.destroy();
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
      if (f[kind] && f.matches(kind, header)) return { format: f.name, kind };
    }
  }
  const names = format === "auto" ? traceFormats().map((f) => f.name).join(", ") : format;
  throw new TraceError(file, line, `header ${JSON.stringify(header.join(","))} is not a node or pod file of ${names}`);
}
