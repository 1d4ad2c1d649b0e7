/**
 * Ported from kube-scheduler v1.33 pkg/scheduler/framework/plugins/interpodaffinity/filtering_test.go.
 * Each `it` names the upstream case. Namespace "" upstream is "default" here.
 */
import { describe, expect, it } from "vitest";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { SKIP } from "../../../core/scheduler/status.js";
import type { Pod, PodAffinityTerm } from "../../../core/api/types.js";
import { PRE_FILTER_STATE_KEY, type PreFilterState } from "./filtering.js";
import {
  ANTI,
  EXISTING_ANTI,
  UNRESOLVABLE_AFFINITY as UA,
  node,
  pod,
  runFilter,
  setup,
  termExists as ex,
  termIn,
  termNotIn,
} from "./fixtures.suite.js";

const SKIPPED = "Skip";

describe("TestRequiredAffinitySingleNode", () => {
  const podLabel = { service: "securityscan" };
  const podLabel2 = { security: "S1" };
  const node1 = node("node1", { region: "r1", zone: "z11" });
  const existing = () => pod({ labels: podLabel, node: "node1" });
  const teamSelector = (team: string) => ({ matchExpressions: [{ key: "team", operator: "In" as const, values: [team] }] });
  const nsTerm = (topologyKey: string, namespaceSelector: PodAffinityTerm["namespaceSelector"]): PodAffinityTerm => ({
    ...termIn("service", topologyKey, ["securityscan", "value2"]),
    namespaceSelector,
  });

  const cases: { name: string; pod: Pod; pods: Pod[]; preFilter?: string; filter?: string | null }[] = [
    {
      name: "A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods",
      pod: pod({}),
      pods: [],
      preFilter: SKIPPED,
    },
    {
      name: "satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod",
      pod: pod({ labels: podLabel2, aff: { req: [termIn("service", "region", ["securityscan", "value2"])] } }),
      pods: [existing()],
      filter: null,
    },
    {
      name: "satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod",
      pod: pod({ labels: podLabel2, aff: { req: [termNotIn("service", "region", ["securityscan3", "value3"])] } }),
      pods: [existing()],
      filter: null,
    },
    {
      name: "Does not satisfy the PodAffinity with labelSelector because of diff Namespace",
      pod: pod({
        labels: podLabel2,
        aff: { req: [{ ...termIn("service", "", ["securityscan", "value2"]), namespaces: ["DiffNameSpace"] }] },
      }),
      pods: [pod({ ns: "ns", labels: podLabel, node: "node1" })],
      filter: UA,
    },
    {
      name: "Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
      pod: pod({ labels: podLabel, aff: { req: [termIn("service", "", ["antivirusscan", "value2"])] } }),
      pods: [existing()],
      filter: UA,
    },
    {
      name: "satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution ",
      pod: pod({
        labels: podLabel2,
        aff: {
          req: [
            { labelSelector: { matchExpressions: [{ key: "service", operator: "Exists" }, { key: "wrongkey", operator: "DoesNotExist" }] }, topologyKey: "region" },
            {
              labelSelector: {
                matchExpressions: [
                  { key: "service", operator: "In", values: ["securityscan"] },
                  { key: "service", operator: "NotIn", values: ["WrongValue"] },
                ],
              },
              topologyKey: "region",
            },
          ],
        },
      }),
      pods: [existing()],
      filter: null,
    },
    {
      name: "The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
      pod: pod({
        labels: podLabel2,
        aff: {
          req: [
            { labelSelector: { matchExpressions: [{ key: "service", operator: "Exists" }, { key: "wrongkey", operator: "DoesNotExist" }] }, topologyKey: "region" },
            {
              labelSelector: {
                matchExpressions: [
                  { key: "service", operator: "In", values: ["securityscan2"] },
                  { key: "service", operator: "NotIn", values: ["WrongValue"] },
                ],
              },
              topologyKey: "region",
            },
          ],
        },
      }),
      pods: [existing()],
      filter: UA,
    },
    {
      name: "satisfies the PodAffinity and PodAntiAffinity with the existing pod",
      pod: pod({
        labels: podLabel2,
        aff: { req: [termIn("service", "region", ["securityscan", "value2"])], anti: [termIn("service", "node", ["antivirusscan", "value2"])] },
      }),
      pods: [existing()],
      filter: null,
    },
    {
      name: "satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod",
      pod: pod({
        labels: podLabel2,
        aff: { req: [termIn("service", "region", ["securityscan", "value2"])], anti: [termIn("service", "node", ["antivirusscan", "value2"])] },
      }),
      pods: [pod({ node: "node1", labels: podLabel, aff: { anti: [termIn("service", "node", ["antivirusscan", "value2"])] } })],
      filter: null,
    },
    {
      name: "satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
      pod: pod({
        labels: podLabel2,
        aff: { req: [termIn("service", "region", ["securityscan", "value2"])], anti: [termIn("service", "zone", ["securityscan", "value2"])] },
      }),
      pods: [existing()],
      filter: ANTI,
    },
    {
      name: "satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod: pod({
        labels: podLabel,
        aff: { req: [termIn("service", "region", ["securityscan", "value2"])], anti: [termIn("service", "node", ["antivirusscan", "value2"])] },
      }),
      pods: [pod({ node: "node1", labels: podLabel, aff: { anti: [termIn("service", "zone", ["securityscan", "value2"])] } })],
      filter: EXISTING_ANTI,
    },
    {
      // Upstream's existing pod sits on a node absent from the snapshot; it matches nothing, so it is left out.
      name: "pod matches its own Label in PodAffinity and that matches the existing pod Labels",
      pod: pod({ labels: podLabel, aff: { req: [termNotIn("service", "region", ["securityscan", "value2"])] } }),
      pods: [],
      filter: UA,
    },
    {
      name: "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod: pod({ labels: podLabel }),
      pods: [pod({ node: "node1", labels: podLabel, aff: { anti: [termIn("service", "zone", ["securityscan", "value2"])] } })],
      filter: EXISTING_ANTI,
    },
    {
      name: "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod",
      pod: pod({ labels: podLabel }),
      pods: [pod({ node: "node1", labels: podLabel, aff: { anti: [termNotIn("service", "zone", ["securityscan", "value2"])] } })],
      preFilter: SKIPPED,
    },
    {
      name: "satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
      pod: pod({ labels: podLabel, aff: { anti: [ex("service", "region"), ex("security", "region")] } }),
      pods: [pod({ node: "node1", labels: podLabel2, aff: { anti: [ex("security", "zone")] } })],
      filter: ANTI,
    },
    {
      name: "PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms",
      pod: pod({ labels: podLabel, aff: { anti: [ex("service", "zone"), ex("security", "zone")] } }),
      pods: [pod({ node: "node1", labels: podLabel2, aff: { anti: [ex("security", "zone")] } })],
      filter: ANTI,
    },
    {
      name: "PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms",
      pod: pod({ labels: podLabel2, aff: { anti: [ex("security", "zone")] } }),
      pods: [pod({ node: "node1", labels: podLabel, aff: { anti: [ex("service", "zone"), ex("security", "zone")] } })],
      filter: EXISTING_ANTI,
    },
    {
      name: "PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms",
      pod: pod({ labels: { abc: "", xyz: "" }, aff: { anti: [ex("abc", "zone"), ex("def", "zone")] } }),
      pods: [pod({ node: "node1", labels: { def: "", xyz: "" }, aff: { anti: [ex("abc", "zone"), ex("def", "zone")] } })],
      filter: ANTI,
    },
    {
      name: "PodAntiAffinity symmetry check b2: incoming pod and existing pod partially match each other on AffinityTerms",
      pod: pod({ labels: { def: "", xyz: "" }, aff: { anti: [ex("abc", "zone"), ex("def", "zone")] } }),
      pods: [pod({ node: "node1", labels: { abc: "", xyz: "" }, aff: { anti: [ex("abc", "zone"), ex("def", "zone")] } })],
      filter: ANTI,
    },
    {
      name: "PodAffinity fails PreFilter with an invalid affinity label syntax",
      pod: pod({
        labels: podLabel,
        aff: { req: [termIn("service", "region", ["{{.bad-value.}}"]), termIn("service", "node", ["antivirusscan", "value2"])] },
      }),
      pods: [],
      preFilter:
        `UnschedulableAndUnresolvable: parsing pod: requiredAffinityTerms: values[0][service]: Invalid value: "{{.bad-value.}}": ` +
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with " +
        "an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    },
    {
      name: "affinity with NamespaceSelector",
      pod: pod({ labels: podLabel2, aff: { req: [nsTerm("region", teamSelector("team1"))] } }),
      pods: [pod({ ns: "subteam1.team1", labels: podLabel, node: "node1" })],
      filter: null,
    },
    {
      name: "affinity with non-matching NamespaceSelector",
      pod: pod({ labels: podLabel2, aff: { req: [nsTerm("region", teamSelector("team1"))] } }),
      pods: [pod({ ns: "subteam1.team2", labels: podLabel, node: "node1" })],
      filter: UA,
    },
    {
      name: "anti-affinity with matching NamespaceSelector",
      pod: pod({ ns: "subteam1.team1", labels: podLabel2, aff: { anti: [nsTerm("zone", teamSelector("team1"))] } }),
      pods: [pod({ ns: "subteam2.team1", labels: podLabel, node: "node1" })],
      filter: ANTI,
    },
    {
      name: "anti-affinity with matching all NamespaceSelector",
      pod: pod({ ns: "subteam1.team1", labels: podLabel2, aff: { anti: [nsTerm("zone", {})] } }),
      pods: [pod({ ns: "subteam2.team1", labels: podLabel, node: "node1" })],
      filter: ANTI,
    },
    {
      name: "anti-affinity with non-matching NamespaceSelector",
      pod: pod({ ns: "subteam1.team1", labels: podLabel2, aff: { anti: [nsTerm("zone", teamSelector("team1"))] } }),
      pods: [pod({ ns: "subteam1.team2", labels: podLabel, node: "node1" })],
      filter: null,
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const r = runFilter(c.pod, [node1], c.pods);
      expect(r.preFilter).toBe(c.preFilter ?? null);
      if (c.preFilter === undefined) expect(r.filter).toEqual([c.filter]);
    });
  }
});

describe("TestRequiredAffinityMultipleNodes", () => {
  const rgChina = { region: "China" };
  const rgChinaAz1 = { region: "China", az: "az1" };
  const rgIndia = { region: "India" };
  const hostNodes = (zones: [string, string][]) => zones.map(([n, z]) => node(n, { region: "r1", zone: z, hostname: n }));

  const cases: { name: string; pod: Pod; pods: Pod[]; nodes: ReturnType<typeof node>[]; preFilter?: string; filter: (string | null)[] }[] = [
    {
      name: "A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules",
      pod: pod({ aff: { req: [termIn("foo", "region", ["bar"])] } }),
      pods: [pod({ node: "node1", labels: { foo: "bar" } })],
      nodes: [node("node1", rgChina), node("node2", rgChinaAz1), node("node3", rgIndia)],
      filter: [null, null, UA],
    },
    {
      name:
        "The affinity rule is to schedule all of the pods of this collection to the same zone. The first pod of the collection " +
        "should not be blocked from being scheduled onto any node, even there's no existing pod that matches the rule anywhere.",
      pod: pod({ labels: { foo: "bar", service: "securityscan" }, aff: { req: [termIn("foo", "zone", ["bar"]), termIn("service", "zone", ["securityscan"])] } }),
      pods: [pod({ node: "nodeA", labels: { foo: "bar" } })],
      nodes: [node("nodeA", { zone: "az1", hostname: "h1" }), node("nodeB", { zone: "az2", hostname: "h2" })],
      filter: [null, null],
    },
    {
      name: "The first pod of the collection can only be scheduled on nodes labelled with the requested topology keys",
      pod: pod({ labels: { foo: "bar", service: "securityscan" }, aff: { req: [termIn("foo", "zone", ["bar"]), termIn("service", "zone", ["securityscan"])] } }),
      pods: [pod({ node: "nodeA", labels: { foo: "bar" } })],
      nodes: [node("nodeA", { zoneLabel: "az1", hostname: "h1" }), node("nodeB", { zoneLabel: "az2", hostname: "h2" })],
      filter: [UA, UA],
    },
    {
      name: "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.",
      pod: pod({ aff: { anti: [termIn("foo", "region", ["abc"])] } }),
      pods: [pod({ node: "nodeA", labels: { foo: "abc" } })],
      nodes: [node("nodeA", { region: "r1", hostname: "nodeA" }), node("nodeB", { region: "r1", hostname: "nodeB" })],
      filter: [ANTI, ANTI],
    },
    {
      name: "This test ensures that anti-affinity matches a pod when any term of the anti-affinity rule matches a pod.",
      pod: pod({ aff: { anti: [termIn("foo", "region", ["abc"]), termIn("service", "zone", ["securityscan"])] } }),
      pods: [pod({ node: "nodeA", labels: { foo: "abc", service: "securityscan" } })],
      nodes: [node("nodeA", { region: "r1", zone: "z1", hostname: "nodeA" }), node("nodeB", { region: "r1", zone: "z2", hostname: "nodeB" })],
      filter: [ANTI, ANTI],
    },
    {
      name: "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB but can be scheduled onto nodeC",
      pod: pod({ aff: { anti: [termIn("foo", "region", ["abc"])] } }),
      pods: [pod({ node: "nodeA", labels: { foo: "abc" } })],
      nodes: [node("nodeA", rgChina), node("nodeB", rgChinaAz1), node("nodeC", rgIndia)],
      filter: [ANTI, ANTI, null],
    },
    {
      name: "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity rule but in different namespace)",
      pod: pod({ ns: "NS1", labels: { foo: "123" }, aff: { anti: [termIn("foo", "region", ["bar"])] } }),
      pods: [
        pod({ node: "nodeA", ns: "NS1", labels: { foo: "bar" } }),
        pod({ node: "nodeC", ns: "NS2", aff: { anti: [termIn("foo", "region", ["123"])] } }),
      ],
      nodes: [node("nodeA", rgChina), node("nodeB", rgChinaAz1), node("nodeC", rgIndia)],
      filter: [ANTI, ANTI, null],
    },
    {
      name: "Test existing pod's anti-affinity: if an existing pod has a term with invalid topologyKey, labelSelector of the term is firstly checked, and then topologyKey of the term is also checked",
      pod: pod({ labels: { foo: "" } }),
      pods: [pod({ node: "nodeA", aff: { anti: [ex("foo", "invalid-node-label")] } })],
      nodes: hostNodes([["nodeA", "z1"], ["nodeB", "z1"]]),
      preFilter: SKIPPED,
      filter: [],
    },
    {
      name: "Test incoming pod's anti-affinity: even if labelSelector matches, we still check if topologyKey matches",
      pod: pod({ aff: { anti: [ex("foo", "invalid-node-label")] } }),
      pods: [pod({ node: "nodeA", labels: { foo: "" } })],
      nodes: hostNodes([["nodeA", "z1"], ["nodeB", "z1"]]),
      filter: [null, null],
    },
    {
      name: "Test existing pod's anti-affinity: incoming pod wouldn't considered as a fit as it violates each existingPod's terms on all nodes",
      pod: pod({ labels: { foo: "", bar: "" } }),
      pods: [pod({ node: "nodeA", aff: { anti: [ex("foo", "zone")] } }), pod({ node: "nodeA", aff: { anti: [ex("bar", "region")] } })],
      nodes: hostNodes([["nodeA", "z1"], ["nodeB", "z2"]]),
      filter: [EXISTING_ANTI, EXISTING_ANTI],
    },
    {
      name: "Test incoming pod's anti-affinity: incoming pod wouldn't considered as a fit as it at least violates one anti-affinity rule of existingPod",
      pod: pod({ aff: { anti: [ex("foo", "zone"), ex("bar", "region")] } }),
      pods: [pod({ node: "nodeA", labels: { foo: "" } }), pod({ node: "nodeB", labels: { bar: "" } })],
      nodes: hostNodes([["nodeA", "z1"], ["nodeB", "z2"]]),
      filter: [ANTI, ANTI],
    },
    {
      name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
      pod: pod({ labels: { foo: "", bar: "" } }),
      pods: [pod({ node: "nodeA", aff: { anti: [ex("foo", "invalid-node-label"), ex("bar", "zone")] } })],
      nodes: hostNodes([["nodeA", "z1"], ["nodeB", "z2"]]),
      filter: [EXISTING_ANTI, null],
    },
    {
      name: "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
      pod: pod({ aff: { anti: [ex("foo", "invalid-node-label"), ex("bar", "zone")] } }),
      pods: [pod({ node: "nodeA", labels: { foo: "", bar: "" } })],
      nodes: hostNodes([["nodeA", "z1"], ["nodeB", "z2"]]),
      filter: [ANTI, null],
    },
    {
      name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
      pod: pod({ labels: { foo: "", bar: "" } }),
      pods: [pod({ node: "nodeA", aff: { anti: [ex("foo", "region"), ex("bar", "zone")] } })],
      nodes: hostNodes([["nodeA", "z1"], ["nodeB", "z2"]]),
      filter: [EXISTING_ANTI, EXISTING_ANTI],
    },
    {
      name: "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
      pod: pod({ aff: { anti: [ex("foo", "region"), ex("bar", "zone")] } }),
      pods: [pod({ node: "nodeA", labels: { foo: "", bar: "" } })],
      nodes: hostNodes([["nodeA", "z1"], ["nodeB", "z2"]]),
      filter: [ANTI, ANTI],
    },
    {
      name: "Test existing pod's anti-affinity: existingPod on nodeA and nodeB has at least one anti-affinity term matches incoming pod, so incoming pod can only be scheduled to nodeC",
      pod: pod({ labels: { foo: "", bar: "" } }),
      pods: [
        pod({ node: "nodeA", aff: { anti: [ex("foo", "zone"), ex("labelA", "zone")] } }),
        pod({ node: "nodeB", aff: { anti: [ex("bar", "zone"), ex("labelB", "zone")] } }),
      ],
      nodes: hostNodes([["nodeA", "z1"], ["nodeB", "z2"], ["nodeC", "z3"]]),
      filter: [EXISTING_ANTI, EXISTING_ANTI, null],
    },
    {
      name: "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match",
      pod: pod({ aff: { req: [ex("foo", "region"), ex("bar", "zone")] } }),
      pods: [pod({ node: "nodeA", labels: { foo: "", bar: "" } })],
      nodes: [node("nodeA", { region: "r1", zone: "z1", hostname: "nodeA" }), node("nodeB", { region: "r1", zone: "z1", hostname: "nodeB" })],
      filter: [null, null],
    },
    {
      name: "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match, and the match logic should be satisfied on the same pod",
      pod: pod({ aff: { req: [ex("foo", "region"), ex("bar", "zone")] } }),
      pods: [pod({ node: "nodeA", labels: { foo: "" } }), pod({ node: "nodeB", labels: { bar: "" } })],
      nodes: hostNodes([["nodeA", "z1"], ["nodeB", "z2"]]),
      filter: [UA, UA],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const r = runFilter(c.pod, c.nodes, c.pods);
      expect(r.preFilter).toBe(c.preFilter ?? null);
      expect(r.filter).toEqual(c.filter);
    });
  }
});

describe("TestPreFilterDisabled", () => {
  it("Filter without PreFilter state is an error", () => {
    const { plugin, snapshot } = setup([node("n")], []);
    const s = plugin.filter!(new CycleState(), new PodInfo(pod({})), snapshot.nodes[0]!);
    expect(s?.codeName).toBe("Error");
    expect(s?.message()).toContain('"PreFilterInterPodAffinity"');
  });
});

describe("TestPreFilterStateAddRemovePod", () => {
  const nodes = [node("nodeA", { region: "r1", zone: "z11" }), node("nodeB", { region: "r1", zone: "z12" }), node("nodeC", { region: "r2", zone: "z21" })];
  const fooBar = { foo: "bar" };
  const antiFooBar = [termIn("foo", "region", ["bar"])];
  const complex = [termIn("foo", "region", ["bar", "buzz"]), termNotIn("service", "zone", ["bar", "security", "test"])];

  const cases: { name: string; pending: Pod; existing: Pod[]; added: Pod; anti: Record<string, number>; aff: Record<string, number> }[] = [
    {
      name: "preFilterState anti-affinity terms are updated correctly after adding and removing a pod",
      pending: pod({ name: "pending", labels: fooBar, aff: { anti: antiFooBar } }),
      existing: [pod({ name: "p1", labels: fooBar, node: "nodeA" }), pod({ name: "p2", node: "nodeC", aff: { anti: antiFooBar } })],
      added: pod({ name: "addedPod", labels: fooBar, node: "nodeB", aff: { anti: antiFooBar } }),
      anti: { "region=r1": 2 },
      aff: {},
    },
    {
      // Upstream reuses the first case's name for this one.
      name: "preFilterState anti-affinity terms are updated correctly after adding and removing a pod (complex terms)",
      pending: pod({ name: "pending", labels: fooBar, aff: { anti: complex } }),
      existing: [pod({ name: "p1", labels: fooBar, node: "nodeA" }), pod({ name: "p2", node: "nodeC", aff: { anti: antiFooBar } })],
      added: pod({ name: "addedPod", labels: fooBar, node: "nodeA", aff: { anti: complex } }),
      anti: { "region=r1": 2, "zone=z11": 2, "zone=z21": 1 },
      aff: {},
    },
    {
      name: "preFilterState matching pod affinity and anti-affinity are updated correctly after adding and removing a pod",
      pending: pod({ name: "pending", labels: fooBar, aff: { req: complex } }),
      existing: [pod({ name: "p1", labels: fooBar, node: "nodeA" }), pod({ name: "p2", node: "nodeC", aff: { anti: antiFooBar, req: complex } })],
      added: pod({ name: "addedPod", labels: fooBar, node: "nodeA", aff: { anti: complex } }),
      anti: {},
      aff: { "region=r1": 2, "zone=z11": 2 },
    },
  ];

  const dump = (s: PreFilterState) => ({ existing: s.existingAnti.toRecord(), aff: s.affinity.toRecord(), anti: s.antiAffinity.toRecord() });

  for (const c of cases) {
    it(c.name, () => {
      const all = runFilter(c.pending, nodes, [...c.existing, c.added]);
      const allState = all.state.read<PreFilterState>(PRE_FILTER_STATE_KEY)!;
      const r = runFilter(c.pending, nodes, c.existing);
      const state = r.state.read<PreFilterState>(PRE_FILTER_STATE_KEY)!;
      const original = dump(state.clone());
      const added = new PodInfo(c.added);
      const nodeInfo = r.snapshot.get(c.added.spec.nodeName!)!;
      expect(r.plugin.addPod!(r.state, r.pi, added, nodeInfo)).toBeNull();
      expect(state.antiAffinity.toRecord()).toEqual(c.anti);
      expect(state.affinity.toRecord()).toEqual(c.aff);
      expect(dump(state)).toEqual(dump(allState));
      expect(r.plugin.removePod!(r.state, r.pi, added, nodeInfo)).toBeNull();
      expect(dump(state)).toEqual(original);
    });
  }
});

describe("TestPreFilterStateClone", () => {
  it("a clone is deep: changing it leaves the source intact", () => {
    const r = runFilter(pod({ aff: { anti: [ex("foo", "zone")] } }), [node("a", { zone: "z1" })], [pod({ node: "a", labels: { foo: "" } })]);
    const src = r.state.read<PreFilterState>(PRE_FILTER_STATE_KEY)!;
    const c = src.clone();
    expect(c).not.toBe(src);
    expect(c.antiAffinity.toRecord()).toEqual(src.antiAffinity.toRecord());
    c.antiAffinity.add("zone", "z1", 5);
    c.affinity.add("zone", "z9", 1);
    expect(src.antiAffinity.toRecord()).toEqual({ "zone=z1": 1 });
    expect(src.affinity.toRecord()).toEqual({});
  });
});

describe("TestGetTPMapMatchingIncomingAffinityAntiAffinity", () => {
  const nodeA = node("nodeA", { hostname: "nodeA" });
  const normal = (...labels: string[]) => pod({ node: "nodeA", labels: Object.fromEntries(labels.map((l) => [l, ""])) });
  const cases: { name: string; existing: Pod[]; pod: Pod; aff: Record<string, number>; anti: Record<string, number> }[] = [
    {
      name: "no pod has label that violates incoming pod's affinity and anti-affinity",
      existing: [normal("bbb")],
      pod: pod({ aff: { req: [ex("aaa", "hostname")], anti: [ex("aaa", "hostname")] } }),
      aff: {},
      anti: {},
    },
    {
      name: "existing pod matches incoming pod's affinity and anti-affinity - single term case",
      existing: [normal("aaa")],
      pod: pod({ aff: { req: [ex("aaa", "hostname")], anti: [ex("aaa", "hostname")] } }),
      aff: { "hostname=nodeA": 1 },
      anti: { "hostname=nodeA": 1 },
    },
    {
      name: "existing pod matches incoming pod's affinity and anti-affinity - multiple terms case",
      existing: [normal("aaa", "bbb")],
      pod: pod({ aff: { req: [ex("aaa", "hostname"), ex("bbb", "hostname")], anti: [ex("aaa", "hostname")] } }),
      aff: { "hostname=nodeA": 2 }, // one for each term
      anti: { "hostname=nodeA": 1 },
    },
    {
      name: "existing pod not match incoming pod's affinity but matches anti-affinity",
      existing: [normal("aaa")],
      pod: pod({ aff: { req: [ex("aaa", "hostname"), ex("bbb", "hostname")], anti: [ex("aaa", "hostname"), ex("bbb", "hostname")] } }),
      aff: {},
      anti: { "hostname=nodeA": 1 },
    },
    {
      name: "incoming pod's anti-affinity has more than one term - existing pod violates partial term - case 1",
      existing: [normal("aaa", "bbb")],
      pod: pod({ aff: { req: [ex("aaa", "hostname"), ex("ccc", "hostname")], anti: [ex("aaa", "hostname"), ex("ccc", "hostname")] } }),
      aff: {},
      anti: { "hostname=nodeA": 1 },
    },
    {
      name: "incoming pod's anti-affinity has more than one term - existing pod violates partial term - case 2",
      existing: [normal("bbb")],
      pod: pod({ aff: { req: [ex("aaa", "hostname"), ex("bbb", "hostname")], anti: [ex("aaa", "hostname"), ex("bbb", "hostname")] } }),
      aff: {},
      anti: { "hostname=nodeA": 1 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = runFilter(c.pod, [nodeA], c.existing);
      const s = r.state.read<PreFilterState>(PRE_FILTER_STATE_KEY)!;
      expect(s.affinity.toRecord()).toEqual(c.aff);
      expect(s.antiAffinity.toRecord()).toEqual(c.anti);
    });
  }

  it("incoming pod without affinity/anti-affinity causes a no-op (PreFilter returns the shared Skip, no state)", () => {
    const { plugin, snapshot } = setup([nodeA], [normal("aaa")]);
    const state = new CycleState();
    expect(plugin.preFilter!(state, new PodInfo(pod({ name: "aaa-normal" })), snapshot.nodes)).toBe(SKIP);
    expect(state.read(PRE_FILTER_STATE_KEY)).toBeUndefined();
  });
});
