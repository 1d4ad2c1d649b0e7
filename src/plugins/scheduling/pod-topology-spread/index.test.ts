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

  // Field paths and details as ValidatePodTopologySpreadArgs words them (field.Invalid, field.Required, ...).
  const L = (...cs: unknown[]) => ({ defaultingType: "List", defaultConstraints: cs });
  const at = "args.defaultConstraints[0]";
  const bad: [string, unknown, string][] = [
    ["System with constraints (must set defaultingType: List)", { defaultConstraints: [c({})] }, 'args.defaultingType: Invalid value: "System": when .defaultConstraints are not empty'],
    ["unknown defaultingType", { defaultingType: "Foo" }, 'args.defaultingType: Unsupported value: "Foo": supported values: "System", "List"'],
    ["unknown field", { defaultingTyp: "List" }, "args.defaultingTyp: unknown field"],
    ["another kind of args", { kind: "NodeAffinityArgs" }, 'args.kind: expected PodTopologySpreadArgs, got "NodeAffinityArgs"'],
    ["args that are not a mapping", ["List"], "args: must be an object"],
    ["defaultConstraints not a list", { defaultingType: "List", defaultConstraints: { maxSkew: 1 } }, "args.defaultConstraints: must be a list"],
    ["a constraint that is not a mapping", L("zone"), `${at}: must be an object`],
    ["maxSkew not in valid range", L(c({ maxSkew: 0 })), `${at}.maxSkew: Invalid value: 0: not in valid range (0, inf)`],
    ["maxSkew wrong type", L(c({ maxSkew: "1" })), `${at}.maxSkew: must be an integer`],
    ["maxSkew not an integer", L(c({ maxSkew: 1.5 })), `${at}.maxSkew: must be an integer`],
    ["empty topologyKey", L(c({ topologyKey: "" })), `${at}.topologyKey: Required value: can not be empty`],
    ["missing topologyKey", L(c({ topologyKey: undefined })), `${at}.topologyKey: Required value: can not be empty`],
    ["topologyKey not a string", L(c({ topologyKey: 7 })), `${at}.topologyKey: must be a string`],
    ["invalid topologyKey", L(c({ topologyKey: "-bad-" })), `${at}.topologyKey: Invalid value: "-bad-": not a valid label name`],
    ["topologyKey with an empty prefix", L(c({ topologyKey: "/zone" })), `${at}.topologyKey: Invalid value: "/zone": not a valid label name`],
    ["topologyKey with an upper-case prefix", L(c({ topologyKey: "Example.com/zone" })), `${at}.topologyKey: Invalid value: "Example.com/zone": not a valid label name`],
    ["topologyKey with an empty name", L(c({ topologyKey: "example.com/" })), `${at}.topologyKey: Invalid value: "example.com/": not a valid label name`],
    ["topologyKey name of 64 characters", L(c({ topologyKey: "z".repeat(64) })), `${at}.topologyKey: Invalid value: "${"z".repeat(64)}": not a valid label name`],
    ["topologyKey prefix of 254 characters", L(c({ topologyKey: `${"a".repeat(254)}/zone` })), `${at}.topologyKey: Invalid value: "${"a".repeat(254)}/zone": not a valid label name`],
    ["missing whenUnsatisfiable", L(c({ whenUnsatisfiable: undefined })), `${at}.whenUnsatisfiable: Required value: can not be empty`],
    ["empty whenUnsatisfiable", L(c({ whenUnsatisfiable: "" })), `${at}.whenUnsatisfiable: Required value: can not be empty`],
    ["unsupported whenUnsatisfiable", L(c({ whenUnsatisfiable: "Never" })), `${at}.whenUnsatisfiable: Unsupported value: "Never": supported values: "DoNotSchedule", "ScheduleAnyway"`],
    ["labelSelector is forbidden", L(c({ labelSelector: fooSelector })), `${at}.labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod`],
    ["minDomains not an integer", L(c({ minDomains: 1.5 })), `${at}.minDomains: must be an integer`],
    ["minDomains a string", L(c({ minDomains: "2" })), `${at}.minDomains: must be an integer`],
    ["matchLabelKeys not a list", L(c({ matchLabelKeys: "app" })), `${at}.matchLabelKeys: must be a list of strings`],
    ["matchLabelKeys with a number", L(c({ matchLabelKeys: ["app", 1] })), `${at}.matchLabelKeys: must be a list of strings`],
    ["repeated {topologyKey, whenUnsatisfiable}", L(c({}), c({ maxSkew: 2 })), 'args.defaultConstraints[1]: Duplicate value: "{zone, DoNotSchedule}"'],
    ["unknown constraint field", L(c({ skew: 1 })), `${at}.skew: unknown field`],
    ["bad nodeAffinityPolicy", L(c({ nodeAffinityPolicy: "Always" })), `${at}.nodeAffinityPolicy: unsupported value "Always": supported values: "Honor", "Ignore"`],
    ["bad nodeTaintsPolicy", L(c({ nodeTaintsPolicy: "honor" })), `${at}.nodeTaintsPolicy: unsupported value "honor": supported values: "Honor", "Ignore"`],
  ];
  for (const [name, raw, message] of bad) {
    it(`rejects: ${name}`, () => {
      let err: unknown;
      try {
        parse(raw);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ArgsError);
      expect((err as ArgsError).message).toBe(message);
      expect((err as ArgsError).path).toBe(message.slice(0, message.indexOf(": ")));
    });
  }

  it("accepts label names with a DNS prefix, names of 63 characters and every optional field, copying what it keeps", () => {
    const keys = ["app"];
    const got = parse(L(
      c({ topologyKey: "topology.kubernetes.io/zone", minDomains: 3, nodeAffinityPolicy: "Ignore", nodeTaintsPolicy: "Honor", matchLabelKeys: keys, labelSelector: null }),
      c({ topologyKey: "z".repeat(63), whenUnsatisfiable: "ScheduleAnyway" }),
    ));
    expect(got).toEqual({
      defaultingType: "List",
      defaultConstraints: [
        { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", minDomains: 3, nodeAffinityPolicy: "Ignore", nodeTaintsPolicy: "Honor", matchLabelKeys: ["app"] },
        { maxSkew: 1, topologyKey: "z".repeat(63), whenUnsatisfiable: "ScheduleAnyway" },
      ],
    });
    expect(got.defaultConstraints[0]!.matchLabelKeys).not.toBe(keys);
    expect(parse({ apiVersion: "kubescheduler.config.k8s.io/v1", kind: "PodTopologySpreadArgs" })).toEqual({ defaultingType: "System", defaultConstraints: [] });
  });

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
