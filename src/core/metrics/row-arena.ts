/**
 * pods.csv rows of pods whose story has ended, as UTF-8 bytes in one growing buffer, indexed by arrival
 * number (12 bytes of index a pod): a million ended pods cost ~100 MB of bytes outside the JS heap
 * instead of a million record objects, and the file is still written in arrival order.
 */
import { csvField } from "../util/csv-field.js";
import { grown } from "../util/grown.js";

/** 10^0 … 10^15: a safe integer has at most 16 digits. */
const POW10 = Float64Array.from({ length: 16 }, (_, i) => 10 ** i);

export class RowArena {
  private bytes = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  /** The row being written: its arrival number and where its next byte goes. */
  private rowSeq = -1;
  private at = 0;
  private offsets = new Float64Array(1024).fill(-1);
  private lengths = new Int32Array(1024);

  /**
   * Writing a row piece by piece, straight into the arena: `open`, then its values with `field`, `num`,
   * `optNum` or `ascii` (each followed by a comma), then `close` (the last comma becomes the line end).
   * No string is built for the row (a template literal of fifteen parts makes as many intermediate
   * strings, ~1 KB a row).
   */
  open(seq: number): void {
    this.index(seq);
    this.rowSeq = seq;
    this.at = this.used;
  }

  /** A CSV field as csvField writes it: bytes copied as they are, unless the text needs quoting or is not ASCII. */
  field(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.bytes;
    let at = this.at;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128 || c === 34 || c === 44 || c === 10 || c === 13) {
        const text = csvField(s);
        this.room(Buffer.byteLength(text));
        this.at += this.bytes.write(text, this.at);
        return this.comma();
      }
      b[at++] = c;
    }
    this.at = at;
    this.comma();
  }

  /** A number as String(v) writes it (digits written directly for a safe non-negative integer). */
  num(v: number): void {
    if (!(v >= 0 && Number.isSafeInteger(v))) return this.ascii(String(v));
    this.room(16);
    const b = this.bytes;
    let digits = 1;
    while (digits < 16 && v >= POW10[digits]!) digits++;
    let at = this.at + digits;
    this.at = at;
    let x = v;
    do {
      const q = Math.floor(x / 10);
      b[--at] = 48 + (x - q * 10);
      x = q;
    } while (x > 0);
    this.comma();
  }

  /** `num` for a time that may be unset (negative): then the field is empty. */
  optNum(v: number): void {
    if (v >= 0) this.num(v);
    else this.comma();
  }

  /** ASCII text, unquoted (separators, outcome words, number forms). */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.bytes;
    let at = this.at;
    for (let i = 0; i < n; i++) b[at++] = s.charCodeAt(i);
    this.at = at;
    this.comma();
  }

  private comma(): void {
    this.room(1);
    this.bytes[this.at++] = 44;
  }

  /** Ends the row opened last (its last comma becomes "\n"): it becomes the row of its arrival number. */
  close(): void {
    this.bytes[this.at - 1] = 10;
    this.offsets[this.rowSeq] = this.used;
    this.lengths[this.rowSeq] = this.at - this.used;
    this.used = this.at;
  }

  /** Room for `n` more bytes after the row written so far. */
  private room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.at + n));
    this.bytes.copy(bigger, 0, 0, this.at);
    this.bytes = bigger;
  }

  /** Bytes written. */
  get size(): number {
    return this.used;
  }

  has(seq: number): boolean {
    return seq < this.offsets.length && this.offsets[seq]! >= 0;
  }

  /** Where `seq`'s row starts and ends in the arena: consecutive rows often sit back to back. */
  span(seq: number): [number, number] {
    const at = this.offsets[seq]!;
    return [at, at + this.lengths[seq]!];
  }

  /** A view of the bytes from `start` to `end` (valid until the next put). */
  slice(start: number, end: number): Buffer {
    return this.bytes.subarray(start, end);
  }

  private index(seq: number): void {
    if (seq < this.offsets.length) return;
    let n = this.offsets.length;
    while (n <= seq) n *= 2;
    this.offsets = grown(this.offsets, n).fill(-1, this.offsets.length);
    this.lengths = grown(this.lengths, n);
  }
}
