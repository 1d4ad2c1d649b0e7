/** Ports of TestPostFilter, TestPreempt and TestPodEligibleToPreemptOthers (default_preemption_test.go). */
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "../../../core/api/types.js";
import type { Plugin } from "../../../core/scheduler/framework.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Code, Status } from "../../../core/scheduler/status.js";
import { makeNode } from "../../../core/scheduler/testing.js";
import { NodeResourcesFit } from "../node-resources-fit/index.js";
import { PodTopologySpread } from "../pod-topology-spread/index.js";
import {
  highPriority, largeRes, lowPriority, mediumRes, midPriority, nodes, pod, smallRes, statuses, veryHighPriority, veryLargeRes, world,
  type WorldOpts,
} from "./harness.suite.js";
import { ERR_PREEMPT_NEVER, fitErrorMessage, ineligibilityReason } from "./index.js";

const onePodRes = { pods: "1" };
const nodeRes = { cpu: "200m", memory: "400" };

/** Runs PreFilter then the plugin's PostFilter, like the upstream TestPostFilter. */
function postFilter(ns: Node[], pods: Pod[], preemptor: Pod, filtered: Map<string, Status>, opts: WorldOpts = {}) {
  const w = world(ns, pods, opts);
  const pi = new PodInfo(preemptor);
  const r = w.preemption.postFilter!(w.prefilter(pi), pi, filtered);
  return { ...r, message: r.status.message(), deleted: w.handle.deleted, nominations: w.handle.nominations, rejected: w.handle.rejected };
}

/** TestPlugin: a PreFilter extension failing AddPod/RemovePod on nodes labelled error=true. */
const testPlugin: Plugin = {
  name: "test-plugin",
  preFilter: () => null,
  filter: () => null,
  addPod: (_s, p, _a, n) => (n.labels.error === "true" ? Status.error(`failed to add pod: ${p.name}`) : null),
  removePod: (_s, p, _r, n) => (n.labels.error === "true" ? Status.error(`failed to remove pod: ${p.name}`) : null),
};
const fitAndTestPlugin: WorldOpts = { plugins: (h) => [NodeResourcesFit.create(NodeResourcesFit.args(undefined, "a"), h), testPlugin] };

describe("PostFilter (TestPostFilter)", () => {
  it("pod with higher priority can be made schedulable", () => {
    const r = postFilter(nodes(["node1"], onePodRes), [pod({ name: "p1", node: "node1" })], pod({ name: "p", priority: highPriority }), statuses(["node1"]));
    expect(r.status.code).toBe(Code.Success);
    expect(r.nominatedNodeName).toBe("node1");
    expect(r.deleted).toEqual(["p1"]);
  });

  it("pod with tied priority is still unschedulable", () => {
    const r = postFilter(nodes(["node1"], onePodRes), [pod({ name: "p1", node: "node1" })], pod({ name: "p" }), statuses(["node1"]));
    expect(r.status.code).toBe(Code.Unschedulable);
    expect(r.message).toBe("preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    expect(r.nominatedNodeName).toBe("");
    expect(r.nominations).toEqual([["p", ""]]); // the preemptor's nomination is cleared
    expect(r.deleted).toEqual([]);
  });

  it("preemption should respect filteredNodesStatuses", () => {
    const r = postFilter(nodes(["node1"], onePodRes), [pod({ name: "p1", node: "node1" })], pod({ name: "p", priority: highPriority }),
      statuses(["node1"], Code.UnschedulableAndUnresolvable));
    expect(r.message).toBe("preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
    expect(r.deleted).toEqual([]);
  });

  it("preemption should respect absent NodeToStatusReader entry meaning UnschedulableAndUnresolvable", () => {
    const r = postFilter(nodes(["node1"], onePodRes), [pod({ name: "p1", node: "node1" })], pod({ name: "p", priority: highPriority }), new Map());
    expect(r.status.code).toBe(Code.Unschedulable);
    expect(r.message).toBe("preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
  });

  it("pod can be made schedulable on one node", () => {
    const r = postFilter(nodes(["node1", "node2"], onePodRes), [
      pod({ name: "p1", node: "node1", priority: highPriority }), pod({ name: "p2", node: "node2", priority: lowPriority }),
    ], pod({ name: "p", priority: midPriority }), statuses(["node1", "node2"]));
    expect(r.nominatedNodeName).toBe("node2");
    expect(r.deleted).toEqual(["p2"]);
  });

  it("pod can be made schedulable on minHighestPriority node (PDBs not modelled; same outcome)", () => {
    const r = postFilter(nodes(["node1", "node2"], onePodRes), [
      pod({ name: "p1", node: "node1", priority: highPriority }),
      pod({ name: "p2", node: "node1", priority: lowPriority }),
      pod({ name: "p3", node: "node2", priority: midPriority }),
    ], pod({ name: "p", priority: veryHighPriority }), statuses(["node1", "node2"]));
    expect(r.nominatedNodeName).toBe("node2");
    expect(r.deleted).toEqual(["p3"]);
  });

  it("no candidate nodes found, no enough resource after removing low priority pods", () => {
    const r = postFilter(nodes(["node1", "node2"], nodeRes), [pod({ name: "p1", node: "node1" }), pod({ name: "p2", node: "node2" })],
      pod({ name: "p", priority: highPriority, req: largeRes }), statuses(["node1", "node2"]));
    expect(r.status.code).toBe(Code.Unschedulable);
    expect(r.message).toBe("preemption: 0/2 nodes are available: 2 Insufficient cpu.");
  });

  it("no candidate nodes found with mixed reasons, no lower priority pod and no enough CPU resource", () => {
    const ns = [...nodes(["node1"], onePodRes), ...nodes(["node2"], nodeRes), ...nodes(["node3"], onePodRes)];
    const r = postFilter(ns, [
      pod({ name: "p1", node: "node1", priority: highPriority }), pod({ name: "p2", node: "node2" }), pod({ name: "p3", node: "node3", priority: highPriority }),
    ], pod({ name: "p", priority: highPriority, req: largeRes }), statuses(["node1", "node2", "node3"]));
    expect(r.message).toBe("preemption: 0/3 nodes are available: 1 Insufficient cpu, 2 No preemption victims found for incoming pod.");
  });

  it("no candidate nodes found with mixed reason, 2 UnschedulableAndUnresolvable nodes and 2 nodes don't have enough CPU resource", () => {
    const filtered = statuses(["node1", "node2"]);
    filtered.set("node4", new Status(Code.UnschedulableAndUnresolvable));
    const r = postFilter(nodes(["node1", "node2", "node3", "node4"], nodeRes), [pod({ name: "p1", node: "node1" }), pod({ name: "p2", node: "node2" })],
      pod({ name: "p", priority: highPriority, req: largeRes }), filtered);
    expect(r.message).toBe("preemption: 0/4 nodes are available: 2 Insufficient cpu, 2 Preemption is not helpful for scheduling.");
  });

  it("only one node but failed with TestPlugin", () => {
    const ns = [makeNode({ name: "node1", allocatable: largeRes, labels: { error: "true" } })];
    const r = postFilter(ns, [pod({ name: "p1", node: "node1" })], pod({ name: "p", priority: highPriority, req: largeRes }), statuses(["node1"]), fitAndTestPlugin);
    expect(r.status.code).toBe(Code.Error);
    expect(r.message).toBe('preemption: running RemovePod on PreFilter plugin "test-plugin": failed to remove pod: p');
    expect(r.nominatedNodeName).toBeUndefined();
  });

  it("one failed with TestPlugin and the other pass", () => {
    const ns = [makeNode({ name: "node1", allocatable: largeRes, labels: { error: "true" } }), makeNode({ name: "node2", allocatable: largeRes })];
    const r = postFilter(ns, [pod({ name: "p1", node: "node1" }), pod({ name: "p2", node: "node2", req: mediumRes })],
      pod({ name: "p", priority: highPriority, req: largeRes }), statuses(["node1", "node2"]), fitAndTestPlugin);
    expect(r.status.code).toBe(Code.Success);
    expect(r.nominatedNodeName).toBe("node2");
  });
});

describe("Preempt (TestPreempt)", () => {
  const three = ["node1", "node2", "node3"];
  const basicPods = [
    pod({ name: "p1.1", node: "node1", priority: lowPriority, req: smallRes }),
    pod({ name: "p1.2", node: "node1", priority: lowPriority, req: smallRes }),
    pod({ name: "p2.1", node: "node2", priority: highPriority, req: largeRes }),
    pod({ name: "p3.1", node: "node3", priority: midPriority, req: mediumRes }),
  ];

  it("basic preemption logic", () => {
    const r = postFilter(nodes(three), basicPods, pod({ name: "p", priority: highPriority, req: veryLargeRes, preemptionPolicy: "PreemptLowerPriority" }), statuses(three));
    expect(r.nominatedNodeName).toBe("node1");
    expect(r.deleted.sort()).toEqual(["p1.1", "p1.2"]);
  });

  it("PreemptionPolicy is nil", () => {
    const r = postFilter(nodes(three), basicPods, pod({ name: "p", priority: highPriority, req: veryLargeRes }), statuses(three));
    expect(r.nominatedNodeName).toBe("node1");
    expect(r.deleted.sort()).toEqual(["p1.1", "p1.2"]);
  });

  it("no preempting in pod", () => {
    const r = postFilter(nodes(three), basicPods, pod({ name: "p", priority: highPriority, req: veryLargeRes, preemptionPolicy: "Never" }), statuses(three));
    expect(r.status.code).toBe(Code.Unschedulable);
    expect(r.message).toBe("preemption: not eligible due to preemptionPolicy=Never.");
    expect(r.nominatedNodeName).toBeUndefined();
    expect(r.deleted).toEqual([]);
  });

  it("preemption for topology spread constraints", () => {
    const ns = nodes(["node-a/zone1", "node-b/zone1", "node-x/zone2"]);
    const foo = { foo: "" };
    const selector = { matchExpressions: [{ key: "foo", operator: "Exists" as const }] };
    const r = postFilter(ns, [
      pod({ name: "p-a1", node: "node-a", priority: highPriority, labels: foo }),
      pod({ name: "p-a2", node: "node-a", priority: highPriority, labels: foo }),
      pod({ name: "p-b1", node: "node-b", priority: lowPriority, labels: foo }),
      pod({ name: "p-x1", node: "node-x", priority: highPriority, labels: foo }),
      pod({ name: "p-x2", node: "node-x", priority: highPriority, labels: foo }),
    ], pod({
      name: "p", priority: highPriority, labels: foo,
      extra: {
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: selector },
          { maxSkew: 1, topologyKey: "hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: selector },
        ],
      },
    }), statuses(["node-a", "node-b", "node-x"]), { plugins: (h) => [PodTopologySpread.create(PodTopologySpread.args(undefined, "a"), h)] });
    expect(r.nominatedNodeName).toBe("node-b");
    expect(r.deleted).toEqual(["p-b1"]);
  });
});

describe("PodEligibleToPreemptOthers (TestPodEligibleToPreemptOthers)", () => {
  it("Pod with 'PreemptNever' preemption policy", () => {
    expect(ineligibilityReason(new PodInfo(pod({ name: "p", priority: highPriority, preemptionPolicy: "Never" })))).toBe(ERR_PREEMPT_NEVER);
  });
  it("Pod without nominated node", () => {
    expect(ineligibilityReason(new PodInfo(pod({ name: "p", priority: highPriority })))).toBeNull();
  });
});

describe("prepareCandidate", () => {
  it("clears the nominations of lower-priority pods to the chosen node only", () => {
    const low = new PodInfo(pod({ name: "nominated-low", priority: lowPriority }));
    const high = new PodInfo(pod({ name: "nominated-high", priority: veryHighPriority }));
    const r = postFilter(nodes(["node1"], onePodRes), [pod({ name: "p1", node: "node1" })], pod({ name: "p", priority: highPriority }),
      statuses(["node1"]), { nominated: { node1: [low, high] } });
    // The high nominated pod takes node1's only slot in the dry run, so nothing fits...
    expect(r.status.code).toBe(Code.Unschedulable);
    const r2 = postFilter(nodes(["node1"], { pods: "2" }), [pod({ name: "p1", node: "node1" }), pod({ name: "p0", node: "node1", priority: veryHighPriority })],
      pod({ name: "p", priority: highPriority }), statuses(["node1"]), { nominated: { node1: [low] } });
    // ...while a lower-priority nomination is ignored by the dry run and dropped afterwards.
    expect(r2.nominatedNodeName).toBe("node1");
    expect(r2.deleted).toEqual(["p1"]);
    expect(r2.nominations).toEqual([["nominated-low", ""]]);
  });

  it("respects higher-priority pods nominated to a node when dry-running it", () => {
    const nominee = new PodInfo(pod({ name: "nominee", priority: veryHighPriority, req: largeRes }));
    const r = postFilter(nodes(["node1", "node2"]), [
      pod({ name: "a", node: "node1", priority: lowPriority, req: largeRes }),
      pod({ name: "b", node: "node2", priority: midPriority, req: largeRes }),
    ], pod({ name: "p", priority: highPriority, req: largeRes }), statuses(["node1", "node2"]), { nominated: { node1: [nominee] } });
    // node1 would be the better victim node (lower priority), but the nominee already claims its room.
    expect(r.nominatedNodeName).toBe("node2");
    expect(r.deleted).toEqual(["b"]);
  });

  it("rejects a victim waiting in Permit instead of deleting it", () => {
    const r = postFilter(nodes(["node1"], { pods: "2" }), [pod({ name: "w", node: "node1" }), pod({ name: "d", node: "node1" })],
      pod({ name: "p", priority: highPriority, req: {} }), statuses(["node1"]), {
        waiting: new Set(["w"]),
        plugins: (h) => [NodeResourcesFit.create(NodeResourcesFit.args(undefined, "a"), h), podCountFilter],
      });
    expect(r.nominatedNodeName).toBe("node1");
    expect(r.rejected).toEqual(["w"]);
    expect(r.deleted).toEqual(["d"]);
  });
});

/** Lets at most one other pod share the node with the preemptor, so both victims must go. */
const podCountFilter: Plugin = {
  name: "AtMostOne",
  filter: (_s, _p, n) => (n.pods.length > 0 ? Status.unschedulable("node(s) already hold a pod") : null),
};

describe("no pod of lower priority anywhere (the overloaded one-priority cluster)", () => {
  // Five full nodes, every pod of the preemptor's priority: the dry run would visit every node and find
  // no victim. The shortcut must give the same message, nomination and RNG draw, without running Filter.
  const ns = nodes(["n1", "n2", "n3", "n4", "n5"], onePodRes);
  const placed = ["n1", "n2", "n3", "n4", "n5"].map((n, i) => pod({ name: `p${i}`, node: n, priority: midPriority }));
  const filtered = statuses(["n1", "n2", "n3"]); // n4, n5: not helpful

  it("gives the dry run's result without visiting nodes", () => {
    const draws: number[] = [];
    const w = world(ns, placed);
    (w.handle as { rng: unknown }).rng = { below: (n: number) => (draws.push(n), 0) };
    const pi = new PodInfo(pod({ name: "p", priority: midPriority }));
    const r = w.preemption.postFilter!(w.prefilter(pi), pi, filtered);
    expect(r.status.message()).toBe("preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.");
    expect(r.nominatedNodeName).toBe("");
    expect(w.handle.nominations).toEqual([["p", ""]]);
    expect(draws).toEqual([3]); // the offset draw over the 3 potential nodes, as the dry run makes it
    expect(w.filterCalls()).toBe(0);

    // The full dry run on the same world (a preemptor one priority higher than a single low pod elsewhere
    // would take the other path): its message for the same statuses matches.
    const full = (w.preemption as unknown as { findCandidates: (...a: unknown[]) => { nodeStatuses: Map<string, Status> } }).findCandidates(w.prefilter(pi), pi, w.snapshot.nodes, filtered);
    expect(fitErrorMessage(5, full.nodeStatuses)).toBe("0/5 nodes are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.");
  });

  it("takes the dry run again once a lower-priority pod is placed", () => {
    const w = world(ns, [...placed.slice(0, 4), pod({ name: "low", node: "n5", priority: lowPriority })]);
    const pi = new PodInfo(pod({ name: "p", priority: midPriority }));
    const r = w.preemption.postFilter!(w.prefilter(pi), pi, statuses(["n1", "n2", "n3", "n4", "n5"]));
    expect(r.status.code).toBe(Code.Success);
    expect(r.nominatedNodeName).toBe("n5");
    expect(w.handle.deleted).toEqual(["low"]);
  });
});
