/**
 * PrioritySort (QueueSort): higher pod priority first; equal priorities in order of the time the pod
 * was (re)queued (QueuedPodInfo.timestamp, not the initial attempt).
 */
import { definePlugin, noArgs, type QueuedPodInfo } from "../../../core/scheduler/framework.js";

export const PrioritySort = definePlugin({
  name: "PrioritySort",
  description: "Queue order: higher priority first, then earlier enqueue time",
  args: noArgs,
  create: () => ({
    name: "PrioritySort",
    less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
      const pa = a.podInfo.priority;
      const pb = b.podInfo.priority;
      return pa > pb || (pa === pb && a.timestamp < b.timestamp);
    },
  }),
});
