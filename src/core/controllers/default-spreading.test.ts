// A Deployment's pods are spread as in a real cluster: PodTopologySpread's system default constraints
// (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) take their selector from the pods' ReplicaSet.
// With PodTopologySpread as the only Score plugin, every replica goes to a node with the fewest of its
// siblings; with defaultingType List and no default constraints (no spreading), placement is the random
// tie-break's alone.
import { describe, expect, it } from "vitest";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import { decodeSchedulerConfig } from "../scheduler/config.js";
import { parseYaml } from "../util/yaml-doc.js";
import { controllerCluster, testDeployment } from "./testing.js";

const profile = (defaulting: string) =>
  decodeSchedulerConfig(
    parseYaml(
      `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
  - schedulerName: default-scheduler
    plugins:
      score:
        disabled: [{name: "*"}]
        enabled: [{name: PodTopologySpread, weight: 1}]
    pluginConfig:
      - name: PodTopologySpread
        args: {defaultingType: ${defaulting}}
`,
      "sched.yaml",
    ),
  );

function podsPerNode(defaulting: string, seed: number): number[] {
  const c = controllerCluster(inTreeRegistry(), { nodes: 4, seed, config: profile(defaulting) });
  c.store.create(testDeployment("web", 8));
  c.engine.run({ until: 60_000_000 });
  const per = new Map<string, number>();
  for (const p of c.pods()) per.set(p.spec.nodeName!, (per.get(p.spec.nodeName!) ?? 0) + 1);
  return [...per.values()].sort();
}

describe("system default spreading of a Deployment's pods", () => {
  it("puts 8 replicas 2 to a node on 4 nodes, whatever the seed", () => {
    for (const seed of [1, 2, 3, 4]) expect(podsPerNode("System", seed), `seed ${seed}`).toEqual([2, 2, 2, 2]);
  });

  it("without default constraints the same replicas land unevenly for some seed", () => {
    const spreads = [1, 2, 3, 4].map((seed) => podsPerNode("List", seed));
    expect(spreads.some((s) => s.length !== 4 || s.some((n) => n !== 2))).toBe(true);
    expect(spreads.every((s) => s.reduce((a, b) => a + b, 0) === 8)).toBe(true);
  });
});
