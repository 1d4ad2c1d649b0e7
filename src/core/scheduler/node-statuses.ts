/**
 * One attempt's per-node Filter statuses (kube-scheduler's NodeToStatus), counted by code, reason and
 * plugin as they are set, so the FitError message, the rejecting plugins and PostFilter's count of
 * Unschedulable nodes need no pass over every node — and a kept verdict can change a few nodes' statuses
 * in place and stay counted.
 */
import type { Code, Status } from "./status.js";

export class NodeStatuses extends Map<string, Status> {
  private readonly codes = new Int32Array(8);
  /** Nodes per reason and per plugin (entries removed at zero). */
  readonly reasons = new Map<string, number>();
  readonly plugins = new Map<string, number>();

  override set(node: string, s: Status): this {
    const old = super.get(node);
    if (old === s) return this;
    if (old) this.count(old, -1);
    this.count(s, 1);
    return super.set(node, s);
  }

  override delete(node: string): boolean {
    const old = super.get(node);
    if (old) this.count(old, -1);
    return super.delete(node);
  }

  override clear(): void {
    this.codes.fill(0);
    this.reasons.clear();
    this.plugins.clear();
    super.clear();
  }

  /** Nodes whose status has `code`. */
  withCode(code: Code): number {
    return this.codes[code]!;
  }

  private count(s: Status, d: number): void {
    this.codes[s.code]! += d;
    for (let i = 0; i < s.reasons.length; i++) bump(this.reasons, s.reasons[i]!, d);
    if (s.plugin) bump(this.plugins, s.plugin, d);
  }
}

function bump(m: Map<string, number>, k: string, d: number): void {
  const n = (m.get(k) ?? 0) + d;
  if (n === 0) m.delete(k);
  else m.set(k, n);
}
