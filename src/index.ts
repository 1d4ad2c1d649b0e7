/**
 * clusterlab's public API for plugin authors and embedders: `import { definePlugin, Status } from "clusterlab"`.
 * A scheduling plugin is a factory made with `definePlugin({ name, description, args, create })` whose
 * `create` returns a plain object implementing any of the extension-point hooks (see Plugin).
 */
export {
  definePlugin,
  noArgs,
  ArgsError,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  type Plugin,
  type PluginFactory,
  type FrameworkHandle,
  type PreFilterResult,
  type NodeScoreList,
  type ClusterEvent,
  type QueuedPodInfo,
} from "./core/scheduler/framework.js";
export { Status, Code, SKIP, frozenStatus } from "./core/scheduler/status.js";
export { CycleState } from "./core/scheduler/cycle-state.js";
export type { NodeInfo } from "./core/scheduler/node-info.js";
export type { PodInfo } from "./core/scheduler/pod-info.js";
export { gpuFits, pickGpuDevices, MILLI_PER_GPU } from "./core/scheduler/gpu.js";
export { inTreeRegistry } from "./plugins/scheduling/index.js";
export { inTreePlugins, loadPlugins, type PluginFamilies } from "./plugins/index.js";
export { Registry } from "./core/registry.js";
export { VERSION } from "./core/version.js";
