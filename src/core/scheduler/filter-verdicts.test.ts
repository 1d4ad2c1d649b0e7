// Verdicts kept node by node (filter-verdicts.ts): a retry re-filters exactly the nodes that changed and
// the nodes rejected by a plugin that reads more than the node; a node that passes now ends the reuse.
import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { CycleState } from "./cycle-state.js";
import type { Plugin } from "./framework.js";
import { PodInfo } from "./pod-info.js";
import { Framework, type PluginLists } from "./runtime.js";
import { PodScheduler, type FilterEpoch } from "./schedule-pod.js";
import { Code, Status, frozenStatus } from "./status.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "./testing.js";

const FULL = frozenStatus(Code.Unschedulable, ["Insufficient cpu"], "NodeResourcesFit");
const FULL_MEM = frozenStatus(Code.Unschedulable, ["Insufficient cpu", "Insufficient memory"], "NodeResourcesFit");

function setup() {
  const snapshot = makeSnapshot(["n0", "n1", "n2", "n3"].map((name) => makeNode({ name })));
  const full = new Map<string, Status>([["n0", FULL], ["n1", FULL]]);
  const capped = new Set(["n2", "n3"]);
  const calls: string[] = [];
  // Stand-ins named as the in-tree plugins: one node-local, one that counts pods cluster-wide.
  const fit: Plugin = { name: "NodeResourcesFit", filter: (_s, _p, n) => (calls.push(`fit:${n.name}`), full.get(n.name) ?? null) };
  const spread: Plugin = {
    name: "PodTopologySpread",
    filter: (_s, _p, n) => (calls.push(`spread:${n.name}`), capped.has(n.name) ? new Status(Code.Unschedulable, ["node(s) didn't match pod topology spread constraints"]) : null),
  };
  const lists: PluginLists = {
    preEnqueue: [], queueSort: [{ name: "Sort", less: () => false }], preFilter: [], filter: [fit, spread], postFilter: [], preScore: [], score: [],
    reserve: [], permit: [], preBind: [], bind: [{ name: "Binder", bind: () => null }], postBind: [],
  };
  const handle = makeHandle(snapshot);
  const fwk = new Framework("test", lists, 0, () => handle);
  const ps = new PodScheduler(Rng.seeded(1));
  const epoch: FilterEpoch = { generation: 1, nominations: 0 };
  const attempt = () => {
    calls.length = 0;
    return ps.schedulePod(fwk, new CycleState(), new PodInfo(makePod({ name: "p" })), snapshot.nodes, undefined, { ...epoch });
  };
  return { snapshot, full, capped, calls, attempt, epoch };
}

describe("Filter verdicts kept node by node", () => {
  it("reuses the whole verdict while the cluster is unchanged", () => {
    const t = setup();
    const r1 = t.attempt();
    expect(r1.ok).toBe(false);
    expect(t.calls).toHaveLength(6); // fit on all four, spread on n2 and n3
    const r2 = t.attempt();
    expect(t.calls).toEqual([]);
    expect(r2).toBe(r1);
  });

  it("re-filters changed nodes and cluster-wide rejections only, and finds a node that passes now", () => {
    const t = setup();
    t.attempt();
    t.capped.clear(); // a pod elsewhere left: the spread rejection on n2/n3 no longer holds
    t.epoch.generation++;
    const r = t.attempt();
    expect(t.calls.slice(0, 2)).toEqual(["fit:n2", "spread:n2"]); // n0 and n1 unchanged and node-local: skipped
    expect(r.ok).toBe(true);
  });

  it("updates the statuses and the FitError message of nodes whose rejection changed", () => {
    const t = setup();
    const r1 = t.attempt();
    expect(r1.ok || r1.status.message()).toBe("0/4 nodes are available: 2 Insufficient cpu, 2 node(s) didn't match pod topology spread constraints.");
    t.full.set("n0", FULL_MEM);
    t.snapshot.nodes[0]!.generation++;
    t.epoch.generation++;
    const r2 = t.attempt();
    expect(t.calls).toEqual(["fit:n0", "fit:n2", "spread:n2", "fit:n3", "spread:n3"]);
    if (r2.ok) throw new Error("expected a failure");
    expect(r2.status.message()).toBe("0/4 nodes are available: 1 Insufficient memory, 2 Insufficient cpu, 2 node(s) didn't match pod topology spread constraints.");
    expect(r2.diagnosis.nodeToStatus.get("n0")).toBe(FULL_MEM);
    expect(r2.diagnosis.nodeToStatus.get("n1")).toBe(FULL);
  });

  it("scans again when the node list changed", () => {
    const t = setup();
    t.attempt();
    t.snapshot.addNode(makeNode({ name: "n4" }));
    t.epoch.generation++;
    const r = t.attempt();
    expect(r.ok && r.node.name).toBe("n4");
  });
});
