/**
 * The start of the binding path as kube-scheduler's schedulingCycle runs it, shared by the Scheduler and
 * the fill experiment: the GPU devices the profile's device-selecting plugin picks (before the pod is
 * assumed, so it sees the node as it is), the pod assumed onto the snapshot, then Reserve. A Reserve
 * failure runs Unreserve and takes the pod off the snapshot again.
 */
import type { CycleState } from "./cycle-state.js";
import type { NodeInfo } from "./node-info.js";
import type { PodInfo } from "./pod-info.js";
import type { Framework } from "./runtime.js";
import type { Snapshot } from "./snapshot.js";
import type { Status } from "./status.js";

/** Assumes `pod` onto `node` and runs Reserve; the Reserve failure (the pod is then off the snapshot again), or null. */
export function assumeAndReserve(fwk: Framework, snapshot: Snapshot, state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
  if (pod.gpuCount > 0) pod.gpuDevices = fwk.selectGpuDevices(state, pod, node);
  snapshot.addPod(pod, node.name);
  const rs = fwk.runReservePluginsReserve(state, pod, node.name);
  if (rs) {
    fwk.runReservePluginsUnreserve(state, pod, node.name);
    snapshot.removePod(pod);
  }
  return rs;
}
