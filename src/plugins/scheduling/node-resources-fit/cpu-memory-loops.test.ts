/**
 * Each strategy's cpu+memory loop (the batch path every default-profile run takes, over the snapshot's
 * columns or over rows gathered from NodeInfos) against the strategy's vector form node by node, on randomized nodes: resources in either order, unequal weights, nodes lacking
 * cpu or memory, overcommitted nodes, the pod's actual and NonZero requests.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../../core/engine/rng.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { makeNode, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { balancedResourceScorer } from "../node-resources-balanced-allocation/index.js";
import { leastResourceScorer } from "./least-allocated.js";
import { mostResourceScorer } from "./most-allocated.js";
import { ResourceAllocationScorer, type ResourceScorer, type ResourceSpec } from "./resource-allocation.js";

function randomCluster(rng: Rng) {
  const nodes = Array.from({ length: 200 }, (_, i) => {
    const cpu = rng.below(10) === 0 ? "0" : `${1 + rng.below(64)}`;
    const memory = rng.below(10) === 0 ? "0" : `${1 + rng.below(512)}Gi`;
    return makeNode({ name: `n${i}`, allocatable: { cpu, memory } });
  });
  const snapshot = makeSnapshot(nodes);
  // Pods placed without Filter, so some nodes end up over their capacity.
  for (let i = 0; i < 600; i++) {
    const requests = rng.below(6) === 0 ? undefined : { cpu: `${100 * rng.below(80)}m`, memory: `${64 * rng.below(600)}Mi` };
    snapshot.addPod(new PodInfo(makePod({ name: `p${i}`, ...(requests ? { requests } : {}) })), `n${rng.below(nodes.length)}`);
  }
  return snapshot;
}

const strategies: [string, (r: ResourceSpec[]) => ResourceScorer, boolean][] = [
  ["LeastAllocated", leastResourceScorer, false],
  ["MostAllocated", mostResourceScorer, false],
  ["BalancedAllocation", (r) => balancedResourceScorer(r.length, true), true],
];

describe("cpu+memory scoring loops", () => {
  for (const [name, make, balanced] of strategies) {
    it(`${name}: the loop equals the vector form on every node`, () => {
      for (const seed of [1, 2, 3, 4]) {
        const rng = Rng.seeded(seed);
        const snapshot = randomCluster(rng);
        const wc = balanced ? 1 : 1 + rng.below(5);
        const wm = balanced ? 1 : 1 + rng.below(5);
        const orders: ResourceSpec[][] = [
          [{ name: "cpu", weight: wc }, { name: "memory", weight: wm }],
          [{ name: "memory", weight: wm }, { name: "cpu", weight: wc }],
        ];
        for (const resources of orders) {
          const strategy = make(resources);
          expect(strategy.cpuMemory).toBeTypeOf("function");
          for (const useRequested of [false, true]) {
            const scorer = new ResourceAllocationScorer(resources, useRequested, strategy);
            for (let k = 0; k < 20; k++) {
              const pod = new PodInfo(makePod({ name: "x", requests: { cpu: `${100 * rng.below(64)}m`, memory: `${64 * rng.below(900)}Mi` } }));
              const req = scorer.podRequests(pod);
              const out = new Float64Array(snapshot.size);
              expect(scorer.scoreAll(snapshot.nodes, req, out)).toBeNull();
              const perNode = snapshot.nodes.map((n) => scorer.score(n, req));
              expect([...out], `seed ${seed}, ${resources[0]!.name} first, useRequested ${useRequested}`).toEqual(perNode);
              // Through the snapshot's columns, on a shuffled subset of its nodes (as the scan hands them over).
              const picked = rng.shuffle([...snapshot.nodes]).slice(0, 1 + rng.below(snapshot.size));
              const rows = Int32Array.from(picked, (n) => n.index);
              const byRows = new Float64Array(picked.length);
              expect(scorer.scoreAll(picked, req, byRows, { columns: snapshot.columns, rows })).toBeNull();
              expect([...byRows], `seed ${seed}, rows`).toEqual(picked.map((n) => scorer.score(n, req)));
            }
          }
        }
      }
    });
  }
});
