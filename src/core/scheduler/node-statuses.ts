/**
 * One attempt's per-node Filter statuses (kube-scheduler's NodeToStatus), counted by code, reason and
 * plugin on first request — one pass that counts runs of the same shared status at once — and kept in
 * step on every later change. A scan that finds a node pays nothing for the counting; a kept verdict
 * changes a few nodes' statuses in place and stays counted, so the FitError message, the rejecting
 * plugins and PostFilter's count of Unschedulable nodes need no pass over the nodes again.
 */
import type { Code, Status } from "./status.js";

interface Counts {
  codes: Int32Array;
  /** Nodes per reason and per plugin (entries removed at zero). */
  reasons: Map<string, number>;
  plugins: Map<string, number>;
}

export class NodeStatuses extends Map<string, Status> {
  private counts: Counts | null = null;

  override set(node: string, s: Status): this {
    const c = this.counts;
    if (c) {
      const old = super.get(node);
      if (old === s) return this;
      if (old) count(c, old, -1);
      count(c, s, 1);
    }
    return super.set(node, s);
  }

  override delete(node: string): boolean {
    const old = super.get(node);
    if (old && this.counts) count(this.counts, old, -1);
    return super.delete(node);
  }

  override clear(): void {
    this.counts = null;
    super.clear();
  }

  /** Nodes whose status has `code`. */
  withCode(code: Code): number {
    return this.counted().codes[code]!;
  }

  /** Nodes per reason, in first-seen order. */
  get reasons(): ReadonlyMap<string, number> {
    return this.counted().reasons;
  }

  /** Nodes per rejecting plugin, in first-seen order. */
  get plugins(): ReadonlyMap<string, number> {
    return this.counted().plugins;
  }

  private counted(): Counts {
    if (this.counts) return this.counts;
    const c: Counts = { codes: new Int32Array(8), reasons: new Map(), plugins: new Map() };
    // Failing filters return shared frozen statuses, so runs of one object are counted at once.
    let run: Status | null = null;
    let len = 0;
    for (const s of this.values()) {
      if (s === run) {
        len++;
        continue;
      }
      if (run) count(c, run, len);
      run = s;
      len = 1;
    }
    if (run) count(c, run, len);
    return (this.counts = c);
  }
}

function count(c: Counts, s: Status, d: number): void {
  c.codes[s.code]! += d;
  for (let i = 0; i < s.reasons.length; i++) bump(c.reasons, s.reasons[i]!, d);
  if (s.plugin) bump(c.plugins, s.plugin, d);
}

function bump(m: Map<string, number>, k: string, d: number): void {
  const n = (m.get(k) ?? 0) + d;
  if (n === 0) m.delete(k);
  else m.set(k, n);
}
