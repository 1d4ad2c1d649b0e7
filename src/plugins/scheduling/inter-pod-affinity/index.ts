/**
 * InterPodAffinity (kube-scheduler v1.33): required pod affinity / anti-affinity as a filter (including the
 * symmetry with existing pods' required anti-affinity), and preferred terms (plus existing pods' required
 * affinity, weighted by hardPodAffinityWeight) as a score.
 *
 * Args (InterPodAffinityArgs): hardPodAffinityWeight (default 1, 0..100), ignorePreferredTermsOfExistingPods
 * (default false: when true and the incoming pod has no preferred terms, scoring is skipped).
 */
import { ArgsError, definePlugin, type ClusterEvent, type Plugin } from "../../../core/scheduler/framework.js";
import { PLUGIN_NAME, filter, preFilter, updateState } from "./filtering.js";
import { affinityQueueingHint } from "./queueing-hint.js";
import { TermCounts } from "./term-counts.js";
import { normalizeScore, preScore, score, type ScoringArgs } from "./scoring.js";

export type InterPodAffinityArgs = ScoringArgs;

const EVENTS: readonly ClusterEvent[] = ["PodAdd", "PodDelete", "PodUpdate", "NodeAdd", "NodeUpdate"];

function parseArgs(raw: unknown, path: string): InterPodAffinityArgs {
  const out: InterPodAffinityArgs = { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false };
  if (raw == null) return out;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ArgsError(path, "must be a mapping");
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const p = `${path}.${k}`;
    switch (k) {
      case "hardPodAffinityWeight":
        if (v == null) break; // unset: default
        if (typeof v !== "number" || !Number.isInteger(v)) throw new ArgsError(p, `must be an integer, got ${JSON.stringify(v)}`);
        // ValidateHardPodAffinityWeight
        if (v < 0 || v > 100) throw new ArgsError(p, `Invalid value: ${v}: not in valid range [0-100]`);
        out.hardPodAffinityWeight = v;
        break;
      case "ignorePreferredTermsOfExistingPods":
        if (typeof v !== "boolean") throw new ArgsError(p, `must be a boolean, got ${JSON.stringify(v)}`);
        out.ignorePreferredTermsOfExistingPods = v;
        break;
      default:
        throw new ArgsError(p, "unknown field");
    }
  }
  return out;
}

export const InterPodAffinity = definePlugin<InterPodAffinityArgs>({
  name: PLUGIN_NAME,
  description: "Required and preferred inter-pod affinity / anti-affinity by topology domain.",
  args: parseArgs,
  create(args, handle): Plugin {
    const kept = new TermCounts();
    return {
      name: PLUGIN_NAME,
      events: EVENTS,
      queueingHint: (event, pod, changed) => affinityQueueingHint(handle, event, pod, changed),
      preFilter: (state, pod) => preFilter(state, pod, handle, kept),
      addPod: (state, _podToSchedule, podToAdd, node) => updateState(state, podToAdd, node, handle, 1),
      removePod: (state, _podToSchedule, podToRemove, node) => updateState(state, podToRemove, node, handle, -1),
      filter: (state, _pod, node) => filter(state, node),
      preScore: (state, pod) => preScore(state, pod, handle, args),
      score: (state, _pod, node) => score(state, node),
      normalizeScore: (state, _pod, list) => normalizeScore(state, list),
    };
  },
});
