/** A binary min-heap over a `less` comparator (scheduling queue, selectHost). */
export class Heap<T> {
  private items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }
  peek(): T | undefined {
    return this.items[0];
  }
  push(x: T): void {
    const h = this.items;
    let i = h.length;
    h.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(x, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = x;
  }
  pop(): T | undefined {
    const h = this.items;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) this.siftDown(0, last);
    return top;
  }
  /** Removes the first item matching `pred` (O(n)); returns it. */
  remove(pred: (x: T) => boolean): T | undefined {
    const h = this.items;
    const i = h.findIndex(pred);
    if (i < 0) return undefined;
    const item = h[i]!;
    const last = h.pop()!;
    if (i < h.length) {
      h[i] = last;
      this.siftDown(i, last);
      this.siftUp(i);
    }
    return item;
  }
  toArray(): readonly T[] {
    return this.items;
  }
  private siftUp(i: number): void {
    const h = this.items;
    const x = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(x, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = x;
  }
  private siftDown(i: number, x: T): void {
    const h = this.items;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(h[r]!, h[l]!) ? r : l;
      if (!this.less(h[c]!, x)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = x;
  }
}
