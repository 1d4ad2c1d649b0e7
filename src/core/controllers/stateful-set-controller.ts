/**
 * The StatefulSet controller (pkg/controller/statefulset): pods with stable names `<set>-<ordinal>`,
 * ordinals 0 … replicas−1. OrderedReady (the default) creates them one at a time in order, each only once
 * every lower ordinal is Running and ready, and removes the highest ordinal first, again one at a time
 * while the rest are ready; Parallel does both at once. A pod that disappears comes back with the same
 * name. RollingUpdate replaces pods whose template is outdated from the highest ordinal down, one at a time,
 * down to the partition; OnDelete leaves that to the user.
 */
import type { ObjectStore } from "../api/store.js";
import type { Pod } from "../api/types.js";
import type { StatefulSet, StatefulSetStatus } from "../api/workload-types.js";
import { PodIndexLabel, StatefulSetPodNameLabel } from "../api/workload-types.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import { computeHash } from "./deployment-util.js";
import type { EventLog } from "./event-log.js";
import { controllerOf, ObjectCache, objectKey } from "./object-cache.js";
import { PodControl } from "./pod-control.js";
import { isPodActive, isPodReady, namedPodFromTemplate } from "./pod-template.js";
import { WorkQueue } from "./work-queue.js";

const SOURCE = "statefulset-controller";
/** The revision label (upstream: the ControllerRevision's name; here the template's hash). */
export const RevisionLabel = "controller-revision-hash";

export class StatefulSetController implements Component {
  readonly componentName = "statefulset controller";
  private setCache!: ObjectCache<StatefulSet>;
  private podCache!: ObjectCache<Pod>;
  private pods!: PodControl;
  private readonly queue: WorkQueue;

  constructor(
    engine: Engine,
    private readonly store: ObjectStore,
    private readonly events: EventLog,
  ) {
    this.queue = new WorkQueue(engine, (k) => this.sync(k));
  }

  start(): void {
    this.setCache = new ObjectCache<StatefulSet>(this.store, "StatefulSet", (ev) => this.queue.add(objectKey(ev.object)));
    this.podCache = new ObjectCache<Pod>(this.store, "Pod", (ev) => {
      const owner = controllerOf(ev.object);
      if (owner?.kind === "StatefulSet") this.queue.add(`${ev.object.metadata.namespace ?? "default"}/${owner.name}`);
    });
    this.pods = new PodControl(this.store, this.podCache, this.events, SOURCE);
  }

  private sync(key: string): void {
    const set = this.setCache.get(key);
    if (!set) return;
    const replicas = set.spec.replicas ?? 1;
    const parallel = set.spec.podManagementPolicy === "Parallel";
    const revision = `${set.metadata.name}-${computeHash(set.spec.template)}`;
    const byOrdinal = new Map<number, Pod>();
    for (const p of this.podCache.ownedBy(set.metadata.uid!)) {
      if (!isPodActive(p)) continue;
      const ord = ordinalOf(set, p);
      if (ord >= 0) byOrdinal.set(ord, p);
    }
    const healthy = (p: Pod | undefined) => !!p && p.status?.phase === "Running" && isPodReady(p);
    // Scale up, in order: a missing ordinal is created once every lower one is healthy (OrderedReady).
    for (let i = 0; i < replicas; i++) {
      const p = byOrdinal.get(i);
      if (!p) {
        const made = this.createPod(set, i, revision);
        if (!made) {
          this.queue.addRateLimited(key);
          break;
        }
        byOrdinal.set(i, made);
        if (!parallel) break;
        continue;
      }
      if (!parallel && !healthy(p)) break;
    }
    // Scale down: the highest ordinal beyond replicas first, once the others are healthy (OrderedReady).
    const extra = [...byOrdinal.keys()].filter((i) => i >= replicas).sort((a, b) => b - a);
    const allHealthy = () => [...byOrdinal.values()].every(healthy);
    for (const i of extra) {
      if (!parallel && !allHealthy()) break;
      this.deletePod(set, byOrdinal.get(i)!);
      byOrdinal.delete(i);
      if (!parallel) break;
    }
    // RollingUpdate: the highest outdated ordinal at or above the partition, when every pod is healthy.
    const strategy = set.spec.updateStrategy?.type ?? "RollingUpdate";
    if (strategy === "RollingUpdate" && extra.length === 0 && byOrdinal.size === replicas && allHealthy()) {
      const partition = set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
      for (let i = replicas - 1; i >= partition; i--) {
        const p = byOrdinal.get(i)!;
        if (p.metadata.labels?.[RevisionLabel] === revision) continue;
        this.deletePod(set, p);
        byOrdinal.delete(i);
        break;
      }
    }
    const pods = [...byOrdinal.values()];
    const status: StatefulSetStatus = {
      observedGeneration: set.metadata.generation ?? 1,
      replicas: pods.length,
      readyReplicas: pods.filter(isPodReady).length,
      currentReplicas: pods.filter((p) => p.metadata.labels?.[RevisionLabel] === revision).length,
      updatedReplicas: pods.filter((p) => p.metadata.labels?.[RevisionLabel] === revision).length,
      availableReplicas: pods.filter(isPodReady).length,
    };
    if (JSON.stringify(status) === JSON.stringify(set.status)) return;
    this.setCache.wrote(this.store.updateStatus<StatefulSet>({ ...set, status }));
  }

  private createPod(set: StatefulSet, ordinal: number, revision: string): Pod | null {
    const name = `${set.metadata.name}-${ordinal}`;
    const tm = set.spec.template.metadata ?? {};
    const labels = { ...(tm.labels ?? {}), [RevisionLabel]: revision, [StatefulSetPodNameLabel]: name, [PodIndexLabel]: String(ordinal) };
    const pod = namedPodFromTemplate({ ...set.spec.template, metadata: { ...tm, labels } }, set, name, this.store);
    if (set.spec.serviceName) pod.spec = { ...pod.spec, hostname: name, subdomain: set.spec.serviceName };
    return this.pods.create(pod, set, (n) => `create Pod ${n} in StatefulSet ${set.metadata.name} successful`);
  }

  private deletePod(set: StatefulSet, p: Pod): void {
    this.pods.delete(p, set, (n) => `delete Pod ${n} in StatefulSet ${set.metadata.name} successful`);
  }
}

/** The pod's ordinal: the number after `<set>-`, or -1 when the name is not the set's. */
function ordinalOf(set: StatefulSet, p: Pod): number {
  const prefix = `${set.metadata.name}-`;
  const rest = p.metadata.name.startsWith(prefix) ? p.metadata.name.slice(prefix.length) : "";
  return /^\d+$/.test(rest) ? Number(rest) : -1;
}
