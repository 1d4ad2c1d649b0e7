/** Shared helpers for the benchmarks: synthetic workloads, argument parsing, machine description. */
import { cpus, totalmem } from "node:os";
import type { Pod } from "../src/core/api/types.js";
import { generateNodes } from "../src/core/experiment/cluster.js";
import { Rng } from "../src/core/engine/rng.js";

/** kube-scheduler_perf-like nodes: 4 cpu / 32Gi / 110 pods (scheduler_perf's node template), spread over 3 zones. */
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
