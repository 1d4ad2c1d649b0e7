import { describe, expect, it } from "vitest";
import { FieldError, formatPath } from "./validate.js";
import { validateCronJob, validateDaemonSet, validateDeployment, validateHorizontalPodAutoscaler, validateJob, validatePodDisruptionBudget, validateReplicaSet, validateStatefulSet } from "./validate-workloads.js";

const base = () => ({
  metadata: { name: "web" },
  spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } } as Record<string, unknown>,
});

function problem(f: () => void): string {
  try {
    f();
  } catch (e) {
    if (e instanceof FieldError) return `${formatPath(e.path)}: ${e.problem}`;
    throw e;
  }
  return "valid";
}

describe("Deployment and ReplicaSet validation (apps/v1)", () => {
  it("accepts the documentation's Deployment", () => {
    expect(problem(() => validateDeployment(base()))).toBe("valid");
    expect(problem(() => validateReplicaSet(base()))).toBe("valid");
  });

  it("rejects what the API server rejects, in its words", () => {
    const with_ = (spec: Record<string, unknown>) => {
      const d = base();
      Object.assign(d.spec, spec);
      return () => validateDeployment(d);
    };
    expect(problem(with_({ selector: { matchLabels: { app: "other" } } }))).toBe('spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`');
    expect(problem(with_({ selector: {} }))).toBe("spec.selector: Invalid value: empty selector is invalid for deployment");
    expect(problem(with_({ replicas: -1 }))).toMatch(/^spec\.replicas: /);
    expect(problem(with_({ strategy: { type: "Recreate", rollingUpdate: { maxSurge: 1 } } }))).toBe("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'");
    expect(problem(with_({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: "0%" } } }))).toBe("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0");
    expect(problem(with_({ strategy: { rollingUpdate: { maxUnavailable: "150%" } } }))).toBe('spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%');
    expect(problem(with_({ strategy: { rollingUpdate: { maxSurge: "lots" } } }))).toMatch(/^spec\.strategy\.rollingUpdate\.maxSurge: Invalid value: "lots": a valid percent string/);
    expect(problem(with_({ minReadySeconds: 10, progressDeadlineSeconds: 10 }))).toBe("spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds");
    expect(problem(with_({ template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c" }], restartPolicy: "Never" } } }))).toBe('spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
  });

  it("PodDisruptionBudget and HorizontalPodAutoscaler", () => {
    const pdb = (spec: Record<string, unknown>) => () => validatePodDisruptionBudget({ metadata: { name: "b" }, spec });
    expect(problem(pdb({ minAvailable: 2, selector: { matchLabels: { app: "web" } } }))).toBe("valid");
    expect(problem(pdb({ minAvailable: 2, maxUnavailable: 1 }))).toBe("spec: Invalid value: minAvailable and maxUnavailable cannot be both set");
    expect(problem(pdb({ maxUnavailable: "120%" }))).toBe('spec.maxUnavailable: Invalid value: "120%": must not be greater than 100%');
    const cpu = (u: number) => [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: u } } }];
    const hpa = (spec: Record<string, unknown>) => () => validateHorizontalPodAutoscaler({ metadata: { name: "h" }, spec: { scaleTargetRef: { kind: "Deployment", name: "web" }, maxReplicas: 5, metrics: cpu(50), ...spec } });
    expect(problem(hpa({}))).toBe("valid");
    expect(problem(hpa({ minReplicas: 6 }))).toBe("spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`");
    expect(problem(hpa({ minReplicas: 0 }))).toBe("spec.minReplicas: Invalid value: 0: must be greater than or equal to 1");
    expect(problem(hpa({ metrics: cpu(0) }))).toBe("spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0");
    expect(problem(hpa({ metrics: [{ type: "Pods" }] }))).toMatch(/^spec\.metrics\[0\]: Unsupported value: the simulated autoscaler reads one metric/);
    expect(problem(hpa({ scaleTargetRef: { kind: "StatefulSet", name: "db" } }))).toMatch(/^spec\.scaleTargetRef\.kind: Unsupported value: "StatefulSet"/);
  });

  it("Job", () => {
    const job = (spec: Record<string, unknown>, restartPolicy: string | null = "Never") => () =>
      validateJob({ metadata: { name: "j" }, spec: { template: { spec: { containers: [{ name: "c" }], ...(restartPolicy ? { restartPolicy } : {}) } }, ...spec } });
    expect(problem(job({ completions: 3, parallelism: 2 }))).toBe("valid");
    expect(problem(job({}, null))).toBe('spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
    expect(problem(job({ completionMode: "Indexed" }))).toBe("spec.completions: Required value: when completion mode is Indexed");
    expect(problem(job({ parallelism: -1 }))).toMatch(/^spec\.parallelism: /);
  });

  it("StatefulSet and DaemonSet", () => {
    const with_ = (f: (v: unknown) => void, spec: Record<string, unknown>) => () => {
      const d = base();
      Object.assign(d.spec, spec);
      f(d);
    };
    expect(problem(with_(validateStatefulSet, { podManagementPolicy: "Parallel", updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } }))).toBe("valid");
    expect(problem(with_(validateStatefulSet, { podManagementPolicy: "Random" }))).toMatch(/^spec\.podManagementPolicy: /);
    expect(problem(with_(validateStatefulSet, { updateStrategy: { type: "OnDelete", rollingUpdate: { partition: 1 } } }))).toBe("spec.updateStrategy.rollingUpdate: Invalid value: only allowed for updateStrategy 'RollingUpdate'");
    expect(problem(with_(validateDaemonSet, { replicas: 3 }))).toBe('spec.replicas: unknown field "replicas" (a DaemonSet runs one pod per eligible node)');
    const ds = base();
    delete ds.spec.replicas;
    expect(problem(() => validateDaemonSet(ds))).toBe("valid");
  });

  it("CronJob", () => {
    const cj = (spec: Record<string, unknown>) => () =>
      validateCronJob({ metadata: { name: "c" }, spec: { schedule: "*/5 * * * *", jobTemplate: { spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "c" }] } } } }, ...spec } });
    expect(problem(cj({}))).toBe("valid");
    expect(problem(cj({ schedule: "61 * * * *" }))).toBe('spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61');
    expect(problem(cj({ concurrencyPolicy: "Sometimes" }))).toMatch(/^spec\.concurrencyPolicy: /);
    expect(problem(cj({ timeZone: "Europe/Paris" }))).toBe('spec.timeZone: Unsupported value: "Europe/Paris": virtual time is UTC');
  });
});
