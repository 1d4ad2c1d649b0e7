/**
 * Test builders mirroring kube's st.MakeNode()/st.MakePod() as the upstream podtopologyspread tests
 * use them (nodes carry exactly the labels given: no implicit hostname label).
 */
import type { Affinity, LabelSelector, Node, Pod, Taint, Toleration, TopologySpreadConstraint } from "../../../core/api/types.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import type { Plugin } from "../../../core/scheduler/framework.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import type { Snapshot } from "../../../core/scheduler/snapshot.js";
import { Status } from "../../../core/scheduler/status.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { getPreFilterState } from "./filtering.js";
import { createPodTopologySpread, parseArgs, type PodTopologySpreadOptions } from "./index.js";

export const fooSelector: LabelSelector = { matchExpressions: [{ key: "foo", operator: "Exists" }] };
export const barSelector: LabelSelector = { matchExpressions: [{ key: "bar", operator: "Exists" }] };
/** v1.TaintNodeUnschedulable, NoSchedule (upstream `taints`). */
export const taints: Taint[] = [{ key: "node.kubernetes.io/unschedulable", value: "", effect: "NoSchedule" }];

export function node(name: string, labels: Record<string, string>, t?: Taint[]): Node {
  const n = makeNode({ name, ...(t ? { taints: t } : {}) });
  n.metadata.labels = { ...labels };
  return n;
}

export interface SpreadOpts {
  minDomains?: number;
  nodeAffinityPolicy?: "Honor" | "Ignore";
  nodeTaintsPolicy?: "Honor" | "Ignore";
  matchLabelKeys?: string[];
}

/** st.MakePod().SpreadConstraint(maxSkew, key, action, selector, minDomains, affinityPolicy, taintsPolicy, matchLabelKeys). */
export function spread(
  maxSkew: number,
  topologyKey: string,
  whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway",
  labelSelector: LabelSelector | null,
  o: SpreadOpts = {},
): TopologySpreadConstraint {
  return { maxSkew, topologyKey, whenUnsatisfiable, ...(labelSelector ? { labelSelector } : {}), ...o };
}

export interface PodSpecOpts {
  node?: string;
  ns?: string;
  labels?: Record<string, string>;
  spread?: TopologySpreadConstraint[];
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  terminating?: boolean;
}

export function pod(name: string, o: PodSpecOpts = {}): Pod {
  const p = makePod({
    name,
    ...(o.ns ? { namespace: o.ns } : {}),
    ...(o.node ? { nodeName: o.node } : {}),
    ...(o.labels ? { labels: o.labels } : {}),
    ...(o.spread ? { topologySpreadConstraints: o.spread } : {}),
    ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
    ...(o.affinity ? { affinity: o.affinity } : {}),
    ...(o.tolerations ? { tolerations: o.tolerations } : {}),
  });
  if (o.terminating) p.metadata.deletionTimestamp = "2025-01-01T00:00:00Z";
  return p;
}

/** Pods on node `n` with the given labels (upstream st.MakePod().Name(..).Node(n).Label(..)). */
export function on(n: string, name: string, labels: Record<string, string>, ns?: string): Pod {
  return pod(name, { node: n, labels, ...(ns ? { ns } : {}) });
}

export function nodeAffinity(key: string, operator: "In" | "NotIn", values: string[]): Affinity {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator, values }] }] },
    },
  };
}

export function setup(nodes: Node[], pods: Pod[] = [], rawArgs: unknown = { defaultingType: "List" }, opts: PodTopologySpreadOptions = {}) {
  const snapshot = makeSnapshot(nodes, pods);
  const plugin = createPodTopologySpread(parseArgs(rawArgs, "args"), makeHandle(snapshot), opts);
  return { plugin, snapshot };
}

/** The PreFilter state as plain data; critical-path ties sorted by value as upstream's comparer does. */
export function preFilterSummary(plugin: Plugin, p: Pod, snapshot: Snapshot, state = new CycleState()) {
  const status = plugin.preFilter!(state, new PodInfo(p), snapshot.nodes);
  const s = getPreFilterState(state);
  if (status instanceof Status || !s) return { status: status as Status | null, state };
  const paths = s.paths.map((cp) => {
    let a: [string, number] = [cp.v0, cp.n0];
    let b: [string, number] = [cp.v1, cp.n1];
    if (a[1] === b[1] && a[0] > b[0]) [a, b] = [b, a];
    return [a, b];
  });
  const counts = s.counts.map((m) => Object.fromEntries(m));
  const keys = s.constraints.map((c) => c.topologyKey);
  return { status: null, state, paths, counts, keys };
}

/** Runs PreFilter then Filter on every node; returns each node's code name. */
export function filterCodes(plugin: Plugin, p: Pod, snapshot: Snapshot): Record<string, string> {
  const state = new CycleState();
  const pi = new PodInfo(p);
  const pf = plugin.preFilter!(state, pi, snapshot.nodes);
  if (pf instanceof Status && !pf.isSuccess()) throw new Error(`preFilter: ${pf.toString()}`);
  const out: Record<string, string> = {};
  for (const n of snapshot.nodes) out[n.name] = plugin.filter!(state, pi, n)?.codeName ?? "Success";
  return out;
}

/** PreScore over the `filtered` nodes (all snapshot nodes remain visible), Score, NormalizeScore. */
export function scoreNodes(plugin: Plugin, p: Pod, snapshot: Snapshot, filtered: string[]): Record<string, number> {
  const state = new CycleState();
  const pi = new PodInfo(p);
  const nodes = filtered.map((n) => snapshot.get(n)!);
  const ps = plugin.preScore!(state, pi, nodes);
  if (ps) throw new Error(`preScore: ${ps.toString()}`);
  const scores = new Float64Array(nodes.length);
  nodes.forEach((n, i) => {
    const s = plugin.score!(state, pi, n);
    if (s instanceof Status) throw new Error(`score: ${s.toString()}`);
    scores[i] = s;
  });
  const ns = plugin.normalizeScore!(state, pi, { nodes, scores });
  if (ns) throw new Error(`normalizeScore: ${ns.toString()}`);
  return Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]!]));
}
