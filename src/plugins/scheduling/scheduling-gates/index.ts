/**
 * SchedulingGates (PreEnqueue): a pod with spec.schedulingGates stays out of activeQ until every gate
 * is removed. The message lists the gates as Go prints a []string: "[a b]".
 */
import { definePlugin, noArgs } from "../../../core/scheduler/framework.js";
import { Status } from "../../../core/scheduler/status.js";

export const SchedulingGates = definePlugin({
  name: "SchedulingGates",
  description: "Keeps pods with spec.schedulingGates out of the active queue until the gates are removed",
  args: noArgs,
  create: () => ({
    name: "SchedulingGates",
    events: ["PodUpdate"],
    preEnqueue(pod) {
      const gates = pod.pod.spec.schedulingGates;
      if (!gates || gates.length === 0) return null;
      return Status.unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(" ")}]`);
    },
  }),
});
