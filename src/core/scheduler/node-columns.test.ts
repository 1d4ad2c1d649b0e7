/**
 * The snapshot's node columns (node-columns.ts) hold every node's Filter/Score numbers at its index through
 * any sequence of node and pod changes, a dry run's clone never writes into them, and NodeResourcesFit's
 * Filter over rows gives the per-node verdicts.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import { defaultSchedulerConfig } from "./config.js";
import { CycleState } from "./cycle-state.js";
import type { NodeInfo } from "./node-info.js";
import { PodInfo } from "./pod-info.js";
import { buildFramework } from "./profile.js";
import type { Snapshot } from "./snapshot.js";
import type { Status } from "./status.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "./testing.js";

const FIELDS = ["allocCpu", "allocMem", "allocPods", "reqCpu", "reqMem", "nzCpu", "nzMem", "podCount"] as const;

function expectColumnsMatch(s: Snapshot, when: string): void {
  s.nodes.forEach((ni, i) => {
    expect(ni.index, when).toBe(i);
    for (const f of FIELDS) expect(s.columns[f][i], `${when}: ${ni.name}.${f}`).toBe(ni[f]);
  });
}

const randomNode = (rng: Rng, name: string) =>
  makeNode({ name, allocatable: { cpu: `${1 + rng.below(64)}`, memory: `${1 + rng.below(512)}Gi`, pods: `${1 + rng.below(110)}` } });

describe("NodeColumns", () => {
  it("mirror every node through adds, removals and updates of nodes and pods", () => {
    const rng = Rng.seeded(5);
    const s = makeSnapshot(Array.from({ length: 30 }, (_, i) => randomNode(rng, `n${i}`)));
    const placed: PodInfo[] = [];
    let nextNode = 30;
    for (let step = 0; step < 3000; step++) {
      const op = rng.below(10);
      if (op < 5 || placed.length === 0) {
        const requests = rng.below(5) === 0 ? undefined : { cpu: `${100 * rng.below(40)}m`, memory: `${64 * rng.below(400)}Mi` };
        const pi = new PodInfo(makePod({ name: `p${step}`, ...(requests ? { requests } : {}) }));
        if (s.addPod(pi, s.nodes[rng.below(s.size)]!.name)) placed.push(pi);
      } else if (op < 8) {
        const pi = placed.splice(rng.below(placed.length), 1)[0]!;
        s.removePod(pi);
      } else if (op === 8) {
        s.updateNode(randomNode(rng, s.nodes[rng.below(s.size)]!.name));
      } else if (s.size > 5 && rng.below(2) === 0) {
        const gone = s.removeNode(s.nodes[rng.below(s.size)]!.name)!;
        for (const p of gone.pods) placed.splice(placed.indexOf(p), 1);
      } else s.addNode(randomNode(rng, `n${nextNode++}`));
      expectColumnsMatch(s, `step ${step}`);
    }
  });

  it("are not written by a dry run's clone of a node", () => {
    const s = makeSnapshot([makeNode({ name: "a", allocatable: { cpu: "4", memory: "8Gi" } })]);
    const before = FIELDS.map((f) => s.columns[f][0]);
    const clone = s.nodes[0]!.clone();
    clone.addPod(new PodInfo(makePod({ name: "x", requests: { cpu: "1", memory: "1Gi" } })));
    expect(clone.reqCpu).toBe(1000);
    expect(FIELDS.map((f) => s.columns[f][0])).toEqual(before);
    expectColumnsMatch(s, "after the clone's pod");
  });

  it("NodeResourcesFit's Filter over rows equals its Filter node by node", () => {
    const rng = Rng.seeded(9);
    const s = makeSnapshot(Array.from({ length: 200 }, (_, i) => randomNode(rng, `n${i}`)));
    for (let i = 0; i < 1500; i++) {
      s.addPod(new PodInfo(makePod({ name: `f${i}`, requests: { cpu: `${100 * rng.below(30)}m`, memory: `${64 * rng.below(300)}Mi` } })), `n${rng.below(200)}`);
    }
    const handle = makeHandle(s);
    const cfg = defaultSchedulerConfig();
    const fwk = buildFramework(cfg, cfg.profiles[0]!, inTreeRegistry(), () => handle);
    const fit = fwk.filterPlugins.find((p) => p.name === "NodeResourcesFit")!;
    let rejected = 0;
    for (let k = 0; k < 60; k++) {
      const requests = k % 10 === 0 ? undefined : { cpu: `${250 * rng.below(40)}m`, memory: `${256 * rng.below(200)}Mi` };
      const pod = new PodInfo(makePod({ name: `q${k}`, ...(requests ? { requests } : {}) }));
      const state = new CycleState();
      fwk.runPreFilterPlugins(state, pod, s.nodes);
      const picked: NodeInfo[] = rng.shuffle([...s.nodes]).slice(0, 50 + rng.below(150));
      const out: (Status | null)[] = [];
      fit.filterAll!(state, pod, picked, picked.length, out, { columns: s.columns, rows: Int32Array.from(picked, (n) => n.index) });
      const perNode = picked.map((n) => fit.filter!(state, pod, n));
      expect(out.map((v) => v?.message() ?? null)).toEqual(perNode.map((v) => v?.message() ?? null));
      rejected += perNode.filter((v) => v !== null).length;
    }
    expect(rejected).toBeGreaterThan(100);
  });
});
