/**
 * MostAllocated (most_allocated.go): favours nodes with more of their capacity requested
 * (bin packing). Per resource min(requested, capacity)·100 / capacity, then the weighted mean
 * with integer truncation.
 */
import type { ResourceScorer, ResourceSpec } from "./resource-allocation.js";
import { cpuMemoryWeights, percentOf } from "./resource-allocation.js";

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
  // LeastAllocated's loop with this strategy's formula: a loop shared through a per-resource callback would
  // call it per node (and see two callees), which is what the loops are here to avoid.
  const w = cpuMemoryWeights(resources);
  if (w) {
    const wc = w.cpu;
    const wm = w.memory;
    scorer.cpuMemory = (nodes, podCpu, podMemory, useRequested, out) => {
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i]!;
        const ac = node.allocCpu;
        const am = node.allocMem;
        let score = 0;
        let wsum = 0;
        if (ac !== 0) {
          const rc = (useRequested ? node.reqCpu : node.nzCpu) + podCpu;
          score += percentOf(rc > ac ? ac : rc, ac) * wc;
          wsum += wc;
        }
        if (am !== 0) {
          const rm = (useRequested ? node.reqMem : node.nzMem) + podMemory;
          score += percentOf(rm > am ? am : rm, am) * wm;
          wsum += wm;
        }
        out[i] = wsum === 0 ? 0 : Math.floor(score / wsum);
      }
    };
  }
  return scorer;
}
