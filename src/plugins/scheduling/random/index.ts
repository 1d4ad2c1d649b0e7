/**
 * Random (the FGD artifact's RandomScore, policy "01-Random"): PreScore picks one feasible node uniformly at
 * random from the profile's seeded stream (`handle.rng`, so runs are reproducible); Score gives that node 100
 * and every other node 0, so it wins whatever else is scored. A GPU share goes to a uniformly random device
 * with room (the artifact runs Random with gpuSelMethod "random"); whole GPUs take the lowest-indexed free
 * devices. Choice left open: when only one node is feasible the scheduler skips scoring and no random
 * number is drawn (as kube-scheduler).
 */
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import { MAX_NODE_SCORE, MIN_NODE_SCORE, definePlugin, noArgs, type Plugin } from "../../../core/scheduler/framework.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { chooseDevices, randomDevice } from "../gpu-sharing/index.js";

const NAME = "Random";

export const Random = definePlugin({
  name: NAME,
  description: "Research policy: a uniformly random feasible node (seeded), random GPU for shares (FGD artifact's RandomScore).",
  args: noArgs,
  create(_args, handle): Plugin {
    const rng = handle.rng;
    let chosenState: CycleState | null = null;
    let chosen: NodeInfo | null = null;
    const pickShare = (free: Int32Array, milli: number) => randomDevice(free, milli, rng);
    return {
      name: NAME,
      preScore(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[]): null {
        chosenState = state;
        chosen = nodes.length > 0 ? nodes[rng.below(nodes.length)]! : null;
        return null;
      },
      score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
        return state === chosenState && node === chosen ? MAX_NODE_SCORE : MIN_NODE_SCORE;
      },
      selectGpuDevices(_state: CycleState, pod: PodInfo, node: NodeInfo): number[] | null {
        return chooseDevices(node.gpuFree, pod.gpuCount, pod.gpuMilli, pickShare);
      },
    };
  },
});
