/**
 * How many nodes of a snapshot carry the traits that node-local Filter and Score plugins test: kept in
 * step with every node change, so a plugin can tell once per pod, instead of once per node, that it
 * cannot reject any node (no cordoned node, no NoSchedule taint) or cannot tell nodes apart (no
 * PreferNoSchedule taint). A count of zero holds for every subset of the nodes too.
 */
import type { NodeInfo } from "./node-info.js";

export class NodeTraits {
  /** Nodes with spec.unschedulable (cordoned). */
  unschedulable = 0;
  /** Nodes with a NoSchedule or NoExecute taint. */
  hardTainted = 0;
  /** Nodes with a PreferNoSchedule taint. */
  softTainted = 0;

  /** Adds (+1) or removes (−1) one node's traits. */
  count(ni: NodeInfo, sign: 1 | -1): void {
    if (ni.unschedulable) this.unschedulable += sign;
    let hard = false;
    let soft = false;
    for (const t of ni.taints) {
      if (t.effect === "PreferNoSchedule") soft = true;
      else if (t.effect === "NoSchedule" || t.effect === "NoExecute") hard = true;
    }
    if (hard) this.hardTainted += sign;
    if (soft) this.softTainted += sign;
  }
}
