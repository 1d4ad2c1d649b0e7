/**
 * Shared GPU code of the research policies. Pod shapes, typical pods and FGD's fragmentation live in core
 * (src/core/scheduler/gpu-fragmentation.ts, also the fill experiment's metric) and are re-exported here; device choice,
 * caches, the BestFit/WorstFit norm and arg parsing are plugin-side.
 */
export * from "../../../core/scheduler/gpu-fragmentation.js";
export * from "./typical-args.js";
export * from "./devices.js";
export * from "../helpers/node-cache.js";
export * from "./remaining.js";
