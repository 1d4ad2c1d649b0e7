/** Axis titles and display units of summary metrics ("wait_us.p99" → "p99 scheduling wait (s)"). */
import { timeUnit } from "./common.js";

export interface MetricDisplay {
  title: string;
  /** Multiply raw values by this for display. */
  factor: number;
}

const RESOURCE: Record<string, string> = { cpu: "CPU", memory: "memory", gpu: "GPU" };
const WAIT: Record<string, string> = { p50: "Median", p90: "p90", p99: "p99", mean: "Mean", max: "Max" };
const POD_STATES: Record<string, string> = {
  arrived: "Pods arrived", scheduled: "Pods scheduled", unschedulable: "Pods left unscheduled", completed: "Pods completed", running: "Pods running at end", pending: "Pods pending at end",
};
const PLAIN: Record<string, string> = {
  nodes: "Nodes", scheduling_attempts: "Scheduling attempts", wall_seconds: "Wall time (s)", decisions_per_second: "Scheduling decisions per second", "trace.bad_rows_skipped": "Trace rows skipped",
};

/** How to show `metric` whose values reach `maxAbs` (raw units). */
export function metricDisplay(metric: string, maxAbs: number): MetricDisplay {
  const time = (what: string): MetricDisplay => {
    const u = timeUnit(maxAbs);
    return { title: `${what} (${u.label})`, factor: 1 / u.div };
  };
  let m: RegExpExecArray | null;
  if ((m = /^wait_us\.(\w+)$/.exec(metric))) return time(`${WAIT[m[1]!] ?? m[1]} scheduling wait`);
  if ((m = /^allocation\.(\w+)\.(mean|final)$/.exec(metric))) {
    const r = RESOURCE[m[1]!] ?? m[1]!;
    return { title: `${m[2] === "mean" ? "Mean" : "Final"} ${r} allocation (%)`, factor: 100 };
  }
  if ((m = /^pods\.(\w+)$/.exec(metric))) return { title: POD_STATES[m[1]!] ?? `Pods ${m[1]}`, factor: 1 };
  if ((m = /^fill\.gpu_(alloc|frag|unalloc)_pct@(.+)$/.exec(metric))) {
    const what = { alloc: "GPU allocated", frag: "GPU fragmentation", unalloc: "GPU unallocated" }[m[1] as "alloc"];
    return { title: `${what} at ${m[2]}% arrived (%)`, factor: 1 };
  }
  if (metric === "makespan_us") return time("Makespan");
  if (PLAIN[metric]) return { title: PLAIN[metric], factor: 1 };
  if (metric.endsWith("_us")) return time(metric.slice(0, -3));
  if (metric === "peak_rss_bytes" || metric.endsWith("_bytes")) return { title: `${metric === "peak_rss_bytes" ? "Peak RSS" : metric.slice(0, -6)} (MiB)`, factor: 1 / 2 ** 20 };
  if (metric.endsWith("_pct")) return { title: `${metric.slice(0, -4)} (%)`, factor: 1 };
  return { title: metric, factor: 1 };
}
