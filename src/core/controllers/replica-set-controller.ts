/**
 * The ReplicaSet controller (pkg/controller/replicaset): keeps spec.replicas active pods — pods it owns
 * (controller owner reference), not Succeeded/Failed and not being deleted. Too few: it creates the
 * difference, at most 500 per sync (burstReplicas). Too many: it deletes the pods ranked first by
 * getPodsToDelete (unscheduled before scheduled, Pending before Running, not ready before ready, pods
 * doubled up on a node with pods of the same owner first, ready for less time first, newer first). Its
 * status counts replicas, ready replicas and available ones (ready for minReadySeconds).
 */
import type { ObjectStore, WatchEvent } from "../api/store.js";
import type { Pod } from "../api/types.js";
import { compileLabelSelector } from "../api/selectors.js";
import type { ReplicaSet, ReplicaSetStatus } from "../api/workload-types.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import type { Rng } from "../engine/rng.js";
import type { EventLog } from "./event-log.js";
import { controllerOf, ObjectCache, objectKey } from "./object-cache.js";
import { PodControl } from "./pod-control.js";
import { isPodActive, isPodReady, podFromTemplate, podReadySinceUs } from "./pod-template.js";
import { WorkQueue } from "./work-queue.js";

/** replicaset.BurstReplicas. */
export const BURST_REPLICAS = 500;

export class ReplicaSetController implements Component {
  readonly componentName = "replicaset controller";
  private rsCache!: ObjectCache<ReplicaSet>;
  private podCache!: ObjectCache<Pod>;
  private pods!: PodControl;
  private readonly queue: WorkQueue;

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    private readonly rng: Rng,
    private readonly events: EventLog,
  ) {
    this.queue = new WorkQueue(engine, (k) => this.sync(k));
  }

  start(): void {
    this.rsCache = new ObjectCache<ReplicaSet>(this.store, "ReplicaSet", (ev) => this.queue.add(objectKey(ev.object)));
    this.podCache = new ObjectCache<Pod>(this.store, "Pod", (ev) => this.onPod(ev));
    this.pods = new PodControl(this.store, this.podCache, this.events, "replicaset-controller");
  }

  private onPod(ev: WatchEvent<Pod>): void {
    const owner = controllerOf(ev.object);
    if (owner?.kind === "ReplicaSet") this.queue.add(`${ev.object.metadata.namespace ?? "default"}/${owner.name}`);
  }

  private sync(key: string): void {
    const rs = this.rsCache.get(key);
    if (!rs) return;
    const uid = rs.metadata.uid!;
    const active: Pod[] = [];
    for (const p of this.podCache.ownedBy(uid)) if (isPodActive(p)) active.push(p);
    const want = rs.spec.replicas ?? 1;
    const diff = active.length - want;
    let after = active;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      const made: Pod[] = [];
      let refused = false;
      for (let i = 0; i < n; i++) {
        const pod = this.pods.create(podFromTemplate(rs.spec.template, rs, `${rs.metadata.name}-`, this.rng, this.store), rs);
        if (!pod) {
          refused = true; // as slowStartBatch: stop at the first error, try again after the backoff
          break;
        }
        made.push(pod);
      }
      after = [...active, ...made];
      if (refused) this.queue.addRateLimited(key);
      else {
        this.queue.forget(key);
        if (-diff > n) this.queue.add(key);
      }
    } else if (diff > 0) {
      const victims = podsToDelete(active, this.relatedPods(rs), diff, this.engine.now);
      const gone = new Set(victims);
      for (const p of victims) {
        this.pods.delete(p, rs);
      }
      after = active.filter((p) => !gone.has(p));
    }
    this.updateStatus(rs, after);
  }

  /** Pods of every ReplicaSet with the same controller (a Deployment's other ReplicaSets), for ranking. */
  private relatedPods(rs: ReplicaSet): Pod[] {
    const owner = controllerOf(rs);
    const sets = owner ? [...this.rsCache.ownedBy(owner.uid)] : [rs];
    const out: Pod[] = [];
    for (const s of sets) for (const p of this.podCache.ownedBy(s.metadata.uid!)) if (isPodActive(p)) out.push(p);
    return out;
  }

  private updateStatus(rs: ReplicaSet, pods: readonly Pod[]): void {
    const now = this.engine.now;
    const minReadyUs = (rs.spec.minReadySeconds ?? 0) * 1e6;
    const sel = compileLabelSelector(rs.spec.selector);
    let ready = 0;
    let available = 0;
    let labeled = 0;
    let nextCheck = Infinity;
    for (const p of pods) {
      if (sel.matches(p.metadata.labels)) labeled++;
      if (!isPodReady(p)) continue;
      ready++;
      const since = podReadySinceUs(p);
      if (minReadyUs === 0 || since + minReadyUs <= now) available++;
      else nextCheck = Math.min(nextCheck, since + minReadyUs - now);
    }
    // A pod that becomes available later changes nothing in the store: look again then.
    if (nextCheck !== Infinity) this.queue.addAfter(objectKey(rs), nextCheck);
    const status: ReplicaSetStatus = { replicas: pods.length, fullyLabeledReplicas: labeled, readyReplicas: ready, availableReplicas: available, observedGeneration: rs.metadata.generation ?? 1 };
    const s = rs.status;
    if (s && s.replicas === status.replicas && s.readyReplicas === ready && s.availableReplicas === available && s.fullyLabeledReplicas === labeled && s.observedGeneration === status.observedGeneration) return;
    const stored = this.store.updateStatus<ReplicaSet>({ ...rs, status });
    this.rsCache.wrote(stored);
  }
}

/** getPodsToDelete: the `n` pods ranked first by controller.ActivePodsWithRanks. */
export function podsToDelete(active: readonly Pod[], related: readonly Pod[], n: number, nowUs: number): Pod[] {
  if (n >= active.length) return [...active];
  const onNode = new Map<string, number>();
  for (const p of related) {
    const node = p.spec.nodeName;
    if (node) onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const rank = (p: Pod) => (p.spec.nodeName ? (onNode.get(p.spec.nodeName) ?? 0) : 0);
  const phaseRank = (p: Pod) => ({ Pending: 0, Unknown: 1, Running: 2 })[p.status?.phase as "Pending"] ?? 0;
  const created = (p: Pod) => Date.parse(p.metadata.creationTimestamp ?? "1970-01-01T00:00:00Z") * 1000;
  const sorted = [...active].sort((a, b) => {
    const assignedA = a.spec.nodeName ? 1 : 0;
    const assignedB = b.spec.nodeName ? 1 : 0;
    if (assignedA !== assignedB) return assignedA - assignedB;
    if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
    const readyA = isPodReady(a) ? 1 : 0;
    const readyB = isPodReady(b) ? 1 : 0;
    if (readyA !== readyB) return readyA - readyB;
    if (rank(a) !== rank(b)) return rank(b) - rank(a);
    if (readyA && readyB) {
      const d = logRank(nowUs - podReadySinceUs(a)) - logRank(nowUs - podReadySinceUs(b));
      if (d !== 0) return d;
    }
    const c = logRank(nowUs - created(a)) - logRank(nowUs - created(b));
    if (c !== 0) return c;
    // Same bucket: the newer pod first, then by name so the order never depends on the input's.
    return created(b) - created(a) || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);
  });
  return sorted.slice(0, n);
}

/** LogarithmicScaleDown: durations compared by the power of two of their length in nanoseconds. */
function logRank(ageUs: number): number {
  return ageUs <= 0 ? -1 : Math.floor(Math.log2(ageUs * 1000));
}
