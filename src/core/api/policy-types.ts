/** PodDisruptionBudget (policy/v1), as plain data. */
import type { LabelSelector, ObjectMeta, TypeMeta } from "./types.js";
import type { IntOrString } from "./workload-types.js";

export interface PodDisruptionBudgetStatus {
  observedGeneration?: number;
  /** Pods evicted but not yet seen gone by the controller: name → eviction time. */
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
}

export interface PodDisruptionBudget extends TypeMeta {
  metadata: ObjectMeta & { generation?: number };
  spec: {
    minAvailable?: IntOrString;
    maxUnavailable?: IntOrString;
    selector?: LabelSelector;
    unhealthyPodEvictionPolicy?: "IfHealthyBudget" | "AlwaysAllow";
  };
  status?: PodDisruptionBudgetStatus;
}
