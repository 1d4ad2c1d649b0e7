/** The piscina worker of `clusterlab run`: one run per task, with the experiment's plugins. */
import "reflect-metadata";
import { runTask, type WorkerTask } from "../core/experiment/worker.js";
import type { RunSummary } from "../core/metrics/summary.js";
import { loadPlugins } from "../plugins/index.js";

export default function run(task: WorkerTask): Promise<RunSummary> {
  return runTask(task, async (files) => (await loadPlugins(files)).scheduling);
}
