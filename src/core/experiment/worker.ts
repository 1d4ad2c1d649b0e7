/**
 * A piscina worker: runs one run of an experiment and writes its folder. The task carries the
 * experiment file's text (not a decoded plan: scheduler configurations hold YAML documents and plugin
 * registries hold functions), so the worker decodes it exactly as the main thread did, once per
 * experiment, and checks it got the same run list.
 */
import "reflect-metadata";
import { writeRunFiles } from "../metrics/results.js";
import type { RunSummary } from "../metrics/summary.js";
import type { PluginRegistry } from "../scheduler/profile.js";
import { parseYaml } from "../util/yaml-doc.js";
import { simulate } from "./run.js";
import { decodeExperimentPlan, runList, type PlannedRun } from "./spec.js";

export interface WorkerTask {
  file: string;
  text: string;
  seedOverride: number | null;
  index: number;
  /** The run's folder relative to the results folder (checked against the worker's own run list). */
  dir: string;
  /** Absolute folder to write the run's files into. */
  outDir: string;
  registryModule: string;
  registryExport: string;
  /** Write decisions.csv too. */
  decisions: boolean;
}

let cached: { key: string; runs: PlannedRun[] } | null = null;
const registries = new Map<string, Promise<PluginRegistry>>();

function registryOf(module: string, name: string): Promise<PluginRegistry> {
  const key = `${module}#${name}`;
  let r = registries.get(key);
  if (!r) {
    r = import(module).then((m: Record<string, unknown>) => {
      const f = m[name];
      if (typeof f !== "function") throw new Error(`${module} does not export a function ${name}`);
      return (f as () => PluginRegistry)();
    });
    registries.set(key, r);
  }
  return r;
}

export default async function runTask(t: WorkerTask): Promise<RunSummary> {
  const key = `${t.file}\u0000${t.seedOverride}\u0000${t.text}`;
  if (cached?.key !== key) {
    const plan = decodeExperimentPlan(parseYaml(t.text, t.file), t.seedOverride === null ? {} : { seed: t.seedOverride });
    cached = { key, runs: runList(plan) };
  }
  const run = cached.runs[t.index];
  if (!run || run.dir !== t.dir) throw new Error(`worker: run ${t.index} is ${run?.dir ?? "missing"}, expected ${t.dir}`);
  const registry = await registryOf(t.registryModule, t.registryExport);
  const { recorder, summary, decisions } = await simulate(run.spec, { registry, config: run.variant.scheduler, decisions: t.decisions });
  await writeRunFiles(t.outDir, recorder, summary, decisions);
  return summary;
}
