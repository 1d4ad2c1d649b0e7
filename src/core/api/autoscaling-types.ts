/** HorizontalPodAutoscaler (autoscaling/v2), the fields the simulated controller reads and writes. */
import type { ObjectMeta, TypeMeta } from "./types.js";

export interface HPAScalingPolicy {
  type: "Pods" | "Percent";
  value: number;
  periodSeconds: number;
}

export interface HPAScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: "Max" | "Min" | "Disabled";
  policies?: HPAScalingPolicy[];
  /** The tolerance of this direction (v1.33 alpha HPAConfigurableTolerance; 0.1 when unset). */
  tolerance?: string | number;
}

export interface HorizontalPodAutoscaler extends TypeMeta {
  metadata: ObjectMeta;
  spec: {
    scaleTargetRef: { apiVersion?: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: { type: string; resource?: { name: string; target: { type: string; averageUtilization?: number } } }[];
    behavior?: { scaleUp?: HPAScalingRules; scaleDown?: HPAScalingRules };
  };
  status?: {
    currentReplicas: number;
    desiredReplicas: number;
    lastScaleTime?: string;
    currentMetrics?: { type: "Resource"; resource: { name: "cpu"; current: { averageUtilization: number; averageValue: string } } }[];
  };
}

/** The API server's defaults (SetDefaults_HorizontalPodAutoscaler and its behavior). */
export const HPA_DEFAULT_UTILIZATION = 80;
export const HPA_DEFAULT_SCALE_UP: Required<Omit<HPAScalingRules, "tolerance">> = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Percent", value: 100, periodSeconds: 15 },
    { type: "Pods", value: 4, periodSeconds: 15 },
  ],
};
export const HPA_DEFAULT_SCALE_DOWN: Required<Omit<HPAScalingRules, "tolerance">> = {
  stabilizationWindowSeconds: 300,
  selectPolicy: "Max",
  policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
};
