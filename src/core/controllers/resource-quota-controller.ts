/**
 * ResourceQuota in a scenario's cluster: the API server's quota admission (a pod create that would take a
 * namespace's quota over its hard limits is refused, "pods \"web-\" is forbidden: exceeded quota: …", the
 * name being the generateName prefix a controller's pod has before the API server names it) and the
 * resource quota controller, which keeps each quota's status (hard, used) as `kubectl describe quota`
 * shows it. A pod that ends or is deleted frees its share; controllers refused a create retry after their
 * backoff (work-queue.ts).
 */
import { formatQuota, type ResourceQuota } from "../api/resource-quota.js";
import { StoreError, type ObjectStore } from "../api/store.js";
import type { KubeObject, Pod, ResourceList } from "../api/types.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import { admitPod, quotaUsage } from "./quota-usage.js";
import { WorkQueue } from "./work-queue.js";

const inNamespace = (ns: string) => (o: KubeObject) => (o.metadata.namespace ?? "default") === ns;

export class ResourceQuotaController implements Component {
  readonly componentName = "resource quota controller";
  private readonly queue: WorkQueue;
  /** Namespaces that have quotas (a pod elsewhere costs nothing). */
  private readonly namespaces = new Map<string, number>();

  constructor(
    engine: Engine,
    private readonly store: ObjectStore,
  ) {
    this.queue = new WorkQueue(engine, (ns) => this.sync(ns));
    store.admit((obj) => this.admit(obj));
  }

  start(): void {
    this.store.watch<ResourceQuota & KubeObject>(
      "ResourceQuota",
      (ev) => {
        const ns = ev.object.metadata.namespace ?? "default";
        this.namespaces.set(ns, (this.namespaces.get(ns) ?? 0) + (ev.type === "ADDED" ? 1 : ev.type === "DELETED" ? -1 : 0));
        this.queue.add(ns);
      },
      { replay: true },
    );
    this.store.watch<Pod>("Pod", (ev) => {
      const ns = ev.object.metadata.namespace ?? "default";
      if ((this.namespaces.get(ns) ?? 0) > 0) this.queue.add(ns);
    });
  }

  private admit(obj: KubeObject): void {
    if (obj.kind !== "Pod" || this.store.count("ResourceQuota") === 0) return;
    const ns = obj.metadata.namespace ?? "default";
    const quotas = this.store.list<ResourceQuota & KubeObject>("ResourceQuota", inNamespace(ns));
    if (quotas.length === 0) return;
    const pod = obj as Pod;
    const reason = admitPod(pod, quotas, () => this.store.list<Pod>("Pod", inNamespace(ns)));
    if (reason) throw new StoreError("Forbidden", `pods "${pod.metadata.generateName || pod.metadata.name}" is forbidden: ${reason}`);
  }

  /** status.hard and status.used of every quota in the namespace. */
  private sync(ns: string): void {
    const pods = this.store.list<Pod>("Pod", inNamespace(ns));
    for (const q of this.store.list<ResourceQuota & KubeObject>("ResourceQuota", inNamespace(ns))) {
      const used: ResourceList = {};
      for (const [name, v] of quotaUsage(q, pods)) used[name] = formatQuota(name, v);
      const status = { hard: { ...(q.spec.hard ?? {}) }, used };
      if (JSON.stringify(q.status) === JSON.stringify(status)) continue;
      this.store.updateStatus({ ...q, status });
    }
  }
}
