/**
 * PrioritySort (QueueSort): higher pod priority first; equal priorities in order of the time the pod
 * was (re)queued (QueuedPodInfo.timestamp, not the initial attempt).
 */
import { definePlugin, noArgs, type QueuedPodInfo } from "../../../core/scheduler/framework.js";

/** Queue order by priority alone: true/false when priorities differ, null on a tie (QueueSort plugins break it their way). */
export function higherPriorityFirst(a: QueuedPodInfo, b: QueuedPodInfo): boolean | null {
  const pa = a.podInfo.priority;
  const pb = b.podInfo.priority;
  return pa === pb ? null : pa > pb;
}

export const PrioritySort = definePlugin({
  name: "PrioritySort",
  description: "Queue order: higher priority first, then earlier enqueue time",
  args: noArgs,
  create: () => ({
    name: "PrioritySort",
    less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
      return higherPriorityFirst(a, b) ?? a.timestamp < b.timestamp;
    },
  }),
});
