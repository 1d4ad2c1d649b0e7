/**
 * Toleration matching with core/v1 semantics (v1.33: Toleration.ToleratesTaint and the
 * component-helpers TolerationsTolerateTaint / FindMatchingUntoleratedTaint):
 *  - an empty toleration effect matches every taint effect, otherwise the effects must be equal;
 *  - an empty toleration key matches every key (API validation pairs it with operator Exists);
 *  - operator Exists matches any value; Equal (or empty) compares values, absent meaning "";
 *  - any other operator matches nothing (the Gt/Lt toleration operators are newer than v1.33).
 * Shared by TaintToleration, NodeUnschedulable and PodTopologySpread (nodeTaintsPolicy: Honor).
 */
import type { Taint, Toleration } from "./types.js";

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator) {
    case undefined:
    case "Equal":
      return (t.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

/** True when at least one toleration tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (let i = 0; i < tolerations.length; i++) if (toleratesTaint(tolerations[i]!, taint)) return true;
  return false;
}

/** Taints that keep pods off a node: NoSchedule and NoExecute (helper.DoNotScheduleTaintsFilterFunc). */
export function doNotScheduleTaintsFilter(taint: Taint): boolean {
  return taint.effect === "NoSchedule" || taint.effect === "NoExecute";
}

/**
 * The first taint passing `include` (all taints when omitted) that no toleration tolerates, or null
 * when every such taint is tolerated. Pass a module-level filter, not a fresh closure, on hot paths.
 */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  include?: (taint: Taint) => boolean,
): Taint | null {
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i]!;
    if (include && !include(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return null;
}
