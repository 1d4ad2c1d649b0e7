// System default spreading in a run: the selector of a pod's default constraints comes from the store's
// Services, ReplicaSets and StatefulSets (helper.DefaultSelector), so a Deployment's pods are spread by
// hostname (maxSkew 3) and zone (maxSkew 5) as in a real cluster, and a trace pod with no owner and no
// Service is skipped as before.
import { describe, expect, it } from "vitest";
import { ObjectStore } from "../../../core/api/store.js";
import type { Pod } from "../../../core/api/types.js";
import { LabelHostname, LabelZone } from "../../../core/api/types.js";
import { Engine } from "../../../core/engine/engine.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { defaultLabelSelector, storeWorkloadLister } from "./default-selector.js";
import { PodTopologySpread } from "./index.js";
import { getPreScoreState } from "./scoring.js";

function store() {
  const s = new ObjectStore(new Engine());
  s.create({ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" } } });
  s.create({ apiVersion: "v1", kind: "Service", metadata: { name: "all", namespace: "default" }, spec: {} });
  s.create({ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "other" }, spec: { selector: { app: "web", tier: "x" } } });
  s.create({
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "web-7d4b9", namespace: "default" },
    spec: { replicas: 3, selector: { matchLabels: { app: "web", "pod-template-hash": "7d4b9" } }, template: { metadata: { labels: { app: "web", "pod-template-hash": "7d4b9" } }, spec: { containers: [] } } },
  });
  s.create({
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "db", namespace: "default" },
    spec: { replicas: 1, serviceName: "db", selector: { matchExpressions: [{ key: "app", operator: "In", values: ["db"] }] }, template: { metadata: { labels: { app: "db" } }, spec: { containers: [] } } },
  });
  return s;
}

function owned(name: string, labels: Record<string, string>, kind: string, owner: string, namespace = "default"): Pod {
  const p = makePod({ name, namespace, labels });
  p.metadata.ownerReferences = [{ apiVersion: "apps/v1", kind, name: owner, uid: `uid-${owner}`, controller: true }];
  return p;
}

describe("PodTopologySpread default selector from the store", () => {
  it("merges the matching Services' selectors of the pod's namespace and ANDs its ReplicaSet's or StatefulSet's", () => {
    const lister = storeWorkloadLister(store());
    expect(defaultLabelSelector(owned("web-7d4b9-abcde", { app: "web", "pod-template-hash": "7d4b9" }, "ReplicaSet", "web-7d4b9"), lister)).toEqual({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "app", operator: "In", values: ["web"] },
        { key: "pod-template-hash", operator: "In", values: ["7d4b9"] },
      ],
    });
    expect(defaultLabelSelector(owned("db-0", { app: "db" }, "StatefulSet", "db"), lister)).toEqual({
      matchLabels: {},
      matchExpressions: [{ key: "app", operator: "In", values: ["db"] }],
    });
    // Another namespace's Service does not count; an owner that is gone adds nothing.
    expect(defaultLabelSelector(makePod({ name: "x", namespace: "other", labels: { app: "web" } }), lister)).toBeNull();
    expect(defaultLabelSelector(owned("y", { app: "zzz" }, "ReplicaSet", "gone"), lister)).toBeNull();
  });

  it("a ReplicaSet's pod gets the system default constraints in a run; the same pod without a store is skipped", () => {
    const nodes = ["a", "b", "c"].map((n, i) => makeNode({ name: `node-${n}`, labels: { [LabelZone]: `zone-${i % 2}` } }));
    const pod = new PodInfo(owned("web-7d4b9-abcde", { app: "web", "pod-template-hash": "7d4b9" }, "ReplicaSet", "web-7d4b9"));
    const snapshot = makeSnapshot(nodes);
    const withStore = PodTopologySpread.create(PodTopologySpread.args(undefined, "args"), { ...makeHandle(snapshot), objects: store() });
    const state = new CycleState();
    expect(withStore.preScore!(state, pod, snapshot.nodes)).toBeNull();
    expect(getPreScoreState(state)!.constraints.map((c) => [c.topologyKey, c.maxSkew])).toEqual([
      [LabelHostname, 3],
      [LabelZone, 5],
    ]);
    const withoutStore = PodTopologySpread.create(PodTopologySpread.args(undefined, "args"), makeHandle(snapshot));
    expect(withoutStore.preScore!(new CycleState(), pod, snapshot.nodes)?.isSkip()).toBe(true);
  });
});
