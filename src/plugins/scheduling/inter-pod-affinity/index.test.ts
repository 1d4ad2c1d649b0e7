/**
 * InterPodAffinity: args (InterPodAffinityArgs defaults and ValidateInterPodAffinityArgs), events, term
 * compilation and caching, and matchLabelKeys / mismatchLabelKeys (pkg/registry/core/pod strategy_test.go
 * Test_mutatePodAffinity cases, then their effect on Filter and Score).
 */
import { describe, expect, it } from "vitest";
import { ArgsError } from "../../../core/scheduler/framework.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import type { PodAffinityTerm } from "../../../core/api/types.js";
import { InterPodAffinity } from "./index.js";
import { affinityTermsOf, mergedLabelSelector, validateLabelSelector } from "./terms.js";
import { ANTI, EXISTING_ANTI, node, pod, runFilter, runScore, weighted } from "./fixtures.suite.js";

describe("InterPodAffinityArgs", () => {
  const args = (raw: unknown) => InterPodAffinity.args(raw, "profiles[0].pluginConfig[0].args");

  it("defaults: hardPodAffinityWeight 1, ignorePreferredTermsOfExistingPods false", () => {
    expect(args(undefined)).toEqual({ hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false });
    expect(args({})).toEqual({ hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false });
  });

  it("accepts the range bounds 0 and 100 and the ignore flag", () => {
    expect(args({ hardPodAffinityWeight: 0 }).hardPodAffinityWeight).toBe(0);
    expect(args({ hardPodAffinityWeight: 100, ignorePreferredTermsOfExistingPods: true })).toEqual({
      hardPodAffinityWeight: 100,
      ignorePreferredTermsOfExistingPods: true,
    });
  });

  it("ValidateInterPodAffinityArgs: hardPodAffinityWeight outside [0, 100] is rejected with the field path", () => {
    for (const w of [-1, 101]) {
      expect(() => args({ hardPodAffinityWeight: w })).toThrow(ArgsError);
      expect(() => args({ hardPodAffinityWeight: w })).toThrow(
        `profiles[0].pluginConfig[0].args.hardPodAffinityWeight: Invalid value: ${w}: not in valid range [0-100]`,
      );
    }
  });

  it("rejects wrong types and unknown fields", () => {
    expect(() => args({ hardPodAffinityWeight: 1.5 })).toThrow(/hardPodAffinityWeight: must be an integer/);
    expect(() => args({ hardPodAffinityWeight: "1" })).toThrow(/hardPodAffinityWeight: must be an integer/);
    expect(() => args({ ignorePreferredTermsOfExistingPods: "yes" })).toThrow(/ignorePreferredTermsOfExistingPods: must be a boolean/);
    expect(() => args({ hardPodAffinityWieght: 2 })).toThrow(/args\.hardPodAffinityWieght: unknown field/);
    expect(() => args([1])).toThrow(ArgsError);
  });
});

describe("InterPodAffinity plugin", () => {
  it("is named as kube-scheduler names it and registers Pod/Node add, update, delete events", () => {
    expect(InterPodAffinity.name).toBe("InterPodAffinity");
    const handleStub = {} as Parameters<typeof InterPodAffinity.create>[1];
    const plugin = InterPodAffinity.create(InterPodAffinity.args(undefined, "args"), handleStub);
    expect(plugin.name).toBe("InterPodAffinity");
    expect([...plugin.events!].sort()).toEqual(["NodeAdd", "NodeUpdate", "PodAdd", "PodDelete", "PodUpdate"]);
  });
});

describe("compiled terms", () => {
  it("are compiled once per pod and cached on the PodInfo", () => {
    const pi = new PodInfo(pod({ aff: { anti: [{ labelSelector: { matchLabels: { app: "a" } }, topologyKey: "zone" }] } }));
    const t = affinityTermsOf(pi);
    expect(affinityTermsOf(pi)).toBe(t);
    expect(pi.cache.size).toBe(1);
    expect(t.requiredAntiAffinity).toHaveLength(1);
    // Empty namespaces and no namespaceSelector: the pod's own namespace.
    expect([...t.requiredAntiAffinity[0]!.namespaces]).toEqual(["default"]);
  });

  it("equality selectors (matchLabels, single-value In) need every pair and ignore inherited object members", () => {
    const t = affinityTermsOf(
      new PodInfo(pod({ aff: { req: [{ labelSelector: { matchLabels: { constructor: "x" }, matchExpressions: [{ key: "b", operator: "In", values: ["2"] }] }, topologyKey: "zone" }] } })),
    ).requiredAffinity[0]!;
    expect(t.selector.matches({ constructor: "x", b: "2" })).toBe(true);
    expect(t.selector.matches({ b: "2" })).toBe(false);
    expect(t.selector.matches({ constructor: "x", b: "3" })).toBe(false);
    expect(t.selector.matches(undefined)).toBe(false);
  });

  it("a pod without affinity gets shared empty terms and nothing cached", () => {
    const pi = new PodInfo(pod({}));
    expect(affinityTermsOf(pi).requiredAffinity).toHaveLength(0);
    expect(pi.cache.size).toBe(0);
  });

  it("invalid selectors in several groups aggregate like utilerrors.NewAggregate", () => {
    const bad = (topologyKey: string): PodAffinityTerm => ({ labelSelector: { matchLabels: { "a/b/c": "x" } }, topologyKey });
    const t = affinityTermsOf(new PodInfo(pod({ aff: { req: [bad("zone")], prefAnti: [weighted(1, bad("zone"))] } })));
    expect(t.requiredAffinity).toHaveLength(0);
    expect(t.parseError).toMatch(/^\[requiredAffinityTerms: key: Invalid value: "a\/b\/c": a qualified name .*, preferredAntiAffinityTerms: key: .*\]$/);
  });

  it("validates operators and value counts as labels.NewRequirement does", () => {
    expect(validateLabelSelector({ matchExpressions: [{ key: "k", operator: "In", values: [] }] })).toBe(
      "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    );
    expect(validateLabelSelector({ matchExpressions: [{ key: "k", operator: "Exists", values: ["x"] }] })).toMatch(/values set must be empty/);
    expect(validateLabelSelector({ matchExpressions: [{ key: "k", operator: "Gt" as "In", values: ["1"] }] })).toBe(
      '"Gt" is not a valid label selector operator',
    );
    expect(validateLabelSelector({ matchLabels: { "example.com/app": "web-1" } })).toBeNull();
  });
});

describe("Test_mutatePodAffinity (matchLabelKeys / mismatchLabelKeys merged into the labelSelector)", () => {
  const labels = { country: "Japan", city: "Kyoto" };

  it("matchLabelKeys are merged into labelSelector with In and mismatchLabelKeys are merged with NotIn", () => {
    const term: PodAffinityTerm = { labelSelector: { matchLabels: { region: "Asia" } }, matchLabelKeys: ["country"], mismatchLabelKeys: ["city"], topologyKey: "zone" };
    expect(mergedLabelSelector(term, labels)).toEqual({
      matchLabels: { region: "Asia" },
      matchExpressions: [
        { key: "country", operator: "In", values: ["Japan"] },
        { key: "city", operator: "NotIn", values: ["Kyoto"] },
      ],
    });
    expect(term.labelSelector!.matchExpressions).toBeUndefined(); // the pod spec is not mutated
  });

  it("keys, which are not found in Pod labels, are ignored", () => {
    const term: PodAffinityTerm = { labelSelector: { matchLabels: { region: "Asia" } }, matchLabelKeys: ["city", "not-found"], topologyKey: "zone" };
    expect(mergedLabelSelector(term, labels)?.matchExpressions).toEqual([{ key: "city", operator: "In", values: ["Kyoto"] }]);
  });

  it("matchLabelKeys is ignored if the labelSelector is nil", () => {
    expect(mergedLabelSelector({ matchLabelKeys: ["country"], mismatchLabelKeys: ["city"], topologyKey: "zone" }, labels)).toBeUndefined();
  });
});

describe("matchLabelKeys in Filter and Score", () => {
  const nodes = () => [node("node1", { zone: "z1" }), node("node2", { zone: "z2" })];
  const antiPerRevision: PodAffinityTerm = { labelSelector: { matchLabels: { app: "web" } }, matchLabelKeys: ["rev"], topologyKey: "zone" };

  it("the incoming pod's required anti-affinity only counts pods of its own revision", () => {
    const incoming = pod({ labels: { app: "web", rev: "2" }, aff: { anti: [antiPerRevision] } });
    const existing = [pod({ node: "node1", labels: { app: "web", rev: "1" } }), pod({ node: "node2", labels: { app: "web", rev: "2" } })];
    expect(runFilter(incoming, nodes(), existing).filter).toEqual([null, ANTI]);
  });

  it("an existing pod's anti-affinity is merged with the existing pod's labels (symmetry)", () => {
    const existing = [pod({ node: "node1", labels: { app: "web", rev: "1" }, aff: { anti: [antiPerRevision] } })];
    expect(runFilter(pod({ labels: { app: "web", rev: "1" } }), nodes(), existing).filter).toEqual([EXISTING_ANTI, null]);
    // Another revision is not selected by the existing pod's merged selector: PreFilter skips.
    expect(runFilter(pod({ labels: { app: "web", rev: "2" } }), nodes(), existing).preFilter).toBe("Skip");
  });

  it("mismatchLabelKeys keeps preferred affinity away from other tenants' pods", () => {
    const prefer: PodAffinityTerm = { labelSelector: { matchLabels: { app: "db" } }, mismatchLabelKeys: ["tenant"], topologyKey: "zone" };
    const incoming = pod({ labels: { tenant: "a" }, aff: { prefAff: [weighted(10, prefer)] } });
    const existing = [pod({ node: "node1", labels: { app: "db", tenant: "a" } }), pod({ node: "node2", labels: { app: "db", tenant: "b" } })];
    expect(runScore(incoming, nodes(), existing).scores).toEqual([0, 100]);
  });
});
