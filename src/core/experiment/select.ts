/**
 * Which trace pods a workload keeps: a time window on arrival, a few filters, and a scale factor.
 * Applied in this order, before `limit` (which counts kept pods):
 *   window  {from, to}: arrival in [from, to), trace time (not shifted to start at 0)
 *   filters gpu: any | only | none (pods asking for a GPU or not); minCpu / maxCpu: CPU request bounds
 *           (inclusive); qos: list of the trace's QoS classes to keep (openb: LS, BE, …)
 *   scale   a fraction in (0, 1]: each pod is kept with that probability, decided by a hash of the
 *           seed and the pod's name. The same seed gives every variant the same sample (so runs pair
 *           by seed), different seeds give different samples, and a smaller scale keeps a subset of
 *           what a larger one keeps for the same seed.
 */
import { fmix32 } from "../util/fmix32.js";
import type { TracePod } from "../trace/index.js";

export interface PodSelection {
  fromUs: number;
  /** Exclusive; Infinity for no bound. */
  toUs: number;
  gpu: "any" | "only" | "none";
  minCpuMilli: number;
  maxCpuMilli: number;
  qos: readonly string[] | null;
  scale: number;
}

export const ALL_PODS: PodSelection = { fromUs: 0, toUs: Infinity, gpu: "any", minCpuMilli: 0, maxCpuMilli: Infinity, qos: null, scale: 1 };

/** 32-bit hash of (seed, name): FNV-1a over the UTF-16 code units, then murmur3's finaliser. */
export function sampleHash(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/** A predicate for the selection and seed, or null when every pod is kept. */
export function podFilter(sel: PodSelection | undefined, seed: number): ((p: TracePod) => boolean) | null {
  if (!sel) return null;
  const { fromUs, toUs, gpu, minCpuMilli, maxCpuMilli, qos, scale } = sel;
  const qosSet = qos ? new Set(qos) : null;
  const threshold = scale * 2 ** 32;
  return (p) => {
    if (p.arrivalUs < fromUs || p.arrivalUs >= toUs) return false;
    const wantsGpu = p.gpuCount > 0 || p.gpuMilli > 0;
    if ((gpu === "only" && !wantsGpu) || (gpu === "none" && wantsGpu)) return false;
    if (p.cpuMilli < minCpuMilli || p.cpuMilli > maxCpuMilli) return false;
    if (qosSet && !qosSet.has(p.qos ?? "")) return false;
    return scale >= 1 || sampleHash(seed, p.name) < threshold;
  };
}
