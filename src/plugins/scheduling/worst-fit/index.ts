/**
 * WorstFit: the opposite of BestFit — the feasible node with the most resources left once the pod is placed,
 * on the same weighted norm (gpu-sharing/remaining.ts: cpu and GPU at weight 0.5, maxSpec 128 cores / 8 GPUs):
 * score = trunc(r/Σw · 100), clamped to 0..100, then min-max normalised over the feasible nodes.
 * It spreads load, like kube-scheduler's LeastAllocated but on remaining amounts rather than fractions.
 * Inside the node a GPU share takes the device with the most free milli (worst fit, lowest index on ties);
 * whole GPUs the lowest-indexed free devices. A node where a weighted resource would go negative scores 0.
 * Args: as BestFit.
 */
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import { MAX_NODE_SCORE, MIN_NODE_SCORE, definePlugin, type NodeScoreList, type Plugin } from "../../../core/scheduler/framework.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { chooseDevices, minMaxNormalize, parseFitNormArgs, remainingNorm, worstFitDevice, type FitNormArgs } from "../gpu-sharing/index.js";

const NAME = "WorstFit";

export const WorstFit = definePlugin<FitNormArgs>({
  name: NAME,
  description: "Research policy: the node with the most weighted cpu/GPU left after placement; worst-fit GPU for shares.",
  args: (raw, path) => parseFitNormArgs(raw, path, "WorstFit"),
  create(args): Plugin {
    const wsum = args.cpuWeight + args.gpuWeight + args.memoryWeight;
    return {
      name: NAME,
      score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
        const r = remainingNorm(args, node, pod);
        if (r < 0) return MIN_NODE_SCORE;
        const s = Math.trunc((r / wsum) * MAX_NODE_SCORE);
        return s < 0 ? MIN_NODE_SCORE : s > MAX_NODE_SCORE ? MAX_NODE_SCORE : s;
      },
      normalizeScore(_state: CycleState, _pod: PodInfo, list: NodeScoreList): null {
        minMaxNormalize(list.scores, list.nodes.length);
        return null;
      },
      selectGpuDevices(_state: CycleState, pod: PodInfo, node: NodeInfo): number[] | null {
        return chooseDevices(node.gpuFree, pod.gpuCount, pod.gpuMilli, worstFitDevice);
      },
    };
  },
});
