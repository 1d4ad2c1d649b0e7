/**
 * One fill job's inputs and its run: a job names its input files, so each thread (the main one, or a
 * worker of the run driver) loads and caches the traces and configurations itself. The plugin registry
 * is the caller's (the composition root's), so core does not depend on the plugins.
 */
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
