/**
 * TaintToleration:
 *  Filter          a NoSchedule/NoExecute taint the pod does not tolerate rejects the node
 *                  (UnschedulableAndUnresolvable, naming the first such taint).
 *  PreScore        keeps the tolerations that can match PreferNoSchedule taints (that effect or empty).
 *  Score           number of PreferNoSchedule taints those tolerations do not tolerate.
 *  NormalizeScore  DefaultNormalizeScore(100, reverse): fewer intolerable taints, higher score.
 * Reason text is v1.33's; from v1.35 (and later 1.34 patches) kube says "node(s) had untolerated taint(s)".
 */
import type { Node, Taint, Toleration } from "../../../core/api/types.js";
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import { MAX_NODE_SCORE, definePlugin, noArgs } from "../../../core/scheduler/framework.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Code, frozenStatus, type Status } from "../../../core/scheduler/status.js";
import { defaultNormalizeScore } from "../normalize-score.js";
import { doNotScheduleTaintsFilter, findMatchingUntoleratedTaint, tolerationsTolerateTaint } from "../../../core/api/taints.js";

const NAME = "TaintToleration";
const PRE_SCORE_KEY = "PreScore" + NAME;
const NO_TOLERATIONS: readonly Toleration[] = [];
const NO_TAINTS: readonly Taint[] = [];

/** Tolerations with effect PreferNoSchedule or empty (empty matches every effect). */
function preferNoScheduleTolerations(pod: PodInfo): readonly Toleration[] {
  const all = pod.pod.spec.tolerations;
  if (!all || all.length === 0) return NO_TOLERATIONS;
  return all.filter((t) => !t.effect || t.effect === "PreferNoSchedule");
}

/** The failure status of each node taint object, built once (taints are immutable node data). */
const untoleratedStatus = new WeakMap<Taint, Status>();

export const TaintToleration = definePlugin({
  name: NAME,
  description: "Filters nodes with untolerated NoSchedule/NoExecute taints; prefers nodes with fewer untolerated PreferNoSchedule taints",
  args: noArgs,
  create: () => ({
    name: NAME,
    events: ["NodeAdd", "NodeUpdate"],

    /** isSchedulableAfterNodeChange (v1.33): queue only when the node's taints went from untolerated to tolerated. */
    nodeQueueingHint(_event, pod, node, old) {
      const tolerations = pod.pod.spec.tolerations ?? NO_TOLERATIONS;
      const untolerated = (n: Node) => findMatchingUntoleratedTaint(n.spec?.taints ?? NO_TAINTS, tolerations, doNotScheduleTaintsFilter) !== null;
      const was = old === null || untolerated(old);
      return was && !untolerated(node) ? "Queue" : "QueueSkip";
    },

    filter(_state, pod, node) {
      const taints = node.taints;
      if (taints.length === 0) return null;
      const taint = findMatchingUntoleratedTaint(taints, pod.pod.spec.tolerations ?? NO_TOLERATIONS, doNotScheduleTaintsFilter);
      if (taint === null) return null;
      let st = untoleratedStatus.get(taint);
      if (!st) {
        st = frozenStatus(Code.UnschedulableAndUnresolvable, [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`], NAME);
        untoleratedStatus.set(taint, st);
      }
      return st;
    },

    filterCannotReject: (_pod, nodes) => nodes.hardTainted === 0,

    preScore(state, pod) {
      state.write(PRE_SCORE_KEY, preferNoScheduleTolerations(pod));
      return null;
    },

    score(state: CycleState, pod, node) {
      const taints = node.taints;
      if (taints.length === 0) return 0;
      // kube errors without PreScore state; recomputing is equivalent and keeps Score usable alone.
      const tolerations = state.read<readonly Toleration[]>(PRE_SCORE_KEY) ?? preferNoScheduleTolerations(pod);
      let intolerable = 0;
      for (let i = 0; i < taints.length; i++) {
        const t = taints[i]!;
        if (t.effect === "PreferNoSchedule" && !tolerationsTolerateTaint(tolerations, t)) intolerable++;
      }
      return intolerable;
    },

    scoreAll(state: CycleState, pod, nodes, out) {
      let tolerations: readonly Toleration[] | undefined;
      for (let n = 0; n < nodes.length; n++) {
        const taints = nodes[n]!.taints;
        if (taints.length === 0) {
          out[n] = 0;
          continue;
        }
        tolerations ??= state.read<readonly Toleration[]>(PRE_SCORE_KEY) ?? preferNoScheduleTolerations(pod);
        let intolerable = 0;
        for (let i = 0; i < taints.length; i++) {
          const t = taints[i]!;
          if (t.effect === "PreferNoSchedule" && !tolerationsTolerateTaint(tolerations, t)) intolerable++;
        }
        out[n] = intolerable;
      }
      return null;
    },

    /** No PreferNoSchedule taint anywhere: every node counts 0 and normalises to MaxNodeScore. */
    scoreIsUniform: (_state, _pod, nodes) => nodes.softTainted === 0,

    normalizeScore(_state, _pod, list) {
      return defaultNormalizeScore(MAX_NODE_SCORE, true, list);
    },
  }),
});
