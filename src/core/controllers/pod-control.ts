/**
 * How the workload controllers create and delete their pods (controller.PodControlInterface): the store
 * write, the controller's own cache told at once (write-through), and the SuccessfulCreate /
 * SuccessfulDelete event on the owner. Messages default to the ReplicaSet/Job/DaemonSet controllers'
 * wording; the StatefulSet controller passes its own.
 */
import { StoreError, type ObjectStore } from "../api/store.js";
import type { KubeObject, Pod } from "../api/types.js";
import type { EventLog } from "./event-log.js";
import type { ObjectCache } from "./object-cache.js";

export class PodControl {
  constructor(
    private readonly store: ObjectStore,
    private readonly cache: ObjectCache<Pod>,
    private readonly events: EventLog,
    private readonly source: string,
  ) {}

  /**
   * Creates the pod; null when the API server refuses it (quota), after a FailedCreate warning on the owner
   * in the controllers' words ("Error creating: pods \"web-\" is forbidden: exceeded quota: …").
   */
  create(pod: Pod, owner: KubeObject, message = (name: string) => `Created pod: ${name}`): Pod | null {
    let stored: Pod;
    try {
      stored = this.store.create<Pod>(pod);
    } catch (e) {
      if (!(e instanceof StoreError) || e.reason !== "Forbidden") throw e;
      this.events.record(this.source, owner.metadata.namespace ?? "default", objectName(owner), "Warning", "FailedCreate", `Error creating: ${e.message}`);
      return null;
    }
    this.cache.wrote(stored);
    this.events.record(this.source, owner.metadata.namespace ?? "default", objectName(owner), "Normal", "SuccessfulCreate", message(stored.metadata.name));
    return stored;
  }

  delete(pod: Pod, owner: KubeObject, message = (name: string) => `Deleted pod: ${name}`): void {
    const gone = this.store.delete("Pod", pod.metadata.namespace, pod.metadata.name);
    if (gone) this.cache.wrote(gone as Pod, true);
    this.events.record(this.source, owner.metadata.namespace ?? "default", objectName(owner), "Normal", "SuccessfulDelete", message(pod.metadata.name));
  }
}

/** kind/name as kubectl prints OBJECT ("replicaset/web-5d59d67564"). */
function objectName(o: KubeObject): string {
  return `${o.kind.toLowerCase()}/${o.metadata.name}`;
}
