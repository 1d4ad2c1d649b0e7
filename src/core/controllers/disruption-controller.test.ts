import { describe, expect, it } from "vitest";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import type { PodDisruptionBudget } from "../api/policy-types.js";
import type { Pod } from "../api/types.js";
import { ScenarioPlayer } from "../scenario/player.js";
import { evictPod } from "./eviction.js";
import { controllerCluster, testDeployment } from "./testing.js";

const S = 1_000_000;

const web = (replicas: number) => testDeployment("web", replicas);

const pdb = (spec: PodDisruptionBudget["spec"]): PodDisruptionBudget => ({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web", namespace: "default" }, spec: { selector: { matchLabels: { app: "web" } }, ...spec } });
const status = (c: ReturnType<typeof controllerCluster>) => c.store.get<PodDisruptionBudget>("PodDisruptionBudget", "default", "web")!.status!;

describe("PodDisruptionBudget: disruption controller and eviction", () => {
  it("keeps status as upstream computes it for minAvailable and maxUnavailable, ints and percentages", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 2 });
    c.store.create(web(4));
    c.engine.run({ until: 10 * S });
    const cases: [PodDisruptionBudget["spec"], number, number][] = [
      [{ minAvailable: 3 }, 3, 1],
      [{ minAvailable: "50%" }, 2, 2],
      [{ minAvailable: "51%" }, 3, 1], // rounded up
      [{ maxUnavailable: 1 }, 3, 1],
      [{ maxUnavailable: "10%" }, 3, 1], // 0.4 pods rounds up to 1
      [{ minAvailable: 5 }, 5, 0],
    ];
    for (const [spec, desired, allowed] of cases) {
      const cur = c.store.get<PodDisruptionBudget>("PodDisruptionBudget", "default", "web");
      if (cur) c.store.delete("PodDisruptionBudget", "default", "web");
      c.store.create(pdb(spec));
      c.engine.run({ until: c.engine.now + S });
      expect(status(c), JSON.stringify(spec)).toMatchObject({ currentHealthy: 4, desiredHealthy: desired, disruptionsAllowed: allowed, expectedPods: 4 });
    }
  });

  it("a PDB with minAvailable stops a drain from evicting below it; the drain finishes as replacements become ready", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 2 });
    c.store.create(web(4));
    c.engine.run({ until: 10 * S });
    c.store.create(pdb({ minAvailable: 3 }));
    const onNode1 = c.pods().filter((p) => p.spec.nodeName === "node-1").length;
    expect(onNode1).toBeGreaterThanOrEqual(2);
    const player = new ScenarioPlayer(c.engine, c.store, c.agents, c.events, [{ atUs: 20 * S, where: "timeline[0]", action: { kind: "drain", node: "node-1" } }], (p) => evictPod(c.store, p));
    player.start();
    let minReady = Infinity;
    while (c.engine.now < 120 * S && c.engine.step()) if (c.engine.now >= 20 * S) minReady = Math.min(minReady, c.ready().length);
    expect(minReady).toBe(3);
    expect(c.pods().filter((p) => p.spec.nodeName === "node-1")).toHaveLength(0);
    expect(c.ready()).toHaveLength(4);
    const refused = c.events.events.filter((e) => e.reason === "EvictionRefused");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.message).toMatch(/will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\. The disruption budget web needs 3 healthy pods and has [34] currently$/);
    expect(c.events.events.filter((e) => e.reason === "Evicted")).toHaveLength(onNode1);
  });

  it("evicts a pod that is not ready while the budget is met; refuses a pod under two budgets", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 1 });
    c.store.create(pdb({ minAvailable: 0 }));
    const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "lonely", namespace: "default", labels: { app: "web" } }, spec: { containers: [{ name: "c" }] } };
    c.store.create(pod);
    c.engine.run({ until: S / 2 });
    const two = { ...pdb({}), metadata: { name: "other", namespace: "default" } };
    c.store.create(two);
    expect(evictPod(c.store, c.store.get<Pod>("Pod", "default", "lonely")!)).toBe("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
    c.store.delete("PodDisruptionBudget", "default", "other");
    expect(evictPod(c.store, c.store.get<Pod>("Pod", "default", "lonely")!)).toBe(true);
    expect(c.store.get<Pod>("Pod", "default", "lonely")).toBeUndefined();
  });
});
