/**
 * The scheduler's view of the cluster: every NodeInfo, kept incrementally in step with the store
 * (kube-scheduler's cache + snapshot in one, since a simulated scheduling cycle is synchronous).
 * Assumed pods are added here at Reserve, before binding completes.
 */
import type { Node } from "../api/types.js";
import { NodeInfo, normalizedImageName } from "./node-info.js";
import { NodeChangeLog } from "./node-changes.js";
import { NodeColumns } from "./node-columns.js";
import { NodeTraits } from "./node-traits.js";
import type { PodInfo } from "./pod-info.js";

/** Cluster-wide allocation (requested / allocatable) per tracked resource, with exact time integrals. */
export class AllocationTotals {
  /** Index 0 cpu (milli), 1 memory (bytes), 2 gpu (milli-GPU). */
  readonly requested = new Float64Array(3);
  readonly allocatable = new Float64Array(3);
  /** ∫ requested/allocatable dt, per resource, since `since`. */
  readonly integral = new Float64Array(3);
  private last = 0;
  since = -1;
  constructor(private readonly now: () => number) {}

  /** Starts integrating at the current time. */
  startAt(t: number): void {
    this.since = t;
    this.last = t;
    this.integral.fill(0);
  }
  ratio(i: number): number {
    const a = this.allocatable[i]!;
    return a > 0 ? this.requested[i]! / a : 0;
  }
  advance(): void {
    if (this.since < 0) return;
    const t = this.now();
    const dt = t - this.last;
    if (dt > 0) for (let i = 0; i < 3; i++) this.integral[i] = this.integral[i]! + this.ratio(i) * dt;
    this.last = t;
  }
  mean(i: number): number {
    this.advance();
    const span = this.last - this.since;
    return span > 0 ? this.integral[i]! / span : this.ratio(i);
  }
  change(pod: PodInfo, sign: 1 | -1): void {
    this.advance();
    this.requested[0] = this.requested[0]! + sign * pod.requests.milliCPU;
    this.requested[1] = this.requested[1]! + sign * pod.requests.memory;
    this.requested[2] = this.requested[2]! + sign * pod.gpuTotalMilli;
  }
  changeNode(ni: NodeInfo, sign: 1 | -1): void {
    this.advance();
    this.allocatable[0] = this.allocatable[0]! + sign * ni.allocatable.milliCPU;
    this.allocatable[1] = this.allocatable[1]! + sign * ni.allocatable.memory;
    this.allocatable[2] = this.allocatable[2]! + sign * ni.gpuTotalMilli;
  }
}

export class Snapshot {
  readonly nodes: NodeInfo[] = [];
  private readonly byName = new Map<string, NodeInfo>();
  /** Normalised image name → number of nodes that have it (ImageLocality's spread factor). */
  readonly imageNodeCount = new Map<string, number>();
  /** Pod uid → the NodeInfo holding it. */
  private readonly podNode = new Map<string, NodeInfo>();
  /** Pods in the cluster that carry (anti-)affinity terms / required anti-affinity terms. */
  podsWithAffinityCount = 0;
  podsWithRequiredAntiAffinityCount = 0;
  /** Placed pods by priority (few distinct values): whether any pod could be a preemption victim. */
  private readonly priorityCounts = new Map<number, number>();
  /** Bumped whenever nodes are added/removed or a pod changes place. */
  generation = 0;
  /** The node each recent generation changed. */
  readonly changes = new NodeChangeLog();
  /** Cluster-wide allocation, kept in step with every pod and node change. */
  readonly totals: AllocationTotals;
  /** How many nodes are cordoned or tainted (lets plugins decide per pod what holds for every node). */
  readonly traits = new NodeTraits();
  /** Every node's Filter/Score numbers as typed arrays, row = NodeInfo.index (kept by NodeInfo itself). */
  readonly columns = new NodeColumns();

  constructor(now: () => number = () => 0) {
    this.totals = new AllocationTotals(now);
  }

  get(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }
  get size(): number {
    return this.nodes.length;
  }

  addNode(node: Node): NodeInfo {
    const existing = this.byName.get(node.metadata.name);
    if (existing) {
      this.updateNode(node);
      return existing;
    }
    const ni = new NodeInfo(node, this.nodes.length);
    ni.columns = this.columns;
    this.columns.write(ni.index, ni);
    this.nodes.push(ni);
    this.byName.set(ni.name, ni);
    for (const img of ni.images.keys()) this.imageNodeCount.set(img, (this.imageNodeCount.get(img) ?? 0) + 1);
    this.totals.changeNode(ni, 1);
    this.traits.count(ni, 1);
    this.changes.recordStructural(++this.generation);
    return ni;
  }

  updateNode(node: Node): void {
    const ni = this.byName.get(node.metadata.name);
    if (!ni) return;
    for (const img of ni.images.keys()) this.decImage(img);
    this.totals.changeNode(ni, -1);
    this.traits.count(ni, -1);
    ni.setNode(node);
    this.totals.changeNode(ni, 1);
    this.traits.count(ni, 1);
    ni.images.clear();
    for (const img of node.status?.images ?? []) for (const n of img.names ?? []) ni.images.set(normalizedImageName(n), img.sizeBytes);
    for (const img of ni.images.keys()) this.imageNodeCount.set(img, (this.imageNodeCount.get(img) ?? 0) + 1);
    this.changes.record(++this.generation, ni.index);
  }

  /** Removes a node; its pods are forgotten (the caller handles their fate). */
  removeNode(name: string): NodeInfo | undefined {
    const ni = this.byName.get(name);
    if (!ni) return undefined;
    for (const p of ni.pods) {
      this.forgetPod(p);
      this.totals.change(p, -1);
    }
    this.totals.changeNode(ni, -1);
    this.traits.count(ni, -1);
    this.byName.delete(name);
    const i = ni.index;
    this.nodes.splice(i, 1);
    ni.columns = null;
    for (let j = i; j < this.nodes.length; j++) {
      const moved = this.nodes[j]!;
      moved.index = j;
      this.columns.write(j, moved);
    }
    for (const img of ni.images.keys()) this.decImage(img);
    this.changes.recordStructural(++this.generation);
    return ni;
  }

  addPod(p: PodInfo, nodeName: string): boolean {
    const ni = this.byName.get(nodeName);
    if (!ni || this.podNode.has(p.uid)) return false;
    ni.addPod(p);
    this.totals.change(p, 1);
    this.podNode.set(p.uid, ni);
    this.priorityCounts.set(p.priority, (this.priorityCounts.get(p.priority) ?? 0) + 1);
    if (p.hasAffinity) this.podsWithAffinityCount++;
    if (p.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinityCount++;
    this.changes.record(++this.generation, ni.index);
    return true;
  }

  removePod(p: PodInfo): NodeInfo | undefined {
    const ni = this.podNode.get(p.uid);
    if (!ni) return undefined;
    ni.removePod(p);
    this.totals.change(p, -1);
    this.forgetPod(p);
    this.changes.record(++this.generation, ni.index);
    return ni;
  }

  /** Whether any placed pod has a priority below `priority` (else no node holds a preemption victim). */
  hasPodBelowPriority(priority: number): boolean {
    for (const p of this.priorityCounts.keys()) if (p < priority) return true;
    return false;
  }

  nodeOf(uid: string): NodeInfo | undefined {
    return this.podNode.get(uid);
  }

  private forgetPod(p: PodInfo): void {
    if (this.podNode.delete(p.uid)) {
      const c = this.priorityCounts.get(p.priority)! - 1;
      if (c === 0) this.priorityCounts.delete(p.priority);
      else this.priorityCounts.set(p.priority, c);
      if (p.hasAffinity) this.podsWithAffinityCount--;
      if (p.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinityCount--;
    }
  }

  private decImage(img: string): void {
    const n = (this.imageNodeCount.get(img) ?? 0) - 1;
    if (n <= 0) this.imageNodeCount.delete(img);
    else this.imageNodeCount.set(img, n);
  }
}
