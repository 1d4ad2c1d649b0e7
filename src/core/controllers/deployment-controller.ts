/**
 * The Deployment controller (pkg/controller/deployment): a Deployment owns one ReplicaSet per pod template
 * it has had, named `<deployment>-<pod-template-hash>`. RollingUpdate grows the new ReplicaSet while the
 * total stays within replicas + maxSurge, and shrinks old ones (unhealthy replicas first, then oldest
 * first) while available pods stay at least replicas - maxUnavailable, reading availability from the
 * ReplicaSets' status. Recreate scales old ReplicaSets to zero and waits for their pods to go before
 * creating the new one. A change of replicas alone is a scaling event, spread over the active ReplicaSets
 * in proportion (proportional scaling). Revisions are annotations: the template of a revision that comes
 * back (rollback) reuses its ReplicaSet with the next revision number; old ReplicaSets at zero beyond
 * revisionHistoryLimit are deleted. A paused Deployment is only scaled. Status and the Available and
 * Progressing conditions (with progressDeadlineSeconds) follow upstream's wording.
 */
import type { ObjectStore } from "../api/store.js";
import type { Pod } from "../api/types.js";
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from "../api/workload-types.js";
import { DefaultDeploymentUniqueLabelKey, DesiredReplicasAnnotation, MaxReplicasAnnotation, RevisionAnnotation } from "../api/workload-types.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import type { EventLog } from "./event-log.js";
import {
  byCreation,
  computeHash,
  equalIgnoreHash,
  isRollingUpdate,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  replicasOf,
  replicaSetFraction,
  revisionOf,
  sumSpec,
  sumStatus,
} from "./deployment-util.js";
import { controllerOf, ObjectCache, objectKey } from "./object-cache.js";
import { WorkQueue } from "./work-queue.js";

const SOURCE = "deployment-controller";

export class DeploymentController implements Component {
  readonly componentName = "deployment controller";
  private dCache!: ObjectCache<Deployment>;
  private rsCache!: ObjectCache<ReplicaSet>;
  private readonly queue: WorkQueue;

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    private readonly events: EventLog,
  ) {
    this.queue = new WorkQueue(engine, (k) => this.sync(k));
  }

  start(): void {
    this.dCache = new ObjectCache<Deployment>(this.store, "Deployment", (ev) => this.queue.add(objectKey(ev.object)));
    this.rsCache = new ObjectCache<ReplicaSet>(this.store, "ReplicaSet", (ev) => {
      const owner = controllerOf(ev.object);
      if (owner?.kind === "Deployment") this.queue.add(`${ev.object.metadata.namespace ?? "default"}/${owner.name}`);
    });
    // Recreate waits for old pods to go: a pod deletion wakes the owner of its ReplicaSet.
    this.store.watch<Pod>("Pod", (ev) => {
      if (ev.type !== "DELETED") return;
      const owner = controllerOf(ev.object);
      if (owner?.kind !== "ReplicaSet") return;
      const rs = this.rsCache.get(`${ev.object.metadata.namespace ?? "default"}/${owner.name}`);
      const d = rs ? controllerOf(rs) : undefined;
      if (rs && d?.kind === "Deployment") this.queue.add(`${rs.metadata.namespace ?? "default"}/${d.name}`);
    });
  }

  private sync(key: string): void {
    const d = this.dCache.get(key);
    if (!d || d.metadata.deletionTimestamp) return;
    const sets = [...this.rsCache.ownedBy(d.metadata.uid!)];
    if (d.spec.paused) {
      this.scaleOnly(d, sets);
      return;
    }
    if (this.isScalingEvent(d, sets)) {
      this.scaleOnly(d, sets);
      return;
    }
    if (isRollingUpdate(d)) this.rolloutRolling(d, sets);
    else this.rolloutRecreate(d, sets);
  }

  // ---- ReplicaSets and revisions -------------------------------------------------------------------

  /** FindNewReplicaSet and the others; the new one is created (or its revision raised) when asked. */
  private replicaSets(d: Deployment, sets: ReplicaSet[], create: boolean): { newRS: ReplicaSet | null; oldRSs: ReplicaSet[] } {
    sets.sort(byCreation);
    let newRS = sets.find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template)) ?? null;
    const oldRSs = sets.filter((rs) => rs !== newRS);
    let maxOld = 0;
    for (const rs of oldRSs) maxOld = Math.max(maxOld, revisionOf(rs));
    const revision = String(maxOld + 1);
    if (newRS) {
      if (revisionOf(newRS) < maxOld + 1 || !this.annotationsCurrent(newRS, d)) {
        newRS = this.writeRS({ ...newRS, metadata: { ...newRS.metadata, annotations: { ...this.rsAnnotations(newRS, d), [RevisionAnnotation]: revision } } });
      }
    } else if (create) {
      newRS = this.createNewRS(d, sets, revision);
    }
    if (d.metadata.annotations?.[RevisionAnnotation] !== revision && (newRS || create)) {
      this.writeD({ ...d, metadata: { ...d.metadata, annotations: { ...d.metadata.annotations, [RevisionAnnotation]: revision } } });
    }
    return { newRS, oldRSs };
  }

  private createNewRS(d: Deployment, sets: ReplicaSet[], revision: string): ReplicaSet | null {
    const collisionCount = d.status?.collisionCount ?? 0;
    const hash = computeHash(d.spec.template, collisionCount);
    const tm = d.spec.template.metadata ?? {};
    const template = { ...d.spec.template, metadata: { ...tm, labels: { ...(tm.labels ?? {}), [DefaultDeploymentUniqueLabelKey]: hash } } };
    const rs: ReplicaSet = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace ?? "default",
        labels: { ...(tm.labels ?? {}), [DefaultDeploymentUniqueLabelKey]: hash },
        annotations: { [RevisionAnnotation]: revision },
        ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: d.metadata.name, uid: d.metadata.uid!, controller: true }],
        generation: 1,
      },
      spec: {
        replicas: 0,
        minReadySeconds: d.spec.minReadySeconds ?? 0,
        selector: { ...d.spec.selector, matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [DefaultDeploymentUniqueLabelKey]: hash } },
        template,
      },
    };
    rs.spec.replicas = newRSNewReplicas(d, sets, null);
    rs.metadata.annotations = { ...this.rsAnnotations(rs, d), [RevisionAnnotation]: revision };
    if (this.store.get("ReplicaSet", rs.metadata.namespace, rs.metadata.name)) {
      // A hash collision with a ReplicaSet of another template: count it and try a new name next sync.
      this.writeD({ ...d, status: { ...this.status(d, sets, null), collisionCount: collisionCount + 1 } });
      this.queue.add(objectKey(d));
      return null;
    }
    const stored = this.store.create(rs);
    this.rsCache.wrote(stored);
    sets.push(stored);
    this.events.record(SOURCE, rs.metadata.namespace!, `deployment/${d.metadata.name}`, "Normal", "ScalingReplicaSet", `Scaled up replica set ${rs.metadata.name} from 0 to ${replicasOf(rs)}`);
    return stored;
  }

  private rsAnnotations(rs: ReplicaSet, d: Deployment): Record<string, string> {
    return { ...rs.metadata.annotations, [DesiredReplicasAnnotation]: String(d.spec.replicas ?? 1), [MaxReplicasAnnotation]: String((d.spec.replicas ?? 1) + maxSurge(d)) };
  }

  private annotationsCurrent(rs: ReplicaSet, d: Deployment): boolean {
    const a = rs.metadata.annotations ?? {};
    return a[DesiredReplicasAnnotation] === String(d.spec.replicas ?? 1) && a[MaxReplicasAnnotation] === String((d.spec.replicas ?? 1) + maxSurge(d));
  }

  /** scaleReplicaSetAndRecordEvent. */
  private scaleRS(rs: ReplicaSet, to: number, d: Deployment): ReplicaSet {
    const from = replicasOf(rs);
    if (from === to && this.annotationsCurrent(rs, d)) return rs;
    const out = this.writeRS({ ...rs, metadata: { ...rs.metadata, annotations: this.rsAnnotations(rs, d) }, spec: { ...rs.spec, replicas: to } });
    if (from !== to) {
      const verb = to > from ? "up" : "down";
      this.events.record(SOURCE, rs.metadata.namespace!, `deployment/${d.metadata.name}`, "Normal", "ScalingReplicaSet", `Scaled ${verb} replica set ${rs.metadata.name} from ${from} to ${to}`);
    }
    return out;
  }

  // ---- scaling ------------------------------------------------------------------------------------

  /** isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
  private isScalingEvent(d: Deployment, sets: ReplicaSet[]): boolean {
    const { newRS, oldRSs } = this.replicaSets(d, [...sets], false);
    for (const rs of [...(newRS ? [newRS] : []), ...oldRSs]) {
      if (replicasOf(rs) === 0) continue;
      const desired = rs.metadata.annotations?.[DesiredReplicasAnnotation];
      if (desired !== undefined && desired !== String(d.spec.replicas ?? 1)) return true;
    }
    return false;
  }

  /** sync: scale (proportionally during a rollout), clean up when paused, write status. */
  private scaleOnly(d: Deployment, sets: ReplicaSet[]): void {
    const { newRS, oldRSs } = this.replicaSets(d, sets, false);
    this.scale(d, newRS, oldRSs);
    const all = this.current(d);
    const cur = this.splitCurrent(d, all);
    if (d.spec.paused) this.cleanup(d, cur.oldRSs);
    this.syncStatus(d, all, cur.newRS);
  }

  private scale(d: Deployment, newRS: ReplicaSet | null, oldRSs: ReplicaSet[]): void {
    const replicas = d.spec.replicas ?? 1;
    const active = [...(newRS ? [newRS] : []), ...oldRSs].filter((rs) => replicasOf(rs) > 0);
    let single: ReplicaSet | null = null;
    if (active.length === 1) single = active[0]!;
    else if (active.length === 0) single = newRS ?? [...oldRSs].sort(byCreation).at(-1) ?? null;
    if (single || active.length <= 1) {
      if (single && (replicasOf(single) !== replicas || !this.annotationsCurrent(single, d))) this.scaleRS(single, replicas, d);
      return;
    }
    if (newRS && replicasOf(newRS) === replicas && newRS.metadata.annotations?.[DesiredReplicasAnnotation] === String(replicas) && (newRS.status?.availableReplicas ?? 0) === replicas) {
      for (const rs of oldRSs) if (replicasOf(rs) !== 0) this.scaleRS(rs, 0, d);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
    const toAdd = allowed - sumSpec(active);
    const order = [...active].sort((a, b) => {
      const byBig = replicasOf(b) - replicasOf(a);
      if (byBig !== 0) return toAdd > 0 ? byBig : -byBig;
      // Ties: newer first when adding, older first when removing.
      return toAdd > 0 ? -byCreation(a, b) : byCreation(a, b);
    });
    const target = new Map<ReplicaSet, number>();
    let added = 0;
    if (toAdd !== 0) {
      for (const rs of order) {
        let p = replicaSetFraction(rs, d);
        const left = toAdd - added;
        p = toAdd > 0 ? Math.min(p, left) : Math.max(p, left);
        target.set(rs, replicasOf(rs) + p);
        added += p;
      }
    }
    for (let i = 0; i < order.length; i++) {
      const rs = order[i]!;
      let n = target.get(rs) ?? replicasOf(rs);
      if (i === 0 && toAdd !== 0) n = Math.max(0, n + (toAdd - added));
      this.scaleRS(rs, n, d);
    }
  }

  // ---- strategies ---------------------------------------------------------------------------------

  private rolloutRolling(d: Deployment, sets: ReplicaSet[]): void {
    const { newRS } = this.replicaSets(d, sets, true);
    const all = this.current(d);
    const cur = this.splitCurrent(d, all);
    if (this.reconcileNew(d, all, cur.newRS ?? newRS)) {
      this.syncStatus(d, this.current(d), cur.newRS);
      return;
    }
    if (this.reconcileOld(d, all, cur.oldRSs, cur.newRS)) {
      const after = this.current(d);
      this.syncStatus(d, after, this.splitCurrent(d, after).newRS);
      return;
    }
    if (this.complete(d, cur.newRS)) this.cleanup(d, cur.oldRSs);
    this.syncStatus(d, all, cur.newRS);
  }

  private reconcileNew(d: Deployment, all: ReplicaSet[], newRS: ReplicaSet | null): boolean {
    if (!newRS) return false;
    const replicas = d.spec.replicas ?? 1;
    if (replicasOf(newRS) === replicas) return false;
    if (replicasOf(newRS) > replicas) {
      this.scaleRS(newRS, replicas, d);
      return true;
    }
    const want = newRSNewReplicas(d, all, newRS);
    if (want === replicasOf(newRS)) return false;
    this.scaleRS(newRS, want, d);
    return true;
  }

  private reconcileOld(d: Deployment, all: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet | null): boolean {
    if (sumSpec(oldRSs) === 0) return false;
    const allPods = sumSpec(all);
    const minAvailable = (d.spec.replicas ?? 1) - maxUnavailable(d);
    const newUnavailable = newRS ? replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0) : 0;
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    // cleanupUnhealthyReplicas: old replicas that are not available go first.
    const olds = [...oldRSs].sort(byCreation);
    let cleaned = 0;
    for (let i = 0; i < olds.length && cleaned < maxScaledDown; i++) {
      const rs = olds[i]!;
      const spec = replicasOf(rs);
      const avail = rs.status?.availableReplicas ?? 0;
      if (spec === 0 || avail >= spec) continue;
      const n = Math.min(maxScaledDown - cleaned, spec - avail);
      olds[i] = this.scaleRS(rs, spec - n, d);
      cleaned += n;
    }
    // scaleDownOldReplicaSetsForRollingUpdate: available pods above the minimum, oldest ReplicaSets first.
    const available = sumStatus([...olds, ...(newRS ? [newRS] : [])], "availableReplicas");
    let scaled = 0;
    if (available > minAvailable) {
      const total = available - minAvailable;
      for (let i = 0; i < olds.length && scaled < total; i++) {
        const rs = olds[i]!;
        const spec = replicasOf(rs);
        if (spec === 0) continue;
        const n = Math.min(spec, total - scaled);
        olds[i] = this.scaleRS(rs, spec - n, d);
        scaled += n;
      }
    }
    return cleaned + scaled > 0;
  }

  private rolloutRecreate(d: Deployment, sets: ReplicaSet[]): void {
    const { newRS, oldRSs } = this.replicaSets(d, sets, false);
    let scaledDown = false;
    for (const rs of oldRSs) {
      if (replicasOf(rs) === 0) continue;
      this.scaleRS(rs, 0, d);
      scaledDown = true;
    }
    if (scaledDown) {
      this.syncStatus(d, this.current(d), newRS);
      return;
    }
    // Old pods must be gone before the new ReplicaSet starts any.
    if (oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0)) {
      this.syncStatus(d, this.current(d), newRS);
      return;
    }
    const nrs = newRS ?? this.replicaSets(d, this.current(d), true).newRS;
    if (nrs && replicasOf(nrs) !== (d.spec.replicas ?? 1)) this.scaleRS(nrs, d.spec.replicas ?? 1, d);
    const all = this.current(d);
    const cur = this.splitCurrent(d, all);
    if (this.complete(d, cur.newRS)) this.cleanup(d, cur.oldRSs);
    this.syncStatus(d, all, cur.newRS);
  }

  // ---- history, status ------------------------------------------------------------------------------

  /** Old ReplicaSets at zero beyond revisionHistoryLimit, oldest first, are deleted. */
  private cleanup(d: Deployment, oldRSs: ReplicaSet[]): void {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const idle = oldRSs.filter((rs) => replicasOf(rs) === 0 && (rs.status?.replicas ?? 0) === 0).sort(byCreation);
    const extra = idle.length - limit;
    for (let i = 0; i < extra; i++) {
      const rs = idle[i]!;
      const gone = this.store.delete("ReplicaSet", rs.metadata.namespace, rs.metadata.name);
      if (gone) this.rsCache.wrote(gone as ReplicaSet, true);
    }
  }

  /** DeploymentComplete: every replica updated and available, no old pods left. */
  private complete(d: Deployment, newRS: ReplicaSet | null): boolean {
    const s = this.status(d, this.current(d), newRS);
    const replicas = d.spec.replicas ?? 1;
    return s.updatedReplicas === replicas && s.replicas === replicas && s.availableReplicas === replicas;
  }

  private status(d: Deployment, all: readonly ReplicaSet[], newRS: ReplicaSet | null): DeploymentStatus {
    const available = sumStatus(all, "availableReplicas");
    return {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: sumStatus(all, "replicas"),
      updatedReplicas: newRS?.status?.replicas ?? 0,
      readyReplicas: sumStatus(all, "readyReplicas"),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, sumSpec(all) - available),
      ...(d.status?.collisionCount ? { collisionCount: d.status.collisionCount } : {}),
    };
  }

  private syncStatus(d0: Deployment, all: readonly ReplicaSet[], newRS: ReplicaSet | null): void {
    const d = this.dCache.get(objectKey(d0)) ?? d0;
    const s = this.status(d, all, newRS);
    const replicas = d.spec.replicas ?? 1;
    const now = this.store.timestamp();
    const old = d.status?.conditions ?? [];
    const cond = (c: DeploymentCondition): DeploymentCondition => {
      const prev = old.find((x) => x.type === c.type);
      const same = prev && prev.status === c.status && prev.reason === c.reason;
      return { ...c, lastUpdateTime: same && prev.message === c.message ? prev.lastUpdateTime! : now, lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime! : now };
    };
    const conditions: DeploymentCondition[] = [];
    conditions.push(
      cond(
        s.availableReplicas >= replicas - maxUnavailable(d)
          ? { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." }
          : { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." },
      ),
    );
    const done = s.updatedReplicas === replicas && s.replicas === replicas && s.availableReplicas === replicas;
    const prevProgress = old.find((x) => x.type === "Progressing");
    const deadlineUs = (d.spec.progressDeadlineSeconds ?? 600) * 1e6;
    if (d.spec.paused) {
      conditions.push(cond({ type: "Progressing", status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" }));
    } else if (done && newRS) {
      conditions.push(cond({ type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` }));
    } else if (newRS) {
      const progressed = !d.status || s.updatedReplicas !== d.status.updatedReplicas || s.availableReplicas !== d.status.availableReplicas || s.replicas !== d.status.replicas;
      const since = prevProgress?.lastUpdateTime ? Date.parse(prevProgress.lastUpdateTime) * 1000 : this.engine.now;
      if (!progressed && prevProgress?.reason !== "NewReplicaSetAvailable" && prevProgress && since + deadlineUs <= this.engine.now) {
        conditions.push(cond({ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` }));
      } else if (progressed || !prevProgress || prevProgress.reason === "NewReplicaSetAvailable") {
        conditions.push({ type: "Progressing", status: "True", reason: "ReplicaSetUpdated", message: `ReplicaSet "${newRS.metadata.name}" is progressing.`, lastUpdateTime: now, lastTransitionTime: prevProgress?.status === "True" ? prevProgress.lastTransitionTime! : now });
        this.queue.addAfter(objectKey(d), deadlineUs + 1000);
      } else conditions.push(prevProgress);
    }
    const status: DeploymentStatus = { ...s, conditions };
    if (JSON.stringify(status) === JSON.stringify(d.status)) return;
    this.writeD({ ...d, status });
  }

  // ---- cache helpers ------------------------------------------------------------------------------------

  private current(d: Deployment): ReplicaSet[] {
    return [...this.rsCache.ownedBy(d.metadata.uid!)].sort(byCreation);
  }

  private splitCurrent(d: Deployment, all: ReplicaSet[]): { newRS: ReplicaSet | null; oldRSs: ReplicaSet[] } {
    const newRS = all.find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template)) ?? null;
    return { newRS, oldRSs: all.filter((rs) => rs !== newRS) };
  }

  private writeRS(rs: ReplicaSet): ReplicaSet {
    const stored = this.store.updateSpec<ReplicaSet>(rs);
    this.rsCache.wrote(stored);
    return stored;
  }

  private writeD(d: Deployment): Deployment {
    const cur = this.store.get<Deployment>("Deployment", d.metadata.namespace, d.metadata.name);
    if (!cur) return d;
    // The spec may have changed since the cache saw it (a scenario action): only annotations and status are ours.
    const stored = this.store.update<Deployment>({ ...cur, metadata: { ...cur.metadata, annotations: d.metadata.annotations! }, status: d.status! });
    this.dCache.wrote(stored);
    return stored;
  }
}
