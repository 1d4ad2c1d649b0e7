/**
 * Test harness: a real Framework (a counting filter like kube's FakeFilterPlugin, NodeResourcesFit or
 * other given plugins, PrioritySort, DefaultBinder, DefaultPreemption) over a snapshot, with a
 * recording handle and a scripted random offset (kube's tests pin rand.NewSource(4)).
 */
import type { Node, Pod } from "../../../core/api/types.js";
import type { Rng } from "../../../core/engine/rng.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import type { FrameworkHandle, FrameworkRunner, Plugin } from "../../../core/scheduler/framework.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Framework, type PluginLists } from "../../../core/scheduler/runtime.js";
import type { Snapshot } from "../../../core/scheduler/snapshot.js";
import { Code, Status } from "../../../core/scheduler/status.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { DefaultBinder } from "../default-binder/index.js";
import { NodeResourcesFit } from "../node-resources-fit/index.js";
import { PrioritySort } from "../priority-sort/index.js";
import { DefaultPreemption } from "./index.js";

// kube's default_preemption_test.go fixtures.
export const negPriority = -100;
export const lowPriority = 0;
export const midPriority = 100;
export const highPriority = 1000;
export const veryHighPriority = 10000;
export const smallRes = { cpu: "100m", memory: "100" };
export const mediumRes = { cpu: "200m", memory: "200" };
export const largeRes = { cpu: "300m", memory: "300" };
export const veryLargeRes = { cpu: "500m", memory: "500" };

export interface PodSpecLite {
  name: string;
  node?: string;
  priority?: number;
  req?: Record<string, string>;
  /** PodInfo.startTimeUs (kube: status.startTime). */
  start?: number;
  labels?: Record<string, string>;
  preemptionPolicy?: "Never" | "PreemptLowerPriority";
  extra?: Partial<Parameters<typeof makePod>[0]>;
}

export function pod(s: PodSpecLite): Pod {
  const p = makePod({
    name: s.name,
    uid: s.name,
    ...(s.node ? { nodeName: s.node } : {}),
    ...(s.priority !== undefined ? { priority: s.priority } : {}),
    ...(s.req ? { requests: s.req } : {}),
    ...(s.labels ? { labels: s.labels } : {}),
    ...(s.extra ?? {}),
  });
  if (s.preemptionPolicy) p.spec.preemptionPolicy = s.preemptionPolicy;
  return p;
}

/** Nodes "name" or "name/zone" with the given allocatable (labels hostname/zone as kube's tests set them). */
export function nodes(names: readonly string[], allocatable: Record<string, string> = veryLargeRes): Node[] {
  return names.map((n) => {
    const [name, zone] = n.split("/");
    return makeNode({ name: name!, allocatable, labels: { hostname: name!, ...(zone ? { zone } : {}) } });
  });
}

/** An Rng whose `below` returns the scripted values in turn. */
export function scriptedRng(values: readonly number[]): Rng {
  let i = 0;
  return { below: (n: number) => values[i++ % values.length]! % n } as unknown as Rng;
}

export interface World {
  snapshot: Snapshot;
  fw: Framework;
  handle: FrameworkHandle & { deleted: string[]; nominations: [string, string][]; rejected: string[] };
  preemption: Plugin;
  /** Calls of the counting filter (kube's FakeFilterPlugin.NumFilterCalled). */
  filterCalls(): number;
  /** PreFilter for `pod` into a fresh CycleState (as kube's tests do before calling PostFilter). */
  prefilter(p: PodInfo): CycleState;
}

export interface WorldOpts {
  /** PreFilter/Filter plugins after the counting filter; default: NodeResourcesFit. */
  plugins?: (h: FrameworkHandle) => Plugin[];
  /** Code the counting filter returns on every node (kube's fakeFilterRC); default Success. */
  fakeFilterCode?: Code;
  preemptionArgs?: unknown;
  offsets?: readonly number[];
  nominated?: Record<string, PodInfo[]>;
  waiting?: ReadonlySet<string>;
}

export function world(nodeList: Node[], podList: Pod[], opts: WorldOpts = {}, startTimes: Record<string, number> = {}): World {
  const snapshot = makeSnapshot(nodeList, podList);
  for (const n of snapshot.nodes) for (const p of n.pods) p.startTimeUs = startTimes[p.name] ?? 0;

  let calls = 0;
  const counting: Plugin = {
    name: "FakeFilter",
    filter: () => {
      calls++;
      return opts.fakeFilterCode ? new Status(opts.fakeFilterCode, [`injecting failure for pod`]) : null;
    },
  };
  const nominations: [string, string][] = [];
  const rejected: string[] = [];
  const nominated = opts.nominated ?? {};
  const handle: World["handle"] = {
    ...makeHandle(snapshot),
    rng: scriptedRng(opts.offsets ?? [0]),
    nominatedPodsForNode: (n) => nominated[n] ?? [],
    nominate: (p, n) => void nominations.push([p.name, n]),
    isWaitingPod: (u) => opts.waiting?.has(u) ?? false,
    rejectWaitingPod: (u) => void rejected.push(u),
    nominations,
    rejected,
  };
  const plugins = opts.plugins ? opts.plugins(handle) : [NodeResourcesFit.create(NodeResourcesFit.args(undefined, "args"), handle)];
  const preemption = DefaultPreemption.create(DefaultPreemption.args(opts.preemptionArgs, "args"), handle);
  const lists: PluginLists = {
    preEnqueue: [],
    queueSort: [PrioritySort.create(undefined, handle)],
    preFilter: plugins.filter((p) => p.preFilter),
    filter: [counting, ...plugins.filter((p) => p.filter)],
    postFilter: [preemption],
    preScore: [],
    score: [],
    reserve: [],
    permit: [],
    preBind: [],
    bind: [DefaultBinder.create(undefined, handle)],
    postBind: [],
  };
  const fw = new Framework("test", lists, 0, () => handle);
  (handle as { framework: FrameworkRunner }).framework = fw;
  return {
    snapshot,
    fw,
    handle,
    preemption,
    filterCalls: () => calls,
    prefilter(p) {
      const state = new CycleState();
      const r = fw.runPreFilterPlugins(state, p, snapshot.nodes);
      if (r.status) throw new Error(`unexpected PreFilter status: ${r.status.toString()}`);
      return state;
    },
  };
}

/** A NodeToStatus marking the given nodes with `code`. */
export function statuses(names: readonly string[], code: Code = Code.Unschedulable): Map<string, Status> {
  return new Map(names.map((n) => [n, new Status(code)]));
}
