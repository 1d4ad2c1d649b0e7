/**
 * The one way in for plugins: the in-tree families, and the same families with a run's own plugin files
 * added. The main thread and every worker thread call `loadPlugins` with the experiment's file list (it
 * travels in the task, never through the environment), so a run sees the same plugins wherever it runs.
 * Scheduling is the one family today; the CNI and proxy families join this record.
 */
import { withUserPlugins } from "../core/plugin-files/load.js";
import type { PluginRegistry } from "../core/scheduler/profile.js";
import { inTreeRegistry } from "./scheduling/index.js";

export interface PluginFamilies {
  readonly scheduling: PluginRegistry;
}

export function inTreePlugins(): PluginFamilies {
  return { scheduling: inTreeRegistry() };
}

/** The in-tree families plus the plugins of `files` (each file's exports go to the family they declare). */
export async function loadPlugins(files: readonly string[]): Promise<PluginFamilies> {
  return { scheduling: await withUserPlugins(inTreeRegistry(), files) };
}
