/** Ports of TestSelectBestCandidate (default_preemption_test.go) plus direct pickOneNodeForPreemption rules. */
import { describe, expect, it } from "vitest";
import type { Pod } from "../../../core/api/types.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { calculateNumCandidates, parseDefaultPreemptionArgs } from "./args.js";
import { dryRunPreemption, type Candidate } from "./candidates.js";
import {
  highPriority, largeRes, lowPriority, mediumRes, midPriority, negPriority, nodes, pod, smallRes, veryHighPriority, veryLargeRes, world,
} from "./harness.suite.js";
import { pickOneNodeForPreemption, selectCandidate } from "./pick-node.js";

/** DryRunPreemption over every node, then SelectCandidate (offset from rand.NewSource(4) ⇒ irrelevant here). */
function best(nodeNames: string[], p: Pod, init: Pod[], starts: Record<string, number> = {}): string | undefined {
  const w = world(nodes(nodeNames), init, { offsets: [4] }, starts);
  const pi = new PodInfo(p);
  const state = w.prefilter(pi);
  const all = w.snapshot.nodes;
  const args = parseDefaultPreemptionArgs(undefined, "args");
  const { candidates } = dryRunPreemption(w.fw, state, pi, all, w.handle.rng.below(all.length), calculateNumCandidates(all.length, args));
  return selectCandidate(candidates)?.nodeName;
}

const on = (name: string, node: string, priority: number, req: Record<string, string>) => pod({ name, node, priority, req });

describe("SelectCandidate (TestSelectBestCandidate)", () => {
  const three = ["node1", "node2", "node3"];
  const preemptor = pod({ name: "p", priority: highPriority, req: veryLargeRes });

  it("a pod that fits on both nodes when lower priority pods are preempted", () => {
    const got = best(["node1", "node2"], pod({ name: "p", priority: highPriority, req: largeRes }), [
      on("p1", "node1", midPriority, largeRes), on("p2", "node2", midPriority, largeRes),
    ]);
    expect(["node1", "node2"]).toContain(got);
  });

  it("node with min highest priority pod is picked", () => {
    expect(best(three, preemptor, [
      on("p1.1", "node1", midPriority, mediumRes), on("p1.2", "node1", midPriority, largeRes),
      on("p2.1", "node2", midPriority, mediumRes), on("p2.2", "node2", lowPriority, mediumRes),
      on("p3.1", "node3", lowPriority, mediumRes), on("p3.2", "node3", lowPriority, mediumRes),
    ])).toBe("node3");
  });

  it("when highest priorities are the same, minimum sum of priorities is picked", () => {
    expect(best(three, preemptor, [
      on("p1.1", "node1", midPriority, mediumRes), on("p1.2", "node1", midPriority, largeRes),
      on("p2.1", "node2", midPriority, largeRes), on("p2.2", "node2", lowPriority, mediumRes),
      on("p3.1", "node3", midPriority, mediumRes), on("p3.2", "node3", midPriority, mediumRes),
    ])).toBe("node2");
  });

  it("when highest priority and sum are the same, minimum number of pods is picked", () => {
    expect(best(three, preemptor, [
      on("p1.1", "node1", midPriority, smallRes), on("p1.2", "node1", negPriority, smallRes),
      on("p1.3", "node1", midPriority, smallRes), on("p1.4", "node1", negPriority, smallRes),
      on("p2.1", "node2", midPriority, largeRes), on("p2.2", "node2", negPriority, mediumRes),
      on("p3.1", "node3", midPriority, mediumRes), on("p3.2", "node3", negPriority, smallRes), on("p3.3", "node3", lowPriority, smallRes),
    ])).toBe("node2");
  });

  it("sum of adjusted priorities is considered", () => {
    expect(best(three, preemptor, [
      on("p1.1", "node1", midPriority, smallRes), on("p1.2", "node1", negPriority, smallRes), on("p1.3", "node1", negPriority, smallRes),
      on("p2.1", "node2", midPriority, largeRes), on("p2.2", "node2", negPriority, mediumRes),
      on("p3.1", "node3", midPriority, mediumRes), on("p3.2", "node3", negPriority, smallRes), on("p3.3", "node3", lowPriority, smallRes),
    ])).toBe("node2");
  });

  it("non-overlapping lowest high priority, sum priorities, and number of pods", () => {
    expect(best(["node1", "node2", "node3", "node4"], pod({ name: "p", priority: veryHighPriority, req: veryLargeRes }), [
      on("p1.1", "node1", midPriority, smallRes), on("p1.2", "node1", lowPriority, smallRes), on("p1.3", "node1", lowPriority, smallRes),
      on("p2.1", "node2", highPriority, largeRes),
      on("p3.1", "node3", midPriority, mediumRes), on("p3.2", "node3", lowPriority, smallRes), on("p3.3", "node3", lowPriority, smallRes),
      on("p3.4", "node3", lowPriority, mediumRes),
      on("p4.1", "node4", midPriority, mediumRes), on("p4.2", "node4", midPriority, smallRes), on("p4.3", "node4", midPriority, smallRes),
      on("p4.4", "node4", negPriority, smallRes),
    ])).toBe("node1");
  });

  const sameSix = (prios: number[]) => [
    on("p1.1", "node1", prios[0]!, mediumRes), on("p1.2", "node1", prios[1]!, mediumRes),
    on("p2.1", "node2", prios[2]!, mediumRes), on("p2.2", "node2", prios[3]!, mediumRes),
    on("p3.1", "node3", prios[4]!, mediumRes), on("p3.2", "node3", prios[5]!, mediumRes),
  ];

  it("same priority, same number of victims, different start time for each node's pod", () => {
    const m = midPriority;
    expect(best(three, preemptor, sameSix([m, m, m, m, m, m]), { "p1.1": 2, "p1.2": 2, "p2.1": 3, "p2.2": 3, "p3.1": 1, "p3.2": 1 })).toBe("node2");
  });

  it("same priority, same number of victims, different start time for all pods", () => {
    const m = midPriority;
    expect(best(three, preemptor, sameSix([m, m, m, m, m, m]), { "p1.1": 4, "p1.2": 2, "p2.1": 5, "p2.2": 1, "p3.1": 3, "p3.2": 6 })).toBe("node3");
  });

  it("different priority, same number of victims, different start time for all pods", () => {
    const [l, m] = [lowPriority, midPriority];
    expect(best(three, preemptor, sameSix([l, m, m, l, l, m]), { "p1.1": 4, "p1.2": 2, "p2.1": 6, "p2.2": 1, "p3.1": 3, "p3.2": 5 })).toBe("node2");
  });
});

describe("pickOneNodeForPreemption rules", () => {
  const pi = (name: string, priority: number, start = 0): PodInfo => {
    const p = new PodInfo(pod({ name, priority }));
    p.startTimeUs = start;
    return p;
  };
  const cand = (nodeName: string, victims: PodInfo[], numPDBViolations = 0): Candidate => ({ nodeName, victims, numPDBViolations });

  it("prefers fewer PDB violations over everything else", () => {
    const got = pickOneNodeForPreemption([cand("a", [pi("a1", 0)], 1), cand("b", [pi("b1", 500), pi("b2", 500)], 0)]);
    expect(got?.nodeName).toBe("b");
  });

  it("returns a node without victims at once", () => {
    expect(pickOneNodeForPreemption([cand("a", [pi("a1", -5)]), cand("b", [])])?.nodeName).toBe("b");
  });

  it("falls back to the first candidate when every rule ties", () => {
    const got = pickOneNodeForPreemption([cand("x", [pi("x1", 7, 3)]), cand("y", [pi("y1", 7, 3)])]);
    expect(got?.nodeName).toBe("x");
  });

  it("uses the earliest start among the highest-priority victims only", () => {
    // a: top victims start at 5 (the low one started at 0 does not count); b: top victim starts at 4.
    const got = pickOneNodeForPreemption([cand("a", [pi("a1", 10, 5), pi("a2", 10, 9), pi("a3", 1, 0)]), cand("b", [pi("b1", 10, 4), pi("b2", 10, 20), pi("b3", 1, 30)])]);
    expect(got?.nodeName).toBe("a");
  });

  it("returns undefined without candidates and the single candidate as is", () => {
    expect(selectCandidate([])).toBeUndefined();
    expect(selectCandidate([cand("only", [pi("o", 1)])])?.nodeName).toBe("only");
  });
});
