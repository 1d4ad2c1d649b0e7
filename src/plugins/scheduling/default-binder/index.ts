/** DefaultBinder (Bind): binds the pod to the chosen node through the handle and returns its status. */
import { definePlugin, noArgs } from "../../../core/scheduler/framework.js";

export const DefaultBinder = definePlugin({
  name: "DefaultBinder",
  description: "Binds the pod to the selected node",
  args: noArgs,
  create: (_args, handle) => ({
    name: "DefaultBinder",
    bind(_state, pod, nodeName) {
      return handle.bindPod(pod.pod, nodeName);
    },
  }),
});
