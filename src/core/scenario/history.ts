/**
 * A scenario's object history: every write to the kinds `clusterlab get` shows, as the watch stream
 * delivers it (time, ADDED/MODIFIED/DELETED, the object), one JSON line each. Written gzipped as
 * objects.jsonl.gz; replaying it up to a time gives the cluster's state then.
 */
import { gzipSync } from "node:zlib";
import type { ObjectStore } from "../api/store.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";

export const HISTORY_FILE = "objects.jsonl.gz";
export const HISTORY_KINDS = ["Node", "Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "Service", "EndpointSlice", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ResourceQuota", "Namespace"] as const;

export class ObjectHistory implements Component {
  readonly componentName = "object history";
  private readonly lines: string[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
  ) {}

  start(): void {
    for (const kind of HISTORY_KINDS) {
      this.store.watch(kind, (ev) => this.lines.push(JSON.stringify({ t: this.engine.now, type: ev.type, object: ev.object })), { replay: true });
    }
  }

  gzip(): Buffer {
    return gzipSync(Buffer.from(this.lines.length ? `${this.lines.join("\n")}\n` : ""));
  }
}
