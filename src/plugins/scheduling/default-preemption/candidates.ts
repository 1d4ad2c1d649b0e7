/**
 * Candidate search (preemption.Evaluator.DryRunPreemption, v1.33): dry-run victim selection on the
 * potential nodes, starting at a random offset and wrapping around, until enough candidates are found.
 * kube-scheduler runs the nodes in parallel and cancels once the count is reached; here they run in
 * order, which is what kube's own tests pin with parallelism 1.
 */
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import type { FrameworkRunner } from "../../../core/scheduler/framework.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Code, Status } from "../../../core/scheduler/status.js";
import { ERR_NO_VICTIMS, selectVictimsOnNode, type VictimsResult } from "./victims.js";
import type { Budget } from "./pdb.js";

/** A node the preemptor can be nominated to, with the pods to evict there. */
export interface Candidate {
  readonly nodeName: string;
  /** Ordered from most to least important (victims[0] has the highest priority). */
  readonly victims: readonly PodInfo[];
  readonly numPDBViolations: number;
}

export interface DryRunResult {
  /** Candidates without PDB violations first, then those with. */
  candidates: Candidate[];
  /** Why each dry-run node that is not a candidate was rejected. */
  nodeStatuses: Map<string, Status>;
  /** Messages of Error statuses met on the way. */
  errors: string[];
}

export function dryRunPreemption(
  fw: FrameworkRunner,
  state: CycleState,
  pod: PodInfo,
  potentialNodes: readonly NodeInfo[],
  offset: number,
  numCandidates: number,
  budgets: readonly Budget[] = [],
): DryRunResult {
  const nonViolating: Candidate[] = [];
  const violating: Candidate[] = [];
  const nodeStatuses = new Map<string, Status>();
  const errors: string[] = [];
  const n = potentialNodes.length;
  for (let i = 0; i < n; i++) {
    const node = potentialNodes[(offset + i) % n]!;
    // A node without a pod of lower priority than the preemptor has nothing to evict: selectVictimsOnNode
    // would say so without changing anything, so say it here without cloning the node and the state
    // (in an overloaded cluster of equal priorities that is every node, on every failed attempt).
    const r = hasLowerPriorityPod(node, pod.priority) ? selectVictimsOnNode(fw, state.clone(), pod, node.clone(), budgets) : NO_VICTIMS;
    if (r.status === null && r.victims.length > 0) {
      const c: Candidate = { nodeName: node.name, victims: r.victims, numPDBViolations: r.numPDBViolations };
      (r.numPDBViolations === 0 ? nonViolating : violating).push(c);
      // Stop once enough are found, but keep looking until one without PDB violations turns up.
      if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
      continue;
    }
    const s = r.status ?? Status.error(`expected at least one victim pod on node "${node.name}"`);
    if (s.code === Code.Error) errors.push(s.message());
    nodeStatuses.set(node.name, s);
  }
  return { candidates: nonViolating.concat(violating), nodeStatuses, errors };
}

const NO_VICTIMS: VictimsResult = { victims: [], numPDBViolations: 0, status: Status.unresolvable(ERR_NO_VICTIMS) };

function hasLowerPriorityPod(node: NodeInfo, priority: number): boolean {
  for (const p of node.pods) if (p.priority < priority) return true;
  return false;
}

/** utilerrors.NewAggregate(errs).Error(): one message as is, several as "[a, b]". */
export function aggregateErrors(errors: readonly string[]): string {
  return errors.length === 1 ? errors[0]! : `[${errors.join(", ")}]`;
}
