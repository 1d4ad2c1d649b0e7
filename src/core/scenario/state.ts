/**
 * The cluster's objects at a virtual time, replayed from a run's objects.jsonl.gz (history.ts): every
 * write up to and including that time, in the order the watch delivered them.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { KubeObject } from "../api/types.js";

export interface ClusterState {
  /** The time the state is taken at (µs). */
  atUs: number;
  /** The last time the history records (the end of the run, µs). */
  endUs: number;
  /** Objects by kind, in the order first created. */
  objects: Map<string, Map<string, KubeObject>>;
}

export function readState(file: string, atUs: number | null): ClusterState {
  const text = gunzipSync(readFileSync(file)).toString("utf8");
  const objects = new Map<string, Map<string, KubeObject>>();
  let endUs = 0;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const line = text.slice(pos, nl < 0 ? text.length : nl);
    pos = nl < 0 ? text.length : nl + 1;
    if (!line) continue;
    const ev = JSON.parse(line) as { t: number; type: string; object: KubeObject };
    endUs = ev.t;
    if (atUs !== null && ev.t > atUs) continue;
    const o = ev.object;
    let m = objects.get(o.kind);
    if (!m) objects.set(o.kind, (m = new Map()));
    const key = `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
    if (ev.type === "DELETED") m.delete(key);
    else m.set(key, o);
  }
  return { atUs: atUs ?? endUs, endUs, objects };
}
