/**
 * SelectVictimsOnNode (defaultpreemption, v1.33): the smallest set of lower-priority pods whose
 * removal lets the preemptor pass Filter on one node. Runs on a cloned NodeInfo and CycleState.
 */
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import type { FrameworkRunner } from "../../../core/scheduler/framework.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Status } from "../../../core/scheduler/status.js";
import { splitByPDBViolation, type Budget } from "./pdb.js";

export const ERR_NO_VICTIMS = "No preemption victims found for incoming pod";

export interface VictimsResult {
  /** Victims ordered from most to least important. */
  victims: PodInfo[];
  numPDBViolations: number;
  /** null when the preemptor fits once `victims` are gone. */
  status: Status | null;
}

/** util.MoreImportantPod as a sort comparator: higher priority first, then the earlier-started pod. */
export function byImportance(a: PodInfo, b: PodInfo): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.startTimeUs - b.startTimeUs;
}

/**
 * Removes every pod of lower priority than `pod` (keeping PreFilter state in step via RemovePod), checks
 * the pod fits, then adds pods back from the most important down, keeping each one that still lets the
 * pod fit — first those whose eviction would violate a PodDisruptionBudget, then the others; the
 * violating ones that stay victims are counted. `node` and `state` are mutated: pass clones.
 */
export function selectVictimsOnNode(fw: FrameworkRunner, state: CycleState, pod: PodInfo, node: NodeInfo, budgets: readonly Budget[] = []): VictimsResult {
  const potential: PodInfo[] = [];
  for (const p of node.pods) if (p.priority < pod.priority) potential.push(p);
  for (const p of potential) {
    node.removePod(p);
    const s = fw.runPreFilterExtensionRemovePod(state, pod, p, node);
    if (s) return { victims: [], numPDBViolations: 0, status: s };
  }
  // Nothing removable: the node is as it was when Filter rejected the pod.
  if (potential.length === 0) return { victims: [], numPDBViolations: 0, status: Status.unresolvable(ERR_NO_VICTIMS) };

  // Even without every lower-priority pod the pod does not fit (e.g. affinity to a victim is not
  // considered, as in kube-scheduler).
  const fit = fw.runFilterPluginsWithNominatedPods(state, pod, node);
  if (fit) return { victims: [], numPDBViolations: 0, status: fit };

  potential.sort(byImportance);
  const { violating, nonViolating } = budgets.length ? splitByPDBViolation(potential, budgets) : { violating: [], nonViolating: potential };
  const victims: PodInfo[] = [];
  let numPDBViolations = 0;
  for (const [list, violates] of [[violating, true], [nonViolating, false]] as const) {
    for (const p of list) {
      node.addPod(p);
      const added = fw.runPreFilterExtensionAddPod(state, pod, p, node);
      if (added) return { victims: [], numPDBViolations: 0, status: added };
      if (fw.runFilterPluginsWithNominatedPods(state, pod, node) === null) continue; // reprieved
      node.removePod(p);
      const removed = fw.runPreFilterExtensionRemovePod(state, pod, p, node);
      if (removed) return { victims: [], numPDBViolations: 0, status: removed };
      victims.push(p);
      if (violates) numPDBViolations++;
    }
  }
  // Reprieving the violating pods first mixes the order: back to most important first, as upstream sorts.
  if (violating.length && nonViolating.length) victims.sort(byImportance);
  return { victims, numPDBViolations, status: null };
}
