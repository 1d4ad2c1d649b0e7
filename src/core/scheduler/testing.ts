/**
 * Builders for plugin tests: Kubernetes-shaped nodes and pods in one line, a snapshot, and a
 * FrameworkHandle without an engine. Mirrors kube-scheduler's st.MakePod()/st.MakeNode() helpers in spirit.
 */
import type { Container, Node, Pod, PodSpec, Taint, Toleration, ResourceList, Affinity, TopologySpreadConstraint } from "../api/types.js";
import { Rng } from "../engine/rng.js";
import { CycleState } from "./cycle-state.js";
import type { FrameworkHandle, FrameworkRunner, Plugin } from "./framework.js";
import type { NodeInfo } from "./node-info.js";
import { PodInfo } from "./pod-info.js";
import { Framework, type PluginLists } from "./runtime.js";
import { Snapshot } from "./snapshot.js";
import { Status } from "./status.js";

export interface NodeOpts {
  name: string;
  allocatable?: ResourceList;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
}

export function makeNode(o: NodeOpts): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: o.name, labels: { "kubernetes.io/hostname": o.name, ...(o.labels ?? {}) } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable: { pods: "110", ...(o.allocatable ?? {}) }, ...(o.images ? { images: o.images } : {}) },
  };
}

export interface PodOpts {
  name: string;
  namespace?: string;
  /** Requests of a single container; omit for a best-effort pod. */
  requests?: ResourceList;
  /** Several containers (overrides `requests`). */
  containers?: Container[];
  initContainers?: Container[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  nodeName?: string;
  priority?: number;
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  topologySpreadConstraints?: TopologySpreadConstraint[];
  spec?: Partial<PodSpec>;
  uid?: string;
}

export function makePod(o: PodOpts): Pod {
  const containers = o.containers ?? [{ name: "c", ...(o.requests ? { resources: { requests: o.requests } } : {}) }];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: o.name,
      namespace: o.namespace ?? "default",
      uid: o.uid ?? `uid-${o.namespace ?? "default"}-${o.name}`,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.annotations ? { annotations: o.annotations } : {}),
    },
    spec: {
      containers,
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.affinity ? { affinity: o.affinity } : {}),
      ...(o.topologySpreadConstraints ? { topologySpreadConstraints: o.topologySpreadConstraints } : {}),
      ...(o.spec ?? {}),
    },
  };
}

/** A snapshot with the given nodes, and pods placed on `spec.nodeName`. */
export function makeSnapshot(nodes: Node[], pods: Pod[] = []): Snapshot {
  const s = new Snapshot();
  for (const n of nodes) s.addNode(n);
  for (const p of pods) {
    if (!p.spec.nodeName) throw new Error(`makeSnapshot: pod ${p.metadata.name} has no nodeName`);
    if (!s.addPod(new PodInfo(p), p.spec.nodeName)) throw new Error(`makeSnapshot: no node ${p.spec.nodeName}`);
  }
  return s;
}

const NO_RUNNER: FrameworkRunner = {
  profileName: "test",
  runPreFilterPlugins: () => ({ result: null, status: null }),
  runFilterPlugins: () => null,
  runFilterPluginsWithNominatedPods: () => null,
  runPreFilterExtensionAddPod: () => null,
  runPreFilterExtensionRemovePod: () => null,
};

/** A handle for unit tests: binds and deletes are recorded, time is fixed. */
export function makeHandle(
  snapshot: Snapshot,
  opts: { now?: number; seed?: number; runner?: FrameworkRunner; namespaces?: Record<string, Record<string, string>> } = {},
): FrameworkHandle & {
  bound: [string, string][];
  deleted: string[];
} {
  const bound: [string, string][] = [];
  const deleted: string[] = [];
  return {
    snapshot,
    now: () => opts.now ?? 0,
    rng: Rng.seeded(opts.seed ?? 1),
    bindPod: (pod, nodeName) => {
      bound.push([pod.metadata.name, nodeName]);
      return null;
    },
    deletePod: (pod) => void deleted.push(pod.metadata.name),
    nominate: () => {},
    nominatedPodsForNode: () => [],
    namespaceLabels: (name) => opts.namespaces?.[name] ?? (name === "default" ? {} : undefined),
    framework: opts.runner ?? NO_RUNNER,
    allowWaitingPod: () => {},
    rejectWaitingPod: () => {},
    bound,
    deleted,
  };
}

const TEST_QUEUE_SORT: Plugin = { name: "TestQueueSort", less: () => false };
const TEST_BINDER: Plugin = { name: "TestBinder", bind: () => null };

/**
 * Runs PreScore → Score → NormalizeScore of one plugin over every node of the snapshot and returns
 * the final scores by node name (what kube-scheduler's plugin tests compare). The scores come from the
 * framework runtime, so a plugin's batch `scoreAll` is what a test checks whenever it has one (as in a
 * run); a plugin that has both paths is also scored node by node, and the two must agree on every node.
 * Throws on a non-success status or a disagreement.
 */
export function scoreAll(plugin: Plugin, pod: Pod, snapshot: Snapshot, state = new CycleState()): Record<string, number> {
  const pi = new PodInfo(pod);
  const nodes = snapshot.nodes;
  const pf = plugin.preFilter?.(state, pi, nodes);
  if (pf instanceof Status && !pf.isSuccess() && !pf.isSkip()) throw new Error(`preFilter: ${pf.toString()}`);
  const handle = makeHandle(snapshot);
  const fwk = new Framework("test", { ...noPlugins(), queueSort: [TEST_QUEUE_SORT], bind: [TEST_BINDER], preScore: plugin.preScore ? [plugin] : [], score: [{ plugin, weight: 1 }] }, 0, () => handle);
  const ps = fwk.runPreScorePlugins(state, pi, nodes);
  if (ps) throw new Error(`preScore: ${ps.toString()}`);
  const { totals, status } = fwk.runScorePlugins(state, pi, nodes);
  if (status) throw new Error(status.message());
  const out: Record<string, number> = {};
  nodes.forEach((n, i) => (out[n.name] = totals[i]!));
  if (plugin.scoreAll && plugin.score && !state.scoreSkipped(plugin.name)) {
    const perNode = scoreNodeByNode(plugin, state, pi, nodes);
    for (const [name, v] of Object.entries(perNode)) {
      if (v !== out[name]) throw new Error(`${plugin.name}: the batch scoreAll gives ${out[name]} on ${name}, score node by node ${v}`);
    }
  }
  if (!state.scoreSkipped(plugin.name) && plugin.scoreIsUniform?.(state, pi, snapshot.traits)) {
    const first = nodes.length > 0 ? out[nodes[0]!.name] : 0;
    for (const n of nodes) {
      if (out[n.name] !== first) throw new Error(`${plugin.name}: scoreIsUniform holds, yet ${n.name} scores ${out[n.name]} and ${nodes[0]!.name} ${first}`);
    }
  }
  return out;
}

/** Score of every node one call at a time, then NormalizeScore: the path a plugin without `scoreAll` takes. */
function scoreNodeByNode(plugin: Plugin, state: CycleState, pi: PodInfo, nodes: readonly NodeInfo[]): Record<string, number> {
  const scores = new Float64Array(nodes.length);
  nodes.forEach((n, i) => {
    const s = plugin.score!(state, pi, n);
    if (s instanceof Status) throw new Error(`score(${n.name}): ${s.toString()}`);
    scores[i] = s;
  });
  const ns = plugin.normalizeScore?.(state, pi, { nodes, scores }) ?? null;
  if (ns && !ns.isSuccess()) throw new Error(`normalizeScore: ${ns.toString()}`);
  const out: Record<string, number> = {};
  nodes.forEach((n, i) => (out[n.name] = scores[i]!));
  return out;
}

function noPlugins(): PluginLists {
  return { preEnqueue: [], queueSort: [], preFilter: [], filter: [], postFilter: [], preScore: [], score: [], reserve: [], permit: [], preBind: [], bind: [], postBind: [] };
}

/** Runs PreFilter then Filter of one plugin on every node; returns each node's status (null = Success). */
export function filterAll(plugin: Plugin, pod: Pod, snapshot: Snapshot, state = new CycleState()): Record<string, Status | null> {
  const pi = new PodInfo(pod);
  const nodes = snapshot.nodes;
  const out: Record<string, Status | null> = {};
  const pf = plugin.preFilter?.(state, pi, nodes) ?? null;
  if (pf instanceof Status) {
    if (pf.isSkip()) {
      for (const n of nodes) out[n.name] = null;
      return out;
    }
    if (!pf.isSuccess()) {
      for (const n of nodes) out[n.name] = pf;
      return out;
    }
  }
  for (const n of nodes) {
    if (pf && !(pf instanceof Status) && !pf.nodeNames.has(n.name)) {
      out[n.name] = Status.unresolvable("node(s) didn't satisfy plugin(s) [PreFilterResult]");
      continue;
    }
    out[n.name] = plugin.filter ? plugin.filter(state, pi, n) : null;
  }
  checkFilterShortcuts(plugin, state, pi, snapshot, out);
  return out;
}

/**
 * The batch and shortcut forms of a plugin's Filter must agree with `filter` node by node: `filterAll` gives
 * the same verdict on every node, and `filterCannotReject` holds only when every node passes.
 */
function checkFilterShortcuts(plugin: Plugin, state: CycleState, pi: PodInfo, snapshot: Snapshot, perNode: Record<string, Status | null>): void {
  const nodes = snapshot.nodes;
  if (plugin.filterAll && plugin.filter) {
    const batch: (Status | null)[] = [];
    plugin.filterAll(state, pi, nodes, nodes.length, batch);
    nodes.forEach((n, i) => {
      const a = batch[i] ?? null;
      const b = perNode[n.name] ?? null;
      if ((a === null) !== (b === null) || (a && b && (a.code !== b.code || a.message() !== b.message()))) {
        throw new Error(`${plugin.name}: the batch filterAll gives ${a?.toString() ?? "Success"} on ${n.name}, filter node by node ${b?.toString() ?? "Success"}`);
      }
    });
  }
  if (plugin.filterCannotReject?.(pi, snapshot.traits)) {
    for (const n of nodes) {
      const s = perNode[n.name];
      if (s && !s.isSuccess()) throw new Error(`${plugin.name}: filterCannotReject holds, yet ${n.name} is rejected: ${s.toString()}`);
    }
  }
}
