// `explain`'s JSON contract on the fixture cluster (three nodes, node-b tainted, web-0 bound to node-c).
// Expected scores are worked out by hand from kube-scheduler's formulas for the pod api-0 (1 cpu, 1Gi):
//   NodeResourcesFit (LeastAllocated): node-a (75 + 87) / 2 = 81; node-c (25 + 62) / 2 = 43
//   NodeResourcesBalancedAllocation:   node-a 1 − |0.25 − 0.125|/2 → 93; node-c 1 − |0.75 − 0.375|/2 → 81
//   ImageLocality: pause:3.9 (300 MB) on 1 of 3 nodes → 100·(100 MB − 23 MiB)/(1000 MiB − 23 MiB) = 7 on node-a
//   TaintToleration: no PreferNoSchedule taints → 100; NodeAffinity / PodTopologySpread / InterPodAffinity skip.
import { describe, expect, it } from "vitest";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import { loadManifests, type ManifestSet } from "../api/manifests.js";
import { parseYaml } from "../util/yaml-doc.js";
import { decodeSchedulerConfig, defaultSchedulerConfig, type SchedulerConfig } from "./config.js";
import { explain, type ExplainResult } from "./explain.js";
import { DEFAULT_PLUGINS } from "./profile.js";

let cluster: ManifestSet;
let podSet: ManifestSet;

async function run(config: SchedulerConfig = defaultSchedulerConfig(), seed = 1): Promise<ExplainResult> {
  cluster ??= await loadManifests("test/fixtures/small-cluster.yaml");
  podSet ??= await loadManifests("test/fixtures/pod.yaml");
  return explain({ config, registry: inTreeRegistry(), nodes: cluster.nodes, boundPods: cluster.pods, pod: podSet.pods[0]!, seed });
}

describe("explain on test/fixtures/small-cluster.yaml + pod.yaml", () => {
  it("reports every node in cluster order, the pod and the profile", async () => {
    const r = await run();
    expect(r.pod).toBe("default/api-0");
    expect(r.profile).toBe("default-scheduler");
    expect(r.nodes.map((n) => n.name)).toEqual(["node-a", "node-b", "node-c"]);
  });

  it("node-b fails TaintToleration with kube's reason; the others are feasible", async () => {
    const r = await run();
    const b = r.nodes[1]!;
    expect(b.feasible).toBe(false);
    expect(b.filters.TaintToleration).toEqual({ code: "UnschedulableAndUnresolvable", reasons: ["node(s) had untolerated taint {dedicated: gpu}"] });
    expect(r.nodes.map((n) => n.feasible)).toEqual([true, false, true]);
    // Every filter's verdict is shown, not just the first failure.
    expect(b.filters.NodeResourcesFit).toEqual({ code: "Success", reasons: [] });
    // Filters whose PreFilter skipped (no node affinity, no host ports, …) are not listed.
    expect(Object.keys(r.nodes[0]!.filters)).toEqual(["NodeUnschedulable", "NodeName", "TaintToleration", "NodeResourcesFit"]);
  });

  it("scores only feasible nodes, with the expected normalised scores", async () => {
    const r = await run();
    expect(r.nodes[1]!.scores).toEqual({});
    expect(r.nodes[0]!.scores).toEqual({ TaintToleration: 100, NodeResourcesFit: 81, NodeResourcesBalancedAllocation: 93, ImageLocality: 7 });
    expect(r.nodes[2]!.scores).toEqual({ TaintToleration: 100, NodeResourcesFit: 43, NodeResourcesBalancedAllocation: 81, ImageLocality: 0 });
  });

  it("total = Σ weight × score with the default weights, and the best node is selected", async () => {
    const r = await run();
    const weight = new Map(DEFAULT_PLUGINS.map((p) => [p.name, p.weight]));
    for (const n of r.nodes.filter((x) => x.feasible)) {
      const sum = Object.entries(n.scores).reduce((s, [p, v]) => s + weight.get(p)! * v, 0);
      expect(n.total).toBe(sum);
    }
    expect(r.nodes.map((n) => n.total)).toEqual([481, 0, 424]);
    expect(r.selected).toBe("node-a");
  });

  it("is plain JSON (round-trips unchanged)", async () => {
    const r = await run();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("follows the configuration: with TaintToleration disabled node-b is feasible and the best", async () => {
    const cfg = decodeSchedulerConfig(
      parseYaml(
        "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- plugins:\n    multiPoint:\n      disabled: [{name: TaintToleration}]\n",
        "c.yaml",
      ),
    );
    const r = await run(cfg);
    expect(r.nodes.every((n) => n.feasible)).toBe(true);
    expect(r.nodes[0]!.scores.TaintToleration).toBeUndefined();
    expect(r.selected).toBe("node-b"); // 8 cpu / 16Gi and empty: least allocated
  });

  it("names the profile when it does not exist", async () => {
    cluster ??= await loadManifests("test/fixtures/small-cluster.yaml");
    podSet ??= await loadManifests("test/fixtures/pod.yaml");
    expect(() =>
      explain({ config: defaultSchedulerConfig(), profile: "nope", registry: inTreeRegistry(), nodes: cluster.nodes, boundPods: [], pod: podSet.pods[0]!, seed: 1 }),
    ).toThrow('no profile "nope" in the scheduler configuration (profiles: default-scheduler)');
  });

  it("a bound pod on an unknown node is an input error", async () => {
    cluster ??= await loadManifests("test/fixtures/small-cluster.yaml");
    podSet ??= await loadManifests("test/fixtures/pod.yaml");
    expect(() =>
      explain({ config: defaultSchedulerConfig(), registry: inTreeRegistry(), nodes: cluster.nodes.slice(0, 2), boundPods: cluster.pods, pod: podSet.pods[0]!, seed: 1 }),
    ).toThrow(/bound to unknown node "node-c"/);
  });
});
