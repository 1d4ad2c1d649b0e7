/**
 * The resource norm of BestFit and WorstFit (the FGD artifact's BestFitScore): the node's remaining
 * resources after placing the pod, each divided by a fixed "largest node" spec and weighted:
 *   r = Σ_i w_i · (free_i − request_i) / maxSpec_i   over cpu (milli), GPU (milli, summed over devices)
 *   and memory (MiB), with the artifact's defaults w = (cpu 0.5, gpu 0.5, memory 0) and
 *   maxSpec = (128,000 milli-CPU, 8,000 milli-GPU, 1,048,576 MiB).
 * Requests are the non-zero ones (100m cpu / 200 MiB memory for containers that omit them).
 * The node's free amounts are allocatable − requested. r is in [0, Σw] when nodes are no larger than the spec.
 */
import { ArgsError } from "../../../core/scheduler/framework.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";

export interface FitNormArgs {
  cpuWeight: number;
  gpuWeight: number;
  memoryWeight: number;
  maxCpuMilli: number;
  maxGpuMilli: number;
  maxMemoryMiB: number;
}

export const DEFAULT_FIT_NORM: Readonly<FitNormArgs> = Object.freeze({
  cpuWeight: 0.5,
  gpuWeight: 0.5,
  memoryWeight: 0,
  maxCpuMilli: 128000,
  maxGpuMilli: 8000,
  maxMemoryMiB: 1048576,
});

const MIB = 1024 * 1024;

export function parseFitNormArgs(raw: unknown, path: string, kind: string): FitNormArgs {
  const out: FitNormArgs = { ...DEFAULT_FIT_NORM };
  if (raw == null) return out;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ArgsError(path, `expected ${kind} args object`);
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!(k in out)) throw new ArgsError(`${path}.${k}`, `unknown field "${k}" (allowed: ${Object.keys(out).join(", ")})`);
    const isWeight = k.endsWith("Weight");
    if (typeof v !== "number" || !Number.isFinite(v) || (isWeight ? v < 0 : v <= 0)) {
      throw new ArgsError(`${path}.${k}`, `expected a ${isWeight ? "non-negative" : "positive"} number, got ${JSON.stringify(v)}`);
    }
    out[k as keyof FitNormArgs] = v;
  }
  if (out.cpuWeight + out.gpuWeight + out.memoryWeight <= 0) throw new ArgsError(path, "at least one weight must be positive");
  return out;
}

/** r for `pod` on `node` (see above), or -1 if a weighted resource would go negative. */
export function remainingNorm(a: FitNormArgs, node: NodeInfo, pod: PodInfo): number {
  const cpuFree = node.allocatable.milliCPU - node.requested.milliCPU - pod.nonZeroMilliCPU;
  const gpuFree = node.gpuTotalMilli - node.gpuUsedMilli - pod.gpuCount * pod.gpuMilli;
  let r = 0;
  if (a.cpuWeight > 0) {
    if (cpuFree < 0) return -1;
    r += (cpuFree / a.maxCpuMilli) * a.cpuWeight;
  }
  if (a.gpuWeight > 0) {
    if (gpuFree < 0) return -1;
    r += (gpuFree / a.maxGpuMilli) * a.gpuWeight;
  }
  if (a.memoryWeight > 0) {
    const memFree = node.allocatable.memory - node.requested.memory - pod.nonZeroMemory;
    if (memFree < 0) return -1;
    r += (memFree / MIB / a.maxMemoryMiB) * a.memoryWeight;
  }
  return r;
}

/** Min-max rescaling of raw scores to 0..100 (the artifact's NormalizeScore); all equal → all 0. */
export function minMaxNormalize(scores: Float64Array, n: number): void {
  let hi = -Infinity;
  let lo = Infinity;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (s > hi) hi = s;
    if (s < lo) lo = s;
  }
  const range = hi - lo;
  for (let i = 0; i < n; i++) scores[i] = range === 0 ? 0 : Math.trunc(((scores[i]! - lo) * 100) / range);
}
