/**
 * One run end to end: load the cluster and the scheduler configuration, replay the workload, and
 * summarise (simulate); runExperiment also writes pods.csv, timeseries.csv, summary.json and a copy of
 * the inputs into a results folder (atomically). Experiments with many runs use sweep.ts.
 */
import { copyFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Pod } from "../api/types.js";
import { RNG_ALGORITHM } from "../engine/rng.js";
import { Pacer } from "../engine/pacer.js";
import { DecisionLog } from "../metrics/decisions.js";
import type { Recorder } from "../metrics/recorder.js";
import { summarize, type RunSummary } from "../metrics/summary.js";
import { writeRunFiles } from "../metrics/results.js";
import { MANIFEST_FILE, markerJson, writeAtomically } from "../util/results-folder.js";
import { decodeSchedulerConfig, defaultSchedulerConfig, type SchedulerConfig } from "../scheduler/config.js";
import type { PluginRegistry } from "../scheduler/profile.js";
import { loadYaml } from "../util/yaml-doc.js";
import { VERSION } from "../version.js";
import { loadCluster } from "./cluster.js";
import { createRunScope } from "./container.js";
import type { ExperimentSpec } from "./spec.js";
import { replayTrace, scanTrace, type TraceScan } from "./workload.js";
import { loadManifests } from "../api/manifests.js";
import { PodInfo } from "../scheduler/pod-info.js";
import type { NetworkPlugins } from "../network/network-plugins.js";
import { HISTORY_FILE } from "../scenario/history.js";
import { WORKLOADS_FILE } from "../scenario/workload-sampler.js";

export interface RunOptions extends SimulateOptions {
  outDir: string;
  seed?: number;
}

export interface RunResult {
  dir: string;
  summary: RunSummary;
}

export async function loadSchedulerConfig(file: string | null): Promise<SchedulerConfig> {
  return file ? decodeSchedulerConfig(await loadYaml(file)) : defaultSchedulerConfig();
}

/** A round sampling interval giving about 1,000 samples over `spanUs` (at least 1 s). */
export function autoSampleInterval(spanUs: number): number {
  const target = Math.max(1e6, spanUs / 1000);
  const pow = 10 ** Math.floor(Math.log10(target));
  for (const m of [1, 2, 5, 10]) if (m * pow >= target) return m * pow;
  return 10 * pow;
}

export interface SimulateOptions {
  registry: PluginRegistry;
  /** Service-proxy and CNI plugins by name, for runs that set model.proxy or network. */
  networkPlugins?: NetworkPlugins;
  /** The decoded scheduler configuration (default: loaded from spec.schedulerConfig). */
  config?: SchedulerConfig;
  /** Called about every 100 ms of wall time while the run goes on. */
  onProgress?(p: RunProgress): void;
  /** Stops the run (it then rejects with the signal's reason) within about 100 ms of wall time. */
  signal?: AbortSignal;
  /** Keep the decisions log (decisions.csv: one line per scheduling outcome). */
  decisions?: boolean;
}

/** Where a run stands, for progress reports. */
export interface RunProgress {
  /** Virtual time now, and the span of the workload's arrivals (µs; equal when unknown). */
  nowUs: number;
  firstArrivalUs: number;
  lastArrivalUs: number;
  /** Workload pods created so far, and how many the workload holds (null when unknown). */
  arrived: number;
  total: number | null;
  /** Pods bound so far, pods waiting in the scheduling queue, scheduling attempts so far. */
  scheduled: number;
  pending: number;
  decisions: number;
  wallSeconds: number;
}

export interface Simulated {
  recorder: Recorder;
  summary: RunSummary;
  /** Set when asked for (opts.decisions). */
  decisions: DecisionLog | null;
  /** Files beyond pods.csv and timeseries.csv, by name: traffic.csv (service traffic), pod-network.csv (CNI), events.csv (scenarios). */
  extraFiles: Record<string, string | Buffer>;
}

/** Runs one simulation in memory: cluster, scheduler, workload replay; returns the recorder and the summary. */
export async function simulate(spec: ExperimentSpec, opts: SimulateOptions): Promise<Simulated> {
  const wallStart = performance.now();
  const seed = spec.seed;
  const signal = opts.signal;
  const config = opts.config ?? (await loadSchedulerConfig(spec.schedulerConfig));
  const cluster = await loadCluster(spec.cluster);
  const w = spec.workload;
  const scan: TraceScan | null = w.kind === "trace" ? await scanTrace(w, seed) : null;
  const manifestPods: Pod[] = w.kind === "manifests" ? (await loadManifests(w.file)).pods : [];
  const span = scan ? scan.lastArrivalUs - scan.firstArrivalUs : 0;
  const interval = spec.sampleIntervalUs || autoSampleInterval(span);
  const { simulation: sim } = createRunScope(spec, seed, config, opts.registry, interval, opts.networkPlugins);
  const { engine, store, recorder, scheduler } = sim;
  const decisions = opts.decisions ? new DecisionLog(engine, scheduler) : null;

  for (const ns of cluster.namespaces) store.create(ns);
  for (const pc of cluster.priorityClasses) store.create(pc);
  for (const n of cluster.nodes) store.create(n);
  if (sim.network) {
    // Cluster IPs and node ports as the API server allocates them on create (seeded by the run).
    for (const svc of sim.serviceAllocator!.allocateAll(cluster.services)) store.create(svc);
  }
  if (sim.controllers) {
    // Pods made by controllers and by the timeline are workload pods too: recorded when they appear.
    store.watch<Pod>("Pod", (ev) => {
      if (ev.type === "ADDED" && !ev.object.spec.nodeName) recorder.arrived(ev.object, new PodInfo(ev.object));
    });
  }
  sim.start();
  for (const p of [...cluster.pods, ...manifestPods]) {
    const stored = store.create<Pod>(p);
    if (!p.spec.nodeName) recorder.arrived(stored, new PodInfo(stored));
  }

  const total = scan ? Math.min(scan.rows, w.kind === "trace" && w.limit ? w.limit : Infinity) : manifestPods.length;
  let arrived = manifestPods.length;
  const progress = (): RunProgress => ({
    nowUs: engine.now,
    firstArrivalUs: scan?.firstArrivalUs ?? 0,
    lastArrivalUs: scan?.lastArrivalUs ?? 0,
    arrived,
    total,
    scheduled: recorder.boundTotal,
    pending: scheduler.queue.pendingCount,
    decisions: scheduler.cycles,
    wallSeconds: (performance.now() - wallStart) / 1000,
  });
  const onProgress = opts.onProgress;
  const pacer = new Pacer({ ...(signal ? { signal } : {}), ...(onProgress ? { onSlice: () => onProgress(progress()) } : {}) });
  if (w.kind === "trace" && scan) {
    const onArrival = (n: number) => {
      arrived = n;
    };
    await replayTrace(engine, store, recorder, w, scan, spec.untilUs, { onArrival, seed, advance: (until) => pacer.run(engine, until) });
  }
  await pacer.run(engine, spec.untilUs ?? Infinity);
  recorder.finish();
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const summary = summarize({
    version: VERSION,
    rng: RNG_ALGORITHM,
    seed,
    experiment: spec.name,
    recorder,
    totals: scheduler.snapshot.totals,
    nodes: scheduler.snapshot.size,
    endUs: engine.now,
    cycles: scheduler.cycles,
    wallSeconds,
    badRowsSkipped: scan?.badRows ?? 0,
  });
  if (sim.network) summary.traffic = sim.network.summary();
  if (sim.podNetwork) summary.network = { ...sim.podNetwork.summary(), node_cidrs_allocated: sim.nodeIpam?.allocated ?? 0, node_cidr_events: sim.nodeIpam?.events.length ?? 0 };
  const extraFiles: Record<string, string | Buffer> = {};
  const traffic = sim.network?.trafficCsv() ?? null;
  if (traffic !== null) extraFiles["traffic.csv"] = traffic;
  if (sim.podNetwork) extraFiles["pod-network.csv"] = sim.podNetwork.csv();
  if (sim.controllers && sim.player) {
    const events = sim.controllers.events;
    summary.scenario = { actions: w.kind === "scenario" ? w.timeline.length : 0, failed_actions: sim.player.failures, events: events.events.length, warning_events: events.events.filter((e) => e.type === "Warning").length };
    extraFiles["events.csv"] = events.csv();
    if (sim.history) extraFiles[HISTORY_FILE] = sim.history.gzip();
    if (sim.workloads) {
      sim.workloads.sample();
      extraFiles[WORKLOADS_FILE] = sim.workloads.csv();
    }
  }
  return { recorder, summary, decisions, extraFiles };
}

/** Runs one experiment (one seed) and writes its results folder atomically (with a copy of the inputs). */
export async function runExperiment(spec: ExperimentSpec, opts: RunOptions): Promise<RunResult> {
  const run = opts.seed === undefined ? spec : { ...spec, seed: opts.seed };
  const { recorder, summary, extraFiles } = await simulate(run, opts);
  await writeAtomically(opts.outDir, async (tmp) => {
    await writeRunFiles(tmp, recorder, summary, null, extraFiles);
    await writeFile(join(tmp, MANIFEST_FILE), markerJson("Run", spec.name, VERSION));
    await copyFile(spec.file, join(tmp, "experiment.yaml"));
    if (spec.schedulerConfig) await copyFile(spec.schedulerConfig, join(tmp, basename(spec.schedulerConfig)));
  });
  return { dir: opts.outDir, summary };
}
