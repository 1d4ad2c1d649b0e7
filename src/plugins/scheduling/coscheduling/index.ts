/**
 * Coscheduling (kubernetes-sigs/scheduler-plugins, pkg/coscheduling): gang scheduling with PodGroup
 * objects (scheduling.x-k8s.io/v1alpha1). A pod joins a group with the label
 * `scheduling.x-k8s.io/pod-group: <name>`; the group's spec.minMember pods are placed all or none.
 *   QueueSort  higher priority first, then the earlier group (its creation time), then the group's name,
 *              so a group's pods come out of the queue together;
 *   PreFilter  a pod whose group does not exist, or has fewer than minMember pods, waits
 *              (UnschedulableAndUnresolvable) instead of taking room;
 *   PostFilter a member that fits nowhere rejects the group's members waiting in Permit, so they free
 *              what they hold, unless minMember of the group is already placed;
 *   Permit     a member waits (up to the group's scheduleTimeoutSeconds, else permitWaitingTimeSeconds)
 *              until minMember members are placed or waiting, then all of them are allowed at once;
 *   Unreserve  a member rejected while waiting (time out) rejects the others.
 * Enable it as scheduler-plugins' documentation does: in queueSort (replacing PrioritySort), preFilter,
 * postFilter, permit and reserve.
 */
import { ArgsError, definePlugin, type FrameworkHandle, type Plugin, type QueuedPodInfo } from "../../../core/scheduler/framework.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { higherPriorityFirst } from "../priority-sort/index.js";
import { Status } from "../../../core/scheduler/status.js";
import type { Pod } from "../../../core/api/types.js";

const NAME = "Coscheduling";
export const PodGroupLabel = "scheduling.x-k8s.io/pod-group";

export interface PodGroup {
  apiVersion: string;
  kind: "PodGroup";
  metadata: { name: string; namespace?: string; creationTimestamp?: string; uid?: string };
  spec: { minMember?: number; scheduleTimeoutSeconds?: number };
}

export interface CoschedulingArgs {
  /** How long a member may wait in Permit when its group sets no scheduleTimeoutSeconds. */
  permitWaitingTimeSeconds: number;
}

export function parseCoschedulingArgs(raw: unknown, path: string): CoschedulingArgs {
  const out: CoschedulingArgs = { permitWaitingTimeSeconds: 60 };
  if (raw == null) return out;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ArgsError(path, "expected CoschedulingArgs object");
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k === "permitWaitingTimeSeconds") {
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new ArgsError(`${path}.${k}`, `expected a non-negative integer, got ${JSON.stringify(v)}`);
      out.permitWaitingTimeSeconds = v;
    } else if (k !== "podGroupBackoffSeconds" && k !== "apiVersion" && k !== "kind") {
      throw new ArgsError(`${path}.${k}`, `unknown field "${k}" (allowed: permitWaitingTimeSeconds, podGroupBackoffSeconds)`);
    }
  }
  return out;
}

const groupOf = (pi: PodInfo): string | undefined => pi.pod.metadata.labels?.[PodGroupLabel];

export const Coscheduling = definePlugin({
  name: NAME,
  description: "Gang scheduling with PodGroups (scheduler-plugins): a group's minMember pods are placed all or none",
  args: parseCoschedulingArgs,
  create: (args: CoschedulingArgs, handle: FrameworkHandle): Plugin => {
    const objects = () => {
      if (!handle.objects) throw new Error("Coscheduling needs the cluster's objects (PodGroups and pods), which this scheduler does not provide");
      return handle.objects;
    };
    const podGroup = (ns: string, name: string) => objects().get<PodGroup>("PodGroup", ns, name);
    /** The group's pods in the store (any state but finished). */
    const members = (ns: string, group: string) =>
      objects().list<Pod>("Pod", (p) => (p.metadata.namespace ?? "default") === ns && p.metadata.labels?.[PodGroupLabel] === group && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
    /** Members on a node or waiting in Permit, by uid. */
    const placed = (ns: string, group: string): { bound: number; waiting: string[] } => {
      let bound = 0;
      const waiting: string[] = [];
      for (const p of members(ns, group)) {
        if (handle.isWaitingPod?.(p.metadata.uid!)) waiting.push(p.metadata.uid!);
        else if (p.spec.nodeName) bound++;
      }
      return { bound, waiting };
    };
    const rejectWaiting = (ns: string, group: string, except: string, reason: string) => {
      for (const uid of placed(ns, group).waiting) if (uid !== except) handle.rejectWaitingPod(uid, NAME, reason);
    };
    const groupTime = (pi: PodInfo): string => {
      const g = groupOf(pi);
      const pg = g ? podGroup(pi.namespace, g) : undefined;
      return pg?.metadata.creationTimestamp ?? pi.pod.metadata.creationTimestamp ?? "";
    };
    return {
      name: NAME,
      less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
        const byPriority = higherPriorityFirst(a, b);
        if (byPriority !== null) return byPriority;
        const ta = groupTime(a.podInfo);
        const tb = groupTime(b.podInfo);
        if (ta !== tb) return ta < tb;
        const ka = `${a.podInfo.namespace}/${groupOf(a.podInfo) ?? a.podInfo.name}`;
        const kb = `${b.podInfo.namespace}/${groupOf(b.podInfo) ?? b.podInfo.name}`;
        if (ka !== kb) return ka < kb;
        return a.timestamp < b.timestamp;
      },
      preFilter(_state, pi) {
        const g = groupOf(pi);
        if (!g) return null;
        const pg = podGroup(pi.namespace, g);
        if (!pg) return Status.unresolvable(`PodGroup ${pi.namespace}/${g} not found`);
        const min = pg.spec.minMember ?? 1;
        const total = members(pi.namespace, g).length;
        if (total < min) return Status.unresolvable(`pre-filter pod ${pi.name} cannot find enough sibling pods, current pods number: ${total}, minMember of group: ${min}`);
        return null;
      },
      postFilter(_state, pi) {
        const g = groupOf(pi);
        if (!g) return { status: Status.unschedulable("can not find pod group") };
        const pg = podGroup(pi.namespace, g);
        const min = pg?.spec.minMember ?? 1;
        const { bound, waiting } = placed(pi.namespace, g);
        if (bound + waiting.length >= min) return { status: Status.unschedulable(`PodGroup ${pi.namespace}/${g} has enough members placed`) };
        rejectWaiting(pi.namespace, g, pi.uid, "optimistic rejection in PostFilter");
        return { status: Status.unschedulable(`PodGroup ${pi.namespace}/${g} gets rejected due to Pod ${pi.name} is unschedulable even after PostFilter`) };
      },
      reserve: () => null,
      unreserve(_state, pi) {
        const g = groupOf(pi);
        if (g) rejectWaiting(pi.namespace, g, pi.uid, `rejection in Unreserve: pod ${pi.name} of the group was rejected`);
      },
      permit(_state, pi) {
        const g = groupOf(pi);
        if (!g) return null;
        const pg = podGroup(pi.namespace, g);
        if (!pg) return Status.unresolvable(`PodGroup ${pi.namespace}/${g} not found`);
        const min = pg.spec.minMember ?? 1;
        const { bound, waiting } = placed(pi.namespace, g);
        // This pod is assumed but not yet waiting: it counts once.
        if (bound + waiting.length + 1 >= min) {
          for (const uid of waiting) handle.allowWaitingPod(uid, NAME);
          return null;
        }
        const seconds = pg.spec.scheduleTimeoutSeconds ?? args.permitWaitingTimeSeconds;
        return Status.wait(seconds * 1_000_000);
      },
    };
  },
});
