/**
 * NodePorts: a pod's host ports must be free on the node.
 *  PreFilter  Skip when the pod asks for no host port.
 *  Filter     Unschedulable on a conflict (HostPortInfo.CheckConflict): same protocol and port, and either
 *             the same host IP, or one side bound to 0.0.0.0 (which conflicts with every IP).
 * The wanted ports are turned once per pod into the lookup keys NodeInfo.usedPorts uses ("ip/protocol/port").
 */
import { definePlugin, noArgs } from "../../../core/scheduler/framework.js";
import { portKey } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { SKIP, Status } from "../../../core/scheduler/status.js";

export const ErrReason = "node(s) didn't have free ports for the requested pod ports";
const NAME = "NodePorts";
const ANY_IP = "0.0.0.0";

interface WantedPort {
  /** Bound to 0.0.0.0: conflicts with the same protocol/port on any IP. */
  readonly wildcard: boolean;
  /** "ip/protocol/port" of this port. */
  readonly exact: string;
  /** "0.0.0.0/protocol/port": a wildcard binding already on the node. */
  readonly anyIp: string;
  /** "/protocol/port": matches a used key on any IP. */
  readonly suffix: string;
}

const NO_PORTS: readonly WantedPort[] = Object.freeze([]);

function wantedPorts(pod: PodInfo): readonly WantedPort[] {
  if (pod.hostPorts.length === 0) return NO_PORTS; // most pods: nothing to compute or keep
  let w = pod.cache.get(NAME) as readonly WantedPort[] | undefined;
  if (w === undefined) {
    w = pod.hostPorts.map((hp) => ({
      wildcard: hp.ip === ANY_IP,
      exact: portKey(hp),
      anyIp: portKey({ ...hp, ip: ANY_IP }),
      suffix: `/${hp.protocol}/${hp.port}`,
    }));
    pod.cache.set(NAME, w);
  }
  return w;
}

export const NodePorts = definePlugin({
  name: NAME,
  description: "Filters out nodes where a requested host port (ip/protocol/port) is already in use",
  args: noArgs,
  create: () => ({
    name: NAME,
    events: ["PodDelete", "NodeAdd", "NodeUpdate"],

    preFilter(_state, pod) {
      return wantedPorts(pod).length === 0 ? SKIP : null;
    },

    filter(_state, pod, node) {
      const used = node.usedPorts;
      if (used.size === 0) return null;
      const want = wantedPorts(pod);
      for (let i = 0; i < want.length; i++) {
        const w = want[i]!;
        if (w.wildcard) {
          for (const k of used.keys()) if (k.endsWith(w.suffix)) return Status.unschedulable(ErrReason);
        } else if (used.has(w.exact) || used.has(w.anyIp)) {
          return Status.unschedulable(ErrReason);
        }
      }
      return null;
    },
  }),
});
