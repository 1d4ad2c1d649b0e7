/**
 * FirstFit: the feasible node that comes first in the cluster's node order (the snapshot's node list, i.e.
 * the order nodes were added; NodeInfo.index). Scores are 0..100 integers, too few to rank thousands of
 * nodes, so PreScore finds the first feasible node and Score gives it 100 and every other node 0.
 * Inside the node a share takes the lowest-indexed device with room (first fit again); whole GPUs take
 * the lowest-indexed free devices.
 */
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import { MAX_NODE_SCORE, MIN_NODE_SCORE, definePlugin, noArgs, type Plugin } from "../../../core/scheduler/framework.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { chooseDevices } from "../gpu-sharing/index.js";

const NAME = "FirstFit";

/** The lowest-indexed device with at least `milli` free; -1 if none. */
export function firstFitDevice(free: Int32Array, milli: number): number {
  for (let i = 0; i < free.length; i++) if (free[i]! >= milli) return i;
  return -1;
}

export const FirstFit = definePlugin({
  name: NAME,
  description: "Research policy: the first feasible node in cluster order; first device with room for GPU shares.",
  args: noArgs,
  create(): Plugin {
    let firstState: CycleState | null = null;
    let first: NodeInfo | null = null;
    return {
      name: NAME,
      preScore(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[]): null {
        firstState = state;
        first = null;
        for (const n of nodes) if (first === null || n.index < first.index) first = n;
        return null;
      },
      score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
        return state === firstState && node === first ? MAX_NODE_SCORE : MIN_NODE_SCORE;
      },
      selectGpuDevices(_state: CycleState, pod: PodInfo, node: NodeInfo): number[] | null {
        return chooseDevices(node.gpuFree, pod.gpuCount, pod.gpuMilli, firstFitDevice);
      },
    };
  },
});
