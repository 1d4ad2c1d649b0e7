/**
 * GpuPacking (the FGD artifact's GpuPackingScore, policy "04-GpuPacking"): prefer, in this order,
 *   1. placing a GPU pod on devices already partly used: 100 − Σ_used-devices ⌊free·100/1000⌋ / 10,
 *      at least 50;
 *   2. a node already in use, taking fully free devices there: 50 − #free devices taken, at least 33;
 *   3. a node whose devices are all free: max(33 − #devices, #devices).
 * The devices considered are picked as the artifact does: sorted by free milli ascending (stable), the first
 * ones with room. Integer arithmetic throughout. CPU-only pods score 0 everywhere (ties broken at random).
 * "In use" means some device is not fully free (CPU-only pods do not make a node used here, as in the
 * artifact). A node that cannot host the pod's GPUs scores 0 (the artifact errors; Filter prevents it).
 * GPU shares take the best-fit device (the artifact's default gpuSelMethod "best").
 */
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import { MAX_NODE_SCORE, MIN_NODE_SCORE, definePlugin, noArgs, type Plugin } from "../../../core/scheduler/framework.js";
import { MILLI_PER_GPU } from "../../../core/scheduler/gpu.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";

const NAME = "GpuPacking";

const order = new Int32Array(64);

/** The packing score of a pod wanting `count` devices of `milli` on a node with `free` devices. */
export function packingScore(free: Int32Array, count: number, milli: number): number {
  if (count === 0 || milli <= 0) return MIN_NODE_SCORE;
  const n = free.length;
  let fullyFree = 0;
  for (let i = 0; i < n; i++) if (free[i] === MILLI_PER_GPU) fullyFree++;
  if (fullyFree === n) return Math.max(Math.trunc(MAX_NODE_SCORE / 3) - fullyFree, fullyFree);
  // Stable ascending order of devices by free milli (insertion sort of indices).
  const idx = n <= order.length ? order : new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let j = i - 1;
    while (j >= 0 && free[idx[j]!]! > free[i]!) {
      idx[j + 1] = idx[j]!;
      j--;
    }
    idx[j + 1] = i;
  }
  let want = count;
  let freeUsed = 0;
  let ratioSum = 0;
  for (let k = 0; k < n && want > 0; k++) {
    const f = free[idx[k]!]!;
    if (milli > f) continue;
    want--;
    if (f === MILLI_PER_GPU) freeUsed++;
    ratioSum += Math.trunc((f * 100) / MILLI_PER_GPU);
  }
  if (want > 0) return MIN_NODE_SCORE;
  if (freeUsed > 0) return Math.max(Math.trunc(MAX_NODE_SCORE / 2) - freeUsed, Math.trunc(MAX_NODE_SCORE / 3));
  return Math.max(MAX_NODE_SCORE - Math.trunc(ratioSum / 10), Math.trunc(MAX_NODE_SCORE / 2));
}

export const GpuPacking = definePlugin({
  name: NAME,
  description: "Research policy: pack GPU pods onto partly used GPUs, then used nodes, then idle nodes (FGD artifact's GpuPackingScore).",
  args: noArgs,
  create(): Plugin {
    return {
      name: NAME,
      score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
        return packingScore(node.gpuFree, pod.gpuCount, pod.gpuMilli);
      },
    };
  },
});
