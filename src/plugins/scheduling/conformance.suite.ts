/**
 * The scheduling plugins' conformance suite: what every plugin factory promises whatever it computes.
 * Its clusters are random (seeded): nodes of mixed sizes, GPUs, zones, taints and images, placed pods
 * of a few apps, and incoming pods with requests, tolerations, preferred affinities and soft spread
 * constraints, so the batch paths meet shapes no hand-written table lists.
 */
import { expect } from "vitest";
import { LabelGPUModel, LabelZone, ResourceGPU, ResourceGPUMilli, type Node, type Pod, type ResourceList } from "../../core/api/types.js";
import { conformanceSuite, type ConformanceCase } from "../../core/conformance.suite.js";
import { Rng } from "../../core/engine/rng.js";
import { CycleState } from "../../core/scheduler/cycle-state.js";
import { ArgsError, type PluginFactory } from "../../core/scheduler/framework.js";
import { PodInfo } from "../../core/scheduler/pod-info.js";
import type { Snapshot } from "../../core/scheduler/snapshot.js";
import { Status } from "../../core/scheduler/status.js";
import { makeHandle, makeNode, makePod, makeSnapshot, scoreAll } from "../../core/scheduler/testing.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Factory = PluginFactory<any>;

const APPS = ["web", "db", "batch"];
const IMAGES = ["nginx:1.27", "postgres:16", "busybox:1.36", "python:3.12"];
const MIB = 2 ** 20;

/** A random cluster: `nodes` nodes and about twice as many placed pods. */
export function randomCluster(seed: number, nodes = 12): { snapshot: Snapshot; incoming: Pod[] } {
  const rng = Rng.seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.below(xs.length)]!;
  const ns: Node[] = [];
  for (let i = 0; i < nodes; i++) {
    const gpus = pick([0, 0, 2, 4, 8]);
    const allocatable: ResourceList = { cpu: `${pick([2, 4, 16, 64])}`, memory: String(pick([4, 16, 64, 256]) * 1024 * MIB), pods: String(pick([4, 30, 110])) };
    if (gpus > 0) allocatable[ResourceGPU] = String(gpus);
    ns.push(
      makeNode({
        name: `n${i}`,
        allocatable,
        labels: { [LabelZone]: `z${rng.below(3)}`, ...(gpus > 0 ? { [LabelGPUModel]: pick(["T4", "V100"]) } : {}) },
        ...(rng.below(4) === 0 ? { taints: [{ key: "dedicated", value: pick(APPS), effect: pick(["NoSchedule", "PreferNoSchedule"] as const) }] } : {}),
        ...(rng.below(2) === 0 ? { images: [{ names: [pick(IMAGES)], sizeBytes: (1 + rng.below(900)) * MIB }] } : {}),
      }),
    );
  }
  const placed: Pod[] = [];
  for (let i = 0; i < nodes * 2; i++) {
    const node = ns[rng.below(ns.length)]!;
    const requests: ResourceList = { cpu: `${pick([100, 250, 500, 1000])}m`, memory: String(pick([64, 256, 1024]) * MIB) };
    if (node.status?.allocatable?.[ResourceGPU] && rng.below(2) === 0) requests[ResourceGPUMilli] = String(pick([250, 500]));
    placed.push(makePod({ name: `p${i}`, requests, labels: { app: pick(APPS) }, nodeName: node.metadata.name }));
  }
  const snapshot = makeSnapshot(ns, []);
  // Placed one by one where they fit, so GPU shares land on devices as in a run.
  for (const p of placed) snapshot.addPod(new PodInfo(p), p.spec.nodeName!);
  const incoming: Pod[] = [];
  for (let i = 0; i < 8; i++) incoming.push(randomPod(rng, `in${i}`));
  return { snapshot, incoming };
}

function randomPod(rng: Rng, name: string): Pod {
  const pick = <T>(xs: readonly T[]): T => xs[rng.below(xs.length)]!;
  const app = pick(APPS);
  const requests: ResourceList = {};
  if (rng.below(5) > 0) requests.cpu = `${pick([100, 500, 2000, 8000])}m`;
  if (rng.below(5) > 0) requests.memory = String(pick([128, 2048, 32768]) * MIB);
  const gpu = rng.below(3);
  if (gpu === 1) requests[ResourceGPUMilli] = String(pick([300, 500, 700]));
  if (gpu === 2) requests[ResourceGPU] = String(pick([1, 2]));
  return makePod({
    name,
    labels: { app },
    containers: [{ name: "c", image: pick(IMAGES), ...(Object.keys(requests).length ? { resources: { requests } } : {}) }],
    ...(rng.below(2) === 0 ? { tolerations: [{ key: "dedicated", operator: "Equal", value: app, effect: pick(["NoSchedule", "PreferNoSchedule"] as const) }] } : {}),
    affinity: {
      ...(rng.below(2) === 0
        ? { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1 + rng.below(100), preference: { matchExpressions: [{ key: LabelZone, operator: "In", values: [`z${rng.below(3)}`] }] } }] } }
        : {}),
      ...(rng.below(2) === 0
        ? { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1 + rng.below(100), podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { app } } } }] } }
        : {}),
      ...(rng.below(3) === 0
        ? { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1 + rng.below(100), podAffinityTerm: { topologyKey: LabelZone, labelSelector: { matchLabels: { app: pick(APPS) } } } }] } }
        : {}),
    },
    ...(rng.below(2) === 0
      ? { topologySpreadConstraints: [{ maxSkew: 1 + rng.below(2), topologyKey: pick([LabelZone, "kubernetes.io/hostname"]), whenUnsatisfiable: "ScheduleAnyway" as const, labelSelector: { matchLabels: { app } } }] }
      : {}),
  });
}

const SEEDS = [1, 2, 3, 4, 5];

const create = (f: Factory, snapshot: Snapshot, seed = 1) => f.create(f.args(undefined, "args"), makeHandle(snapshot, { seed }));
const probe = (f: Factory) => create(f, makeSnapshot([]));

const cases: ConformanceCase<Factory>[] = [
  {
    name: "builds from default args, under its registered name",
    run(f) {
      const p = probe(f);
      expect(p.name).toBe(f.name);
    },
  },
  {
    name: "refuses args that are not a mapping with an ArgsError at the args' path",
    run(f) {
      let err: unknown;
      try {
        f.args("not args", "profiles[0].pluginConfig[0].args");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ArgsError);
      expect((err as ArgsError).path.startsWith("profiles[0].pluginConfig[0].args")).toBe(true);
    },
  },
  {
    name: "Score: the batch form and Score node by node agree on random clusters",
    notApplicable: (f) => (probe(f).scoreAll ? null : probe(f).score ? "Score has no batch form (scoreAll)" : "no Score"),
    run(f) {
      // scoreAll (testing.ts) runs the runtime's batch path and the per-node path, and throws on a difference.
      for (const seed of SEEDS) {
        const { snapshot, incoming } = randomCluster(seed);
        const plugin = create(f, snapshot);
        for (const pod of incoming) scoreAll(plugin, pod, snapshot);
      }
    },
  },
  {
    name: "Score: every final score is an integer in [0, 100]",
    notApplicable: (f) => (probe(f).score || probe(f).scoreAll ? null : "no Score"),
    run(f) {
      for (const seed of SEEDS) {
        const { snapshot, incoming } = randomCluster(seed);
        const plugin = create(f, snapshot);
        for (const pod of incoming) {
          for (const v of Object.values(scoreAll(plugin, pod, snapshot))) {
            expect(Number.isInteger(v) && v >= 0 && v <= 100, `score ${v}`).toBe(true);
          }
        }
      }
    },
  },
  {
    name: "Score: two instances with the same seed give the same scores",
    notApplicable: (f) => (probe(f).score || probe(f).scoreAll ? null : "no Score"),
    run(f) {
      const { snapshot, incoming } = randomCluster(7);
      const a = create(f, snapshot, 3);
      const b = create(f, snapshot, 3);
      for (const pod of incoming) expect(scoreAll(b, pod, snapshot)).toEqual(scoreAll(a, pod, snapshot));
    },
  },
  {
    name: "Filter: the same verdict again and under a fresh CycleState, the node left unchanged",
    notApplicable: (f) => (probe(f).filter ? null : "no Filter"),
    run(f) {
      for (const seed of SEEDS) {
        const { snapshot, incoming } = randomCluster(seed);
        const plugin = create(f, snapshot);
        for (const pod of incoming) {
          const pi = new PodInfo(pod);
          const verdicts = (state: CycleState) => {
            const pre = plugin.preFilter?.(state, pi, snapshot.nodes);
            if (pre instanceof Status && !pre.isSuccess()) return snapshot.nodes.map(() => `PreFilter ${pre.code}`);
            return snapshot.nodes.map((n) => {
              const gen = n.generation;
              const s = plugin.filter!(state, pi, n);
              expect(n.generation).toBe(gen);
              return s === null ? "ok" : `${s.code} ${s.reasons.join("; ")}`;
            });
          };
          const first = new CycleState();
          const once = verdicts(first);
          expect(verdicts(first)).toEqual(once);
          expect(verdicts(new CycleState())).toEqual(once);
        }
      }
    },
  },
];

export const schedulingConformance = conformanceSuite<Factory>("scheduling plugin", cases);
