/**
 * Test fixtures for InterPodAffinity, mirroring kube's st.MakePod().PodAffinityIn(...) helpers and the
 * plugin test harness (PreFilter → Filter per node; PreScore → Score → NormalizeScore).
 * Upstream tests use namespace "" for pods without one; here that is "default".
 */
import type { Affinity, LabelSelectorRequirement, Node, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from "../../../core/api/types.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import type { Plugin } from "../../../core/scheduler/framework.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import type { Snapshot } from "../../../core/scheduler/snapshot.js";
import { Status } from "../../../core/scheduler/status.js";
import { makeHandle, makeNode, makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import { InterPodAffinity, type InterPodAffinityArgs } from "./index.js";

/** Namespaces of the upstream scoring_test.go (`namespaces`), plus NS1 of TestRequiredAffinityMultipleNodes. */
export const NAMESPACES: Record<string, Record<string, string>> = {
  "subteam1.team1": { team: "team1" },
  "subteam2.team1": { team: "team1" },
  "subteam1.team2": { team: "team2" },
  "subteam2.team2": { team: "team2" },
  NS1: {},
};

const expr = (key: string, operator: LabelSelectorRequirement["operator"], values?: string[]): LabelSelectorRequirement =>
  values ? { key, operator, values } : { key, operator };

export const termIn = (key: string, topologyKey: string, values: string[]): PodAffinityTerm => ({
  labelSelector: { matchExpressions: [expr(key, "In", values)] },
  topologyKey,
});
export const termNotIn = (key: string, topologyKey: string, values: string[]): PodAffinityTerm => ({
  labelSelector: { matchExpressions: [expr(key, "NotIn", values)] },
  topologyKey,
});
export const termExists = (key: string, topologyKey: string): PodAffinityTerm => ({
  labelSelector: { matchExpressions: [expr(key, "Exists")] },
  topologyKey,
});
export const weighted = (weight: number, podAffinityTerm: PodAffinityTerm): WeightedPodAffinityTerm => ({ weight, podAffinityTerm });

export interface AffinitySpec {
  req?: PodAffinityTerm[];
  anti?: PodAffinityTerm[];
  prefAff?: WeightedPodAffinityTerm[];
  prefAnti?: WeightedPodAffinityTerm[];
}

export function affinity(a: AffinitySpec): Affinity {
  const out: Affinity = {};
  if (a.req || a.prefAff) {
    out.podAffinity = {
      ...(a.req ? { requiredDuringSchedulingIgnoredDuringExecution: a.req } : {}),
      ...(a.prefAff ? { preferredDuringSchedulingIgnoredDuringExecution: a.prefAff } : {}),
    };
  }
  if (a.anti || a.prefAnti) {
    out.podAntiAffinity = {
      ...(a.anti ? { requiredDuringSchedulingIgnoredDuringExecution: a.anti } : {}),
      ...(a.prefAnti ? { preferredDuringSchedulingIgnoredDuringExecution: a.prefAnti } : {}),
    };
  }
  return out;
}

let seq = 0;
/** A pod; `node` places it (existing pod). */
export function pod(o: { name?: string; ns?: string; labels?: Record<string, string>; node?: string; aff?: AffinitySpec | Affinity }): Pod {
  const a = o.aff;
  const aff = a && ("req" in a || "anti" in a || "prefAff" in a || "prefAnti" in a) ? affinity(a as AffinitySpec) : (a as Affinity | undefined);
  return makePod({
    name: o.name ?? `p${++seq}`,
    ...(o.ns ? { namespace: o.ns } : {}),
    ...(o.labels ? { labels: o.labels } : {}),
    ...(o.node ? { nodeName: o.node } : {}),
    ...(aff ? { affinity: aff } : {}),
  });
}

export const node = (name: string, labels: Record<string, string> = {}): Node => makeNode({ name, labels });

export function setup(nodes: Node[], pods: Pod[], rawArgs?: Partial<InterPodAffinityArgs>): { plugin: Plugin; snapshot: Snapshot } {
  const snapshot = makeSnapshot(nodes, pods);
  const handle = makeHandle(snapshot, { namespaces: NAMESPACES });
  const plugin = InterPodAffinity.create(InterPodAffinity.args(rawArgs, "args"), handle);
  return { plugin, snapshot };
}

/** A status as "Code: reasons", or null for Success. */
export const show = (s: Status | null): string | null => (s === null || s.isSuccess() ? null : s.toString());
export const UNRESOLVABLE_AFFINITY = "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules";
export const ANTI = "Unschedulable: node(s) didn't match pod anti-affinity rules";
export const EXISTING_ANTI = "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules";

/** PreFilter then Filter on every node: the PreFilter status (null = Success) and each node's Filter status. */
export function runFilter(
  incoming: Pod,
  nodes: Node[],
  pods: Pod[] = [],
): { preFilter: string | null; filter: (string | null)[]; state: CycleState; plugin: Plugin; snapshot: Snapshot; pi: PodInfo } {
  const { plugin, snapshot } = setup(nodes, pods);
  const state = new CycleState();
  const pi = new PodInfo(incoming);
  const pf = plugin.preFilter!(state, pi, snapshot.nodes);
  const pfs = pf instanceof Status ? show(pf) : null;
  const filter = pfs !== null ? [] : snapshot.nodes.map((n) => show(plugin.filter!(state, pi, n)));
  return { preFilter: pfs, filter, state, plugin, snapshot, pi };
}

/** PreScore → Score → NormalizeScore: the PreScore status, or the normalised scores in node order. */
export function runScore(incoming: Pod, nodes: Node[], pods: Pod[] = [], args?: Partial<InterPodAffinityArgs>): { preScore: Status | null; scores: number[] } {
  const { plugin, snapshot } = setup(nodes, pods, args);
  const state = new CycleState();
  const pi = new PodInfo(incoming);
  const ps = plugin.preScore!(state, pi, snapshot.nodes);
  if (ps !== null) return { preScore: ps, scores: [] };
  const scores = new Float64Array(snapshot.nodes.length);
  snapshot.nodes.forEach((n, i) => {
    const s = plugin.score!(state, pi, n);
    if (s instanceof Status) throw new Error(s.toString());
    scores[i] = s;
  });
  const ns = plugin.normalizeScore!(state, pi, { nodes: snapshot.nodes, scores });
  if (ns !== null) throw new Error(ns.toString());
  return { preScore: null, scores: [...scores] };
}
