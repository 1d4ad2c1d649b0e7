/**
 * LeastAllocated (least_allocated.go): favours nodes with more free capacity.
 * Per resource (capacity − requested)·100 / capacity (0 when over capacity), then the
 * weighted mean with integer truncation.
 */
import type { ResourceScorer, ResourceSpec } from "./resource-allocation.js";
import { percentOf, weightedCpuMemory } from "./resource-allocation.js";

export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return percentOf(capacity - requested, capacity);
}

export function leastResourceScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  const weights = Float64Array.from(resources, (r) => r.weight);
  const scorer: ResourceScorer = (requested, allocatable, n) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < n; i++) {
      const alloc = allocatable[i]!;
      if (alloc === 0) continue;
      const w = weights[i]!;
      nodeScore += leastRequestedScore(requested[i]!, alloc) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.floor(nodeScore / weightSum);
  };
  scorer.cpuMemory = weightedCpuMemory(resources, false);
  return scorer;
}
