/**
 * NodeUnschedulable (Filter): a cordoned node (spec.unschedulable) only takes pods that tolerate the
 * node.kubernetes.io/unschedulable:NoSchedule taint.
 */
import type { Taint } from "../../../core/api/types.js";
import { definePlugin, noArgs } from "../../../core/scheduler/framework.js";
import { Code, frozenStatus } from "../../../core/scheduler/status.js";
import { tolerationsTolerateTaint } from "../../../core/api/taints.js";

export const TaintNodeUnschedulable = "node.kubernetes.io/unschedulable";
export const ErrReasonUnschedulable = "node(s) were unschedulable";
const UNSCHEDULABLE = frozenStatus(Code.UnschedulableAndUnresolvable, [ErrReasonUnschedulable], "NodeUnschedulable");

const UNSCHEDULABLE_TAINT: Taint = Object.freeze({ key: TaintNodeUnschedulable, effect: "NoSchedule" });
const NO_TOLERATIONS: readonly never[] = [];

export const NodeUnschedulable = definePlugin({
  name: "NodeUnschedulable",
  description: "Filters out cordoned nodes unless the pod tolerates node.kubernetes.io/unschedulable",
  args: noArgs,
  create: () => ({
    name: "NodeUnschedulable",
    events: ["NodeAdd", "NodeUpdate"],
    filter(_state, pod, node) {
      if (!node.unschedulable) return null;
      if (tolerationsTolerateTaint(pod.pod.spec.tolerations ?? NO_TOLERATIONS, UNSCHEDULABLE_TAINT)) return null;
      return UNSCHEDULABLE;
    },
    filterCannotReject: (_pod, nodes) => nodes.unschedulable === 0,
  }),
});
