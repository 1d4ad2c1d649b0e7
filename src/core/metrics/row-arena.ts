/**
 * pods.csv rows of pods whose story has ended, as UTF-8 bytes in one growing buffer, indexed by arrival
 * number (12 bytes of index a pod): a million ended pods cost ~100 MB of bytes outside the JS heap
 * instead of a million record objects, and the file is still written in arrival order.
 */
export class RowArena {
  private bytes = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private offsets = new Float64Array(1024).fill(-1);
  private lengths = new Int32Array(1024);

  /** Stores the row of arrival number `seq`. */
  put(seq: number, row: string): void {
    const need = Buffer.byteLength(row);
    if (this.used + need > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + need));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.bytes.write(row, this.used);
    this.index(seq);
    this.offsets[seq] = this.used;
    this.lengths[seq] = need;
    this.used += need;
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
    const offsets = new Float64Array(n).fill(-1);
    offsets.set(this.offsets);
    const lengths = new Int32Array(n);
    lengths.set(this.lengths);
    this.offsets = offsets;
    this.lengths = lengths;
  }
}
