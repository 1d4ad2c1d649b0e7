/**
 * Which node each snapshot generation changed, for the last few thousand generations: caches kept per
 * node (PreFilter's domain counts, Filter verdicts) visit only the nodes changed since they were last
 * brought up to date instead of comparing every node's generation. Adding or removing a node shifts
 * node indices, so a span containing one cannot be answered and the caller walks every node.
 */
const CAPACITY = 4096;
const STRUCTURAL = -1;

export class NodeChangeLog {
  private readonly ring = new Int32Array(CAPACITY);
  private latest = 0;

  /** Generation `generation` changed the node at `index` (STRUCTURAL: a node was added or removed). */
  record(generation: number, index: number): void {
    this.ring[generation % CAPACITY] = index;
    this.latest = generation;
  }

  recordStructural(generation: number): void {
    this.record(generation, STRUCTURAL);
  }

  /**
   * Fills `out` with the indices of the nodes changed after generation `since` (repeats possible);
   * false when that span is not known (too old, or a node was added or removed in it).
   */
  changedSince(since: number, out: number[]): boolean {
    out.length = 0;
    if (since < 0 || this.latest - since >= CAPACITY) return false;
    for (let g = since + 1; g <= this.latest; g++) {
      const i = this.ring[g % CAPACITY]!;
      if (i === STRUCTURAL) return false;
      out.push(i);
    }
    return true;
  }
}
