/** The numbers summary.json reports for one run (every field is documented in the README). */
import { percentile } from "./percentile.js";
import { PodTally } from "./pod-tally.js";
import { Recorder, RESOURCES } from "./recorder.js";
import type { AllocationTotals } from "../scheduler/snapshot.js";
import type { PodNetworkSummary } from "../network/pod-network.js";
import type { NetworkSummary } from "../network/service-network.js";

export interface RunSummary {
  clusterlab: { version: string; rng: string; seed: number };
  experiment: string;
  /**
   * `deleted`: pods deleted before they finished (scaled down, evicted, drained); `failed`: pods that ended
   * in phase Failed (KWOK Stages); each present when there are any.
   */
  pods: { arrived: number; scheduled: number; unschedulable: number; completed: number; running: number; pending: number; preempted: number; deleted?: number; failed?: number };
  /** Scheduling attempts per pod (every pod of the workload counts, attempted or not). */
  attempts: { total: number; mean_per_pod: number; max_per_pod: number };
  /** Preemptions (pods nominated after evicting victims) and the pods they evicted. */
  preemption: { preemptions: number; victims: number };
  wait_us: { p50: number; p90: number; p99: number; mean: number; max: number };
  allocation: Record<(typeof RESOURCES)[number], { mean: number; final: number }>;
  nodes: number;
  start_us: number;
  end_us: number;
  makespan_us: number;
  scheduling_attempts: number;
  wall_seconds: number;
  decisions_per_second: number;
  peak_rss_bytes: number;
  trace: { bad_rows_skipped: number };
  /** Service networking, when the run sets model.proxy: requests by fate, kube-proxy syncs and programming latency. */
  traffic?: NetworkSummary;
  /** Pod networking through CNI (runs with a network section). */
  network?: PodNetworkSummary & { node_cidrs_allocated: number; node_cidr_events: number };
  /** A scenario's timeline and what the cluster did (events.csv holds the events). */
  scenario?: ScenarioSummary;
}

export interface SummaryInput {
  version: string;
  rng: string;
  seed: number;
  experiment: string;
  recorder: Recorder;
  totals: AllocationTotals;
  nodes: number;
  endUs: number;
  cycles: number;
  wallSeconds: number;
  badRowsSkipped: number;
}

export function summarize(i: SummaryInput): RunSummary {
  // The settled pods' numbers, and the pods still going on added to a copy of them.
  const tally = i.recorder.settled?.clone() ?? new PodTally();
  for (const r of i.recorder.pods) tally.add(r, Recorder.outcome(r));
  const o = tally.outcomes;
  const scheduled = tally.scheduled;
  const completed = o.completed;
  const running = o.running + o.bound;
  const unschedulable = o.unschedulable;
  const pending = o.pending;
  const preempted = o.preempted;
  const attempts = tally.attempts;
  const maxAttempts = tally.maxAttempts;
  const arrived = tally.arrived;
  const waits = tally.sortedWaits();
  let sum = 0;
  for (let k = 0; k < waits.length; k++) sum += waits[k]!;
  const mean = waits.length ? sum / waits.length : 0;
  const start = Math.max(0, i.recorder.firstArrivalUs);
  const allocation = {} as RunSummary["allocation"];
  RESOURCES.forEach((name, k) => {
    allocation[name] = { mean: round6(i.totals.mean(k)), final: round6(i.totals.ratio(k)) };
  });
  return {
    clusterlab: { version: i.version, rng: i.rng, seed: i.seed },
    experiment: i.experiment,
    pods: { arrived, scheduled, unschedulable: unschedulable + pending, completed, running, pending, preempted, ...(o.deleted ? { deleted: o.deleted } : {}), ...(o.failed ? { failed: o.failed } : {}) },
    attempts: { total: attempts, mean_per_pod: arrived ? round6(attempts / arrived) : 0, max_per_pod: maxAttempts },
    preemption: { preemptions: i.recorder.preemptions, victims: i.recorder.victims },
    wait_us: { p50: percentile(waits, 50), p90: percentile(waits, 90), p99: percentile(waits, 99), mean: Math.round(mean), max: waits[waits.length - 1] ?? 0 },
    allocation,
    nodes: i.nodes,
    start_us: start,
    end_us: i.endUs,
    makespan_us: Math.max(0, i.endUs - start),
    scheduling_attempts: i.cycles,
    wall_seconds: round6(i.wallSeconds),
    decisions_per_second: i.wallSeconds > 0 ? Math.round(i.cycles / i.wallSeconds) : 0,
    peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
    trace: { bad_rows_skipped: i.badRowsSkipped },
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Fields that depend on the machine, not on the inputs: left out when comparing runs for determinism. */
export const MACHINE_DEPENDENT_FIELDS = ["wall_seconds", "decisions_per_second", "peak_rss_bytes"] as const;

export interface ScenarioSummary {
  actions: number;
  /** Actions that failed as kubectl would have reported them ("timeline[3]: deployments.apps \"web\" not found"). */
  failed_actions: string[];
  events: number;
  warning_events: number;
}
