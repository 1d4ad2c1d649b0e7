// The framework runtime's per-point semantics (pkg/scheduler/framework/runtime/framework_test.go in spirit).
import { describe, expect, it } from "vitest";
import { CycleState } from "./cycle-state.js";
import type { FrameworkHandle, Plugin } from "./framework.js";
import { PodInfo } from "./pod-info.js";
import { Framework, MAX_PERMIT_WAIT_US, type PluginLists, type WeightedPlugin } from "./runtime.js";
import { Code, SKIP, Status } from "./status.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "./testing.js";

const sort: Plugin = { name: "Sort", less: () => false };
const binder: Plugin = { name: "Binder", bind: () => null };

function framework(lists: Partial<PluginLists>, handle?: FrameworkHandle): Framework {
  const h = handle ?? makeHandle(makeSnapshot([]));
  return new Framework("test", {
    preEnqueue: [], queueSort: [sort], preFilter: [], filter: [], postFilter: [], preScore: [], score: [], reserve: [],
    permit: [], preBind: [], bind: [binder], postBind: [], ...lists,
  }, 0, () => h);
}

const snap = makeSnapshot([makeNode({ name: "n0" }), makeNode({ name: "n1" }), makeNode({ name: "n2" })]);
const [n0, n1, n2] = snap.nodes;
const pod = new PodInfo(makePod({ name: "p" }));

/** Runs PreFilter then returns the state (so Filter sees activeFilters). */
function preFiltered(f: Framework): CycleState {
  const st = new CycleState();
  expect(f.runPreFilterPlugins(st, pod, snap.nodes).status).toBeNull();
  return st;
}

describe("Filter", () => {
  it("returns the first failure, attributed to its plugin, and runs no later plugin", () => {
    const calls: string[] = [];
    const f = framework({
      filter: [
        { name: "A", filter: () => (calls.push("A"), null) },
        { name: "B", filter: () => (calls.push("B"), Status.unschedulable("B says no")) },
        { name: "C", filter: () => (calls.push("C"), Status.unresolvable("C says no")) },
      ],
    });
    const s = f.runFilterPlugins(preFiltered(f), pod, n0!);
    expect(calls).toEqual(["A", "B"]);
    expect(s!.code).toBe(Code.Unschedulable);
    expect(s!.plugin).toBe("B");
    expect(s!.reasons).toEqual(["B says no"]);
  });

  it("all passing is null (Success)", () => {
    const f = framework({ filter: [{ name: "A", filter: () => null }, { name: "B", filter: () => Status.success() }] });
    expect(f.runFilterPlugins(preFiltered(f), pod, n0!)).toBeNull();
  });

  it("Error, Skip or Wait from Filter becomes an Error naming the plugin", () => {
    for (const bad of [Status.error("boom"), SKIP, Status.wait(5)]) {
      const f = framework({ filter: [{ name: "Bad", filter: () => bad }] });
      const s = f.runFilterPlugins(preFiltered(f), pod, n0!);
      expect(s!.code).toBe(Code.Error);
      expect(s!.plugin).toBe("Bad");
      expect(s!.message()).toContain('running "Bad" filter plugin');
    }
  });
});

describe("PreFilter", () => {
  it("Skip skips that plugin's Filter (and its AddPod extension) for this cycle only", () => {
    const calls: string[] = [];
    const skipper: Plugin = {
      name: "Skipper",
      preFilter: () => SKIP,
      filter: () => (calls.push("Skipper"), Status.unschedulable("should not run")),
      addPod: () => (calls.push("Skipper.addPod"), null),
    };
    const other: Plugin = { name: "Other", preFilter: () => null, filter: () => (calls.push("Other"), null) };
    const f = framework({ preFilter: [skipper, other], filter: [skipper, other] });
    const st = preFiltered(f);
    expect(st.filterSkipped("Skipper")).toBe(true);
    expect(f.runFilterPlugins(st, pod, n0!)).toBeNull();
    expect(f.runPreFilterExtensionAddPod(st, pod, pod, n0!)).toBeNull();
    expect(calls).toEqual(["Other"]);
    // A new cycle with a fresh state runs it again (PreFilter decides again).
    const st2 = new CycleState();
    skipper.preFilter = () => null;
    f.runPreFilterPlugins(st2, pod, snap.nodes);
    expect(f.runFilterPlugins(st2, pod, n0!)!.plugin).toBe("Skipper");
  });

  it("PreFilterResults of several plugins intersect", () => {
    const f = framework({
      preFilter: [
        { name: "A", preFilter: () => ({ nodeNames: new Set(["n0", "n1"]) }) },
        { name: "B", preFilter: () => null },
        { name: "C", preFilter: () => ({ nodeNames: new Set(["n1", "n2"]) }) },
      ],
    });
    const r = f.runPreFilterPlugins(new CycleState(), pod, snap.nodes);
    expect(r.status).toBeNull();
    expect([...r.result!.nodeNames]).toEqual(["n1"]);
  });

  it("an empty intersection is UnschedulableAndUnresolvable", () => {
    const f = framework({
      preFilter: [
        { name: "A", preFilter: () => ({ nodeNames: new Set(["n0"]) }) },
        { name: "C", preFilter: () => ({ nodeNames: new Set(["n2"]) }) },
      ],
    });
    const r = f.runPreFilterPlugins(new CycleState(), pod, snap.nodes);
    expect(r.status!.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(r.status!.message()).toMatch(/didn't satisfy plugin\(s\)/);
  });

  it("a rejection keeps its code and names the plugin; an Error is wrapped", () => {
    const rej = framework({ preFilter: [{ name: "R", preFilter: () => Status.unresolvable("nope") }] });
    const r = rej.runPreFilterPlugins(new CycleState(), pod, snap.nodes).status!;
    expect([r.code, r.plugin, r.message()]).toEqual([Code.UnschedulableAndUnresolvable, "R", "nope"]);
    const err = framework({ preFilter: [{ name: "E", preFilter: () => Status.error("disk on fire") }] });
    const e = err.runPreFilterPlugins(new CycleState(), pod, snap.nodes).status!;
    expect([e.code, e.plugin, e.message()]).toEqual([Code.Error, "E", 'running PreFilter plugin "E": disk on fire']);
  });
});

describe("Score", () => {
  const scorer = (name: string, byNode: Record<string, number>, extra: Partial<Plugin> = {}): Plugin => ({
    name,
    score: (_s, _p, n) => byNode[n.name]!,
    ...extra,
  });

  it("total = Σ weight × (normalised) score", () => {
    const f = framework({
      score: [
        { plugin: scorer("A", { n0: 10, n1: 50, n2: 100 }), weight: 1 },
        {
          plugin: scorer("B", { n0: 1, n1: 2, n2: 4 }, {
            // Normalise to 0..100 by the max.
            normalizeScore: (_s, _p, list) => {
              for (let i = 0; i < list.nodes.length; i++) list.scores[i] = (list.scores[i]! * 100) / 4;
              return null;
            },
          }),
          weight: 3,
        },
      ],
    });
    const per = new Map<string, Float64Array>();
    const { totals, status } = f.runScorePlugins(new CycleState(), pod, snap.nodes, per);
    expect(status).toBeNull();
    expect([...totals.slice(0, 3)]).toEqual([10 + 3 * 25, 50 + 3 * 50, 100 + 3 * 100]);
    expect([...per.get("B")!]).toEqual([25, 50, 100]);
  });

  it("PreScore Skip skips that plugin's Score for this pod", () => {
    let called = 0;
    const skipped: Plugin = { name: "S", preScore: () => SKIP, score: () => (called++, 100) };
    const f = framework({ preScore: [skipped], score: [{ plugin: skipped, weight: 5 }, { plugin: scorer("A", { n0: 1, n1: 2, n2: 3 }), weight: 1 }] });
    const st = new CycleState();
    expect(f.runPreScorePlugins(st, pod, snap.nodes)).toBeNull();
    const { totals } = f.runScorePlugins(st, pod, snap.nodes);
    expect(called).toBe(0);
    expect([...totals.slice(0, 3)]).toEqual([1, 2, 3]);
  });

  it("a PreScore rejection is an Error naming the plugin", () => {
    const f = framework({ preScore: [{ name: "P", preScore: () => Status.unschedulable("x") }] });
    const s = f.runPreScorePlugins(new CycleState(), pod, snap.nodes)!;
    expect([s.code, s.plugin]).toEqual([Code.Error, "P"]);
  });

  it.each([
    ["above 100", 101],
    ["below 0", -1],
    ["not an integer", 50.5],
  ])("a score %s after normalising is an Error", (_what, bad) => {
    const f = framework({ score: [{ plugin: scorer("Bad", { n0: 10, n1: bad, n2: 10 }), weight: 1 }] });
    const { status } = f.runScorePlugins(new CycleState(), pod, snap.nodes);
    expect(status!.code).toBe(Code.Error);
    expect(status!.plugin).toBe("Bad");
    expect(status!.message()).toBe(`plugin "Bad" returns an invalid score ${bad}, it should in the range of [0, 100] after normalizing`);
  });

  it("raw scores may be out of range if NormalizeScore brings them into it", () => {
    const f = framework({
      score: [{
        plugin: scorer("Raw", { n0: 1000, n1: 500, n2: 0 }, {
          normalizeScore: (_s, _p, l) => {
            for (let i = 0; i < l.nodes.length; i++) l.scores[i] = l.scores[i]! / 10;
            return null;
          },
        }),
        weight: 2,
      }],
    });
    const { totals, status } = f.runScorePlugins(new CycleState(), pod, snap.nodes);
    expect(status).toBeNull();
    expect([...totals.slice(0, 3)]).toEqual([200, 100, 0]);
  });

  it("a Score or NormalizeScore status is an Error", () => {
    const bad = framework({ score: [{ plugin: { name: "X", score: () => Status.error("no") }, weight: 1 }] });
    expect(bad.runScorePlugins(new CycleState(), pod, snap.nodes).status!.code).toBe(Code.Error);
    const badNorm = framework({ score: [{ plugin: scorer("N", { n0: 1, n1: 1, n2: 1 }, { normalizeScore: () => Status.error("no") }), weight: 1 }] });
    const s = badNorm.runScorePlugins(new CycleState(), pod, snap.nodes).status!;
    expect([s.code, s.plugin]).toEqual([Code.Error, "N"]);
  });

  it("score plugins need a positive integer weight", () => {
    const w: WeightedPlugin = { plugin: scorer("Z", {}), weight: 0 };
    expect(() => framework({ score: [w] })).toThrow(/positive integer weight/);
  });
});

describe("Reserve / Unreserve", () => {
  it("Reserve stops at the first failure; Unreserve runs on every Reserve plugin in reverse order", () => {
    const log: string[] = [];
    const mk = (name: string, fail = false): Plugin => ({
      name,
      reserve: () => (log.push(`reserve ${name}`), fail ? Status.unschedulable(`${name} full`) : null),
      unreserve: () => void log.push(`unreserve ${name}`),
    });
    const f = framework({ reserve: [mk("A"), mk("B", true), mk("C")] });
    const st = new CycleState();
    const s = f.runReservePluginsReserve(st, pod, "n0")!;
    expect([s.code, s.plugin]).toEqual([Code.Unschedulable, "B"]);
    f.runReservePluginsUnreserve(st, pod, "n0");
    expect(log).toEqual(["reserve A", "reserve B", "unreserve C", "unreserve B", "unreserve A"]);
  });
});

describe("Permit", () => {
  it("all Success is null", () => {
    expect(framework({ permit: [{ name: "A", permit: () => null }] }).runPermitPlugins(new CycleState(), pod, "n0")).toBeNull();
  });

  it("Wait returns the waiting plugins, with timeouts capped at 15 minutes", () => {
    const f = framework({
      permit: [
        { name: "W1", permit: () => Status.wait(16 * 60 * 1_000_000) },
        { name: "OK", permit: () => null },
        { name: "W2", permit: () => Status.wait(20 * 60 * 1_000_000) },
      ],
    });
    const s = f.runPermitPlugins(new CycleState(), pod, "n0")!;
    expect(s.code).toBe(Code.Wait);
    expect(s.reasons).toEqual(["W1", "W2"]);
    expect(s.timeoutUs).toBe(MAX_PERMIT_WAIT_US);
    expect(MAX_PERMIT_WAIT_US).toBe(15 * 60 * 1_000_000);
  });

  it("a rejection wins over an earlier Wait and stops the point", () => {
    let after = 0;
    const f = framework({
      permit: [
        { name: "W", permit: () => Status.wait(1000) },
        { name: "R", permit: () => Status.unschedulable("quota") },
        { name: "Late", permit: () => (after++, null) },
      ],
    });
    const s = f.runPermitPlugins(new CycleState(), pod, "n0")!;
    expect([s.code, s.plugin]).toEqual([Code.Unschedulable, "R"]);
    expect(after).toBe(0);
  });
});

describe("Bind", () => {
  it("the first plugin that does not Skip binds; later ones are not called", () => {
    const log: string[] = [];
    const f = framework({
      bind: [
        { name: "Skipper", bind: () => (log.push("Skipper"), SKIP) },
        { name: "Real", bind: () => (log.push("Real"), null) },
        { name: "Never", bind: () => (log.push("Never"), null) },
      ],
    });
    expect(f.runBindPlugins(new CycleState(), pod, "n0")).toBeNull();
    expect(log).toEqual(["Skipper", "Real"]);
  });

  it("a bind failure is returned with its plugin; all Skip is Skip", () => {
    const fail = framework({ bind: [{ name: "F", bind: () => Status.error("api down") }, binder] });
    const s = fail.runBindPlugins(new CycleState(), pod, "n0")!;
    expect([s.code, s.plugin]).toEqual([Code.Error, "F"]);
    const skip = framework({ bind: [{ name: "S", bind: () => SKIP }] });
    expect(skip.runBindPlugins(new CycleState(), pod, "n0")!.code).toBe(Code.Skip);
  });

  it("PreBind: the first failure is returned", () => {
    const f = framework({ preBind: [{ name: "A", preBind: () => null }, { name: "B", preBind: () => Status.unschedulable("x") }] });
    expect(f.runPreBindPlugins(new CycleState(), pod, "n0")!.plugin).toBe("B");
  });
});

describe("PostFilter and PreEnqueue", () => {
  it("PostFilter stops at the first Success", () => {
    let second = 0;
    const f = framework({
      postFilter: [
        { name: "Fail", postFilter: () => ({ status: Status.unschedulable("no victims") }) },
        { name: "Win", postFilter: () => ({ status: Status.success(), nominatedNodeName: "n1" }) },
        { name: "Never", postFilter: () => (second++, { status: Status.success() }) },
      ],
    });
    const r = f.runPostFilterPlugins(new CycleState(), pod, new Map());
    expect(r.nominatedNodeName).toBe("n1");
    expect(r.status.plugin).toBe("Win");
    expect(second).toBe(0);
  });

  it("PreEnqueue returns the first non-Success, attributed", () => {
    const f = framework({ preEnqueue: [{ name: "Ok", preEnqueue: () => null }, { name: "Gate", preEnqueue: () => Status.unresolvable("gated") }] });
    expect(f.runPreEnqueuePlugins(pod)!.plugin).toBe("Gate");
  });
});

describe("Filter with nominated pods", () => {
  // A node holds one pod at most.
  const onePod: Plugin = { name: "OnePod", filter: (_s, _p, n) => (n.pods.length >= 1 ? Status.unschedulable("full") : null) };

  function withNominated(priority: number) {
    const nominee = new PodInfo(makePod({ name: "nominee", priority }));
    const h = { ...makeHandle(snap), nominatedPodsForNode: (n: string) => (n === "n1" ? [nominee] : []) };
    return framework({ filter: [onePod] }, h);
  }

  it("a nominated pod of equal or higher priority takes the room", () => {
    const f = withNominated(10);
    const p = new PodInfo(makePod({ name: "p", priority: 10 }));
    expect(f.runFilterPluginsWithNominatedPods(new CycleState(), p, n1!)!.reasons).toEqual(["full"]);
    expect(f.runFilterPluginsWithNominatedPods(new CycleState(), p, n2!)).toBeNull();
    expect(n1!.pods).toHaveLength(0); // the real node is untouched
  });

  it("a nominated pod of lower priority is ignored", () => {
    const f = withNominated(1);
    const p = new PodInfo(makePod({ name: "p", priority: 10 }));
    expect(f.runFilterPluginsWithNominatedPods(new CycleState(), p, n1!)).toBeNull();
  });
});

describe("PreFilter and Filter as explain shows them", () => {
  it("every PreFilter verdict is reported without stopping the others; Skip drops that plugin's Filter", () => {
    const seen: string[] = [];
    const f = framework({
      preFilter: [
        { name: "No", preFilter: () => Status.unresolvable("no") },
        { name: "Narrow", preFilter: () => ({ nodeNames: new Set(["n1"]) }) },
        { name: "Skipper", preFilter: () => SKIP },
        { name: "Fine", preFilter: () => null },
      ],
      filter: [{ name: "Skipper", filter: () => Status.unschedulable("never asked") }, { name: "Fine", filter: () => null }],
    });
    const st = new CycleState();
    f.runPreFilterPluginsEach(st, pod, snap.nodes, (plugin, v) => seen.push(`${plugin}:${v instanceof Status ? v.reasons.join() : [...v.nodeNames].join()}`));
    expect(seen).toEqual(["No:no", "Narrow:n1"]);
    expect(st.activeFilters!.map((p) => p.name)).toEqual(["Fine"]);
  });

  it("every Filter verdict on a node, not only the first failure; plugins rejected at PreFilter and Skips left out", () => {
    const verdicts: string[] = [];
    const f = framework({
      filter: [
        { name: "A", filter: () => Status.unschedulable("A says no") },
        { name: "B", filter: () => null },
        { name: "Gone", filter: () => Status.unschedulable("not run") },
        { name: "S", filter: () => SKIP },
        { name: "C", filter: () => Status.unresolvable("C says no") },
      ],
    });
    f.runFilterPluginsEach(preFiltered(f), pod, n0!, new Set(["Gone"]), (plugin, s) => verdicts.push(`${plugin}:${s === null ? "ok" : s.reasons.join()}`));
    expect(verdicts).toEqual(["A:A says no", "B:ok", "C:C says no"]);
  });

  it("a throwing hook is reported with the plugin and the hook", () => {
    const f = framework({ filter: [{ name: "Boom", filter: () => { throw new Error("bad index"); } }], preFilter: [{ name: "Bang", preFilter: () => { throw new Error("oops"); } }] });
    expect(() => f.runPreFilterPluginsEach(new CycleState(), pod, snap.nodes, () => {})).toThrow("plugin Bang, PreFilter: oops");
    expect(() => f.runFilterPluginsEach(new CycleState(), pod, n1!, new Set(), () => {})).toThrow("plugin Boom, Filter: bad index");
  });
});
