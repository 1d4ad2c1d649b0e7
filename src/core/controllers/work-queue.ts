/**
 * A controller's work queue (client-go's workqueue): keys added while a sync is pending are merged, and
 * every dirty key is synced once, in the order first added, at the current virtual time (after the events
 * that made it dirty). `addAfter` requeues a key later (minReadySeconds, deadlines, eviction timers);
 * `addRateLimited` retries a key whose sync failed after client-go's per-item exponential backoff
 * (5 ms, doubling, at most 1000 s) until `forget`.
 */
import type { Engine } from "../engine/engine.js";

export class WorkQueue {
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private scheduled = false;

  constructor(
    private readonly engine: Engine,
    private readonly sync: (key: string) => void,
  ) {}

  add(key: string): void {
    this.dirty.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    this.engine.after(0, () => this.drain());
  }

  addAfter(key: string, delayUs: number): void {
    if (delayUs <= 0) this.add(key);
    else this.engine.after(delayUs, () => this.add(key));
  }

  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(5_000 * 2 ** n, 1_000_000_000));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  private drain(): void {
    this.scheduled = false;
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const k of keys) this.sync(k);
  }
}
