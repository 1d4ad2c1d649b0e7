/** Shared helpers for the benchmarks: synthetic workloads, argument parsing, machine description. */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { runCommand } from "../src/cli/run.js";
import { ObjectStore } from "../src/core/api/store.js";
import type { Node, Pod } from "../src/core/api/types.js";
import { Engine } from "../src/core/engine/engine.js";
import { defaultSchedulerConfig } from "../src/core/scheduler/config.js";
import { Scheduler } from "../src/core/scheduler/scheduler.js";
import { inTreeRegistry } from "../src/plugins/scheduling/index.js";
import { generateNodes } from "../src/core/experiment/cluster.js";
import { Rng } from "../src/core/engine/rng.js";

/**
 * Roomy nodes for throughput runs: 32 CPU / 256 GiB / 110 pods over 3 zones, so every pod of benchPods fits.
 * Not scheduler_perf's template (schedulerPerfNodes is, for like-for-like comparisons).
 */
export function benchNodes(count: number) {
  return generateNodes({ kind: "generate", count, cpuMilli: 32_000, memoryBytes: 256 * 2 ** 30, gpu: 0, gpuModel: "", maxPods: 110, zones: 3 });
}

/** Pods with varied cpu/memory requests (seeded), as a trace would have. */
export function benchPods(count: number, seed = 1): Pod[] {
  const rng = Rng.seeded(seed);
  const pods: Pod[] = [];
  for (let i = 0; i < count; i++) {
    const cpu = 100 * rng.int(1, 20);
    const mem = 128 * rng.int(1, 32);
    pods.push({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `pod-${i}`, namespace: "default", uid: `pod-${i}` },
      spec: { schedulerName: "default-scheduler", containers: [{ name: "c", image: "registry.k8s.io/pause:3.9", resources: { requests: { cpu: `${cpu}m`, memory: `${mem}Mi` } } }] },
    });
  }
  return pods;
}

export function machine(): string {
  const c = cpus();
  return `${c[0]?.model ?? "unknown cpu"} (${c.length} cores), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function flag(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
}

/**
 * With `--runs N` (N > 1): runs this benchmark N times, each in a fresh process (a run's JIT warm-up is part
 * of what a user waits for), prints every run's line and then the spread of the figure `pick` reads from
 * them, and returns true — the caller then stops. This VM's speed drifts by a third from minute to minute,
 * so one run says little.
 */
export function repeatedRuns(pick: RegExp, unit: string): boolean {
  const runs = Number(flag("runs", "1"));
  if (!(runs > 1)) return false;
  const args = process.argv.slice(1).filter((a, i, all) => a !== "--runs" && all[i - 1] !== "--runs");
  const values: number[] = [];
  for (let i = 0; i < runs; i++) {
    const line = execFileSync(process.execPath, args, { encoding: "utf8" }).trim();
    console.log(line);
    const m = pick.exec(line);
    if (!m) throw new Error(`run ${i + 1}: no ${unit} in: ${line}`);
    values.push(Number(m[1]!.replaceAll(",", "")));
  }
  values.sort((a, b) => a - b);
  const fmt = (v: number) => Math.round(v).toLocaleString("en-US");
  const median = values.length % 2 ? values[(values.length - 1) / 2]! : (values[values.length / 2 - 1]! + values[values.length / 2]!) / 2;
  console.log(`${runs} runs, each a fresh process: ${unit} min ${fmt(values[0]!)}, median ${fmt(median)}, max ${fmt(values[values.length - 1]!)} [${machine()}]`);
  return true;
}

/**
 * The whole-run workload of run-throughput.bench and per-pod.bench, written into `dir`: `nodes` generated
 * nodes (32 CPU, 256 GiB, 3 zones) and `pods` CPU pods arriving at once with varied requests, each running
 * an hour. Returns the experiment file's path.
 */
export function writeThroughputExperiment(dir: string, nodes: number, pods: number): string {
  const rng = Rng.seeded(1);
  const rows = ["name,arrival_s,duration_s,cpu_milli,memory_mib,gpu_count"];
  for (let i = 0; i < pods; i++) rows.push(`pod-${i},0,3600,${100 * rng.int(1, 20)},${128 * rng.int(1, 32)},0`);
  writeFileSync(join(dir, "pods.csv"), rows.join("\n") + "\n");
  const experiment = join(dir, "experiment.yaml");
  writeFileSync(
    experiment,
    "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: run-throughput}\n" +
      `cluster:\n  generate: {count: ${nodes}, cpu: "32", memory: 256Gi, zones: 3}\nworkload: {trace: pods.csv}\nseed: 1\n`,
  );
  return experiment;
}

/** `clusterlab run <experiment> --out <out>` in this process, one job, no report: wall and CPU seconds. */
export async function timedRun(experiment: string, out: string): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await runCommand([experiment, "--out", out, "--no-report", "--quiet", "--jobs", "1"]);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (code !== 0) throw new Error(`clusterlab run exited ${code}`);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

/**
 * scheduler_perf's node template (test/integration/scheduler_perf/templates/node-default.yaml): capacity
 * pods 110, cpu 4, memory 32Gi, Ready; no labels beyond the hostname the kubelet would set.
 */
export function schedulerPerfNodes(count: number): Node[] {
  const nodes: Node[] = [];
  for (let i = 0; i < count; i++) {
    const name = `scheduler-perf-${i}`;
    const resources = { pods: "110", cpu: "4", memory: "32Gi" };
    nodes.push({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name, labels: { "kubernetes.io/hostname": name } },
      spec: {},
      status: { capacity: { ...resources }, allocatable: resources },
    });
  }
  return nodes;
}

/** scheduler_perf's pod template (templates/pod-default.yaml): one pause container, 100m CPU / 500Mi. */
export function schedulerPerfPods(count: number, prefix: string): Pod[] {
  const pods: Pod[] = [];
  for (let i = 0; i < count; i++) {
    const requests = { cpu: "100m", memory: "500Mi" };
    pods.push({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `${prefix}-${i}`, namespace: "default", uid: `${prefix}-${i}` },
      spec: {
        schedulerName: "default-scheduler",
        containers: [{ name: "pause", image: "registry.k8s.io/pause:3.10.1", ports: [{ containerPort: 80 }], resources: { requests, limits: { ...requests } } }],
      },
    });
  }
  return pods;
}

/** A started default-profile scheduler on `nodes` (already in its snapshot), seed 1: the throughput benchmarks' cluster. */
export function defaultCluster(nodes: Node[]): { engine: Engine; store: ObjectStore; scheduler: Scheduler } {
  const engine = new Engine();
  const store = new ObjectStore(engine);
  const scheduler = new Scheduler(engine, store, defaultSchedulerConfig(), inTreeRegistry(), Rng.seeded(1));
  for (const n of nodes) store.create(n);
  scheduler.start();
  engine.run();
  return { engine, store, scheduler };
}
