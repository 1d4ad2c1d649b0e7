/**
 * What each summary metric is, in one place for tables, comparisons, charts and the run's ranking:
 * its title, one fixed display unit (a metric never shows in seconds in one table and minutes in a
 * chart), which direction is better, and its bounds (an interval of a count or a share is clipped to
 * them: a mean of non-negative values has no negative lower bound).
 */

export interface MetricInfo {
  /** "Mean scheduling wait". */
  title: string;
  /** Display unit: "s", "h", "%", "MiB", or "" for counts. */
  unit: string;
  /** Raw value × factor = display value. */
  factor: number;
  /** Which way is better (null: neither, e.g. pods arrived). */
  better: "lower" | "higher" | null;
  /** Bounds of the raw values (null: unbounded). */
  min: number | null;
  max: number | null;
}

const RESOURCE: Record<string, string> = { cpu: "CPU", memory: "memory", gpu: "GPU" };
const WAIT: Record<string, string> = { p50: "Median", p90: "p90", p99: "p99", mean: "Mean", max: "Max" };
const POD_STATES: Record<string, [string, MetricInfo["better"]]> = {
  arrived: ["Pods arrived", null],
  scheduled: ["Pods scheduled", "higher"],
  unschedulable: ["Pods left unscheduled", "lower"],
  completed: ["Pods completed", "higher"],
  running: ["Pods running at the end", null],
  pending: ["Pods never attempted", "lower"],
  preempted: ["Pods preempted", "lower"],
};
const COUNTS: Record<string, [string, MetricInfo["better"]]> = {
  nodes: ["Nodes", null],
  scheduling_attempts: ["Scheduling attempts", "lower"],
  "attempts.total": ["Scheduling attempts", "lower"],
  "attempts.mean_per_pod": ["Scheduling attempts per pod", "lower"],
  "attempts.max_per_pod": ["Most attempts of one pod", "lower"],
  "preemption.preemptions": ["Preemptions", "lower"],
  "preemption.victims": ["Pods evicted by preemption", "lower"],
  decisions_per_second: ["Scheduling decisions per second", "higher"],
  "trace.bad_rows_skipped": ["Trace rows skipped", null],
};

const S = 1e-6;
const count = (title: string, better: MetricInfo["better"]): MetricInfo => ({ title, unit: "", factor: 1, better, min: 0, max: null });

export function metricInfo(metric: string): MetricInfo {
  let m: RegExpExecArray | null;
  if ((m = /^wait_us\.(\w+)$/.exec(metric))) return { title: `${WAIT[m[1]!] ?? m[1]} scheduling wait`, unit: "s", factor: S, better: "lower", min: 0, max: null };
  if ((m = /^allocation\.(\w+)\.(mean|final)$/.exec(metric))) {
    const r = RESOURCE[m[1]!] ?? m[1]!;
    return { title: `${m[2] === "mean" ? "Mean" : "Final"} ${r} allocation`, unit: "%", factor: 100, better: m[2] === "mean" ? "higher" : null, min: 0, max: 1 };
  }
  if ((m = /^pods\.(\w+)$/.exec(metric))) {
    const [title, better] = POD_STATES[m[1]!] ?? [`Pods ${m[1]}`, null];
    return count(title, better);
  }
  if ((m = /^fill\.gpu_(alloc|frag|unalloc)_pct@(.+)$/.exec(metric))) {
    const [what, better] = ({ alloc: ["GPU allocated", "higher"], frag: ["GPU fragmentation", "lower"], unalloc: ["GPU unallocated", "lower"] } as const)[m[1] as "alloc"];
    return { title: `${what} at ${m[2]}% arrived`, unit: "%", factor: 1, better, min: 0, max: null };
  }
  const c = COUNTS[metric];
  if (c) return count(...c);
  if (metric === "makespan_us") return { title: "Makespan", unit: "h", factor: 1 / 3.6e9, better: "lower", min: 0, max: null };
  if (metric === "wall_seconds") return { title: "Wall time", unit: "s", factor: 1, better: "lower", min: 0, max: null };
  if (metric === "peak_rss_bytes") return { title: "Peak RSS", unit: "MiB", factor: 1 / 2 ** 20, better: "lower", min: 0, max: null };
  if (metric.endsWith("_us")) return { title: metric.slice(0, -3), unit: "s", factor: S, better: null, min: null, max: null };
  if (metric.endsWith("_bytes")) return { title: metric.slice(0, -6), unit: "MiB", factor: 1 / 2 ** 20, better: null, min: null, max: null };
  if (metric.endsWith("_pct")) return { title: metric.slice(0, -4), unit: "%", factor: 1, better: null, min: null, max: null };
  return { title: metric, unit: "", factor: 1, better: null, min: null, max: null };
}

/** "Mean scheduling wait (s)"; a count has no unit in parentheses. */
export function metricLabel(metric: string): string {
  const i = metricInfo(metric);
  return i.unit ? `${i.title} (${i.unit})` : i.title;
}

/** An interval clipped to the metric's bounds (raw units). */
export function clampInterval(metric: string, low: number, high: number): [number, number] {
  const { min, max } = metricInfo(metric);
  const lo = min === null ? low : Math.max(min, low);
  const hi = max === null ? high : Math.min(max, high);
  return [lo, hi];
}
