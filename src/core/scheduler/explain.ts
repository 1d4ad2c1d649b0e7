/**
 * `explain`: how one profile sees one pod on a given cluster — every Filter plugin's verdict on every
 * node (not just the first failure), every Score plugin's normalised score on every feasible node
 * (percentageOfNodesToScore is ignored), the weighted total, and the node selectHost would pick.
 */
import type { Node, Pod } from "../api/types.js";
import { podKey } from "../api/types.js";
import { Rng } from "../engine/rng.js";
import type { SchedulerConfig } from "./config.js";
import { CycleState } from "./cycle-state.js";
import { PodInfo } from "./pod-info.js";
import { buildProfile, type PluginRegistry } from "./profile.js";
import { selectHost } from "./schedule-pod.js";
import { Snapshot } from "./snapshot.js";
import { Code, CODE_NAMES, Status, type CodeName } from "./status.js";
import { InputError } from "../errors.js";

export interface FilterVerdict {
  code: CodeName;
  reasons: string[];
}

export interface ExplainNode {
  name: string;
  feasible: boolean;
  filters: Record<string, FilterVerdict>;
  scores: Record<string, number>;
  total: number;
}

export interface ExplainResult {
  pod: string;
  profile: string;
  selected: string | null;
  nodes: ExplainNode[];
}

export interface ExplainInput {
  config: SchedulerConfig;
  profile?: string;
  registry: PluginRegistry;
  nodes: Node[];
  /** Pods already bound (spec.nodeName set). */
  boundPods: Pod[];
  pod: Pod;
  seed: number;
  namespaces?: Map<string, Record<string, string>>;
}

const verdict = (s: Status | null): FilterVerdict => ({ code: s ? CODE_NAMES[s.code] : "Success", reasons: s ? [...s.reasons] : [] });

export function explain(input: ExplainInput): ExplainResult {
  const snapshot = new Snapshot();
  for (const n of input.nodes) snapshot.addNode(n);
  for (const p of input.boundPods) {
    if (!snapshot.addPod(new PodInfo(p), p.spec.nodeName!)) {
      throw new InputError(`pod ${podKey(p)} is bound to unknown node "${p.spec.nodeName}"`);
    }
  }
  const profileName = input.profile ?? input.pod.spec.schedulerName ?? input.config.profiles[0]!.schedulerName;
  const profile = input.config.profiles.find((p) => p.schedulerName === profileName);
  if (!profile) {
    throw new InputError(`no profile "${profileName}" in the scheduler configuration (profiles: ${input.config.profiles.map((p) => p.schedulerName).join(", ")})`);
  }
  const rng = Rng.seeded(input.seed);
  const { framework: fwk } = buildProfile(input.config, profile, input.registry, {
    snapshot,
    rng: rng.fork(),
    namespaceLabels: (ns) => input.namespaces?.get(ns) ?? (ns === "default" ? {} : undefined),
  });

  const pi = new PodInfo(input.pod);
  const nodes = snapshot.nodes;
  const out: ExplainNode[] = nodes.map((n) => ({ name: n.name, feasible: true, filters: {}, scores: {}, total: 0 }));
  const state = new CycleState();

  // Every plugin's own verdict, through the runtime's explaining forms of PreFilter and Filter, so a
  // rejection or a narrowing is attributed to its plugin and Filter verdicts are not cut at the first failure.
  const rejectedAtPreFilter = new Set<string>();
  fwk.runPreFilterPluginsEach(state, pi, nodes, (plugin, r) => {
    if (r instanceof Status) {
      rejectedAtPreFilter.add(plugin);
      for (const o of out) {
        o.filters[plugin] = verdict(r);
        o.feasible = false;
      }
      return;
    }
    nodes.forEach((n, i) => {
      if (!r.nodeNames.has(n.name)) {
        out[i]!.filters[plugin] = { code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't satisfy plugin(s) [" + plugin + "]"] };
        out[i]!.feasible = false;
      }
    });
  });
  nodes.forEach((n, i) => {
    const o = out[i]!;
    fwk.runFilterPluginsEach(state, pi, n, rejectedAtPreFilter, (plugin, s) => {
      if (o.filters[plugin]) return; // narrowed out at PreFilter
      o.filters[plugin] = verdict(s);
      if (s && s.code !== Code.Success) o.feasible = false;
    });
  });

  const feasibleIdx = out.flatMap((o, i) => (o.feasible ? [i] : []));
  const feasible = feasibleIdx.map((i) => nodes[i]!);
  let selected: string | null = null;
  if (feasible.length > 0) {
    const ps = fwk.runPreScorePlugins(state, pi, feasible);
    if (ps) throw new Error(`PreScore failed: ${ps.toString()}`);
    const perPlugin = new Map<string, Float64Array>();
    const { totals, status } = fwk.runScorePlugins(state, pi, feasible, perPlugin);
    if (status) throw new Error(`Score failed: ${status.toString()}`);
    feasibleIdx.forEach((nodeIdx, k) => {
      const o = out[nodeIdx]!;
      for (const [name, scores] of perPlugin) o.scores[name] = scores[k]!;
      o.total = fwk.scorePlugins.length === 0 ? 0 : totals[k]!;
    });
    selected = feasible[fwk.scorePlugins.length === 0 ? 0 : selectHost(totals, feasible.length, rng)]!.name;
  }
  return { pod: podKey(input.pod), profile: profileName, selected, nodes: out };
}
