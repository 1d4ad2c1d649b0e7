/**
 * The piscina worker entry of the run driver, for every kind of experiment: one run per task, with the
 * plugins the composition root gives (an experiment's own plugin files travel in its task).
 */
import "reflect-metadata";
import { runTask, type WorkerTask } from "../core/experiment/worker.js";
import { FillInputs } from "../core/fill/batch.js";
import { runFillJob, type FillJobResult, type FillTask } from "../core/fill/index.js";
import type { RunSummary } from "../core/metrics/summary.js";
import { inTreePlugins, loadPlugins } from "../plugins/index.js";

/** Traces and configurations read once per worker for all its fill runs. */
const fillInputs = new FillInputs(() => inTreePlugins().scheduling);

export default function run(task: WorkerTask | FillTask): Promise<RunSummary | FillJobResult> {
  if (task.kind === "Fill") return runFillJob(fillInputs, task.job, task.outDir);
  return runTask(task, loadPlugins);
}
