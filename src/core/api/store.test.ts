// The API-server-like store: resourceVersions, uids, optimistic concurrency, errors, and watches
// delivered through the engine (never synchronously), in order, with oldObject.
import { describe, expect, it } from "vitest";
import { Engine } from "../engine/engine.js";
import { makeNode, makePod } from "../scheduler/testing.js";
import { ObjectStore, StoreError, type WatchEvent } from "./store.js";
import type { Node, Pod } from "./types.js";

function setup(watchDelayUs = 0) {
  const engine = new Engine();
  return { engine, store: new ObjectStore(engine, { watchDelayUs }) };
}

const reasonOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof StoreError ? e.reason : `not a StoreError: ${String(e)}`;
  }
  return undefined;
};

describe("ObjectStore writes", () => {
  it("resourceVersion increases on every create, update and delete", () => {
    const { store } = setup();
    const rvs: number[] = [Number(store.resourceVersion)];
    const a = store.create(makeNode({ name: "a" }));
    rvs.push(Number(a.metadata.resourceVersion), Number(store.resourceVersion));
    const a2 = store.update({ ...a, metadata: { ...a.metadata, labels: { x: "1" } } });
    rvs.push(Number(a2.metadata.resourceVersion));
    store.delete("Node", undefined, "a");
    rvs.push(Number(store.resourceVersion));
    expect(rvs).toEqual([0, 1, 1, 2, 3]);
  });

  it("create assigns uid, creationTimestamp (virtual time) and the default namespace for namespaced kinds", () => {
    const { engine, store } = setup();
    engine.at(90_000_000, () => {});
    engine.run();
    const p = makePod({ name: "p" });
    delete p.metadata.uid;
    delete p.metadata.namespace;
    const stored = store.create(p);
    expect(stored.metadata.uid).toMatch(/\S/);
    expect(stored.metadata.namespace).toBe("default");
    expect(stored.metadata.creationTimestamp).toBe("1970-01-01T00:01:30.000Z");
    const n = store.create(makeNode({ name: "n" }));
    expect(n.metadata.namespace).toBeUndefined();
    expect(n.metadata.uid).not.toBe(stored.metadata.uid);
    // The caller's object is not mutated.
    expect(p.metadata.resourceVersion).toBeUndefined();
  });

  it("create keeps a uid given by the caller", () => {
    const { store } = setup();
    expect(store.create(makePod({ name: "p", uid: "given" })).metadata.uid).toBe("given");
  });

  it("creating an existing object is AlreadyExists; updating or patching a missing one is NotFound", () => {
    const { store } = setup();
    store.create(makeNode({ name: "a" }));
    expect(reasonOf(() => store.create(makeNode({ name: "a" })))).toBe("AlreadyExists");
    expect(reasonOf(() => store.update(makeNode({ name: "zz" })))).toBe("NotFound");
    expect(reasonOf(() => store.patch<Node>("Node", undefined, "zz", (n) => n))).toBe("NotFound");
    // Same name in another namespace is a different object.
    store.create(makePod({ name: "p", namespace: "ns1" }));
    expect(() => store.create(makePod({ name: "p", namespace: "ns2" }))).not.toThrow();
  });

  it("update with a stale resourceVersion is a Conflict; with the current one or none it succeeds", () => {
    const { store } = setup();
    const v1 = store.create(makeNode({ name: "a" }));
    const v2 = store.update({ ...v1, metadata: { ...v1.metadata, labels: { step: "2" } } });
    expect(reasonOf(() => store.update({ ...v1, metadata: { ...v1.metadata, labels: { step: "stale" } } }))).toBe("Conflict");
    expect(store.get<Node>("Node", undefined, "a")!.metadata.labels).toEqual({ step: "2" });
    const v3 = store.update({ ...v2, metadata: { ...v2.metadata, labels: { step: "3" } } });
    const { resourceVersion: _rv, ...noRv } = v3.metadata;
    void _rv;
    expect(() => store.update({ ...v3, metadata: { ...noRv, labels: { step: "4" } } })).not.toThrow();
  });

  it("update keeps uid and creationTimestamp even if the caller drops or changes them", () => {
    const { store } = setup();
    const v1 = store.create(makeNode({ name: "a" }));
    const v2 = store.update<Node>({ ...v1, metadata: { name: "a", uid: "forged" } });
    expect(v2.metadata.uid).toBe(v1.metadata.uid);
    expect(v2.metadata.creationTimestamp).toBe(v1.metadata.creationTimestamp);
  });

  it("delete returns the object, removes it, and returns undefined when absent", () => {
    const { store } = setup();
    store.create(makePod({ name: "p" }));
    expect(store.delete("Pod", "default", "p")?.metadata.name).toBe("p");
    expect(store.get("Pod", "default", "p")).toBeUndefined();
    expect(store.delete("Pod", "default", "p")).toBeUndefined();
    expect(store.count("Pod")).toBe(0);
  });

  it("list filters and count counts per kind", () => {
    const { store } = setup();
    for (const n of ["a", "b", "c"]) store.create(makeNode({ name: n, labels: { big: n === "b" ? "yes" : "no" } }));
    store.create(makePod({ name: "p" }));
    expect(store.count("Node")).toBe(3);
    expect(store.list<Node>("Node", (n) => n.metadata.labels?.big === "yes").map((n) => n.metadata.name)).toEqual(["b"]);
  });

  it("objects are found by namespace and name only: the same name in two namespaces, a Node named like a Pod, no namespace", () => {
    const { store } = setup();
    const inDefault = store.create<Pod>({ ...makePod({ name: "web" }), metadata: { name: "web" } });
    const inTeam = store.create<Pod>({ ...makePod({ name: "web" }), metadata: { name: "web", namespace: "team" } });
    store.create(makeNode({ name: "web" }));
    expect(inDefault.metadata.namespace).toBe("default");
    expect(store.get<Pod>("Pod", "default", "web")?.metadata.uid).toBe(inDefault.metadata.uid);
    expect(store.get<Pod>("Pod", "team", "web")?.metadata.uid).toBe(inTeam.metadata.uid);
    expect(store.get<Node>("Node", undefined, "web")?.kind).toBe("Node");
    // A namespaced kind asked for without a namespace is not the default namespace's object.
    expect(store.get("Pod", undefined, "web")).toBeUndefined();
    expect(store.delete("Pod", undefined, "web")).toBeUndefined();
    expect(reasonOf(() => store.update({ ...inDefault, metadata: { name: "web" } }))).toBe("NotFound");
    expect(reasonOf(() => store.create({ ...makePod({ name: "web" }), metadata: { name: "web", namespace: "default" } }))).toBe("AlreadyExists");
    store.delete("Pod", "default", "web");
    expect(store.list<Pod>("Pod").map((p) => p.metadata.namespace)).toEqual(["team"]);
    expect(store.count("Pod")).toBe(1);
  });
});

describe("ObjectStore watch", () => {
  it("events are delivered through the engine, not synchronously, in write order, with oldObject", () => {
    const { engine, store } = setup();
    const got: WatchEvent<Pod>[] = [];
    store.watch<Pod>("Pod", (ev) => got.push(ev));
    const v1 = store.create(makePod({ name: "p" }));
    const v2 = store.patch<Pod>("Pod", "default", "p", (p) => ({ ...p, spec: { ...p.spec, nodeName: "n1" } }));
    store.delete("Pod", "default", "p");
    expect(got).toEqual([]); // nothing yet
    engine.run();
    expect(got.map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
    expect(got[0]!.object).toBe(v1);
    expect(got[0]!.oldObject).toBeUndefined();
    expect(got[1]!.object).toBe(v2);
    expect(got[1]!.oldObject).toBe(v1);
    expect(got[2]!.oldObject).toBe(v2);
    expect(got[2]!.object.metadata.name).toBe("p");
    // The DELETED event carries the deletion's resourceVersion, newer than the last update.
    expect(Number(got[2]!.object.metadata.resourceVersion)).toBeGreaterThan(Number(v2.metadata.resourceVersion));
  });

  it("watchDelayUs delays delivery in virtual time", () => {
    const { engine, store } = setup(5_000);
    const at: number[] = [];
    store.watch("Node", () => at.push(engine.now));
    engine.at(100, () => store.create(makeNode({ name: "a" })));
    engine.run();
    expect(at).toEqual([5_100]);
  });

  it("only the watched kind is delivered", () => {
    const { engine, store } = setup();
    const kinds: string[] = [];
    store.watch("Node", (ev) => kinds.push(ev.object.kind));
    store.create(makePod({ name: "p" }));
    store.create(makeNode({ name: "n" }));
    engine.run();
    expect(kinds).toEqual(["Node"]);
  });

  it("replay delivers existing objects as ADDED first, then later writes", () => {
    const { engine, store } = setup();
    store.create(makeNode({ name: "a" }));
    store.create(makeNode({ name: "b" }));
    const got: string[] = [];
    store.watch("Node", (ev) => got.push(`${ev.type} ${ev.object.metadata.name}`), { replay: true });
    store.create(makeNode({ name: "c" }));
    expect(got).toEqual([]);
    engine.run();
    expect(got).toEqual(["ADDED a", "ADDED b", "ADDED c"]);
  });

  it("without replay, existing objects are not delivered", () => {
    const { engine, store } = setup();
    store.create(makeNode({ name: "a" }));
    const got: string[] = [];
    store.watch("Node", (ev) => got.push(ev.object.metadata.name));
    engine.run();
    expect(got).toEqual([]);
  });

  it("unsubscribe stops delivery, including events already queued", () => {
    const { engine, store } = setup();
    const a: string[] = [];
    const b: string[] = [];
    const stopA = store.watch("Node", (ev) => a.push(ev.object.metadata.name));
    store.watch("Node", (ev) => b.push(ev.object.metadata.name));
    store.create(makeNode({ name: "queued" }));
    stopA();
    store.create(makeNode({ name: "after" }));
    engine.run();
    expect(a).toEqual([]);
    expect(b).toEqual(["queued", "after"]);
    stopA(); // idempotent
  });

  it("a handler reacting to an event sees the store as of delivery (later writes included)", () => {
    const { engine, store } = setup();
    const seen: (string | undefined)[] = [];
    store.watch<Node>("Node", () => seen.push(store.get<Node>("Node", undefined, "a")?.metadata.labels?.v));
    const a = store.create(makeNode({ name: "a", labels: { v: "1" } }));
    store.update({ ...a, metadata: { ...a.metadata, labels: { v: "2" } } });
    engine.run();
    expect(seen).toEqual(["2", "2"]);
  });
});
