/**
 * The engine's pending future events: a binary min-heap ordered by (time, key), where an event's key is
 * priority·2^50 + insertion sequence, so one comparison of numbers orders by priority, then by insertion.
 * Its own code rather than the generic Heap's: the comparison is written out where it is used, instead
 * of a comparator call site that every heap of a run shares.
 */

/** Something the heap orders: virtual time, then key (smaller first). */
export interface Keyed {
  readonly t: number;
  readonly k: number;
}

/** The key of an event: priority first, then insertion order (sequences stay below 2^50). */
export function eventKey(prio: number, seq: number): number {
  return prio * 2 ** 50 + seq;
}

/** True when `a` runs before `b`. */
export function earlier(a: Keyed, b: Keyed): boolean {
  return a.t < b.t || (a.t === b.t && a.k < b.k);
}

export class EventHeap<T extends Keyed> {
  private readonly items: T[] = [];

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
    const t = x.t;
    const k = x.k;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const up = h[p]!;
      if (!(t < up.t || (t === up.t && k < up.k))) break;
      h[i] = up;
      i = p;
    }
    h[i] = x;
  }

  pop(): T | undefined {
    const h = this.items;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    const n = h.length;
    if (n === 0) return top;
    const t = last.t;
    const k = last.k;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = h[l]!;
      let ci = l;
      if (l + 1 < n) {
        const r = h[l + 1]!;
        if (r.t < c.t || (r.t === c.t && r.k < c.k)) {
          c = r;
          ci = l + 1;
        }
      }
      if (!(c.t < t || (c.t === t && c.k < k))) break;
      h[i] = c;
      i = ci;
    }
    h[i] = last;
    return top;
  }
}
