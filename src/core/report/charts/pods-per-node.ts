/**
 * Pods per node over time, one line per node, from a run's pods.csv (a pod counts on its node from its
 * start to its end; one still running counts to the end of the run): where a scenario's pods run, and
 * where they go when a node fails or is drained.
 */
import { paperConfig, r6, timeUnit, type ChartContext, type VlSpec } from "./common.js";

export interface PodSpan {
  node: string;
  startUs: number;
  /** Absent while the pod was still running when the run ended. */
  endUs?: number;
}

/** The running pods on each node after every change, as step points (time in µs). */
export function podsPerNode(spans: readonly PodSpan[], endUs: number): { node: string; t: number; pods: number }[] {
  const changes = new Map<string, Map<number, number>>();
  const add = (node: string, t: number, d: number) => {
    let m = changes.get(node);
    if (!m) changes.set(node, (m = new Map()));
    m.set(t, (m.get(t) ?? 0) + d);
  };
  for (const s of spans) {
    add(s.node, s.startUs, 1);
    if (s.endUs !== undefined) add(s.node, s.endUs, -1);
  }
  const out: { node: string; t: number; pods: number }[] = [];
  for (const node of [...changes.keys()].sort()) {
    let n = 0;
    out.push({ node, t: 0, pods: 0 });
    for (const [t, d] of [...changes.get(node)!].sort((a, b) => a[0] - b[0])) {
      n += d;
      out.push({ node, t, pods: n });
    }
    out.push({ node, t: endUs, pods: n });
  }
  return out;
}

/** One step line per node, stacked (lines of several nodes would hide each other where they are equal). */
export function podsPerNodeChart(ctx: ChartContext, points: readonly { node: string; t: number; pods: number }[]): VlSpec {
  const maxUs = Math.max(0, ...points.map((p) => p.t));
  const unit = timeUnit(maxUs);
  const values = points.map((p) => ({ node: p.node, t: r6(p.t / unit.div), pods: p.pods }));
  const nodes = new Set(points.map((p) => p.node)).size;
  const top = Math.max(1, ...points.map((p) => p.pods));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values },
    facet: { row: { field: "node", type: "nominal", title: null, header: { labelAngle: 0, labelAlign: "left" } } },
    spacing: 4,
    spec: {
      width: ctx.style.width - 90,
      height: Math.max(28, Math.round((ctx.style.height * 1.2) / nodes)),
      mark: { type: "line", interpolate: "step-after", color: "#4c78a8" },
      encoding: {
        x: { field: "t", type: "quantitative", title: `Time (${unit.label})`, scale: { nice: false } },
        y: { field: "pods", type: "quantitative", title: null, scale: { domain: [0, top] }, axis: { values: [0, top], format: "d" } },
      },
    },
    config: paperConfig(ctx.style),
  };
}
