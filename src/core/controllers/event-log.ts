/**
 * The cluster's events (what `kubectl get events` lists), as controllers and node agents record them:
 * the involved object, type, reason and message. Repeats of the same event on the same object are merged
 * into one with a count and first/last times, as the API server's event correlator does.
 */
import type { Engine } from "../engine/engine.js";
import { csvField } from "../util/csv-field.js";

export interface ClusterEvent {
  firstUs: number;
  lastUs: number;
  count: number;
  type: "Normal" | "Warning";
  reason: string;
  /** kind/name, as kubectl prints OBJECT ("pod/web-7d4b9-x2kqz"). */
  object: string;
  namespace: string;
  message: string;
  /** Who recorded it ("deployment-controller", "kubelet"). */
  source: string;
}

export class EventLog {
  readonly events: ClusterEvent[] = [];
  private readonly last = new Map<string, ClusterEvent>();

  constructor(private readonly engine: Engine) {}

  record(source: string, namespace: string, object: string, type: ClusterEvent["type"], reason: string, message: string): void {
    const now = this.engine.now;
    const key = `${namespace}\0${object}\0${type}\0${reason}\0${message}`;
    const prev = this.last.get(key);
    if (prev) {
      prev.count++;
      prev.lastUs = now;
      return;
    }
    const ev: ClusterEvent = { firstUs: now, lastUs: now, count: 1, type, reason, object, namespace, message, source };
    this.events.push(ev);
    this.last.set(key, ev);
  }

  /** events.csv: one row per event (merged repeats), in the order first seen. */
  csv(): string {
    let out = "first_us,last_us,count,namespace,type,reason,object,source,message\n";
    for (const e of this.events) {
      out += `${e.firstUs},${e.lastUs},${e.count},${csvField(e.namespace)},${e.type},${csvField(e.reason)},${csvField(e.object)},${csvField(e.source)},${csvField(e.message)}\n`;
    }
    return out;
  }
}
