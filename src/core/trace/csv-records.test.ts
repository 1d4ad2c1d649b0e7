import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { CsvRecords, LineParser } from "./csv-records.js";

type Outcome = { records: [number, string[]][]; error: string | null };

/** The bytes in chunks cut at the given offsets (anywhere: inside "\r\n", inside a UTF-8 sequence). */
function chunked(bytes: Buffer, cuts: number[]): Readable {
  const parts: Buffer[] = [];
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    parts.push(bytes.subarray(at, c));
    at = c;
  }
  parts.push(bytes.subarray(at));
  return Readable.from(parts.filter((p) => p.length > 0), { objectMode: false });
}

async function viaRecords(bytes: Buffer, cuts: number[]): Promise<Outcome> {
  const r = new CsvRecords(chunked(bytes, cuts));
  const records: [number, string[]][] = [];
  try {
    for await (const b of r.batches()) b.records.forEach((rec, i) => records.push([b.lines[i]!, rec]));
  } catch (e) {
    return { records, error: `${r.errorLine(e as never)}: ${(e as Error).message}` };
  } finally {
    r.destroy();
  }
  return { records, error: null };
}

async function viaCsvParse(bytes: Buffer): Promise<Outcome> {
  const parser = new LineParser();
  Readable.from([bytes], { objectMode: false }).pipe(parser);
  const records: [number, string[]][] = [];
  try {
    for await (const rec of parser as AsyncIterable<string[]>) records.push([parser.nextLine(), rec]);
  } catch (e) {
    return { records, error: `${parser.errorLine(e as never)}: ${(e as Error).message}` };
  }
  return { records, error: null };
}

const PIECES = ["a", "b", "17", "", " ", "é", "日本", "#", "x#y", "\t", "1.5", "k=v|w=z"];

/** A random CSV-ish text: quote-free mostly, sometimes with quotes, comments, blank lines, stray CRs. */
function randomText(rng: Rng, lines: number, opts: { crlf: boolean; quotes: boolean; strays: boolean; bom: boolean }): string {
  const eol = opts.crlf ? "\r\n" : "\n";
  let s = opts.bom ? "\uFEFF" : "";
  for (let i = 0; i < lines; i++) {
    const kind = rng.int(0, 9);
    if (kind === 0) s += "";
    else if (kind === 1) s += "# a comment, with commas";
    else {
      const fields: string[] = [];
      for (let f = rng.int(1, 5); f > 0; f--) fields.push(PIECES[rng.int(0, PIECES.length - 1)]!);
      if (opts.quotes && rng.int(0, 30) === 0) fields[0] = `"q,${fields[0]}"`;
      s += fields.join(",");
    }
    if (opts.strays && rng.int(0, 40) === 0) s += rng.int(0, 1) ? "\r" : "\n";
    if (i < lines - 1 || rng.int(0, 1)) s += eol;
  }
  return s;
}

describe("CsvRecords gives csv-parse's records and lines", () => {
  it("on random quote-free and quoted texts, however the bytes are chunked", async () => {
    const rng = Rng.seeded(7);
    let handedOff = 0;
    for (let trial = 0; trial < 400; trial++) {
      const opts = { crlf: rng.int(0, 1) === 1, quotes: rng.int(0, 2) === 0, strays: rng.int(0, 3) === 0, bom: rng.int(0, 4) === 0 };
      const bytes = Buffer.from(randomText(rng, rng.int(0, 60), opts));
      const cuts = Array.from({ length: rng.int(0, 6) }, () => rng.int(0, bytes.length));
      const want = await viaCsvParse(bytes);
      const got = await viaRecords(bytes, cuts);
      expect(got, `trial ${trial}: ${JSON.stringify(bytes.toString())} cut at ${cuts}`).toEqual(want);
      if (bytes.includes(0x22)) handedOff++;
    }
    expect(handedOff).toBeGreaterThan(20); // the csv-parse half was exercised too
  });

  it("reports a malformed quote at csv-parse's line after quote-free lines", async () => {
    const bytes = Buffer.from('a,b\n\n# c\n1,2\n3,"x\n');
    const got = await viaRecords(bytes, [5]);
    expect(got.records).toEqual([
      [1, ["a", "b"]],
      [4, ["1", "2"]],
    ]);
    // csv-parse names the same line (its message's own "at line" counts from where it took over; the reader drops it).
    expect(got.error).toMatch(/^5: Quote Not Closed/);
    expect((await viaCsvParse(bytes)).error).toMatch(/^5: Quote Not Closed/);
  });

  it("a lone CR line ending and a UTF-16 BOM go to csv-parse from the start", async () => {
    for (const bytes of [Buffer.from("a,b\rc,d\r"), Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x2c, 0x00, 0x62, 0x00, 0x0a, 0x00])]) {
      const want = await viaCsvParse(bytes);
      expect(want.records.length).toBeGreaterThan(0);
      expect(await viaRecords(bytes, [1])).toEqual(want);
    }
  });
});
