/**
 * DotProduct (Tetris-style alignment; the FGD artifact's DotProductScore, policy "02-DotProd", run with
 * dimExtMethod "merge" and normMethod "max"). Node vector = (cpu left, Σ free milli-GPU), pod vector =
 * (cpu request, total milli-GPU), both divided by a normaliser; score = trunc(100 · (1 − v_node·v_pod / 2)).
 * The artifact's variant thus prefers the *smaller* dot product (it packs: a node with little left scores
 * high), the reverse of Tetris's "maximise alignment". A node with less CPU left than the pod requests scores 0.
 * Normalisers (`normMethod`): "max" (default) = (maxCpuMilli 128,000, maxGpuMilli 8,000), the largest node;
 * "node" = the node's own capacity (cpu allocatable, devices × 1000; a zero capacity gives a 0 component);
 * "pod" = the pod's request, with the dot product then squashed by tanh(x/10) as the artifact does.
 * Only the "merge" dimension method is implemented (the other artifact methods are only used with FGD).
 * CPU is the non-zero request (100m for containers without one). GPU shares take the best-fit device.
 */
import { ArgsError, MAX_NODE_SCORE, MIN_NODE_SCORE, definePlugin, type Plugin } from "../../../core/scheduler/framework.js";
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";

const NAME = "DotProduct";

export interface DotProductArgs {
  dimExtMethod: "merge";
  normMethod: "max" | "node" | "pod";
  maxCpuMilli: number;
  maxGpuMilli: number;
}

export function parseDotProductArgs(raw: unknown, path: string): DotProductArgs {
  const out: DotProductArgs = { dimExtMethod: "merge", normMethod: "max", maxCpuMilli: 128000, maxGpuMilli: 8000 };
  if (raw == null) return out;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ArgsError(path, "expected DotProduct args object");
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k === "dimExtMethod") {
      if (v !== "merge") throw new ArgsError(`${path}.${k}`, `only "merge" is supported, got ${JSON.stringify(v)}`);
    } else if (k === "normMethod") {
      if (v !== "max" && v !== "node" && v !== "pod") throw new ArgsError(`${path}.${k}`, `expected "max", "node" or "pod", got ${JSON.stringify(v)}`);
      out.normMethod = v;
    } else if (k === "maxCpuMilli" || k === "maxGpuMilli") {
      if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) throw new ArgsError(`${path}.${k}`, `expected a positive number, got ${JSON.stringify(v)}`);
      out[k] = v;
    } else {
      throw new ArgsError(`${path}.${k}`, `unknown field "${k}" (allowed: dimExtMethod, normMethod, maxCpuMilli, maxGpuMilli)`);
    }
  }
  return out;
}

const div = (a: number, b: number): number => (b > 0 ? a / b : 0);

/** The artifact's dot-product score of `pod` on `node` (0..100). */
export function dotProductScore(a: DotProductArgs, node: NodeInfo, pod: PodInfo): number {
  const cpuLeft = node.allocatable.milliCPU - node.requested.milliCPU;
  const podCpu = pod.nonZeroMilliCPU;
  if (cpuLeft < podCpu) return MIN_NODE_SCORE;
  const gpuLeft = node.gpuTotalMilli - node.gpuUsedMilli;
  const podGpu = pod.gpuCount * pod.gpuMilli;
  let cpuNorm: number;
  let gpuNorm: number;
  if (a.normMethod === "max") {
    cpuNorm = a.maxCpuMilli;
    gpuNorm = a.maxGpuMilli;
  } else if (a.normMethod === "node") {
    cpuNorm = node.allocatable.milliCPU;
    gpuNorm = node.gpuTotalMilli;
  } else {
    cpuNorm = podCpu;
    gpuNorm = podGpu;
  }
  let x = (div(cpuLeft, cpuNorm) * div(podCpu, cpuNorm) + div(gpuLeft, gpuNorm) * div(podGpu, gpuNorm)) / 2;
  if (a.normMethod === "pod") x = Math.tanh(x / 10);
  const s = Math.trunc(MAX_NODE_SCORE * (1 - x));
  return s < MIN_NODE_SCORE ? MIN_NODE_SCORE : s > MAX_NODE_SCORE ? MAX_NODE_SCORE : s;
}

export const DotProduct = definePlugin<DotProductArgs>({
  name: NAME,
  description: "Research policy: Tetris-style dot product of node-left and pod-request (cpu, GPU) vectors; the FGD artifact's variant (smaller is better).",
  args: parseDotProductArgs,
  create(args): Plugin {
    return {
      name: NAME,
      score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
        return dotProductScore(args, node, pod);
      },
    };
  },
});
