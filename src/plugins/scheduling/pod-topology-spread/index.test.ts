// Args (ValidatePodTopologySpreadArgs / SetDefaults), the plugin surface, and helper.DefaultSelector.
import { describe, expect, it } from "vitest";
import { ArgsError } from "../../../core/scheduler/framework.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { SKIP, Status } from "../../../core/scheduler/status.js";
import { makeHandle, makeSnapshot } from "../../../core/scheduler/testing.js";
import { defaultLabelSelector, type WorkloadLister } from "./default-selector.js";
import { fooSelector, node, pod, setup, spread } from "./helpers.suite.js";
import { PodTopologySpread } from "./index.js";

const parse = (raw: unknown) => PodTopologySpread.args(raw, "args");
const c = (o: Record<string, unknown>) => ({ maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule", ...o });

describe("PodTopologySpread args", () => {
  it("defaults to System defaulting with no listed constraints", () => {
    expect(parse(undefined)).toEqual({ defaultingType: "System", defaultConstraints: [] });
    expect(parse({})).toEqual({ defaultingType: "System", defaultConstraints: [] });
  });

  it("accepts List defaulting with constraints", () => {
    const got = parse({ defaultingType: "List", defaultConstraints: [c({ minDomains: 2, nodeTaintsPolicy: "Honor" })] });
    expect(got.defaultConstraints).toEqual([c({ minDomains: 2, nodeTaintsPolicy: "Honor" })]);
  });

  const bad: [string, unknown, string][] = [
    ["System with constraints (must set defaultingType: List)", { defaultConstraints: [c({})] }, "args.defaultingType"],
    ["unknown defaultingType", { defaultingType: "Foo" }, "args.defaultingType"],
    ["unknown field", { defaultingTyp: "List" }, "args.defaultingTyp"],
    ["maxSkew not in valid range", { defaultingType: "List", defaultConstraints: [c({ maxSkew: 0 })] }, "args.defaultConstraints[0].maxSkew"],
    ["maxSkew wrong type", { defaultingType: "List", defaultConstraints: [c({ maxSkew: "1" })] }, "args.defaultConstraints[0].maxSkew"],
    ["empty topologyKey", { defaultingType: "List", defaultConstraints: [c({ topologyKey: "" })] }, "args.defaultConstraints[0].topologyKey"],
    ["invalid topologyKey", { defaultingType: "List", defaultConstraints: [c({ topologyKey: "-bad-" })] }, "args.defaultConstraints[0].topologyKey"],
    ["missing whenUnsatisfiable", { defaultingType: "List", defaultConstraints: [c({ whenUnsatisfiable: undefined })] }, "args.defaultConstraints[0].whenUnsatisfiable"],
    ["unsupported whenUnsatisfiable", { defaultingType: "List", defaultConstraints: [c({ whenUnsatisfiable: "Never" })] }, "args.defaultConstraints[0].whenUnsatisfiable"],
    ["labelSelector is forbidden", { defaultingType: "List", defaultConstraints: [c({ labelSelector: fooSelector })] }, "args.defaultConstraints[0].labelSelector"],
    ["repeated {topologyKey, whenUnsatisfiable}", { defaultingType: "List", defaultConstraints: [c({}), c({ maxSkew: 2 })] }, "args.defaultConstraints[1]"],
    ["unknown constraint field", { defaultingType: "List", defaultConstraints: [c({ skew: 1 })] }, "args.defaultConstraints[0].skew"],
    ["bad nodeAffinityPolicy", { defaultingType: "List", defaultConstraints: [c({ nodeAffinityPolicy: "Always" })] }, "args.defaultConstraints[0].nodeAffinityPolicy"],
  ];
  for (const [name, raw, path] of bad) {
    it(`rejects: ${name}`, () => {
      let err: unknown;
      try {
        parse(raw);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ArgsError);
      expect((err as ArgsError).path).toBe(path);
    });
  }

  it("accepts two constraints on one key with different actions", () => {
    expect(parse({ defaultingType: "List", defaultConstraints: [c({}), c({ whenUnsatisfiable: "ScheduleAnyway" })] }).defaultConstraints).toHaveLength(2);
  });
});

describe("PodTopologySpread plugin", () => {
  it("is named and registers kube's cluster events", () => {
    const p = PodTopologySpread.create(parse(undefined), makeHandle(makeSnapshot([])));
    expect(p.name).toBe("PodTopologySpread");
    expect(PodTopologySpread.name).toBe("PodTopologySpread");
    expect([...p.events!].sort()).toEqual(["NodeAdd", "NodeDelete", "NodeUpdate", "PodAdd", "PodDelete", "PodUpdate"]);
  });

  it("skips a pod without constraints under System defaulting (no workloads: empty default selector)", () => {
    const { plugin, snapshot } = setup([node("n1", { "kubernetes.io/hostname": "n1", "topology.kubernetes.io/zone": "z" })], [], undefined);
    const state = new CycleState();
    const pi = new PodInfo(pod("p", { labels: { app: "x" } }));
    expect(plugin.preFilter!(state, pi, snapshot.nodes)).toBe(SKIP);
    expect(plugin.preScore!(state, pi, snapshot.nodes)?.isSkip()).toBe(true);
  });

  it("returns an Error status for a pod whose selector does not parse", () => {
    const { plugin, snapshot } = setup([node("n1", { zone: "z" })]);
    const bad = pod("p", { spread: [spread(1, "zone", "DoNotSchedule", { matchExpressions: [{ key: "a", operator: "In" }] })] });
    const st = plugin.preFilter!(new CycleState(), new PodInfo(bad), snapshot.nodes);
    expect(st instanceof Status && st.codeName).toBe("Error");
  });

  it("PreFilter state clones deeply so a preemption dry run does not leak", () => {
    const { plugin, snapshot } = setup([node("a", { zone: "z1" }), node("b", { zone: "z2" })]);
    const state = new CycleState();
    const self = new PodInfo(pod("p", { labels: { foo: "" }, spread: [spread(1, "zone", "DoNotSchedule", fooSelector)] }));
    plugin.preFilter!(state, self, snapshot.nodes);
    const copy = state.clone();
    plugin.addPod!(copy, self, new PodInfo(pod("q", { labels: { foo: "" } })), snapshot.get("a")!);
    expect(plugin.filter!(copy, self, snapshot.get("a")!)?.codeName).toBe("Unschedulable");
    expect(plugin.filter!(state, self, snapshot.get("a")!)).toBeNull();
  });
});

describe("helper.DefaultSelector", () => {
  const lister = (o: Partial<WorkloadLister>): WorkloadLister => ({
    serviceSelectors: () => [],
    replicationControllerSelector: () => undefined,
    replicaSetSelector: () => undefined,
    statefulSetSelector: () => undefined,
    ...o,
  });
  const owned = (apiVersion: string, kind: string, labels: Record<string, string>) => {
    const p = pod("p", { labels });
    p.metadata.ownerReferences = [{ apiVersion, kind, name: "w", uid: "u", controller: true }];
    return p;
  };

  it("merges the selectors of Services that select the pod; a nil selector matches nothing", () => {
    const sels: (Record<string, string> | undefined)[] = [{ app: "a" }, { tier: "web" }, { app: "other" }, undefined];
    const l = lister({ serviceSelectors: () => sels });
    expect(defaultLabelSelector(pod("p", { labels: { app: "a", tier: "web" } }), l)).toEqual({ matchLabels: { app: "a", tier: "web" }, matchExpressions: [] });
  });

  it("is empty without Services or a controller", () => {
    expect(defaultLabelSelector(pod("p", { labels: { app: "a" } }), lister({}))).toBeNull();
  });

  it("merges a ReplicationController's selector", () => {
    const l = lister({ replicationControllerSelector: () => ({ app: "a" }) });
    expect(defaultLabelSelector(owned("v1", "ReplicationController", { app: "a" }), l)?.matchLabels).toEqual({ app: "a" });
  });

  it("ANDs a ReplicaSet's or StatefulSet's selector requirements", () => {
    const rs = lister({ replicaSetSelector: () => ({ matchLabels: { app: "a" }, matchExpressions: [{ key: "t", operator: "Exists" }] }) });
    expect(defaultLabelSelector(owned("apps/v1", "ReplicaSet", { app: "a" }), rs)?.matchExpressions).toEqual([
      { key: "app", operator: "In", values: ["a"] },
      { key: "t", operator: "Exists" },
    ]);
    const ss = lister({ statefulSetSelector: () => ({ matchLabels: { db: "x" } }) });
    expect(defaultLabelSelector(owned("apps/v1", "StatefulSet", {}), ss)?.matchExpressions).toEqual([{ key: "db", operator: "In", values: ["x"] }]);
  });

  it("ignores owners of other kinds or API versions", () => {
    const l = lister({ replicaSetSelector: () => ({ matchLabels: { app: "a" } }) });
    expect(defaultLabelSelector(owned("extensions/v1beta1", "ReplicaSet", { app: "a" }), l)).toBeNull();
  });
});
