/**
 * filterPodsWithPDBViolation (framework/preemption, v1.33): split potential victims, in their order, into
 * those whose eviction would violate a PodDisruptionBudget and those whose would not. Each budget's
 * disruptionsAllowed is spent as the pods matching it are counted; a pod listed in the budget's
 * disruptedPods is already being evicted and spends nothing. As upstream, an empty selector matches no pod
 * here (LabelSelectorAsSelector of {} is Everything, which the function skips as Empty).
 */
import type { PodDisruptionBudget } from "../../../core/api/policy-types.js";
import { compileLabelSelector, type CompiledSelector } from "../../../core/api/selectors.js";
import type { FrameworkHandle } from "../../../core/scheduler/framework.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";

export interface Budget {
  namespace: string;
  selector: CompiledSelector;
  allowed: number;
  disrupted: ReadonlySet<string>;
}

/** The cluster's budgets, as the scheduler's PDB lister gives them (none without a store). */
export function listBudgets(handle: FrameworkHandle): Budget[] {
  const out: Budget[] = [];
  for (const b of handle.objects?.list<PodDisruptionBudget>("PodDisruptionBudget") ?? []) {
    const sel = b.spec.selector;
    if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) continue;
    let selector: CompiledSelector;
    try {
      selector = compileLabelSelector(sel);
    } catch {
      continue;
    }
    out.push({ namespace: b.metadata.namespace ?? "default", selector, allowed: b.status?.disruptionsAllowed ?? 0, disrupted: new Set(Object.keys(b.status?.disruptedPods ?? {})) });
  }
  return out;
}

export function splitByPDBViolation(pods: readonly PodInfo[], budgets: readonly Budget[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = budgets.map((b) => b.allowed);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const p of pods) {
    let violated = false;
    const labels = p.pod.metadata.labels;
    if (labels && Object.keys(labels).length > 0) {
      budgets.forEach((b, i) => {
        if (b.namespace !== p.namespace || !b.selector.matches(labels) || b.disrupted.has(p.name)) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(p);
  }
  return { violating, nonViolating };
}
