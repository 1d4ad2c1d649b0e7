/**
 * The garbage collector's cascading deletion (background propagation): when an owner is deleted, the
 * objects whose controller owner reference names its uid are deleted too — a Deployment's ReplicaSets,
 * a ReplicaSet's pods, a CronJob's Jobs, a Job's pods — and theirs in turn.
 */
import type { ObjectStore, WatchEvent } from "../api/store.js";
import type { KubeObject } from "../api/types.js";
import type { Component } from "../component.js";
import { controllerOf, objectKey } from "./object-cache.js";

/** Owner kinds whose dependents are collected, and the kinds those dependents have. */
const DEPENDENT_KINDS = ["ReplicaSet", "Job", "Pod"] as const;

export class GarbageCollector implements Component {
  readonly componentName = "garbage collector";
  /** owner uid → dependents (kind, namespace/name). */
  private readonly dependents = new Map<string, Map<string, { kind: string; namespace: string; name: string }>>();

  constructor(private readonly store: ObjectStore) {}

  start(): void {
    for (const kind of DEPENDENT_KINDS) this.store.watch(kind, (ev) => this.onDependent(ev), { replay: true });
    for (const kind of ["Deployment", "ReplicaSet", "Job", "CronJob", "StatefulSet", "DaemonSet"]) {
      this.store.watch(kind, (ev) => {
        if (ev.type === "DELETED") this.collect(ev.object.metadata.uid!);
      });
    }
  }

  private onDependent(ev: WatchEvent<KubeObject>): void {
    const o = ev.object;
    const owner = controllerOf(o);
    if (!owner) return;
    const key = `${o.kind}/${objectKey(o)}`;
    if (ev.type === "DELETED") {
      const m = this.dependents.get(owner.uid);
      m?.delete(key);
      if (m && m.size === 0) this.dependents.delete(owner.uid);
      return;
    }
    let m = this.dependents.get(owner.uid);
    if (!m) this.dependents.set(owner.uid, (m = new Map()));
    m.set(key, { kind: o.kind, namespace: o.metadata.namespace ?? "default", name: o.metadata.name });
  }

  private collect(ownerUid: string): void {
    const m = this.dependents.get(ownerUid);
    if (!m) return;
    this.dependents.delete(ownerUid);
    for (const d of m.values()) {
      const cur = this.store.get<KubeObject>(d.kind, d.namespace, d.name);
      // Only the dependent that still names this owner (not a new object reusing the name).
      if (cur && controllerOf(cur)?.uid === ownerUid) this.store.delete(d.kind, d.namespace, d.name);
    }
  }
}
