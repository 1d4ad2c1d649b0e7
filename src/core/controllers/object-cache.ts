/**
 * A controller's informer cache of one kind: objects by namespace/name, fed by the store's watch and by
 * the controller's own writes (write-through, so a controller never acts twice on a state it has already
 * changed — what client-go's expectations achieve). An event older than what the cache holds is ignored.
 * Objects are also indexed by their controller owner's uid.
 */
import type { ObjectStore, WatchEvent } from "../api/store.js";
import type { KubeObject } from "../api/types.js";

export function objectKey(o: { metadata: { namespace?: string; name: string } }): string {
  return `${o.metadata.namespace ?? "default"}/${o.metadata.name}`;
}

export function controllerOf(o: KubeObject): { kind: string; name: string; uid: string } | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller === true);
}

export class ObjectCache<T extends KubeObject> {
  private readonly byKey = new Map<string, T>();
  private readonly byOwner = new Map<string, Map<string, T>>();

  /** Starts watching `kind`; `onChange` runs after the cache has taken each event in. */
  constructor(
    store: ObjectStore,
    kind: T["kind"],
    onChange: (ev: WatchEvent<T>) => void,
  ) {
    store.watch<T>(
      kind,
      (ev) => {
        if (this.take(ev)) onChange(ev);
      },
      { replay: true },
    );
  }

  get(key: string): T | undefined {
    return this.byKey.get(key);
  }

  /** Objects whose controller owner has this uid (insertion order). */
  ownedBy(uid: string): Iterable<T> {
    return this.byOwner.get(uid)?.values() ?? [];
  }

  values(): IterableIterator<T> {
    return this.byKey.values();
  }

  /** Records the controller's own write (the object the store returned) or deletion. */
  wrote(obj: T, deleted = false): void {
    this.take({ type: deleted ? "DELETED" : "MODIFIED", object: obj });
  }

  private take(ev: WatchEvent<T>): boolean {
    const o = ev.object;
    const key = objectKey(o);
    const cur = this.byKey.get(key);
    if (cur && Number(cur.metadata.resourceVersion) > Number(o.metadata.resourceVersion) && cur.metadata.uid === o.metadata.uid) return false;
    if (cur) this.unindex(cur, key);
    if (ev.type === "DELETED") {
      this.byKey.delete(key);
      return true;
    }
    this.byKey.set(key, o);
    const owner = controllerOf(o);
    if (owner) {
      let m = this.byOwner.get(owner.uid);
      if (!m) this.byOwner.set(owner.uid, (m = new Map()));
      m.set(key, o);
    }
    return true;
  }

  private unindex(o: T, key: string): void {
    const owner = controllerOf(o);
    if (!owner) return;
    const m = this.byOwner.get(owner.uid);
    if (!m) return;
    m.delete(key);
    if (m.size === 0) this.byOwner.delete(owner.uid);
  }
}
