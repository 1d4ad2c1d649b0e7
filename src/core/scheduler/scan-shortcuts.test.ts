// The node scan's shortcuts change no decision: on randomized clusters (cordoned nodes, NoSchedule and
// PreferNoSchedule taints, images, full nodes, pods naming a node), a scheduler that leaves out the plugins
// the node traits rule out and filters in plugin-by-plugin windows (with NodeResourcesFit's batch form)
// makes, pod after pod, the same choices with the same failure statuses as one that runs every plugin on
// every node, one node at a time.
import { describe, expect, it } from "vitest";
import type { Node, Pod, Taint, Toleration } from "../api/types.js";
import { Rng } from "../engine/rng.js";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import { defaultSchedulerConfig } from "./config.js";
import { CycleState } from "./cycle-state.js";
import { NodeTraits } from "./node-traits.js";
import { PodInfo } from "./pod-info.js";
import { buildFramework } from "./profile.js";
import { PodScheduler, type ScheduleResult } from "./schedule-pod.js";
import type { Snapshot } from "./snapshot.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "./testing.js";

const IMAGES = ["nginx:1.27", "redis:7", "postgres:16", "busybox:1.36"];

interface Mix {
  cordoned: number;
  hard: number;
  soft: number;
}

function randomNodes(rng: Rng, count: number, mix: Mix): Node[] {
  return Array.from({ length: count }, (_, i) => {
    const taints: Taint[] = [];
    if (rng.float() < mix.hard) taints.push({ key: "dedicated", value: rng.below(2) ? "gpu" : "db", effect: rng.below(3) ? "NoSchedule" : "NoExecute" });
    if (rng.float() < mix.soft) taints.push({ key: "spot", value: "true", effect: "PreferNoSchedule" });
    const images = rng.below(3) === 0 ? [{ names: [IMAGES[rng.below(IMAGES.length)]!], sizeBytes: (100 + rng.below(900)) * 2 ** 20 }] : undefined;
    return makeNode({
      name: `n${i}`,
      allocatable: { cpu: `${1 + rng.below(8)}`, memory: `${4 + rng.below(28)}Gi`, pods: rng.below(5) === 0 ? "3" : "110" },
      labels: { "topology.kubernetes.io/zone": `z${rng.below(3)}` },
      ...(taints.length ? { taints } : {}),
      unschedulable: rng.float() < mix.cordoned,
      ...(images ? { images } : {}),
    });
  });
}

function randomPod(rng: Rng, i: number, nodes: number): Pod {
  const tolerations: Toleration[] = [];
  if (rng.below(4) === 0) tolerations.push({ key: "dedicated", operator: "Exists" });
  if (rng.below(6) === 0) tolerations.push({ key: "spot", operator: "Equal", value: "true", effect: "PreferNoSchedule" });
  if (rng.below(8) === 0) tolerations.push({ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" });
  const requests = { cpu: `${100 * (1 + rng.below(rng.below(10) === 0 ? 200 : 30))}m`, memory: `${128 * (1 + rng.below(40))}Mi` };
  return makePod({
    name: `p${i}`,
    ...(tolerations.length ? { tolerations } : {}),
    ...(rng.below(12) === 0 ? { nodeName: `n${rng.below(nodes)}` } : {}),
    containers: [{ name: "c", image: IMAGES[rng.below(IMAGES.length)]!, resources: { requests } }],
  });
}

/** A scheduler over its own copy of the cluster; `fast` turns the shortcuts on. */
function scheduler(nodes: Node[], fast: boolean) {
  const snapshot = makeSnapshot(nodes);
  const handle = makeHandle(snapshot);
  if (fast) handle.anyNominatedPods = () => false;
  const cfg = defaultSchedulerConfig();
  const fwk = buildFramework(cfg, cfg.profiles[0]!, inTreeRegistry(), () => handle);
  (handle as { framework: unknown }).framework = fwk;
  const ps = new PodScheduler(Rng.seeded(7));
  if (fast) ps.useSnapshot(snapshot);
  return { snapshot, fwk, ps };
}

/** What a decision shows: the node, or the failure with every node's status. */
function outcome(r: ScheduleResult): unknown {
  if (r.ok) return { node: r.node.name, evaluated: r.evaluated, feasible: r.feasible };
  const statuses = [...r.diagnosis.nodeToStatus].map(([n, s]) => `${n}: ${s.plugin} ${s.message()}`).sort();
  return { message: r.status.message(), statuses, plugins: [...r.diagnosis.unschedulablePlugins].sort() };
}

function recount(snapshot: Snapshot): NodeTraits {
  const t = new NodeTraits();
  for (const ni of snapshot.nodes) t.count(ni, 1);
  return t;
}

describe("node scan shortcuts", () => {
  const mixes: [string, Mix][] = [
    ["untainted, nothing cordoned (every shortcut applies)", { cordoned: 0, hard: 0, soft: 0 }],
    ["some nodes cordoned and tainted", { cordoned: 0.15, hard: 0.2, soft: 0.2 }],
    ["most nodes tainted", { cordoned: 0.05, hard: 0.7, soft: 0.6 }],
  ];
  for (const [name, mix] of mixes) {
    it(`make the same decisions as the plain scan: ${name}`, () => {
      for (const seed of [1, 2, 3]) {
        const rng = Rng.seeded(seed);
        const nodes = randomNodes(rng, 60 + rng.below(180), mix);
        const fast = scheduler(nodes, true);
        const plain = scheduler(nodes, false);
        let placed = 0;
        for (let i = 0; i < 400; i++) {
          const pod = randomPod(rng, i, nodes.length);
          const a = fast.ps.schedulePod(fast.fwk, new CycleState(), new PodInfo(pod), fast.snapshot.nodes, undefined);
          const b = plain.ps.schedulePod(plain.fwk, new CycleState(), new PodInfo(pod), plain.snapshot.nodes, undefined);
          expect(outcome(a), `seed ${seed}, pod ${i}`).toEqual(outcome(b));
          expect(fast.ps.nextStartNodeIndex).toBe(plain.ps.nextStartNodeIndex);
          if (a.ok) {
            placed++;
            fast.snapshot.addPod(new PodInfo(pod), a.node.name);
            plain.snapshot.addPod(new PodInfo(pod), a.node.name);
          }
          if (i % 50 === 49) {
            // Cordon or uncordon a node and change its taints: the trait counts must follow.
            const k = rng.below(nodes.length);
            const node = structuredClone(fast.snapshot.nodes[k]!.node);
            node.spec = { ...node.spec, unschedulable: !node.spec?.unschedulable, taints: rng.below(2) ? [{ key: "spot", effect: "PreferNoSchedule" }] : [] };
            fast.snapshot.updateNode(node);
            plain.snapshot.updateNode(node);
            expect(fast.snapshot.traits).toEqual(recount(fast.snapshot));
          }
        }
        // The workload both fits and fails: the comparison covered both kinds of decision.
        expect(placed).toBeGreaterThan(30);
        expect(placed).toBeLessThan(400);
      }
    });
  }

  it("count cordoned, NoSchedule/NoExecute-tainted and PreferNoSchedule-tainted nodes through add, update and remove", () => {
    const s = makeSnapshot([
      makeNode({ name: "a", unschedulable: true }),
      makeNode({ name: "b", taints: [{ key: "k", effect: "NoExecute" }, { key: "s", effect: "PreferNoSchedule" }] }),
      makeNode({ name: "c", taints: [{ key: "k", effect: "NoSchedule" }] }),
    ]);
    expect({ ...s.traits }).toEqual({ unschedulable: 1, hardTainted: 2, softTainted: 1 });
    s.updateNode(makeNode({ name: "a" }));
    s.removeNode("b");
    expect({ ...s.traits }).toEqual({ unschedulable: 0, hardTainted: 1, softTainted: 0 });
  });
});
