/**
 * One run of an experiment in a worker thread, writing its folder (the piscina entry, src/cli/run-worker.ts,
 * supplies the plugin loader). The task carries the experiment file's text (not a decoded plan: scheduler
 * configurations hold YAML documents and plugin registries hold functions), so the worker decodes it
 * exactly as the main thread did, once per experiment, and checks it got the same run list; and it
 * carries the experiment's plugin files, which the worker loads as the main thread did.
 */
import { writeRunFiles } from "../metrics/results.js";
import type { RunSummary } from "../metrics/summary.js";
import type { PluginRegistry } from "../scheduler/profile.js";
import type { CniPlugin } from "../network/cni/plugin.js";
import type { ProxyPlugin } from "../network/proxy-plugin.js";
import { parseYaml } from "../util/yaml-doc.js";
import { simulate } from "./run.js";
import { decodeExperimentPlan, runList, type PlannedRun } from "./spec.js";

export interface WorkerTask {
  kind: "Experiment";
  file: string;
  text: string;
  seedOverride: number | null;
  index: number;
  /** The run's folder relative to the results folder (checked against the worker's own run list). */
  dir: string;
  /** Absolute folder to write the run's files into. */
  outDir: string;
  /** The experiment's own plugin files (loaded once per worker and list). */
  pluginFiles: string[];
  /** Write decisions.csv too. */
  decisions: boolean;
}

/** The plugin families a run uses. */
export interface RunPlugins {
  scheduling: PluginRegistry;
  proxy: ReadonlyMap<string, ProxyPlugin>;
  cni: ReadonlyMap<string, CniPlugin>;
}

/** Loads the plugins for a list of plugin files (in-tree ones included). */
export type LoadPlugins = (files: readonly string[]) => Promise<RunPlugins>;

let cached: { key: string; runs: PlannedRun[] } | null = null;
const registries = new Map<string, Promise<RunPlugins>>();

export async function runTask(t: WorkerTask, load: LoadPlugins): Promise<RunSummary> {
  const key = `${t.file}\u0000${t.seedOverride}\u0000${t.text}`;
  if (cached?.key !== key) {
    const plan = decodeExperimentPlan(parseYaml(t.text, t.file), t.seedOverride === null ? {} : { seed: t.seedOverride });
    cached = { key, runs: runList(plan) };
  }
  const run = cached.runs[t.index];
  if (!run || run.dir !== t.dir) throw new Error(`worker: run ${t.index} is ${run?.dir ?? "missing"}, expected ${t.dir}`);
  const filesKey = JSON.stringify(t.pluginFiles);
  let registry = registries.get(filesKey);
  if (!registry) registries.set(filesKey, (registry = load(t.pluginFiles)));
  const plugins = await registry;
  const { recorder, summary, decisions, extraFiles } = await simulate(run.spec, { registry: plugins.scheduling, networkPlugins: { proxy: plugins.proxy, cni: plugins.cni }, config: run.variant.scheduler, decisions: t.decisions });
  await writeRunFiles(t.outDir, recorder, summary, decisions, extraFiles);
  return summary;
}
