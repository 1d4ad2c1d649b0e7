/**
 * Per-pod scratch data for one scheduling cycle (framework.CycleState): plugins write in
 * PreFilter/PreScore and read in Filter/Score. Keys are plugin-owned strings.
 * `clone` is shallow unless the stored value implements `clone()` (needed by preemption dry runs).
 */
import type { Plugin } from "./framework.js";

export interface StateData {
  clone?(): StateData;
}

export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** Plugins whose PreFilter returned Skip this cycle (their Filter is not run). */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip this cycle (their Score is not run). */
  readonly skipScorePlugins = new Set<string>();
  /** Filter plugins that run this cycle (set by the runtime after PreFilter; avoids a set lookup per node). */
  activeFilters: readonly Plugin[] | null = null;
  /**
   * The Filter plugins the node scan runs: the active ones less those that cannot reject any node for this
   * pod (Plugin.filterCannotReject). Null until PreFilter has run: then every Filter plugin.
   */
  scanFilters: readonly Plugin[] | null = null;

  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }
  delete(key: string): void {
    this.data.delete(key);
  }
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) {
      const maybe = v as StateData | null;
      c.data.set(k, maybe && typeof maybe.clone === "function" ? maybe.clone() : v);
    }
    for (const p of this.skipFilterPlugins) c.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) c.skipScorePlugins.add(p);
    c.activeFilters = this.activeFilters;
    c.scanFilters = this.scanFilters;
    return c;
  }
}
