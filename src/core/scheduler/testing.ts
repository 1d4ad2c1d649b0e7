/**
 * Builders for plugin tests: Kubernetes-shaped nodes and pods in one line, a snapshot, and a
 * FrameworkHandle without an engine. Mirrors kube-scheduler's st.MakePod()/st.MakeNode() helpers in spirit.
 */
import type { Container, Node, Pod, PodSpec, Taint, Toleration, ResourceList, Affinity, TopologySpreadConstraint } from "../api/types.js";
import { Rng } from "../engine/rng.js";
import { CycleState } from "./cycle-state.js";
import type { FrameworkHandle, FrameworkRunner, Plugin } from "./framework.js";
import { PodInfo } from "./pod-info.js";
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

/**
 * Runs PreScore → Score → NormalizeScore of one plugin over every node of the snapshot and returns
 * the final scores by node name (what kube-scheduler's plugin tests compare). Throws on a non-success status.
 */
export function scoreAll(plugin: Plugin, pod: Pod, snapshot: Snapshot, state = new CycleState()): Record<string, number> {
  const pi = new PodInfo(pod);
  const nodes = snapshot.nodes;
  const pf = plugin.preFilter?.(state, pi, nodes);
  if (pf instanceof Status && !pf.isSuccess() && !pf.isSkip()) throw new Error(`preFilter: ${pf.toString()}`);
  const ps = plugin.preScore?.(state, pi, nodes) ?? null;
  const out: Record<string, number> = {};
  if (ps && ps.isSkip()) {
    for (const n of nodes) out[n.name] = 0;
    return out;
  }
  if (ps && !ps.isSuccess()) throw new Error(`preScore: ${ps.toString()}`);
  const scores = new Float64Array(nodes.length);
  nodes.forEach((n, i) => {
    const s = plugin.score!(state, pi, n);
    if (s instanceof Status) throw new Error(`score(${n.name}): ${s.toString()}`);
    scores[i] = s;
  });
  const ns = plugin.normalizeScore?.(state, pi, { nodes, scores }) ?? null;
  if (ns && !ns.isSuccess()) throw new Error(`normalizeScore: ${ns.toString()}`);
  nodes.forEach((n, i) => (out[n.name] = scores[i]!));
  return out;
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
  return out;
}
