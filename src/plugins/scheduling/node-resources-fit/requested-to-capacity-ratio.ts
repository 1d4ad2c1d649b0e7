/**
 * RequestedToCapacityRatio (requested_to_capacity_ratio.go + helper/shape_score.go): a
 * broken-linear function of utilization (0..100) given by shape points whose scores (0..10) are
 * scaled ×10 to the node-score range. Only resources scoring above 0 enter the weighted mean,
 * which is rounded (math.Round).
 */
import { MAX_NODE_SCORE } from "../../../core/scheduler/framework.js";
import type { ResourceScorer, ResourceSpec } from "./resource-allocation.js";
import { percentOf } from "./resource-allocation.js";

/** config.MaxCustomPriorityScore: the top of the shape's score scale. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;
const MAX_UTILIZATION = 100;

export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

/**
 * helper.BuildBrokenLinearFunction: score of p by linear interpolation between the points
 * (Go integer division, truncating toward zero), flat before the first and after the last point.
 */
export function buildBrokenLinearFunction(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  const us = shape.map((s) => s.utilization);
  const ss = shape.map((s) => s.score);
  const last = ss[ss.length - 1]!;
  return (p) => {
    for (let i = 0; i < us.length; i++) {
      if (p <= us[i]!) {
        if (i === 0) return ss[0]!;
        return ss[i - 1]! + Math.trunc(((ss[i]! - ss[i - 1]!) * (p - us[i - 1]!)) / (us[i]! - us[i - 1]!));
      }
    }
    return last;
  };
}

export function requestedToCapacityRatioScorer(
  resources: readonly ResourceSpec[],
  shape: readonly UtilizationShapePoint[],
): ResourceScorer {
  const scaled = shape.map((p) => ({
    utilization: p.utilization,
    score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE),
  }));
  const raw = buildBrokenLinearFunction(scaled);
  const resourceScore = (requested: number, capacity: number): number =>
    capacity === 0 || requested > capacity ? raw(MAX_UTILIZATION) : raw(percentOf(requested, capacity));
  const weights = Float64Array.from(resources, (r) => r.weight);
  return (requested, allocatable, n) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < n; i++) {
      const alloc = allocatable[i]!;
      if (alloc === 0) continue;
      const s = resourceScore(requested[i]!, alloc);
      if (s > 0) {
        nodeScore += s * weights[i]!;
        weightSum += weights[i]!;
      }
    }
    // Scores are non-negative, so Math.round equals Go's math.Round (half away from zero).
    return weightSum === 0 ? 0 : Math.round(nodeScore / weightSum);
  };
}
