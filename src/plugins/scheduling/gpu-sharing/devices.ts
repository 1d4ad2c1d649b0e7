/**
 * GPU device choice inside a node, as the FGD artifact's Open-Gpu-Share Reserve does it
 * (allocateGpuIdBasedOn{BestFit,WorstFit,RandomFit}, simontype.AllocateExclusiveGpuId):
 *   - a share goes to one device with enough free milli: the least free (best fit), the most free
 *     (worst fit), or a uniformly random one; lowest index on ties;
 *   - whole GPUs always take the lowest-indexed fully free devices.
 */
import type { Rng } from "../../../core/engine/rng.js";
import { MILLI_PER_GPU } from "../../../core/scheduler/gpu.js";

/** The lowest-indexed `count` fully free devices, or null. */
export function exclusiveDevices(free: Int32Array, count: number): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < free.length && out.length < count; i++) if (free[i] === MILLI_PER_GPU) out.push(i);
  return out.length === count ? out : null;
}

/** Best-fit device for a share of `milli`: least free milli that still fits; -1 if none. */
export function bestFitDevice(free: Int32Array, milli: number): number {
  let best = -1;
  for (let i = 0; i < free.length; i++) if (free[i]! >= milli && (best < 0 || free[i]! < free[best]!)) best = i;
  return best;
}

/** Worst-fit device for a share: most free milli; -1 if none. */
export function worstFitDevice(free: Int32Array, milli: number): number {
  let best = -1;
  for (let i = 0; i < free.length; i++) if (free[i]! >= milli && (best < 0 || free[i]! > free[best]!)) best = i;
  return best;
}

/** A uniformly random device among those that fit (reservoir sampling); -1 if none. */
export function randomDevice(free: Int32Array, milli: number, rng: Rng): number {
  let pick = -1;
  let seen = 0;
  for (let i = 0; i < free.length; i++) {
    if (free[i]! >= milli && rng.below(++seen) === 0) pick = i;
  }
  return pick;
}

/** Devices for a pod: a share via `share(free, milli)`, whole GPUs via exclusiveDevices. */
export function chooseDevices(free: Int32Array, count: number, milli: number, share: (free: Int32Array, milli: number) => number): number[] | null {
  if (count === 0) return null;
  if (count === 1 && milli < MILLI_PER_GPU) {
    const d = share(free, milli);
    return d < 0 ? null : [d];
  }
  return exclusiveDevices(free, count);
}
