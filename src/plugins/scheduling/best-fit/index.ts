/**
 * BestFit (the FGD artifact's BestFitScore, policy "05-BestFit"): the feasible node with the least
 * resources left once the pod is placed. With the weighted norm of gpu-sharing/remaining.ts
 * (r = Σ w_i (free_i − request_i)/maxSpec_i; cpu and GPU at weight 0.5, maxSpec 128 cores / 8 GPUs),
 * score = trunc((1 − r/Σw) · 100), clamped to 0..100, then min-max normalised over the feasible nodes as the
 * artifact's NormalizeScore does (order-preserving; ties stay ties and are broken at random by the scheduler).
 * Choices left open: a node where a weighted resource would go negative scores 0 (the artifact returns an
 * error, which Filter already prevents); weights not summing to 1 are divided by their sum; memory can be
 * weighted too (weight 0 by default, as the artifact). GPU shares take the best-fit device (least free
 * milli with room), whole GPUs the lowest-indexed free devices — NodeInfo's default.
 * Args (all optional): cpuWeight, gpuWeight, memoryWeight, maxCpuMilli, maxGpuMilli, maxMemoryMiB.
 */
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import { MAX_NODE_SCORE, MIN_NODE_SCORE, definePlugin, type NodeScoreList, type Plugin } from "../../../core/scheduler/framework.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { minMaxNormalize, parseFitNormArgs, remainingNorm, type FitNormArgs } from "../gpu-sharing/index.js";

const NAME = "BestFit";

export const BestFit = definePlugin<FitNormArgs>({
  name: NAME,
  description: "Research policy: the node with the least weighted cpu/GPU left after placement (FGD artifact's BestFitScore).",
  args: (raw, path) => parseFitNormArgs(raw, path, "BestFit"),
  create(args): Plugin {
    const wsum = args.cpuWeight + args.gpuWeight + args.memoryWeight;
    return {
      name: NAME,
      score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
        const r = remainingNorm(args, node, pod);
        if (r < 0) return MIN_NODE_SCORE;
        const s = Math.trunc((1 - r / wsum) * MAX_NODE_SCORE);
        return s < 0 ? MIN_NODE_SCORE : s > MAX_NODE_SCORE ? MAX_NODE_SCORE : s;
      },
      normalizeScore(_state: CycleState, _pod: PodInfo, list: NodeScoreList): null {
        minMaxNormalize(list.scores, list.nodes.length);
        return null;
      },
    };
  },
});
