/**
 * MostAllocated (most_allocated.go): favours nodes with more of their capacity requested
 * (bin packing). Per resource min(requested, capacity)·100 / capacity, then the weighted mean
 * with integer truncation.
 */
import type { ResourceScorer, ResourceSpec } from "./resource-allocation.js";
import { percentOf, weightedCpuMemory } from "./resource-allocation.js";

export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  // A node whose requests already exceed capacity (e.g. after an allocatable change) counts as full.
  return percentOf(requested > capacity ? capacity : requested, capacity);
}

export function mostResourceScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  const weights = Float64Array.from(resources, (r) => r.weight);
  const scorer: ResourceScorer = (requested, allocatable, n) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < n; i++) {
      const alloc = allocatable[i]!;
      if (alloc === 0) continue;
      const w = weights[i]!;
      nodeScore += mostRequestedScore(requested[i]!, alloc) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.floor(nodeScore / weightSum);
  };
  scorer.cpuMemory = weightedCpuMemory(resources, true);
  return scorer;
}
