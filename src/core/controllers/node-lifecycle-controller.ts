/**
 * The node lifecycle controller (pkg/controller/nodelifecycle): every node-monitor period (5 s) it looks
 * at each node's heartbeat; a node whose Lease has not been renewed for the grace period (50 s, upstream's
 * --node-monitor-grace-period) gets Ready=Unknown ("Kubelet stopped posting node status.") and the
 * node.kubernetes.io/unreachable taints — NoSchedule, so nothing new lands there, and NoExecute, which the
 * taint eviction controller acts on. When renewals resume the node is Ready again at the next period and
 * the taints go. Heartbeats are not simulated one by one (see api/lease.ts): the controller computes the
 * period at which the grace runs out and looks only then.
 */
import type { Lease } from "../api/lease.js";
import { AnnotationLeaseRenewing, NodeLeaseNamespace } from "../api/lease.js";
import type { ObjectStore, WatchEvent } from "../api/store.js";
import type { Node, Pod, Taint } from "../api/types.js";
import type { Component } from "../component.js";
import type { Engine, Timer } from "../engine/engine.js";
import type { EventLog } from "./event-log.js";
import { TaintNodeUnreachable } from "./pod-template.js";

export interface NodeLifecycleOptions {
  monitorPeriodUs: number;
  gracePeriodUs: number;
}

export const DEFAULT_NODE_LIFECYCLE: NodeLifecycleOptions = { monitorPeriodUs: 5_000_000, gracePeriodUs: 50_000_000 };

const SOURCE = "node-controller";

export class NodeLifecycleController implements Component {
  readonly componentName = "node lifecycle controller";
  private readonly checks = new Map<string, Timer>();

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    private readonly events: EventLog,
    private readonly opts: NodeLifecycleOptions = DEFAULT_NODE_LIFECYCLE,
  ) {}

  start(): void {
    this.store.watch<Lease>("Lease", (ev) => this.onLease(ev), { replay: true });
  }

  /** The first monitor period strictly after `t` (periods fall on multiples of monitorPeriodUs). */
  private nextPeriod(t: number): number {
    const p = this.opts.monitorPeriodUs;
    return (Math.floor(t / p) + 1) * p;
  }

  private onLease(ev: WatchEvent<Lease>): void {
    const lease = ev.object;
    if (lease.metadata.namespace !== NodeLeaseNamespace) return;
    const node = lease.metadata.name;
    this.checks.get(node)?.cancel();
    this.checks.delete(node);
    if (ev.type === "DELETED") return;
    const stopped = lease.metadata.annotations?.[AnnotationLeaseRenewing] === "false";
    if (stopped) {
      const last = lease.spec.renewTime ? Date.parse(lease.spec.renewTime) * 1000 : this.engine.now;
      const at = this.nextPeriod(Math.max(last + this.opts.gracePeriodUs, this.engine.now - 1));
      this.checks.set(node, this.engine.at(at, () => this.markUnknown(node)));
    } else {
      this.checks.set(node, this.engine.at(this.nextPeriod(this.engine.now), () => this.markReady(node)));
    }
  }

  private markUnknown(node: string): void {
    this.checks.delete(node);
    const n = this.store.get<Node>("Node", undefined, node);
    if (!n) return;
    const stamp = this.store.timestamp();
    const taints: Taint[] = (n.spec.taints ?? []).filter((t) => t.key !== TaintNodeUnreachable);
    taints.push({ key: TaintNodeUnreachable, effect: "NoSchedule" }, { key: TaintNodeUnreachable, effect: "NoExecute", timeAdded: stamp });
    const conditions = [...(n.status.conditions ?? []).filter((c) => c.type !== "Ready"), { type: "Ready", status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." }];
    this.store.update<Node>({ ...n, spec: { ...n.spec, taints }, status: { ...n.status, conditions } });
    this.events.record(SOURCE, "default", `node/${node}`, "Normal", "NodeNotReady", `Node ${node} status is now: NodeNotReady`);
    this.markPodsNotReady(node);
  }

  /** MarkPodsNotReady: the node's pods are no longer ready (their Services and Deployments see it). */
  private markPodsNotReady(node: string): void {
    for (const p of this.store.list<Pod>("Pod", (x) => x.spec.nodeName === node)) {
      if (p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "False")) continue;
      this.store.updateStatus<Pod>({ ...p, status: { ...p.status, conditions: [...(p.status?.conditions ?? []).filter((c) => c.type !== "Ready"), { type: "Ready", status: "False", reason: "NodeNotReady" }] } });
      this.events.record(SOURCE, p.metadata.namespace ?? "default", `pod/${p.metadata.name}`, "Warning", "NodeNotReady", "Node is not ready");
    }
  }

  private markReady(node: string): void {
    this.checks.delete(node);
    const n = this.store.get<Node>("Node", undefined, node);
    if (!n) return;
    const ready = n.status.conditions?.find((c) => c.type === "Ready");
    if (!ready || ready.status === "True") return;
    const taints = (n.spec.taints ?? []).filter((t) => t.key !== TaintNodeUnreachable);
    const conditions = [...(n.status.conditions ?? []).filter((c) => c.type !== "Ready"), { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }];
    this.store.update<Node>({ ...n, spec: { ...n.spec, ...(taints.length ? { taints } : { taints: [] }) }, status: { ...n.status, conditions } });
    this.events.record(SOURCE, "default", `node/${node}`, "Normal", "NodeReady", `Node ${node} status is now: NodeReady`);
  }
}
