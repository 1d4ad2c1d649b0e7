/**
 * The decisions log (opt-in, `run --decisions`): one line per scheduling outcome, as a researcher
 * needs to see why a pod waited. decisions.csv columns:
 *   time_us     virtual time of the outcome
 *   pod, namespace
 *   attempt     the pod's scheduling attempt number (1 = first)
 *   result      bound | unschedulable | error | nominated (preemption chose a node) | evicted (a victim)
 *   node        bound or nominated node; for evicted, the node the victim ran on
 *   rejections  nodes rejected per plugin, "NodeResourcesFit=4990 TaintToleration=10" (Filter), or
 *               "PreFilter:<plugin>" when PreFilter rejected the pod for every node
 *   message     kube-scheduler's words ("0/5000 nodes are available: …"), or the eviction reason
 * Lines are kept in memory until the run ends (it is meant for runs one studies pod by pod).
 */
import type { Pod } from "../api/types.js";
import type { Engine } from "../engine/engine.js";
import type { Diagnosis } from "../scheduler/schedule-pod.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import { Code, type Status } from "../scheduler/status.js";
import { csvField } from "../util/csv-field.js";

export const DECISION_COLUMNS = ["time_us", "pod", "namespace", "attempt", "result", "node", "rejections", "message"] as const;

export class DecisionLog {
  private readonly lines: string[] = [];

  constructor(
    private readonly engine: Engine,
    scheduler: Scheduler,
  ) {
    scheduler.observe({
      onScheduled: (pi, node, q) => this.add(pi.name, pi.namespace, q.attempts, "bound", node, "", ""),
      onUnschedulable: (pi, s, q, d) => this.add(pi.name, pi.namespace, q.attempts, s.code === Code.Error ? "error" : "unschedulable", "", rejections(d), s.message()),
      onNominated: (pi, node, q) => this.add(pi.name, pi.namespace, q.attempts, "nominated", node, "", ""),
      onEvicted: (victim, reason) => this.evicted(victim, reason),
    });
  }

  /** decisions.csv text. */
  csv(): string {
    return DECISION_COLUMNS.join(",") + "\n" + this.lines.join("");
  }

  private evicted(victim: Pod, reason: string): void {
    this.add(victim.metadata.name, victim.metadata.namespace ?? "default", "", "evicted", victim.spec.nodeName ?? "", "", reason);
  }

  private add(pod: string, ns: string, attempt: number | string, result: string, node: string, rejected: string, message: string): void {
    this.lines.push(`${this.engine.now},${csvField(pod)},${csvField(ns)},${attempt},${result},${csvField(node)},${rejected},${csvField(message)}\n`);
  }
}

/** Nodes rejected per plugin, by plugin name. */
function rejections(d: Diagnosis | undefined): string {
  if (!d) return "";
  if (d.preFilterStatus) return `PreFilter:${d.preFilterStatus.plugin ?? "?"}`;
  const counts = new Map<string, number>();
  for (const s of d.nodeToStatus.values()) {
    const p = (s as Status).plugin ?? "?";
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, c]) => `${p}=${c}`).join(" ");
}
