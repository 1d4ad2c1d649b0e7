// Pods per node over time from pods.csv spans: a pod counts from its start to its end, or to the end of
// the run while it still runs; starts and ends at one time net out.
import { describe, expect, it } from "vitest";
import { DEFAULT_STYLE } from "./common.js";
import { podsPerNode, podsPerNodeChart } from "./pods-per-node.js";

describe("pods per node", () => {
  it("steps up at starts and down at ends, per node, to the end of the run", () => {
    const points = podsPerNode(
      [
        { node: "b", startUs: 10, endUs: 50 },
        { node: "a", startUs: 10 },
        { node: "a", startUs: 20, endUs: 30 },
        { node: "b", startUs: 50 }, // replaces the one that ended at 50
      ],
      100,
    );
    expect(points).toEqual([
      { node: "a", t: 0, pods: 0 },
      { node: "a", t: 10, pods: 1 },
      { node: "a", t: 20, pods: 2 },
      { node: "a", t: 30, pods: 1 },
      { node: "a", t: 100, pods: 1 },
      { node: "b", t: 0, pods: 0 },
      { node: "b", t: 10, pods: 1 },
      { node: "b", t: 50, pods: 1 },
      { node: "b", t: 100, pods: 1 },
    ]);
  });

  it("draws one step line per node, stacked, on a shared y scale", () => {
    const spec = podsPerNodeChart({ colors: { domain: ["v"], range: ["#000"] }, style: DEFAULT_STYLE, workloads: ["w"] }, [
      { node: "a", t: 0, pods: 0 },
      { node: "a", t: 1200e6, pods: 3 },
    ]) as {
      facet: { row: { field: string } };
      spec: { mark: { interpolate: string }; encoding: { y: { scale: { domain: number[] } } } };
      data: { values: { t: number }[] };
    };
    expect(spec.facet.row.field).toBe("node");
    expect(spec.spec.mark.interpolate).toBe("step-after");
    expect(spec.spec.encoding.y.scale.domain).toEqual([0, 3]);
    expect(spec.data.values.map((v) => v.t)).toEqual([0, 20]); // minutes
  });
});
