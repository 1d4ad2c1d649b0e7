/**
 * FGD: hand-computed fragmentation deltas, the device choice for shares, where the typical pods come from,
 * and a case where FGD and BestFit choose different nodes.
 */
import { describe, expect, it } from "vitest";
import { ObjectStore } from "../../../core/api/store.js";
import type { Pod } from "../../../core/api/types.js";
import { Engine } from "../../../core/engine/engine.js";
import { Rng } from "../../../core/engine/rng.js";
import { decodeSchedulerConfig } from "../../../core/scheduler/config.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Scheduler } from "../../../core/scheduler/scheduler.js";
import { makeHandle, makeSnapshot, scoreAll } from "../../../core/scheduler/testing.js";
import { parseYaml } from "../../../core/util/yaml-doc.js";
import { BestFit } from "../best-fit/index.js";
import { gpuNode, gpuPod, policy } from "../gpu-sharing/fixtures.suite.js";
import { inTreeRegistry } from "../index.js";
import { FGD, fgdScore } from "./index.js";

/** Target workload: half 300m shares, half whole GPUs, one core each. */
const typicalPods = [
  { cpuMilli: 1000, gpuMilli: 300, gpuCount: 1, weight: 1 },
  { cpuMilli: 1000, gpuMilli: 1000, gpuCount: 1, weight: 1 },
];

describe("FGD", () => {
  it("score = trunc(sigmoid((F_before − F_after)/1000) · 100)", () => {
    expect(fgdScore(1000, 1000)).toBe(50);
    expect(fgdScore(150, 0)).toBe(53); // sigmoid(.15) = .5374
    expect(fgdScore(0, 350)).toBe(41); // sigmoid(−.35) = .4134
  });

  it("FGD and BestFit choose different nodes for a 300m share", () => {
    // n1: devices free [300, 1000] (a 700m share runs there); n2: free [0, 400] (one whole GPU and a 600m share).
    // Same CPU left (16 cores) on both.
    const nodes = [gpuNode("n1", 16000, 2), gpuNode("n2", 16000, 2)];
    const pods = [gpuPod({ share: 700, nodeName: "n1" }), gpuPod({ gpus: 1, nodeName: "n2" }), gpuPod({ share: 600, nodeName: "n2" })];
    const pod = gpuPod({ cpu: 1000, share: 300 });
    // BestFit looks at totals: n2 keeps 100m GPU left, n1 1,000m → n2 is the best fit.
    // Raw: n1 1 − (.5·15,000/128,000 + .5·1,000/8,000) = .879 → 87; n2 1 − (.0586 + .5·100/8,000) = .935 → 93.
    expect(policy(BestFit, undefined, nodes, pods).scores(pod)).toEqual({ n1: 0, n2: 100 });
    // FGD, against the typical pods (300m share p=.5, whole GPU p=.5):
    //   n1 before [300, 1000]: share fits, no device under 300 → 0; whole fits, device with 300 < 1000 → .5·300.
    //      F = 150. The pod on device 0 (exact fit) → [0, 1000]: F = 0 → Δ = 150 → 53.
    //      (On device 1 → [300, 700]: share fits, 0; whole lacks → .5·1000 → Δ = −350 → 41.)
    //   n2 before [0, 400]: share fits, 0; whole lacks → .5·400 → F = 200. After → [0, 100]: both lack →
    //      100 → Δ = 100 → 52.
    // So FGD takes n1: the 100m BestFit leaves on n2 can serve no typical pod, while filling n1's 300m hole
    // keeps n1's free GPU whole for whole-GPU pods.
    const fgd = policy(FGD, { typicalPods }, nodes, pods);
    expect(fgd.scores(pod)).toEqual({ n1: 53, n2: 52 });
    expect(fgd.devices(pod, "n1")).toEqual([0]);
  });

  it("tries every device for a share and keeps the best (first on ties)", () => {
    // Free [1000, 300, 1000]: the 300m device is the exact fit; the two full devices tie, and would lose.
    const s = policy(FGD, { typicalPods }, [gpuNode("n", 16000, 3)], [gpuPod({ share: 700, nodeName: "n" })]);
    expect(Array.from(s.snapshot.get("n")!.gpuFree)).toEqual([300, 1000, 1000]);
    expect(s.devices(gpuPod({ cpu: 1000, share: 300 }), "n")).toEqual([0]);
    expect(s.devices(gpuPod({ cpu: 1000, share: 500 }), "n")).toEqual([1]);
    expect(s.devices(gpuPod({ cpu: 1000, gpus: 2 }), "n")).toEqual([1, 2]);
  });

  it("CPU-only pods are scored by the fragmentation their CPU use causes; a pod requesting nothing scores 100", () => {
    // n: 1.5 cores, free [1000]. Taking 1 core leaves .5: neither typical pod fits any more → F 0 → 1000: Δ −1000 → 26.
    const s = policy(FGD, { typicalPods }, [gpuNode("n", 1500, 1), gpuNode("big", 64000, 1)]);
    expect(s.scores(gpuPod({ cpu: 1000 }))).toEqual({ n: 26, big: 50 });
    expect(scoreAll(s.plugin, { ...gpuPod(), spec: { containers: [{ name: "c", resources: { requests: {} } }] } }, s.snapshot)).toEqual({ n: 100, big: 100 });
  });

  it("a node whose GPU model the pod may not use scores 0", () => {
    const s = policy(FGD, { typicalPods }, [gpuNode("t4", 16000, 1, "T4"), gpuNode("v100", 16000, 1, "V100")]);
    expect(s.scores(gpuPod({ cpu: 1000, gpus: 1, models: ["V100"] })).t4).toBe(0);
  });

  it("without typicalPods it uses the run's workload (handle.workloadPods) — the artifact's setting", () => {
    const nodes = [gpuNode("n1", 16000, 2), gpuNode("n2", 16000, 2)];
    const pods = [gpuPod({ share: 700, nodeName: "n1" }), gpuPod({ gpus: 1, nodeName: "n2" }), gpuPod({ share: 600, nodeName: "n2" })];
    const snapshot = makeSnapshot(nodes, pods);
    // The same distribution as `typicalPods`, given as a pod list: 300m shares and whole GPUs, one core each.
    const workload = [gpuPod({ cpu: 1000, share: 300 }), gpuPod({ cpu: 1000, gpus: 1 })].map((p) => new PodInfo(p));
    const handle = { ...makeHandle(snapshot), workloadPods: () => workload };
    const plugin = FGD.create(FGD.args(undefined, "args"), handle);
    expect(scoreAll(plugin, gpuPod({ cpu: 1000, share: 300 }), snapshot)).toEqual({ n1: 53, n2: 52 });
  });

  it("with neither, it learns the typical pods from the pods it schedules", () => {
    const s = policy(FGD, undefined, [gpuNode("n", 16000, 1)]);
    // Only 300m shares seen so far: the free 1000m fits them, so nothing is fragment; a 300m share leaves 700m,
    // still fitting → Δ 0 → 50 (with the artifact's threshold the one seen shape is the whole distribution).
    expect(s.scores(gpuPod({ cpu: 1000, share: 300 }))).toEqual({ n: 50 });
  });

  it("counts CPU already used on the node", () => {
    // n: 2.5 cores, 1 used by a placed pod, free [1000]. Before: 1.5 cores fit both typical pods, F 0.
    // Taking 1 more core leaves .5: neither fits → F 1000 → Δ −1000 → 26 (with the used core ignored: 50).
    const s = policy(FGD, { typicalPods }, [gpuNode("n", 2500, 1)], [gpuPod({ cpu: 1000, nodeName: "n" })]);
    expect(s.scores(gpuPod({ cpu: 1000 }))).toEqual({ n: 26 });
  });

  it("breaks a tie between devices with different free GPU towards the first", () => {
    // Only whole GPUs are typical, so every partly used device is fragment. Free [400, 500]: a 100m share
    // on either leaves 800m fragment (F 900 → 800 either way: Δ 100 → 52) — device 0 wins the tie.
    const whole = [{ cpuMilli: 1000, gpuMilli: 1000, gpuCount: 1, weight: 1 }];
    const s = policy(FGD, { typicalPods: whole }, [gpuNode("n", 16000, 2)], [gpuPod({ share: 600, nodeName: "n" }), gpuPod({ share: 500, nodeName: "n" })]);
    expect(Array.from(s.snapshot.get("n")!.gpuFree)).toEqual([400, 500]);
    expect(s.scores(gpuPod({ cpu: 0, share: 100 }))).toEqual({ n: 52 });
    expect(s.devices(gpuPod({ cpu: 0, share: 100 }), "n")).toEqual([0]);
  });

  it("whole GPUs: the fragmentation after taking free devices; 0 on a node without enough of them", () => {
    // n2: free [1000, 1000], F 0 (both typical pods fit anywhere). Taking one whole GPU leaves [1000]: still F 0 → 50.
    // n1: free [300, 1000]; F 150 (whole pods cannot use the 300m). Taking the free GPU leaves [300]:
    //   shares fit (0), whole pods lack → .5·300 = 150 → Δ 0 → 50. one: only one free GPU, two asked → 0.
    const nodes = [gpuNode("n1", 16000, 2), gpuNode("n2", 16000, 2), gpuNode("one", 16000, 1)];
    const s = policy(FGD, { typicalPods }, nodes, [gpuPod({ share: 700, nodeName: "n1" })]);
    expect(s.scores(gpuPod({ cpu: 1000, gpus: 1 }))).toEqual({ n1: 50, n2: 50, one: 50 });
    const two = s.plugin.score!(new CycleState(), new PodInfo(gpuPod({ cpu: 1000, gpus: 2 })), s.snapshot.get("one")!);
    expect(two).toBe(0);
    // Two whole GPUs on n2 leave nothing: F 0 → 0, Δ 0 → 50.
    expect(s.plugin.score!(new CycleState(), new PodInfo(gpuPod({ cpu: 1000, gpus: 2 })), s.snapshot.get("n2")!)).toBe(50);
  });

  it("learning from scheduled pods: each pod counted once, the model refreshed at 1, 2, 4, 8 … pods seen", () => {
    const nodes = [gpuNode("n1", 16000, 2), gpuNode("n2", 16000, 2)];
    const placed = [gpuPod({ share: 700, nodeName: "n1" }), gpuPod({ gpus: 1, nodeName: "n2" }), gpuPod({ share: 600, nodeName: "n2" })];
    const s = policy(FGD, undefined, nodes, placed);
    const share = gpuPod({ cpu: 1000, share: 300 });
    const whole = gpuPod({ cpu: 1000, gpus: 1 });
    // Seen: the share (model: shares only). Free [300, 1000] and [0, 400] both serve 300m shares: F 0 and 0;
    // after the share: n1 on device 0 → 0; n2 → [0, 100]: 100 → Δ −100 → 47.
    expect(s.scores(share)).toEqual({ n1: 50, n2: 47 });
    // Seen: share, whole (refresh at 2: half and half, the explicit `typicalPods` above). The same pods
    // scored again are not counted again: counted, the 4th would refresh to a quarter shares, three
    // quarters whole GPUs, and the nodes would score 55 and 54.
    s.scores(whole);
    s.scores(whole);
    s.scores(whole);
    expect(s.scores(share)).toEqual({ n1: 53, n2: 52 });
  });

  it("args: defaults, bounds and types", () => {
    expect(FGD.args(undefined, "args")).toEqual({ typicalPods: null, popularityThreshold: 95, includeCpuPods: true });
    expect(FGD.args({ popularityThreshold: 100, includeCpuPods: false }, "args")).toMatchObject({ popularityThreshold: 100, includeCpuPods: false });
    expect(() => FGD.args({ popularityThreshold: 100.5 }, "args")).toThrow("args.popularityThreshold: expected a number in (0, 100], got 100.5");
    expect(() => FGD.args({ popularityThreshold: "50" }, "args")).toThrow('args.popularityThreshold: expected a number in (0, 100], got "50"');
    expect(() => FGD.args({ includeCpuPods: "yes" }, "args")).toThrow('args.includeCpuPods: expected true or false, got "yes"');
    expect(() => FGD.args([], "args")).toThrow("args: expected FGD args object");
    expect(() => FGD.args("x", "args")).toThrow("args: expected FGD args object");
  });

  it("args are validated", () => {
    expect(() => FGD.args({ popularityThreshold: 0 }, "args")).toThrow("args.popularityThreshold: expected a number in (0, 100]");
    expect(() => FGD.args({ includeCpuPods: "yes" }, "args")).toThrow("args.includeCpuPods");
    expect(() => FGD.args({ typical: [] }, "args")).toThrow('args.typical: unknown field "typical"');
    expect(FGD.args({ typicalPods }, "args").typicalPods!.map((t) => t.p)).toEqual([0.5, 0.5]);
  });

  it("the scheduler puts the pod on the device FGD chose (selectGpuDevices, before the pod is assumed)", () => {
    const engine = new Engine();
    const store = new ObjectStore(engine);
    // The paper's setup (FGD alone at Score, weight 1000, every node scored); only 300m shares in the target
    // workload: a device left with less than 300m is fragment.
    const cfg = decodeSchedulerConfig(
      parseYaml(
        `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 100
profiles:
  - schedulerName: default-scheduler
    plugins:
      multiPoint: {enabled: [{name: FGD, weight: 1000}]}
      score: {disabled: [{name: "*"}], enabled: [{name: FGD, weight: 1000}]}
    pluginConfig:
      - name: FGD
        args: {typicalPods: [${JSON.stringify(typicalPods[0])}]}
`,
        "fgd.yaml",
      ),
    );
    const registry = new Map(inTreeRegistry());
    registry.set("FGD", FGD);
    const scheduler = new Scheduler(engine, store, cfg, registry, Rng.seeded(3));
    scheduler.start();
    store.create(gpuNode("n", 16000, 2));
    store.create(gpuPod({ name: "a", share: 600, nodeName: "n" })); // device 0 → [400, 1000]
    store.create(gpuPod({ name: "b", share: 500, nodeName: "n" })); // device 1 → [400, 500]
    engine.run();
    expect(Array.from(scheduler.snapshot.get("n")!.gpuFree)).toEqual([400, 500]);
    store.create(gpuPod({ name: "c", cpu: 1000, share: 200 }));
    engine.run();
    expect(store.get<Pod>("Pod", "default", "c")?.spec.nodeName).toBe("n");
    // Best fit (NodeInfo's default) would take device 0 and leave 200m, which no 300m share can use
    // (Δ = −200 → 45); FGD takes device 1, leaving [400, 300], both usable (Δ = 0 → 50).
    expect(Array.from(scheduler.snapshot.get("n")!.gpuFree)).toEqual([400, 300]);
  });
});
