/**
 * LeastAllocated (least_allocated.go): favours nodes with more free capacity.
 * Per resource (capacity − requested)·100 / capacity (0 when over capacity), then the
 * weighted mean with integer truncation.
 */
import type { ResourceScorer, ResourceSpec } from "./resource-allocation.js";
import { cpuMemoryWeights, percentOf } from "./resource-allocation.js";

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
          score += (rc > ac ? 0 : percentOf(ac - rc, ac)) * wc;
          wsum += wc;
        }
        if (am !== 0) {
          const rm = (useRequested ? node.reqMem : node.nzMem) + podMemory;
          score += (rm > am ? 0 : percentOf(am - rm, am)) * wm;
          wsum += wm;
        }
        out[i] = wsum === 0 ? 0 : Math.floor(score / wsum);
      }
    };
  }
  return scorer;
}
