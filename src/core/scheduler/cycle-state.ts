/**
 * Per-pod scratch data for one scheduling cycle (framework.CycleState): plugins write in
 * PreFilter/PreScore and read in Filter/Score. Keys are plugin-owned strings.
 * `clone` is shallow unless the stored value implements `clone()` (needed by preemption dry runs).
 * A cycle holds a dozen entries and a few skipped plugins at most, and one is made per scheduling
 * attempt: short arrays searched in order cost less than a Map and two Sets per attempt.
 */
import type { Plugin } from "./framework.js";

export interface StateData {
  clone?(): StateData;
}

export class CycleState {
  private readonly keys: string[] = [];
  private readonly values: unknown[] = [];
  /** Plugins whose PreFilter returned Skip this cycle (their Filter is not run). */
  private readonly filterSkips: string[] = [];
  /** Plugins whose PreScore returned Skip this cycle, or whose scores are uniform (their Score is not run). */
  private readonly scoreSkips: string[] = [];
  /** Filter plugins that run this cycle (set by the runtime after PreFilter; avoids a set lookup per node). */
  activeFilters: readonly Plugin[] | null = null;
  /**
   * The Filter plugins the node scan runs: the active ones less those that cannot reject any node for this
   * pod (Plugin.filterCannotReject). Null until PreFilter has run: then every Filter plugin.
   */
  scanFilters: readonly Plugin[] | null = null;

  read<T>(key: string): T | undefined {
    const i = this.keys.indexOf(key);
    return i < 0 ? undefined : (this.values[i] as T);
  }
  write(key: string, value: unknown): void {
    const i = this.keys.indexOf(key);
    if (i >= 0) this.values[i] = value;
    else {
      this.keys.push(key);
      this.values.push(value);
    }
  }
  delete(key: string): void {
    const i = this.keys.indexOf(key);
    if (i < 0) return;
    this.keys.splice(i, 1);
    this.values.splice(i, 1);
  }

  /** Drops `plugin`'s Filter (and its PreFilter extensions) for this cycle. */
  skipFilter(plugin: string): void {
    if (!this.filterSkips.includes(plugin)) this.filterSkips.push(plugin);
  }
  filterSkipped(plugin: string): boolean {
    return this.filterSkips.includes(plugin);
  }
  /** Drops `plugin`'s Score for this cycle. */
  skipScore(plugin: string): void {
    if (!this.scoreSkips.includes(plugin)) this.scoreSkips.push(plugin);
  }
  scoreSkipped(plugin: string): boolean {
    return this.scoreSkips.includes(plugin);
  }
  /** The plugins skipped so far, in the order they were (for tests). */
  get skippedFilters(): readonly string[] {
    return this.filterSkips;
  }
  get skippedScores(): readonly string[] {
    return this.scoreSkips;
  }

  clone(): CycleState {
    const c = new CycleState();
    for (let i = 0; i < this.keys.length; i++) {
      const v = this.values[i];
      const maybe = v as StateData | null;
      c.keys.push(this.keys[i]!);
      c.values.push(maybe && typeof maybe.clone === "function" ? maybe.clone() : v);
    }
    c.filterSkips.push(...this.filterSkips);
    c.scoreSkips.push(...this.scoreSkips);
    c.activeFilters = this.activeFilters;
    c.scanFilters = this.scanFilters;
    return c;
  }
}
