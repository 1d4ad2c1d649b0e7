/**
 * The GPU device model. A node has `count` devices of one model, each with 1000 milli-GPU.
 * A pod asks for either `nvidia.com/gpu: N` (N whole devices) or `clusterlab.io/gpu-milli: M`
 * (a share of M/1000 of one device, M < 1000). Free shares are kept per device in an Int32Array.
 * For pods that only ask for whole GPUs this is exactly kube-scheduler's extended-resource check.
 */
export const MILLI_PER_GPU = 1000;

/** How many devices of `free` could host `count` devices of `milli` each. */
export function gpuFits(free: Int32Array, count: number, milli: number): boolean {
  if (count === 0) return true;
  let ok = 0;
  for (let i = 0; i < free.length; i++) {
    if (free[i]! >= milli && ++ok >= count) return true;
  }
  return false;
}

/**
 * Picks devices for a pod: for a share, the fitting device with the least free milli (lowest index on ties:
 * best-fit, the FGD artifact's default); for whole GPUs, the lowest-indexed fully free devices.
 * Returns null if the pod does not fit.
 */
export function pickGpuDevices(free: Int32Array, count: number, milli: number): number[] | null {
  if (count === 0) return [];
  if (count === 1) {
    let best = -1;
    for (let i = 0; i < free.length; i++) {
      const f = free[i]!;
      if (f >= milli && (best < 0 || f < free[best]!)) best = i;
    }
    return best < 0 ? null : [best];
  }
  const out: number[] = [];
  for (let i = 0; i < free.length && out.length < count; i++) if (free[i]! >= milli) out.push(i);
  return out.length === count ? out : null;
}
