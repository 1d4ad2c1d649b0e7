/**
 * NodeName (Filter): a pod that names a node in spec.nodeName fits only that node. v1.33 has no
 * PreFilter for this plugin (no PreFilterResult, no Skip).
 */
import { definePlugin, noArgs } from "../../../core/scheduler/framework.js";
import { Code, frozenStatus } from "../../../core/scheduler/status.js";

export const ErrReason = "node(s) didn't match the requested node name";
const MISMATCH = frozenStatus(Code.UnschedulableAndUnresolvable, [ErrReason], "NodeName");

export const NodeName = definePlugin({
  name: "NodeName",
  description: "Filters out every node but the one named in spec.nodeName",
  args: noArgs,
  create: () => ({
    name: "NodeName",
    events: ["NodeAdd", "NodeUpdate"],
    filter(_state, pod, node) {
      const want = pod.pod.spec.nodeName;
      if (!want || want === node.name) return null;
      return MISMATCH;
    },
    filterCannotReject: (pod) => !pod.pod.spec.nodeName,
  }),
});
