/**
 * An API-server-like object store: create/update/delete/get/list by kind, a cluster-wide
 * resourceVersion that increases on every write, optimistic concurrency on update, and watch handlers.
 * Watch events are delivered through the engine (after `watchDelayUs`), never synchronously, so a
 * component reacting to an event always sees a consistent store — as with informers in Kubernetes.
 * Objects are treated as immutable: writers pass new objects; readers must not mutate what they get.
 */
import type { Engine } from "../engine/engine.js";
import { Priority } from "../engine/engine.js";
import type { KubeObject, ObjectMeta } from "./types.js";
import { withField } from "../util/extend.js";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
  /** The previous version, for MODIFIED and DELETED. */
  oldObject?: T;
}

export type WatchHandler<T extends KubeObject = KubeObject> = (ev: WatchEvent<T>) => void;

export class StoreError extends Error {
  constructor(
    readonly reason: "AlreadyExists" | "NotFound" | "Conflict" | "Invalid" | "Forbidden",
    message: string,
  ) {
    super(message);
    this.name = "StoreError";
  }
}

export class ObjectStore {
  private readonly byKind = new Map<string, Map<string, KubeObject>>();
  private readonly watchers = new Map<string, Watcher[]>();
  private rv = 0;
  private uidSeq = 0;
  /** Admission checks run on every create (quota); one throws a StoreError to refuse the object. */
  private readonly admitters: ((obj: KubeObject) => void)[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly opts: { watchDelayUs: number } = { watchDelayUs: 0 },
  ) {}

  get resourceVersion(): string {
    return String(this.rv);
  }

  /** Adds an admission check, run on every create before the object is stored. */
  admit(check: (obj: KubeObject) => void): void {
    this.admitters.push(check);
  }

  create<T extends KubeObject>(obj: T): T {
    for (const check of this.admitters) check(obj);
    // Object.assign, not a spread: see util/extend.ts.
    const meta: ObjectMeta = Object.assign({}, obj.metadata);
    meta.uid = obj.metadata.uid ?? `${obj.kind.toLowerCase()}-${++this.uidSeq}`;
    meta.creationTimestamp = obj.metadata.creationTimestamp ?? this.timestamp();
    if (NAMESPACED.has(obj.kind) || obj.metadata.namespace) meta.namespace = obj.metadata.namespace ?? "default";
    const key = mapKey(meta.namespace, meta.name);
    const m = this.kind(obj.kind);
    if (m.has(key)) throw new StoreError("AlreadyExists", `${obj.kind} "${shownKey(meta)}" already exists`);
    meta.resourceVersion = String(++this.rv);
    const stored = { ...obj, metadata: meta } as T;
    m.set(key, stored);
    this.notify(obj.kind, { type: "ADDED", object: stored });
    return stored;
  }

  /** Replaces an object. If `obj.metadata.resourceVersion` is set it must match (optimistic concurrency). */
  update<T extends KubeObject>(obj: T): T {
    const key = lookupKey(obj.kind, obj.metadata.namespace, obj.metadata.name);
    const m = this.kind(obj.kind);
    const old = (key === null ? undefined : m.get(key)) as T | undefined;
    if (!old || key === null) throw new StoreError("NotFound", `${obj.kind} "${shownKey(obj.metadata)}" not found`);
    const want = obj.metadata.resourceVersion;
    if (want !== undefined && want !== old.metadata.resourceVersion) {
      throw new StoreError("Conflict", `${obj.kind} "${shownKey(obj.metadata)}": the object has been modified (resourceVersion ${want} ≠ ${old.metadata.resourceVersion})`);
    }
    // uid and creationTimestamp are immutable: they are kept from the stored object.
    const meta = withField(obj.metadata, "uid", old.metadata.uid);
    meta.resourceVersion = String(++this.rv);
    if (old.metadata.creationTimestamp !== undefined) meta.creationTimestamp = old.metadata.creationTimestamp;
    const stored = { ...obj, metadata: meta } as T;
    m.set(key, stored);
    this.notify(obj.kind, { type: "MODIFIED", object: stored, oldObject: old });
    return stored;
  }

  /**
   * The status subresource: replaces only the status of the stored object (a writer of status never
   * undoes a spec change it has not seen yet, and the other way round with `updateSpec`).
   */
  updateStatus<T extends KubeObject & { status?: unknown }>(obj: T): T {
    const cur = this.get<T>(obj.kind, obj.metadata.namespace, obj.metadata.name);
    if (!cur) throw new StoreError("NotFound", `${obj.kind} "${shownKey(obj.metadata)}" not found`);
    return this.update({ ...cur, status: obj.status });
  }

  /** The main resource: replaces metadata labels/annotations and spec, keeping the stored status. */
  updateSpec<T extends KubeObject & { spec?: unknown; status?: unknown }>(obj: T): T {
    const cur = this.get<T>(obj.kind, obj.metadata.namespace, obj.metadata.name);
    if (!cur) throw new StoreError("NotFound", `${obj.kind} "${shownKey(obj.metadata)}" not found`);
    const metadata = { ...cur.metadata, labels: obj.metadata.labels, annotations: obj.metadata.annotations };
    if (metadata.labels === undefined) delete metadata.labels;
    if (metadata.annotations === undefined) delete metadata.annotations;
    return this.update({ ...cur, metadata, spec: obj.spec });
  }

  /** Applies `mutate` to a fresh copy of the current object and stores it. */
  patch<T extends KubeObject>(kind: T["kind"], namespace: string | undefined, name: string, mutate: (o: T) => T): T {
    const cur = this.get<T>(kind, namespace, name);
    if (!cur) throw new StoreError("NotFound", `${kind} "${namespace ? `${namespace}/` : ""}${name}" not found`);
    return this.update(mutate(cur));
  }

  delete(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const key = lookupKey(kind, namespace, name);
    const m = this.kind(kind);
    const old = key === null ? undefined : m.get(key);
    if (!old || key === null) return undefined;
    m.delete(key);
    // As in Kubernetes, the DELETED event carries the resourceVersion of the deletion.
    const gone = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } };
    this.notify(kind, { type: "DELETED", object: gone, oldObject: old });
    return old;
  }

  get<T extends KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    const key = lookupKey(kind, namespace, name);
    return key === null ? undefined : (this.kind(kind).get(key) as T | undefined);
  }

  list<T extends KubeObject>(kind: string, filter?: (o: T) => boolean): T[] {
    const out: T[] = [];
    for (const o of this.kind(kind).values()) if (!filter || filter(o as T)) out.push(o as T);
    return out;
  }

  count(kind: string): number {
    return this.kind(kind).size;
  }

  /** Subscribes to a kind. With `replay`, existing objects are delivered first as ADDED (list+watch). */
  watch<T extends KubeObject>(kind: string, handler: WatchHandler<T>, opts: { replay?: boolean } = {}): () => void {
    const w: Watcher = { handler: handler as WatchHandler, active: true };
    // A new list, never a changed one: a write's delivery holds the list of watchers at the time of the write.
    this.watchers.set(kind, [...(this.watchers.get(kind) ?? []), w]);
    if (opts.replay) {
      const existing = [...this.kind(kind).values()];
      this.engine.after(this.opts.watchDelayUs, () => {
        for (const o of existing) if (w.active) handler({ type: "ADDED", object: o as T });
      }, Priority.Urgent);
    }
    // Unsubscribing also drops events already queued for this handler (a stopped informer hears nothing more).
    return () => {
      w.active = false;
      const l = this.watchers.get(kind);
      if (l?.includes(w)) this.watchers.set(kind, l.filter((x) => x !== w));
    };
  }

  /** Virtual time as an RFC 3339 timestamp (epoch = virtual time 0); objects written together share one. */
  timestamp(): string {
    const ms = Math.floor(this.engine.now / 1000);
    if (ms !== this.stampMs) {
      this.stampMs = ms;
      this.stamp = new Date(ms).toISOString();
    }
    return this.stamp;
  }
  private stampMs = -1;
  private stamp = "";

  /**
   * One engine event per write delivers it to every watcher of the kind, in the order they subscribed: the
   * same order as one event per watcher (consecutive events at one time and priority), at one event and
   * no closure per write.
   */
  private notify(kind: string, ev: WatchEvent): void {
    const watchers = this.watchers.get(kind);
    if (!watchers || watchers.length === 0) return;
    this.engine.afterCall(this.opts.watchDelayUs, deliver, watchers, ev, Priority.Urgent);
  }

  private kind(kind: string): Map<string, KubeObject> {
    let m = this.byKind.get(kind);
    if (!m) this.byKind.set(kind, (m = new Map()));
    return m;
  }
}

interface Watcher {
  handler: WatchHandler;
  active: boolean;
}

function deliver(watchers: readonly Watcher[], ev: WatchEvent): void {
  for (let i = 0; i < watchers.length; i++) {
    const w = watchers[i]!;
    if (w.active) w.handler(ev);
  }
}

/** Kinds that live in a namespace (default "default" when omitted). */
const NAMESPACED = new Set(["Pod", "Service", "EndpointSlice", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ResourceQuota", "Lease", "PodGroup"]);

/**
 * An object's key in its kind's map: "namespace/name", or the bare name for cluster-scoped objects and for
 * the default namespace — most objects of a run live there, and a lookup by a name string already held
 * (hashed once, compared by identity) costs a third of one by a freshly joined key. Names never hold "/",
 * so the two forms cannot meet.
 */
function mapKey(namespace: string | undefined, name: string): string {
  return namespace === undefined || namespace === "" || namespace === "default" ? name : `${namespace}/${name}`;
}

/** The key to look an object up by; null when a namespaced kind is asked for without a namespace (never stored so). */
function lookupKey(kind: string, namespace: string | undefined, name: string): string | null {
  if (!namespace && NAMESPACED.has(kind)) return null;
  return mapKey(namespace, name);
}

/** The key as messages show it: "namespace/name" or the name. */
function shownKey(meta: ObjectMeta): string {
  return meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
}
