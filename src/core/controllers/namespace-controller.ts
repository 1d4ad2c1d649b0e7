/**
 * Namespace deletion as kube-apiserver and the namespace controller carry it out: a deleted namespace is
 * first marked (deletionTimestamp, phase Terminating: its "kubernetes" finalizer keeps it), the
 * NamespaceLifecycle admission refuses new content in it ("unable to create new content in namespace …
 * because it is being terminated"), the controller deletes everything in it, workloads before the pods
 * and services they would otherwise remake, and then the namespace itself.
 */
import { API_GROUP_SUFFIX } from "../api/resource-names.js";
import { StoreError, type ObjectStore } from "../api/store.js";
import type { KubeObject, Namespace } from "../api/types.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import { WorkQueue } from "./work-queue.js";

/** What lives in a namespace, in the order the controller deletes it. */
const CONTENT_KINDS = [
  "HorizontalPodAutoscaler", "CronJob", "Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet",
  "PodDisruptionBudget", "Pod", "Service", "EndpointSlice", "ResourceQuota", "PodGroup", "Lease",
] as const;

/** Marks a namespace for deletion (what `kubectl delete namespace` gets from the API server). */
export function terminateNamespace(store: ObjectStore, ns: Namespace): void {
  if (ns.metadata.deletionTimestamp) return;
  store.update({ ...ns, metadata: { ...ns.metadata, deletionTimestamp: store.timestamp() }, status: { phase: "Terminating" } } as Namespace);
}

export class NamespaceController implements Component {
  readonly componentName = "namespace controller";
  private readonly queue: WorkQueue;

  constructor(
    engine: Engine,
    private readonly store: ObjectStore,
  ) {
    this.queue = new WorkQueue(engine, (name) => this.sync(name));
    store.admit((obj) => this.admit(obj));
  }

  start(): void {
    this.store.watch<Namespace>("Namespace", (ev) => {
      if (ev.type !== "DELETED" && ev.object.metadata.deletionTimestamp) this.queue.add(ev.object.metadata.name);
    }, { replay: true });
  }

  /** NamespaceLifecycle: nothing new goes into a namespace being terminated. */
  private admit(obj: KubeObject): void {
    const ns = obj.metadata.namespace;
    if (ns === undefined || obj.kind === "Namespace" || obj.kind === "Event") return;
    if (!this.store.get<Namespace>("Namespace", undefined, ns)?.metadata.deletionTimestamp) return;
    const resource = `${obj.kind.toLowerCase()}s${API_GROUP_SUFFIX[obj.kind] ?? ""}`;
    const name = obj.metadata.name || obj.metadata.generateName || "";
    throw new StoreError("Forbidden", `${resource} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`);
  }

  private sync(name: string): void {
    const ns = this.store.get<Namespace>("Namespace", undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    for (const kind of CONTENT_KINDS) {
      for (const o of this.store.list(kind, (x) => (x.metadata.namespace ?? "default") === name)) this.store.delete(kind, name, o.metadata.name);
    }
    this.store.delete("Namespace", undefined, name);
  }
}
