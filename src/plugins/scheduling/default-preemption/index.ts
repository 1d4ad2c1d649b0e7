/**
 * DefaultPreemption (PostFilter; defaultpreemption + framework/preemption, v1.33). When no node fits,
 * find nodes where evicting lower-priority pods would make room, pick the least harmful one, evict
 * its victims and nominate the pod there; the pod is retried once the victims are gone (PodDelete).
 *
 * Differences from kube-scheduler, all forced by the simulator's model:
 * - Victims are deleted at once (no graceful termination), so PodEligibleToPreemptOthers' second rule
 *   (a victim on the nominated node still terminating) never applies; only preemptionPolicy=Never does.
 * - PodDisruptionBudgets come from the store when the scheduler runs against one (scenarios; pdb.ts);
 *   elsewhere (explain, fill) there are none and no victim violates one.
 * - Scheduler extenders do not exist: candidates are never filtered by them.
 */
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import { definePlugin, type FrameworkHandle, type NodeToStatus, type Plugin, type PostFilterResult } from "../../../core/scheduler/framework.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import { NodeStatuses } from "../../../core/scheduler/node-statuses.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Code, Status, fitErrorText } from "../../../core/scheduler/status.js";
import { calculateNumCandidates, parseDefaultPreemptionArgs, type DefaultPreemptionArgs } from "./args.js";
import { aggregateErrors, dryRunPreemption, type Candidate } from "./candidates.js";
import { listBudgets } from "./pdb.js";
import { selectCandidate } from "./pick-node.js";
import { ERR_NO_VICTIMS } from "./victims.js";

export type { DefaultPreemptionArgs } from "./args.js";
export type { Candidate } from "./candidates.js";

const NAME = "DefaultPreemption";
export const ERR_PREEMPT_NEVER = "not eligible due to preemptionPolicy=Never.";
/** Status kube gives nodes that were not dry-run (not Unschedulable, or not reached). */
export const ERR_NOT_HELPFUL = "Preemption is not helpful for scheduling";

/** PodEligibleToPreemptOthers; returns the reason when the pod may not preempt. */
export function ineligibilityReason(pod: PodInfo): string | null {
  if (pod.pod.spec.preemptionPolicy === "Never") return ERR_PREEMPT_NEVER;
  // A pod whose nominated node still holds a victim in graceful termination is not eligible either;
  // victims are deleted immediately here, so that case cannot arise.
  return null;
}

/** FitError.Error() over the dry-run statuses; nodes without one count as "not helpful". */
export function fitErrorMessage(numAllNodes: number, nodeStatuses: ReadonlyMap<string, Status>): string {
  const counts = new Map<string, number>();
  for (const s of nodeStatuses.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return fitErrorFromCounts(numAllNodes, nodeStatuses.size, counts);
}

/** The same message from reason counts over `dryRun` nodes (the others count as "not helpful"). */
function fitErrorFromCounts(numAllNodes: number, dryRun: number, counts: Map<string, number>): string {
  const absent = numAllNodes - dryRun;
  if (absent > 0) counts.set(ERR_NOT_HELPFUL, (counts.get(ERR_NOT_HELPFUL) ?? 0) + absent);
  return fitErrorText(numAllNodes, counts);
}

/** Nodes whose Filter failure may be fixed by removing pods (NodesForStatusCode(Unschedulable)), in snapshot order. */
export function potentialNodes(nodes: readonly NodeInfo[], filtered: NodeToStatus): NodeInfo[] {
  const out: NodeInfo[] = [];
  for (const n of nodes) if (filtered.get(n.name)?.code === Code.Unschedulable) out.push(n);
  return out;
}

class DefaultPreemptionPlugin implements Plugin {
  readonly name = NAME;
  // The preemptor is retried when its victims leave.
  readonly events = ["PodDelete"] as const;

  constructor(
    private readonly args: DefaultPreemptionArgs,
    private readonly handle: FrameworkHandle,
  ) {}

  postFilter(state: CycleState, pod: PodInfo, filtered: NodeToStatus): PostFilterResult {
    const r = this.preempt(state, pod, filtered);
    const msg = r.status.message();
    if (msg) return { ...r, status: new Status(r.status.code, [`preemption: ${msg}`]) };
    return r;
  }

  /** Evaluator.Preempt. */
  preempt(state: CycleState, pod: PodInfo, filtered: NodeToStatus): PostFilterResult {
    const notEligible = ineligibilityReason(pod);
    if (notEligible) return { status: Status.unschedulable(notEligible) };

    const all = this.handle.snapshot.nodes;
    if (all.length === 0) return { status: Status.error("no nodes available") };
    if (!this.handle.snapshot.hasPodBelowPriority(pod.priority)) return this.nothingToPreempt(pod, all, filtered);
    const { candidates, nodeStatuses, errors } = this.findCandidates(state, pod, all, filtered);
    if (errors.length > 0 && candidates.length === 0) return { status: Status.error(aggregateErrors(errors)) };

    if (candidates.length === 0) {
      // kube returns nominatedNodeName "" (mode Override), which makes the scheduler drop any earlier
      // nomination of the pod; do it here so the result does not depend on the caller.
      this.handle.nominate(pod, "");
      return { status: Status.unschedulable(fitErrorMessage(all.length, nodeStatuses)), nominatedNodeName: "" };
    }

    const best = selectCandidate(candidates);
    if (!best || !best.nodeName) return { status: Status.unschedulable("no candidate node for preemption") };
    this.prepareCandidate(best, pod);
    return { status: Status.success(), nominatedNodeName: best.nodeName };
  }

  /**
   * What preempt() returns when no placed pod has a lower priority than `pod` (every pod of an
   * overloaded cluster of one priority): the dry run would visit every potential node and find no
   * victim on any. The same result (message, nomination, RNG draw) without visiting them.
   */
  private nothingToPreempt(pod: PodInfo, all: readonly NodeInfo[], filtered: NodeToStatus): PostFilterResult {
    const potential = this.countPotential(all, filtered);
    if (potential > 0) this.handle.rng.below(potential); // findCandidates' offset draw
    this.handle.nominate(pod, "");
    const counts = new Map<string, number>(potential > 0 ? [[ERR_NO_VICTIMS, potential]] : []);
    return { status: Status.unschedulable(fitErrorFromCounts(all.length, potential, counts)), nominatedNodeName: "" };
  }

  /** Nodes with an Unschedulable status: counted already when the statuses cover exactly the nodes. */
  private countPotential(all: readonly NodeInfo[], filtered: NodeToStatus): number {
    if (filtered instanceof NodeStatuses && filtered.size === all.length) return filtered.withCode(Code.Unschedulable);
    let count = 0;
    for (const n of all) if (filtered.get(n.name)?.code === Code.Unschedulable) count++;
    return count;
  }

  /** Evaluator.findCandidates: dry runs on a random window of the Unschedulable nodes. */
  findCandidates(state: CycleState, pod: PodInfo, all: readonly NodeInfo[], filtered: NodeToStatus) {
    const potential = potentialNodes(all, filtered);
    if (potential.length === 0) return { candidates: [] as Candidate[], nodeStatuses: new Map<string, Status>(), errors: [] as string[] };
    // GetOffsetAndNumCandidates: rand.Int31n(len(potentialNodes)).
    const offset = this.handle.rng.below(potential.length);
    const num = calculateNumCandidates(potential.length, this.args);
    return dryRunPreemption(this.handle.framework, state, pod, potential, offset, num, listBudgets(this.handle));
  }

  /** Evaluator.prepareCandidate: evict the victims, then drop lower-priority nominations to that node. */
  prepareCandidate(c: Candidate, pod: PodInfo): void {
    const h = this.handle;
    for (const v of c.victims) {
      // A victim waiting in Permit is rejected (it goes back to the queue) rather than deleted.
      if (h.isWaitingPod?.(v.uid)) h.rejectWaitingPod(v.uid, NAME, "preempted");
      else h.deletePod(v.pod, `Preempted by pod ${pod.uid} on node ${c.nodeName}`);
    }
    const lower: PodInfo[] = [];
    for (const p of h.nominatedPodsForNode(c.nodeName)) if (p.priority < pod.priority) lower.push(p);
    for (const p of lower) h.nominate(p, "");
  }
}

export const DefaultPreemption = definePlugin<DefaultPreemptionArgs>({
  name: NAME,
  description: "PostFilter: evicts lower-priority pods from the least harmful node and nominates the pod there",
  args: parseDefaultPreemptionArgs,
  create: (args, handle) => new DefaultPreemptionPlugin(args, handle),
});
