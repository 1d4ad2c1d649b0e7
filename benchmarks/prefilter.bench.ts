/**
 * PreFilter cost against the number of live pods, on the DLRM recommended cluster's 2,680 nodes (in 8
 * zones): PodTopologySpread with a per-app hostname cap (the DLRM trace's max_instance_per_node) and
 * InterPodAffinity with required anti-affinity on the hostname and affinity on the zone. Between calls
 * one live pod moves to another node, as pods come and go in a run. The kept per-node counts should cost
 * the same at 2,000, 8,000 and 20,000 live pods; counting pod by pod (shown beside) grows with them.
 *   node dist-bench/benchmarks/prefilter.bench.js [--calls 2000]
 */
import "reflect-metadata";
import { performance } from "node:perf_hooks";
import type { Pod } from "../src/core/api/types.js";
import { Rng } from "../src/core/engine/rng.js";
import { CycleState } from "../src/core/scheduler/cycle-state.js";
import { PodInfo } from "../src/core/scheduler/pod-info.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "../src/core/scheduler/testing.js";
import { preFilter as affinityPreFilter } from "../src/plugins/scheduling/inter-pod-affinity/filtering.js";
import { TermCounts } from "../src/plugins/scheduling/inter-pod-affinity/term-counts.js";
import { countDomains, getPreFilterState } from "../src/plugins/scheduling/pod-topology-spread/filtering.js";
import { createPodTopologySpread } from "../src/plugins/scheduling/pod-topology-spread/index.js";
import { MatchCounts } from "../src/plugins/scheduling/pod-topology-spread/match-counts.js";
import { flag, machine } from "./common.js";

const calls = Number(flag("calls", "2000"));
const NODES = 2680;
const APPS = 156;
const ZONE = "topology.kubernetes.io/zone";

function incoming(app: string): Pod {
  const sel = { matchLabels: { app } };
  return makePod({
    name: `incoming-${app}`,
    labels: { app },
    topologySpreadConstraints: [{ maxSkew: 2, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: sel }],
    affinity: {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: sel, topologyKey: "kubernetes.io/hostname" }] },
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: sel, topologyKey: ZONE }] },
    },
  });
}

function measure(live: number): number[] {
  const rng = Rng.seeded(live);
  const snap = makeSnapshot(Array.from({ length: NODES }, (_, i) => makeNode({ name: `node-${i}`, labels: { [ZONE]: `zone-${i % 8}` } })));
  const handle = makeHandle(snap);
  const spread = createPodTopologySpread({ defaultingType: "List", defaultConstraints: [] }, handle);
  const kept = new TermCounts();
  const perNode = new MatchCounts();
  const pods: PodInfo[] = [];
  for (let i = 0; i < live; i++) {
    const p = new PodInfo(makePod({ name: `p${i}`, uid: `p${i}`, labels: { app: `app-${rng.below(APPS)}` } }));
    snap.addPod(p, `node-${rng.below(NODES)}`);
    pods.push(p);
  }
  const want = Array.from({ length: 16 }, (_, i) => new PodInfo(incoming(`app-${i}`)));
  const totals = [0, 0, 0, 0];
  for (let c = 0; c < calls; c++) {
    const moved = pods[rng.below(pods.length)]!;
    snap.removePod(moved);
    snap.addPod(moved, `node-${rng.below(NODES)}`);
    const pod = want[c % want.length]!;
    let t = performance.now();
    const state = new CycleState();
    spread.preFilter!(state, pod, snap.nodes);
    totals[0]! += performance.now() - t;
    // The same domain map built afresh from per-node counts, as PreFilter made it before it was kept.
    const s = getPreFilterState(state)!;
    t = performance.now();
    for (const con of s.constraints) countDomains(snap.nodes, s.constraints, con, s.inclusion, perNode.for(con.selector, pod.namespace));
    totals[1]! += performance.now() - t;
    t = performance.now();
    affinityPreFilter(new CycleState(), pod, handle, kept);
    totals[2]! += performance.now() - t;
    t = performance.now();
    affinityPreFilter(new CycleState(), pod, handle, null);
    totals[3]! += performance.now() - t;
  }
  return totals.map((ms) => (ms * 1000) / calls);
}

console.log(`PreFilter µs per call on ${NODES.toLocaleString("en-US")} nodes, one pod moving between calls [${machine()}]`);
console.log("live pods | PodTopologySpread (kept) | (map afresh) | InterPodAffinity (kept) | (pod by pod)");
for (const live of [2000, 8000, 20000]) {
  const [pts, ptsFresh, ipa, ipaFresh] = measure(live).map((us) => us.toFixed(0).padStart(6));
  console.log(`${live.toLocaleString("en-US").padStart(9)} | ${pts!.padStart(24)} | ${ptsFresh!.padStart(13)} | ${ipa!.padStart(23)} | ${ipaFresh!.padStart(12)}`);
}
