/**
 * What the GPU-sharing research policies share: device choice for a share or whole GPUs, the typicalPods
 * arg, the BestFit/WorstFit resource norm, and (re-exported) pod shapes, typical pods and FGD's
 * fragmentation from src/core/scheduler/gpu-fragmentation.ts, which the fill experiment's metric uses too.
 */
export * from "../../../core/scheduler/gpu-fragmentation.js";
export * from "./typical-args.js";
export * from "./devices.js";
export * from "../node-caches/node-cache.js";
export * from "./remaining.js";
