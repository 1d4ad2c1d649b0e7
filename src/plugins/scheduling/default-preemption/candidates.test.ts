/** Ports of TestDryRunPreemption / TestCustomOrdering-style victim selection (default_preemption_test.go). */
import { describe, expect, it } from "vitest";
import type { Pod } from "../../../core/api/types.js";
import type { Plugin } from "../../../core/scheduler/framework.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { makeNode } from "../../../core/scheduler/testing.js";
import { Code, Status } from "../../../core/scheduler/status.js";
import { InterPodAffinity } from "../inter-pod-affinity/index.js";
import { NodeResourcesFit } from "../node-resources-fit/index.js";
import { PodTopologySpread } from "../pod-topology-spread/index.js";
import { calculateNumCandidates, parseDefaultPreemptionArgs } from "./args.js";
import { dryRunPreemption } from "./candidates.js";
import {
  highPriority, largeRes, lowPriority, mediumRes, midPriority, nodes, pod, smallRes, veryHighPriority, veryLargeRes, world,
  type World, type WorldOpts,
} from "./harness.suite.js";
import { selectVictimsOnNode } from "./victims.js";

/** Runs DryRunPreemption for each pod in turn over all nodes sorted by name, as the upstream test does. */
function dryRuns(w: World, pods: Pod[], rawArgs?: unknown) {
  const args = parseDefaultPreemptionArgs(rawArgs, "args");
  const all = [...w.snapshot.nodes].sort((a, b) => (a.name < b.name ? -1 : 1));
  return pods.map((p) => {
    const before = w.filterCalls();
    const pi = new PodInfo(p);
    const state = w.prefilter(pi);
    const offset = w.handle.rng.below(all.length);
    const r = dryRunPreemption(w.fw, state, pi, all, offset, calculateNumCandidates(all.length, args));
    const got: Record<string, string[]> = {};
    for (const c of r.candidates) got[c.nodeName] = c.victims.map((v) => v.name).sort();
    return { got, order: r.candidates.map((c) => c.nodeName), filterCalls: w.filterCalls() - before, statuses: r.nodeStatuses, errors: r.errors };
  });
}

function run(nodeNames: string[], init: Pod[], test: Pod, opts: WorldOpts = {}, starts: Record<string, number> = {}, rawArgs?: unknown) {
  const w = world(nodes(nodeNames), init, opts, starts);
  return dryRuns(w, [test], rawArgs)[0]!;
}

const falseFilter = (): Plugin[] => [{ name: "FalseFilter", filter: () => Status.unschedulable("injecting failure for pod") }];
const trueFilter = (): Plugin[] => [{ name: "TrueFilter", filter: () => null }];

describe("DryRunPreemption (TestDryRunPreemption)", () => {
  const two = ["node1", "node2"];

  it("a pod that does not fit on any node", () => {
    const r = run(two, [pod({ name: "p1", node: "node1", priority: midPriority }), pod({ name: "p2", node: "node2", priority: midPriority })],
      pod({ name: "p", priority: highPriority }), { plugins: falseFilter });
    expect(r.got).toEqual({});
    expect(r.filterCalls).toBe(2);
    expect(r.statuses.get("node1")?.reasons).toEqual(["injecting failure for pod"]);
  });

  it("get Unschedulable in the preemption phase when the filter plugins filtering the nodes", () => {
    const r = run(two, [pod({ name: "p1", node: "node1", priority: midPriority, req: largeRes }), pod({ name: "p2", node: "node2", priority: midPriority, req: largeRes })],
      pod({ name: "p", priority: highPriority, req: largeRes }), { fakeFilterCode: Code.Unschedulable });
    expect(r.got).toEqual({});
    expect(r.filterCalls).toBe(2);
  });

  it("a pod that fits with no preemption (every victim reprieved ⇒ error, no candidate)", () => {
    const r = run(two, [pod({ name: "p1", node: "node1", priority: midPriority }), pod({ name: "p2", node: "node2", priority: midPriority })],
      pod({ name: "p", priority: highPriority }), { plugins: trueFilter });
    expect(r.got).toEqual({});
    expect(r.errors).toEqual(['expected at least one victim pod on node "node1"', 'expected at least one victim pod on node "node2"']);
  });

  it("a pod that fits on both nodes when lower priority pods are preempted", () => {
    const r = run(two, [pod({ name: "p1", node: "node1", priority: midPriority, req: largeRes }), pod({ name: "p2", node: "node2", priority: midPriority, req: largeRes })],
      pod({ name: "p", priority: highPriority, req: largeRes }));
    expect(r.got).toEqual({ node1: ["p1"], node2: ["p2"] });
    expect(r.filterCalls).toBe(4);
  });

  it("a pod that would fit on the nodes, but other pods running are higher priority, no preemption would happen", () => {
    const r = run(two, [pod({ name: "p1", node: "node1", priority: midPriority, req: largeRes }), pod({ name: "p2", node: "node2", priority: midPriority, req: largeRes })],
      pod({ name: "p", priority: lowPriority, req: largeRes }));
    expect(r.got).toEqual({});
    expect(r.filterCalls).toBe(0);
    expect(r.statuses.get("node1")).toMatchObject({ code: Code.UnschedulableAndUnresolvable, reasons: ["No preemption victims found for incoming pod"] });
  });

  it("medium priority pod is preempted, but lower priority one stays as it is small", () => {
    const r = run(two, [
      pod({ name: "p1.1", node: "node1", priority: lowPriority, req: smallRes }),
      pod({ name: "p1.2", node: "node1", priority: midPriority, req: largeRes }),
      pod({ name: "p2", node: "node2", priority: midPriority, req: largeRes }),
    ], pod({ name: "p", priority: highPriority, req: largeRes }));
    expect(r.got).toEqual({ node1: ["p1.2"], node2: ["p2"] });
    expect(r.filterCalls).toBe(5);
  });

  it("mixed priority pods are preempted", () => {
    const r = run(two, [
      pod({ name: "p1.1", node: "node1", priority: midPriority, req: smallRes }),
      pod({ name: "p1.2", node: "node1", priority: lowPriority, req: smallRes }),
      pod({ name: "p1.3", node: "node1", priority: midPriority, req: mediumRes }),
      pod({ name: "p1.4", node: "node1", priority: highPriority, req: smallRes }),
      pod({ name: "p2", node: "node2", priority: highPriority, req: largeRes }),
    ], pod({ name: "p", priority: highPriority, req: largeRes }));
    expect(r.got).toEqual({ node1: ["p1.2", "p1.3"] });
    expect(r.filterCalls).toBe(4);
  });

  it("mixed priority pods are preempted, pick later StartTime one when priorities are equal", () => {
    const r = run(two, [
      pod({ name: "p1.1", node: "node1", priority: lowPriority, req: smallRes }),
      pod({ name: "p1.2", node: "node1", priority: lowPriority, req: smallRes }),
      pod({ name: "p1.3", node: "node1", priority: midPriority, req: mediumRes }),
      pod({ name: "p1.4", node: "node1", priority: highPriority, req: smallRes }),
      pod({ name: "p2", node: "node2", priority: highPriority, req: largeRes }),
    ], pod({ name: "p", priority: highPriority, req: largeRes }), {}, { "p1.1": 5, "p1.2": 4, "p1.3": 3, "p1.4": 2, p2: 1 });
    expect(r.got).toEqual({ node1: ["p1.1", "p1.3"] });
    expect(r.filterCalls).toBe(4);
  });

  it("pod with anti-affinity is preempted", () => {
    const antiFoo = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchExpressions: [{ key: "foo", operator: "Exists" as const }] }, topologyKey: "hostname" }],
      },
    };
    const r = run(two, [
      pod({ name: "p1.1", node: "node1", priority: lowPriority, req: smallRes, labels: { foo: "" }, extra: { affinity: antiFoo } }),
      pod({ name: "p1.2", node: "node1", priority: midPriority, req: smallRes }),
      pod({ name: "p1.3", node: "node1", priority: highPriority, req: smallRes }),
      pod({ name: "p2", node: "node2", priority: highPriority, req: smallRes }),
    ], pod({ name: "p", priority: highPriority, req: smallRes, labels: { foo: "" } }), {
      plugins: (h) => [NodeResourcesFit.create(NodeResourcesFit.args(undefined, "a"), h), InterPodAffinity.create(InterPodAffinity.args(undefined, "a"), h)],
    });
    expect(r.got).toEqual({ node1: ["p1.1"] });
    expect(r.filterCalls).toBe(3);
  });

  it("preemption to resolve pod topology spread filter failure", () => {
    const w = world(nodes(["node-a/zone1", "node-b/zone1", "node-x/zone2"]), [
      pod({ name: "pod-a1", node: "node-a", priority: midPriority, labels: { foo: "" } }),
      pod({ name: "pod-a2", node: "node-a", priority: lowPriority, labels: { foo: "" } }),
      pod({ name: "pod-b1", node: "node-b", priority: lowPriority, labels: { foo: "" } }),
      pod({ name: "pod-x1", node: "node-x", priority: highPriority, labels: { foo: "" } }),
      pod({ name: "pod-x2", node: "node-x", priority: highPriority, labels: { foo: "" } }),
    ], { plugins: (h) => [PodTopologySpread.create(PodTopologySpread.args(undefined, "a"), h)] });
    const selector = { matchExpressions: [{ key: "foo", operator: "Exists" as const }] };
    const p = pod({
      name: "p", priority: highPriority, labels: { foo: "" },
      extra: {
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: selector },
          { maxSkew: 1, topologyKey: "hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: selector },
        ],
      },
    });
    const r = dryRuns(w, [p])[0]!;
    expect(r.got).toEqual({ "node-a": ["pod-a2"], "node-b": ["pod-b1"] });
    expect(r.filterCalls).toBe(5); // node-a (3), node-b (2), node-x (0)
  });

  const five = ["node1", "node2", "node3", "node4", "node5"];
  const fiveMid = five.map((n, i) => pod({ name: `p${i + 1}`, node: n, priority: midPriority, req: largeRes }));
  const limit2 = { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 };

  it("all nodes are possible candidates, but DefaultPreemptionArgs limits to 2", () => {
    // cycle=0 ⇒ offset=4 ⇒ node5 (yes), node1 (yes)
    const r = run(five, fiveMid, pod({ name: "p", priority: highPriority, req: largeRes }), { offsets: [4] }, {}, limit2);
    expect(r.got).toEqual({ node1: ["p1"], node5: ["p5"] });
    expect(r.order).toEqual(["node5", "node1"]);
    expect(r.filterCalls).toBe(4);
  });

  it("some nodes are not possible candidates, DefaultPreemptionArgs limits to 2", () => {
    const init = fiveMid.slice();
    init[1] = pod({ name: "p2", node: "node2", priority: veryHighPriority, req: largeRes });
    init[4] = pod({ name: "p5", node: "node5", priority: veryHighPriority, req: largeRes });
    // offset=4 ⇒ node5 (no), node1 (yes), node2 (no), node3 (yes)
    const r = run(five, init, pod({ name: "p", priority: highPriority, req: largeRes }), { offsets: [4] }, {}, limit2);
    expect(r.got).toEqual({ node1: ["p1"], node3: ["p3"] });
    expect(r.filterCalls).toBe(4);
  });

  it("preemption offset across multiple scheduling cycles and wrap around", () => {
    const w = world(nodes(five), fiveMid, { offsets: [4, 1, 3] });
    const tps = ["tp1", "tp2", "tp3"].map((name) => pod({ name, priority: highPriority, req: largeRes }));
    const rs = dryRuns(w, tps, limit2);
    expect(rs.map((r) => r.got)).toEqual([
      { node1: ["p1"], node5: ["p5"] },
      { node2: ["p2"], node3: ["p3"] },
      { node4: ["p4"], node5: ["p5"] },
    ]);
    expect(rs.map((r) => r.filterCalls)).toEqual([4, 4, 4]);
  });
});

describe("SelectVictimsOnNode", () => {
  it("returns victims from most to least important and leaves the real node untouched", () => {
    const w = world(nodes(["node1"]), [
      pod({ name: "v1", node: "node1", priority: lowPriority, req: mediumRes }),
      pod({ name: "v2", node: "node1", priority: lowPriority, req: mediumRes }),
      pod({ name: "v3", node: "node1", priority: midPriority, req: mediumRes }),
    ], {}, { v1: 2, v2: 0, v3: 1 });
    const pi = new PodInfo(pod({ name: "p2", priority: highPriority, req: largeRes }));
    const state = w.prefilter(pi);
    const real = w.snapshot.get("node1")!;
    const r = selectVictimsOnNode(w.fw, state.clone(), pi, real.clone());
    // v3 (mid) is reprieved first and stays; of the low ones the earlier-started v2 is more important and
    // is tried before v1: 200 (v3) + 200 (v2) + 300 > 500, so both low pods go.
    expect(r.status).toBeNull();
    expect(r.victims.map((v) => v.name)).toEqual(["v2", "v1"]);
    expect(r.numPDBViolations).toBe(0);
    expect(real.pods).toHaveLength(3);
    expect(real.requested.milliCPU).toBe(600);
  });

  it("reports the filter status when the pod does not fit even without every lower-priority pod", () => {
    const w = world(nodes(["node1"]), [
      pod({ name: "hi", node: "node1", priority: highPriority, req: largeRes }),
      pod({ name: "lo", node: "node1", priority: lowPriority, req: smallRes }),
    ]);
    const pi = new PodInfo(pod({ name: "p", priority: midPriority, req: largeRes }));
    const r = selectVictimsOnNode(w.fw, w.prefilter(pi), pi, w.snapshot.get("node1")!.clone());
    expect(r.victims).toEqual([]);
    expect(r.status).toMatchObject({ code: Code.Unschedulable, reasons: ["Insufficient cpu", "Insufficient memory"] });
  });

  it("runs RemovePod/AddPod extensions on the clone and stops at their errors", () => {
    const calls: string[] = [];
    const ext: Plugin = {
      name: "test-plugin",
      preFilter: () => null,
      addPod: (_s, _p, a) => (calls.push(`add ${a.name}`), null),
      removePod: (_s, p, r, n) => (calls.push(`remove ${r.name}`), n.labels.error === "true" ? Status.error(`failed to remove pod: ${p.name}`) : null),
    };
    const ns = [makeNode({ name: "node1", allocatable: veryLargeRes }), makeNode({ name: "node2", allocatable: veryLargeRes, labels: { error: "true" } })];
    const w = world(ns, [pod({ name: "p1", node: "node1", req: largeRes }), pod({ name: "p2", node: "node2", req: largeRes })], {
      plugins: (h) => [NodeResourcesFit.create(NodeResourcesFit.args(undefined, "a"), h), ext],
    });
    const pi = new PodInfo(pod({ name: "p", priority: highPriority, req: largeRes }));
    const r = selectVictimsOnNode(w.fw, w.prefilter(pi), pi, w.snapshot.get("node1")!.clone());
    expect(r.victims.map((v) => v.name)).toEqual(["p1"]);
    expect(calls).toEqual(["remove p1", "add p1", "remove p1"]);
    // "only one node but failed with TestPlugin": the RemovePod error becomes the node's status.
    const bad = selectVictimsOnNode(w.fw, w.prefilter(pi), pi, w.snapshot.get("node2")!.clone());
    expect(bad.status).toMatchObject({ code: Code.Error, reasons: ['running RemovePod on PreFilter plugin "test-plugin": failed to remove pod: p'] });
  });
});
