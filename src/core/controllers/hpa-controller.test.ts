import { describe, expect, it } from "vitest";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import type { HorizontalPodAutoscaler } from "../api/autoscaling-types.js";
import type { Deployment } from "../api/workload-types.js";
import { controllerCluster, testDeployment } from "./testing.js";

const S = 1_000_000;

function hpa(behavior?: HorizontalPodAutoscaler["spec"]["behavior"]): HorizontalPodAutoscaler {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "web", namespace: "default" },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }],
      ...(behavior ? { behavior } : {}),
    },
  };
}

/** Two replicas of 100m at 50% of their requests (100m of load in all), an HPA targeting 50%. */
function atTarget() {
  const c = controllerCluster(inTreeRegistry(), { nodes: 2 });
  c.store.create(testDeployment("web", 2));
  c.load.set("default", "Deployment", "web", 100);
  c.store.create(hpa());
  c.engine.run({ until: 60 * S });
  const replicas = () => c.store.get<Deployment>("Deployment", "default", "web")!.spec.replicas;
  expect(replicas()).toBe(2);
  return { c, replicas };
}

describe("HorizontalPodAutoscalerController", () => {
  it("scales 2 → 4 when utilisation doubles, and stays there once the new pods share the load", () => {
    const { c, replicas } = atTarget();
    c.load.set("default", "Deployment", "web", 200);
    c.engine.run({ until: 76 * S });
    expect(replicas()).toBe(4);
    c.engine.run({ until: 400 * S });
    expect(replicas()).toBe(4);
    expect(c.ready()).toHaveLength(4);
    const h = c.store.get<HorizontalPodAutoscaler>("HorizontalPodAutoscaler", "default", "web")!;
    expect(h.status).toMatchObject({ currentReplicas: 4, desiredReplicas: 4, currentMetrics: [{ resource: { current: { averageUtilization: 50 } } }] });
    expect(c.events.events.filter((e) => e.reason === "SuccessfulRescale").map((e) => e.message)).toEqual(["New size: 4; reason: cpu resource utilization (percentage of request) above target"]);
  });

  it("does not scale when utilisation moves 5% (within the 0.1 tolerance), either way", () => {
    for (const load of [105, 95]) {
      const { c, replicas } = atTarget();
      c.load.set("default", "Deployment", "web", load);
      c.engine.run({ until: 700 * S });
      expect(replicas(), `${load}m`).toBe(2);
      expect(c.events.events.filter((e) => e.reason === "SuccessfulRescale")).toEqual([]);
    }
  });

  it("scales down only after the 300 s stabilisation window, and never below minReplicas", () => {
    const { c, replicas } = atTarget();
    c.load.set("default", "Deployment", "web", 400);
    c.engine.run({ until: 120 * S });
    expect(replicas()).toBe(8);
    const up = c.engine.now;
    c.load.set("default", "Deployment", "web", 20);
    // The last recommendation of 8 came at the 105 s sync; it holds the size for 300 s, to 405 s.
    c.engine.run({ until: up + 284 * S });
    expect(replicas()).toBe(8);
    c.engine.run({ until: up + 700 * S });
    expect(replicas()).toBe(2);
    const downs = c.events.events.filter((e) => e.message.startsWith("New size: 2"));
    expect(downs.map((e) => e.firstUs / S)).toEqual([405]);
  });

  it("a scale-up is limited to the larger of +100% and +4 pods per 15 s", () => {
    const { c, replicas } = atTarget();
    c.load.set("default", "Deployment", "web", 2000); // wants 40, capped at maxReplicas 10
    c.engine.run({ until: 61 * S });
    expect(replicas()).toBe(6); // 2 + 4 beats 2 × 2
    c.engine.run({ until: 200 * S });
    expect(replicas()).toBe(10);
  });
});
