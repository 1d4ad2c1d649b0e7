/**
 * A trace file's CSV records, each with its first physical line. Text without double quotes is split
 * directly — lines at the record delimiter csv-parse would discover ("\n" or "\r\n"), fields at "," —
 * which gives csv-parse's own records (same options: BOM skipped, empty lines skipped, "#" lines are
 * comments, ragged rows kept) at a fraction of its cost; trace files rarely quote anything. From the first
 * line that has a quote or a line ending read otherwise (a lone "\r", "\n" inside a "\r\n" file), the rest
 * of the bytes go to csv-parse, which then reads them as it would have from the start.
 */
import { Readable } from "node:stream";
import { Parser, type CsvError } from "csv-parse";

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const HASH = 0x23;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * csv-parse's Parser, noting the first physical line of every record it emits. A record's start is
 * the previous record's last line + 1 + the blank/comment lines skipped in between; the parser's
 * `info` is exact at push time, whereas the consumer sees records later, after buffering.
 */
export class LineParser extends Parser {
  private starts: number[] = [];
  private head = 0;
  private prevEnd = 0;
  private prevSkipped = 0;

  constructor(opts: { bom?: boolean; recordDelimiter?: string } = {}) {
    super({
      skip_empty_lines: true,
      relax_column_count: true,
      comment: "#",
      comment_no_infix: true,
      bom: opts.bom ?? true,
      ...(opts.recordDelimiter ? { record_delimiter: opts.recordDelimiter } : {}),
    });
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

/** Records in file order with the first physical line of each (lines[i] is records[i]'s). */
export interface RecordBatch {
  readonly records: string[][];
  readonly lines: number[];
}

export class CsvRecords {
  /** Physical lines split directly, before csv-parse took over. */
  private linesBefore = 0;
  private parser: LineParser | null = null;
  private source: Readable | null = null;

  constructor(private readonly input: Readable) {}

  /** Start line of the record a csv-parse error is about. */
  errorLine(err: CsvError): number {
    return this.linesBefore + (this.parser ? this.parser.errorLine(err) : 1);
  }

  destroy(): void {
    this.source?.destroy();
    this.parser?.destroy();
  }

  /** The records, a batch per chunk of the input read (one a record once csv-parse has taken over). */
  async *batches(): AsyncGenerator<RecordBatch> {
    const it = this.input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let buf: Buffer = Buffer.alloc(0);
    let pos = 0;
    // Where the next CR and quote are in `buf` (-1: none; searched again only once passed).
    let nextCr = -1;
    let nextQuote = -1;
    let delim: "\n" | "\r\n" | null = null;
    let lines = 0;
    let bomSkipped = false;
    let started = false;
    let ended = false;
    let handOff = false;
    let batch: RecordBatch = { records: [], lines: [] };
    for (;;) {
      let nl = buf.indexOf(LF, pos);
      // Enough bytes for the BOM check, then a whole line (or the end of the input).
      if (!ended && (nl < 0 || (!started && buf.length < 3))) {
        if (batch.records.length > 0) {
          yield batch;
          batch = { records: [], lines: [] };
        }
        const r = await it.next();
        if (r.done) ended = true;
        else {
          buf = pos < buf.length ? Buffer.concat([buf.subarray(pos), r.value]) : r.value;
          pos = 0;
          nextCr = buf.indexOf(CR);
          nextQuote = buf.indexOf(QUOTE);
        }
        continue;
      }
      if (!started) {
        started = true;
        if (buf[0] === 0xff && buf[1] === 0xfe) {
          handOff = true; // a UTF-16 BOM: csv-parse reads the file in that encoding
          break;
        }
        if (buf[0] === UTF8_BOM[0] && buf[1] === UTF8_BOM[1] && buf[2] === UTF8_BOM[2]) {
          pos = 3;
          bomSkipped = true;
          nl = buf.indexOf(LF, pos);
        }
      }
      if (nl < 0 && pos >= buf.length) break; // the input ended with a line ending
      const stop = nl < 0 ? buf.length : nl;
      if (nextCr >= 0 && nextCr < pos) nextCr = buf.indexOf(CR, pos);
      if (nextQuote >= 0 && nextQuote < pos) nextQuote = buf.indexOf(QUOTE, pos);
      let end = stop;
      if (nextCr >= 0 && nextCr < stop) {
        // Only a "\r\n" ending is split here, and only in a file whose first line ending is "\r\n".
        if (nextCr !== nl - 1 || delim === "\n") handOff = true;
        end = nextCr;
      } else if (delim === "\r\n" && nl >= 0) handOff = true;
      if (handOff || (nextQuote >= 0 && nextQuote < stop)) {
        handOff = true;
        break;
      }
      if (delim === null && nl >= 0) delim = end === nl ? "\n" : "\r\n";
      lines++;
      if (end > pos && buf[pos] !== HASH) {
        batch.records.push(buf.toString("utf8", pos, end).split(","));
        batch.lines.push(lines);
      }
      if (nl < 0) break;
      pos = nl + 1;
    }
    if (batch.records.length > 0) yield batch;
    if (!handOff) return;
    yield* this.parsed(buf.subarray(pos), it, lines, delim, lines === 0 && !bomSkipped);
  }

  /** csv-parse from the line at `rest` on, with the line ending already discovered and the lines before counted. */
  private async *parsed(rest: Buffer, it: AsyncIterator<Buffer>, linesBefore: number, delim: string | null, atStart: boolean): AsyncGenerator<RecordBatch> {
    this.linesBefore = linesBefore;
    const parser = new LineParser({ bom: atStart, ...(delim ? { recordDelimiter: delim } : {}) });
    this.parser = parser;
    const source = Readable.from(
      (async function* () {
        yield rest;
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      })(),
      { objectMode: false },
    );
    this.source = source;
    source.on("error", (e) => parser.destroy(e));
    source.pipe(parser);
    for await (const rec of parser as AsyncIterable<string[]>) {
      yield { records: [rec], lines: [linesBefore + parser.nextLine()] };
    }
  }
}
