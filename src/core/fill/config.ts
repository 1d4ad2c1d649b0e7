/**
 * The scheduler configuration of the FGD paper's runs, for one policy: kube-scheduler's default plugins for
 * every extension point except Score, where only the policy runs (weight 1000, as the artifact's
 * `-<Policy> 1000`), and percentageOfNodesToScore 100. Equivalent KubeSchedulerConfiguration:
 *
 *   apiVersion: kubescheduler.config.k8s.io/v1
 *   kind: KubeSchedulerConfiguration
 *   percentageOfNodesToScore: 100
 *   profiles:
 *     - schedulerName: default-scheduler
 *       plugins:
 *         multiPoint: { enabled: [{ name: FGD, weight: 1000 }] }
 *         score: { disabled: [{ name: "*" }], enabled: [{ name: FGD, weight: 1000 }] }
 */
import { DEFAULT_SCHEDULER_NAME, defaultSchedulerConfig, type SchedulerConfig } from "../scheduler/config.js";

export const POLICY_WEIGHT = 1000;

export function policySchedulerConfig(policy: string, opts: { weight?: number; percentageOfNodesToScore?: number } = {}): SchedulerConfig {
  const cfg = defaultSchedulerConfig();
  const weight = opts.weight ?? POLICY_WEIGHT;
  cfg.percentageOfNodesToScore = opts.percentageOfNodesToScore ?? 100;
  const path = ["profiles", 0, "plugins"];
  cfg.profiles = [
    {
      schedulerName: DEFAULT_SCHEDULER_NAME,
      percentageOfNodesToScore: null,
      plugins: {
        multiPoint: { enabled: [{ name: policy, weight, path: [...path, "multiPoint", "enabled", 0] }], disabled: [] },
        score: {
          enabled: [{ name: policy, weight, path: [...path, "score", "enabled", 0] }],
          disabled: [{ name: "*", weight: 0, path: [...path, "score", "disabled", 0] }],
        },
      },
      pluginConfig: new Map(),
      path: ["profiles", 0],
    },
  ];
  return cfg;
}
