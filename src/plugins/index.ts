/**
 * The one way in for plugins: the in-tree families, and the same families with a run's own plugin files
 * added. The main thread and every worker thread call `loadPlugins` with the experiment's file list (it
 * travels in the task, never through the environment), so a run sees the same plugins wherever it runs.
 * The families: scheduling plugins (which user plugin files extend), service-proxy plugins and CNI plugins.
 */
import { withUserPlugins } from "../core/plugin-files/load.js";
import type { CniPlugin } from "../core/network/cni/plugin.js";
import type { ProxyPlugin } from "../core/network/proxy-plugin.js";
import type { Registry } from "../core/registry.js";
import type { PluginRegistry } from "../core/scheduler/profile.js";
import { inTreeCniRegistry } from "./cni/index.js";
import { inTreeProxyRegistry } from "./proxy/index.js";
import { inTreeRegistry } from "./scheduling/index.js";

export interface PluginFamilies {
  readonly scheduling: PluginRegistry;
  readonly proxy: Registry<ProxyPlugin>;
  readonly cni: Registry<CniPlugin>;
}

export function inTreePlugins(): PluginFamilies {
  return { scheduling: inTreeRegistry(), proxy: inTreeProxyRegistry(), cni: inTreeCniRegistry() };
}

/** The in-tree families plus the plugins of `files` (each file's exports go to the family they declare). */
export async function loadPlugins(files: readonly string[]): Promise<PluginFamilies> {
  return { scheduling: await withUserPlugins(inTreeRegistry(), files), proxy: inTreeProxyRegistry(), cni: inTreeCniRegistry() };
}
