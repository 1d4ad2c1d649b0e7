/**
 * Many fill runs (variants × workloads × seeds), in this thread or spread over worker threads. Each job names
 * its input files, so a worker loads (and caches) the traces itself. The plugin registry is the caller's: in
 * this thread as given, in workers as the worker entry (src/cli/fill-worker.ts) loads it, so core does not
 * depend on the plugins.
 */
import { existsSync } from "node:fs";
import { parentPort, Worker } from "node:worker_threads";
import type { Node, Pod } from "../api/types.js";
import { readAllNodes, readAllPods, traceNodeToNode, tracePodToPod } from "../trace/index.js";
import type { SchedulerConfig } from "../scheduler/config.js";
import type { PluginRegistry } from "../scheduler/profile.js";
import { loadSchedulerConfig } from "../experiment/run.js";
import type { FillPoint } from "./aggregate.js";
import { policySchedulerConfig } from "./config.js";
import { runFill, type FillStats } from "./run.js";

export interface FillJob {
  variant: string;
  workload: string;
  seed: number;
  nodesFile: string;
  podsFile: string;
  /** Trace format of both files (default "auto"). */
  format?: string;
  nodesFormat?: string;
  /** Either a policy (only that Score plugin, see config.ts) or a KubeSchedulerConfiguration file. */
  policy?: string;
  schedulerConfig?: string;
  /** Profile name within the configuration (default: the first). */
  profile?: string;
  tune?: number;
  shuffleNodes?: boolean;
  maxPodsPerNode?: number | null;
  tieBreak?: "nodeOrder" | "random";
}

export interface FillJobResult {
  job: FillJob;
  totalGpus: number;
  curve: FillPoint[];
  stats: FillStats;
}

export interface FillBatchOptions {
  /** Worker threads (1 = run in this thread). */
  jobs?: number;
  /** The plugins of runs in this thread. */
  registry: PluginRegistry;
  /** The worker thread entry (compiled JS calling serveFillJobs); without it every run stays in this thread. */
  workerFile?: string;
  /** Called as each job finishes. */
  onResult?(r: FillJobResult, done: number, total: number): void;
}

/** Loads traces and configurations once per file (per thread). */
export class FillInputs {
  private nodes = new Map<string, Promise<Node[]>>();
  private pods = new Map<string, Promise<Pod[]>>();
  private configs = new Map<string, Promise<SchedulerConfig>>();
  private registry: Promise<PluginRegistry> | null = null;

  constructor(private readonly loadRegistry: () => PluginRegistry | Promise<PluginRegistry>) {}

  nodesOf(file: string, format: string): Promise<Node[]> {
    let p = this.nodes.get(file);
    if (!p) this.nodes.set(file, (p = readAllNodes(file, format).then((ns) => ns.map(traceNodeToNode))));
    return p;
  }
  podsOf(file: string, format: string): Promise<Pod[]> {
    let p = this.pods.get(file);
    if (!p) this.pods.set(file, (p = readAllPods(file, format).then((ps) => ps.map((t) => tracePodToPod(t)))));
    return p;
  }
  configOf(job: FillJob): Promise<SchedulerConfig> {
    if (job.schedulerConfig) {
      let c = this.configs.get(job.schedulerConfig);
      if (!c) this.configs.set(job.schedulerConfig, (c = loadSchedulerConfig(job.schedulerConfig)));
      return c;
    }
    if (!job.policy) throw new Error(`fill job ${job.variant}: needs a policy or a schedulerConfig`);
    return Promise.resolve(policySchedulerConfig(job.policy));
  }
  registryOf(): Promise<PluginRegistry> {
    this.registry ??= Promise.resolve(this.loadRegistry());
    return this.registry;
  }

  async run(job: FillJob): Promise<FillJobResult> {
    const fmt = job.format ?? "auto";
    const [nodes, pods, config, registry] = await Promise.all([
      this.nodesOf(job.nodesFile, job.nodesFormat ?? fmt),
      this.podsOf(job.podsFile, fmt),
      this.configOf(job),
      this.registryOf(),
    ]);
    const r = runFill({
      nodes,
      pods,
      config,
      registry,
      seed: job.seed,
      ...(job.profile !== undefined ? { profile: job.profile } : {}),
      ...(job.tune !== undefined ? { tune: job.tune } : {}),
      ...(job.shuffleNodes !== undefined ? { shuffleNodes: job.shuffleNodes } : {}),
      ...(job.maxPodsPerNode !== undefined ? { maxPodsPerNode: job.maxPodsPerNode } : {}),
      ...(job.tieBreak !== undefined ? { tieBreak: job.tieBreak } : {}),
    });
    return { job, totalGpus: r.totalGpus, curve: r.curve, stats: r.stats };
  }
}

/** Runs every job; results come back in job order. */
export async function runFillBatch(list: readonly FillJob[], opts: FillBatchOptions): Promise<FillJobResult[]> {
  const out: FillJobResult[] = new Array(list.length);
  let done = 0;
  const workerFile = opts.workerFile;
  const jobs = Math.max(1, Math.min(opts.jobs ?? 1, list.length));
  if (jobs === 1 || workerFile === undefined || !workerFile.endsWith(".js") || !existsSync(workerFile)) {
    const inputs = new FillInputs(() => opts.registry);
    for (let i = 0; i < list.length; i++) {
      out[i] = await inputs.run(list[i]!);
      opts.onResult?.(out[i]!, ++done, list.length);
    }
    return out;
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: jobs }, () =>
      new Promise<void>((resolve, reject) => {
        const w = new Worker(workerFile);
        const feed = (): void => {
          if (next >= list.length) {
            void w.terminate().then(() => resolve());
            return;
          }
          const i = next++;
          w.postMessage({ i, job: list[i] });
        };
        w.on("message", (m: { i: number; result?: FillJobResult; error?: string }) => {
          if (m.error !== undefined) {
            reject(new Error(m.error));
            void w.terminate();
            return;
          }
          out[m.i] = m.result!;
          opts.onResult?.(m.result!, ++done, list.length);
          feed();
        });
        w.on("error", reject);
        feed();
      }),
    ),
  );
  return out;
}

/** The body of a fill worker thread: runs the jobs it is sent, one at a time, with `registry`'s plugins. */
export function serveFillJobs(registry: () => PluginRegistry | Promise<PluginRegistry>): void {
  const inputs = new FillInputs(registry);
  parentPort!.on("message", (m: { i: number; job: FillJob }) => {
    inputs.run(m.job).then(
      (result) => parentPort!.postMessage({ i: m.i, result }),
      (e: unknown) => parentPort!.postMessage({ i: m.i, error: e instanceof Error ? e.message : String(e) }),
    );
  });
}
