/**
 * Shared GPU code: typical pods and FGD's fragmentation (hand-computed), device choice, caches, the
 * BestFit/WorstFit norm and the typicalPods arg.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../../core/engine/rng.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { makePod, makeSnapshot } from "../../../core/scheduler/testing.js";
import {
  FragModel,
  NodeKeyCache,
  NodeValueCache,
  bestFitDevice,
  exclusiveDevices,
  minMaxNormalize,
  parseTypicalPodsArg,
  podShape,
  randomDevice,
  remainingNorm,
  shapeOf,
  typicalPodsOf,
  typicalPodsOfShapes,
  worstFitDevice,
  DEFAULT_FIT_NORM,
  parseFitNormArgs,
} from "./index.js";
import { gpuNode, gpuPod } from "./fixtures.suite.js";

const share = (cpu: number, milli: number) => shapeOf(cpu, milli, 1, null);
const whole = (cpu: number, n: number) => shapeOf(cpu, 1000, n, null);
const cpuOnly = (cpu: number) => shapeOf(cpu, 0, 0, null);
const repeat = <T>(x: T, n: number): T[] => Array.from({ length: n }, () => x);

describe("typical pods", () => {
  it("most frequent shapes until the threshold, renormalised", () => {
    // 10 pods: 5 × A, 3 × B, 1 × C, 1 × D. At 80 %: A (50 %), B (80 %) → stop; p = 5/8, 3/8.
    const shapes = [...repeat(share(1000, 500), 5), ...repeat(whole(2000, 1), 3), cpuOnly(4000), whole(8000, 8)];
    const t = typicalPodsOfShapes(shapes, { popularityThreshold: 80 });
    expect(t.map((x) => [x.key, x.p])).toEqual([
      ["1000/500/1/", 5 / 8],
      ["2000/1000/1/", 3 / 8],
    ]);
  });

  it("the artifact's 95 % with CPU-only pods; equal counts ordered by larger shape first", () => {
    const shapes = [cpuOnly(4000), whole(8000, 8), share(1000, 500)];
    const t = typicalPodsOfShapes(shapes);
    // All three needed (95 % of 3 = 2.85); ties by cpu descending.
    expect(t.map((x) => x.key)).toEqual(["8000/1000/8/", "4000/0/0/", "1000/500/1/"]);
    expect(t.map((x) => x.p)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(typicalPodsOfShapes(shapes, { includeCpuPods: false }).map((x) => x.key)).toEqual(["8000/1000/8/", "1000/500/1/"]);
  });

  it("pods use the non-zero CPU request (100m when the container has none)", () => {
    const q = new PodInfo(makePod({ name: "nocpu", requests: { "clusterlab.io/gpu-milli": "250" } }));
    expect(podShape(q).cpu).toBe(100);
    expect(typicalPodsOf([q])[0]!.key).toBe("100/250/1/");
  });
});

describe("FGD fragmentation (hand-computed)", () => {
  // Typical pods: share 500m (p .5), one whole GPU (p .3), CPU-only (p .2); all ask 1 core.
  const typical = typicalPodsOfShapes([...repeat(share(1000, 500), 5), ...repeat(whole(1000, 1), 3), ...repeat(cpuOnly(1000), 2)], { popularityThreshold: 100 });
  const m = new FragModel(typical);

  it("Q3 counts only devices too small for the pod; other classes count all free GPU", () => {
    // Free [1000, 300], 8 cores left. Share: fits, device with 300 < 500 is fragment → .5·300 = 150.
    // Whole: fits, 300 < 1000 → .3·300 = 90. CPU-only: all 1300 → .2·1300 = 260. Total 500.
    expect(m.fragOf(8000, Int32Array.of(1000, 300), 2, "G2")).toBeCloseTo(500, 9);
  });

  it("a pod type that does not fit counts all free GPU (Q1/Q2/Q4)", () => {
    // Free [400, 0]: no device has 500m (share lacks GPU) → .5·400; whole lacks → .3·400; CPU-only → .2·400:
    // everything is fragment.
    expect(m.fragOf(8000, Int32Array.of(400, 0), 2, "G2")).toBeCloseTo(400, 9);
    // Lacking CPU (Q4): free [1000, 1000] but 500m CPU left → every type counts 2000.
    expect(m.fragOf(500, Int32Array.of(1000, 1000), 2, "G2")).toBeCloseTo(2000, 9);
    // No free GPU: nothing to fragment.
    expect(m.fragOf(8000, Int32Array.of(0, 0), 2, "G2")).toBe(0);
  });

  it("a pod type that may not use the node's GPU model counts all free GPU (NoAccess)", () => {
    const t = typicalPodsOfShapes([shapeOf(1000, 1000, 1, new Set(["V100"]))]);
    const v = new FragModel(t);
    expect(v.fragOf(8000, Int32Array.of(1000), 1, "V100")).toBe(0);
    expect(v.fragOf(8000, Int32Array.of(1000), 1, "T4")).toBe(1000);
  });

  it("fragAfter applies a hypothetical placement without changing the node", () => {
    const snap = makeSnapshot([gpuNode("n", 8000, 2)], [gpuPod({ share: 700, nodeName: "n" })]);
    const n = snap.get("n")!; // free [300, 1000]
    expect(m.nodeFrag(n)).toBeCloseTo(500, 9);
    // 1 core and 300m on device 0 → free [0, 1000], 7 cores: share fits, whole fits, nothing small → CPU-only .2·1000.
    expect(m.fragAfter(n, share(1000, 300), 0, null)).toBeCloseTo(200, 9);
    expect(m.fragAfter(n, whole(1000, 1), -1, [1])).toBeCloseTo(300, 9); // [300, 0]: all types lack → 300
    expect(Array.from(n.gpuFree)).toEqual([300, 1000]);
  });
});

describe("device choice", () => {
  const free = Int32Array.of(600, 1000, 300, 600);
  it("best fit, worst fit, random among fitting, exclusive lowest-indexed", () => {
    expect(bestFitDevice(free, 300)).toBe(2);
    expect(bestFitDevice(free, 500)).toBe(0); // 600 on devices 0 and 3: lowest index
    expect(worstFitDevice(free, 300)).toBe(1);
    expect(bestFitDevice(free, 1001)).toBe(-1);
    expect(exclusiveDevices(Int32Array.of(1000, 500, 1000, 1000), 2)).toEqual([0, 2]);
    expect(exclusiveDevices(Int32Array.of(1000, 500), 2)).toBeNull();
    const rng = Rng.seeded(7);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(randomDevice(free, 600, rng));
    expect([...seen].sort()).toEqual([0, 1, 3]);
  });
});

describe("node caches", () => {
  it("entries are dropped when the node changes or another NodeInfo takes the index", () => {
    const snap = makeSnapshot([gpuNode("a", 8000, 1), gpuNode("b", 8000, 1)]);
    const a = snap.get("a")!;
    const v = new NodeValueCache();
    const k = new NodeKeyCache();
    v.set(a, 42);
    k.set(a, 3, 7, 8);
    expect(v.get(a)).toBe(42);
    expect(k.find(a, 3) && [k.valueA, k.valueB]).toEqual([7, 8]);
    expect(k.find(a, 2)).toBe(false);
    expect(Number.isNaN(v.get(snap.get("b")!))).toBe(true);
    const clone = a.clone();
    expect(Number.isNaN(v.get(clone))).toBe(true);
    snap.addPod(new PodInfo(gpuPod({ share: 100 })), "a");
    expect(Number.isNaN(v.get(a))).toBe(true);
    expect(k.find(a, 3)).toBe(false);
    k.set(a, 40, 1, 2); // grows the stride, keeps nothing stale
    expect(k.find(a, 40)).toBe(true);
  });
});

describe("BestFit/WorstFit norm", () => {
  it("remaining cpu and GPU over the largest node, weighted", () => {
    const snap = makeSnapshot([gpuNode("n", 32000, 4)]);
    // (28,000/128,000)·0.5 + (3,000/8,000)·0.5 = 0.296875
    expect(remainingNorm(DEFAULT_FIT_NORM, snap.get("n")!, new PodInfo(gpuPod({ cpu: 4000, gpus: 1 })))).toBeCloseTo(0.296875, 12);
    expect(remainingNorm(DEFAULT_FIT_NORM, snap.get("n")!, new PodInfo(gpuPod({ cpu: 40000 })))).toBe(-1);
  });
  it("min-max normalisation keeps order; all equal → 0", () => {
    const s = Float64Array.of(70, 20, 45);
    minMaxNormalize(s, 3);
    expect(Array.from(s)).toEqual([100, 0, 50]);
    const e = Float64Array.of(5, 5);
    minMaxNormalize(e, 2);
    expect(Array.from(e)).toEqual([0, 0]);
  });
});

describe("typicalPods arg", () => {
  it("weights are normalised; bad entries name the field", () => {
    const t = parseTypicalPodsArg([{ cpuMilli: 1000, gpuMilli: 500, gpuCount: 1, weight: 3 }, { cpuMilli: 2000, weight: 1 }], "args.typicalPods");
    expect(t.map((x) => [x.key, x.p])).toEqual([
      ["1000/500/1/", 0.75],
      ["2000/0/0/", 0.25],
    ]);
    expect(() => parseTypicalPodsArg([{ cpuMilli: 1000, gpuMilli: 500, gpuCount: 2, weight: 1 }], "a")).toThrow("a[0].gpuMilli: must be 1000 when gpuCount > 1");
    expect(() => parseTypicalPodsArg([{ cpuMilli: 1000, weight: 0 }], "a")).toThrow("a[0].weight");
    expect(() => parseTypicalPodsArg([{ cpu: 1 }], "a")).toThrow('a[0].cpu: unknown field "cpu"');
    expect(() => parseTypicalPodsArg([], "a")).toThrow("a: expected a non-empty list");
  });
});

describe("typicalPods arg, entry by entry", () => {
  const one = (e: unknown) => () => parseTypicalPodsArg([e], "t");
  it.each([
    ["not a mapping", 5, "t[0]: expected an object"],
    ["null", null, "t[0]: expected an object"],
    ["a list", [1], "t[0]: expected an object"],
    ["cpuMilli missing", { weight: 1 }, "t[0].cpuMilli: expected an integer in [0, 9007199254740991], got undefined"],
    ["cpuMilli negative", { cpuMilli: -1, weight: 1 }, "t[0].cpuMilli: expected an integer in [0, 9007199254740991], got -1"],
    ["cpuMilli fractional", { cpuMilli: 1.5, weight: 1 }, "t[0].cpuMilli: expected an integer in [0, 9007199254740991], got 1.5"],
    ["cpuMilli a string", { cpuMilli: "1", weight: 1 }, 't[0].cpuMilli: expected an integer in [0, 9007199254740991], got "1"'],
    ["gpuCount above 1024", { cpuMilli: 0, gpuCount: 1025, weight: 1 }, "t[0].gpuCount: expected an integer in [0, 1024], got 1025"],
    ["gpuMilli above 1000", { cpuMilli: 0, gpuCount: 1, gpuMilli: 1001, weight: 1 }, "t[0].gpuMilli: expected an integer in [0, 1000], got 1001"],
    ["a share without a count", { cpuMilli: 0, gpuMilli: 500, weight: 1 }, "t[0].gpuMilli: gpuMilli and gpuCount must both be 0 or both be positive"],
    ["a count with zero milli", { cpuMilli: 0, gpuCount: 1, gpuMilli: 0, weight: 1 }, "t[0].gpuMilli: gpuMilli and gpuCount must both be 0 or both be positive"],
    ["gpuModels not a list", { cpuMilli: 0, gpuModels: "V100", weight: 1 }, "t[0].gpuModels: expected a list of GPU model names"],
    ["an empty model name", { cpuMilli: 0, gpuModels: ["V100", ""], weight: 1 }, "t[0].gpuModels: expected a list of GPU model names"],
    ["a model that is not a string", { cpuMilli: 0, gpuModels: [7], weight: 1 }, "t[0].gpuModels: expected a list of GPU model names"],
    ["weight missing", { cpuMilli: 0 }, "t[0].weight: expected a positive number, got undefined"],
    ["weight negative", { cpuMilli: 0, weight: -1 }, "t[0].weight: expected a positive number, got -1"],
    ["weight infinite", { cpuMilli: 0, weight: Infinity }, "t[0].weight: expected a positive number, got null"],
  ])("rejects %s", (_what, entry, message) => {
    expect(one(entry)).toThrow(message);
  });

  it("a whole GPU count defaults gpuMilli to 1000; several whole GPUs, models and the largest cpu are kept", () => {
    const t = parseTypicalPodsArg(
      [
        { cpuMilli: 0, gpuCount: 2, weight: 1 },
        { cpuMilli: Number.MAX_SAFE_INTEGER, gpuCount: 1, gpuMilli: 1000, gpuModels: ["V100", "A100"], weight: 1 },
        { cpuMilli: 0, gpuCount: 1024, weight: 2 },
      ],
      "t",
    );
    expect(t.map((x) => [x.cpu, x.gpuMilli, x.gpuCount, x.models ? [...x.models] : null, x.p])).toEqual([
      [0, 1000, 2, null, 0.25],
      [Number.MAX_SAFE_INTEGER, 1000, 1, ["V100", "A100"], 0.25],
      [0, 1000, 1024, null, 0.5],
    ]);
  });
});

describe("BestFit/WorstFit norm, resource by resource", () => {
  const MIB = 2 ** 20;
  const snap = makeSnapshot([gpuNode("n", 32000, 4)], [gpuPod({ cpu: 8000, gpus: 1, nodeName: "n" })]);
  const n = snap.get("n")!;
  const norm = (o: Partial<typeof DEFAULT_FIT_NORM>) => ({ ...DEFAULT_FIT_NORM, ...o });

  it("counts what placed pods use, each resource only when weighted", () => {
    const p = new PodInfo(gpuPod({ cpu: 4000, share: 500 }));
    // cpu left 32,000 − 8,000 − 4,000 = 20,000; GPU left 4,000 − 1,000 − 500 = 2,500.
    expect(remainingNorm(norm({ cpuWeight: 1, gpuWeight: 0 }), n, p)).toBeCloseTo(20000 / 128000, 12);
    expect(remainingNorm(norm({ cpuWeight: 0, gpuWeight: 2 }), n, p)).toBeCloseTo((2500 / 8000) * 2, 12);
    // memory: 1 TiB − the incoming pod's non-zero default 200 MiB (the placed pod requests none: the node's
    // requested memory is what pods ask for), over a 1 TiB spec, weight 3.
    expect(remainingNorm(norm({ cpuWeight: 0, gpuWeight: 0, memoryWeight: 3 }), n, p)).toBeCloseTo(((2 ** 40 - 200 * MIB) / MIB / 1048576) * 3, 12);
    expect(remainingNorm(norm({ cpuWeight: 0, gpuWeight: 0, memoryWeight: 1, maxMemoryMiB: 2 ** 19 }), n, p)).toBeCloseTo((2 ** 40 - 200 * MIB) / MIB / 2 ** 19, 12);
  });

  it("−1 when a weighted resource would go negative; an unweighted one may", () => {
    const tooManyGpus = new PodInfo(gpuPod({ cpu: 1000, gpus: 4 }));
    expect(remainingNorm(DEFAULT_FIT_NORM, n, tooManyGpus)).toBe(-1);
    expect(remainingNorm(norm({ gpuWeight: 0 }), n, tooManyGpus)).toBeCloseTo(23000 / 128000 / 2, 12);
    const exact = new PodInfo(gpuPod({ cpu: 24000, gpus: 3 }));
    expect(remainingNorm(DEFAULT_FIT_NORM, n, exact)).toBe(0);
    const hungry = new PodInfo(makePod({ name: "m", requests: { memory: String(2 ** 41) } }));
    expect(remainingNorm(norm({ memoryWeight: 1 }), n, hungry)).toBe(-1);
    expect(remainingNorm(DEFAULT_FIT_NORM, n, hungry)).toBeGreaterThan(0);
  });

  it("args: weights may be 0 but not all of them; sizes must be positive", () => {
    expect(parseFitNormArgs(undefined, "a", "BestFit")).toEqual(DEFAULT_FIT_NORM);
    expect(parseFitNormArgs({ memoryWeight: 0.25, maxGpuMilli: 16000 }, "a", "BestFit")).toEqual({ ...DEFAULT_FIT_NORM, memoryWeight: 0.25, maxGpuMilli: 16000 });
    expect(parseFitNormArgs({ cpuWeight: 0 }, "a", "BestFit").cpuWeight).toBe(0);
    expect(() => parseFitNormArgs({ cpuWeight: 0, gpuWeight: 0 }, "a", "BestFit")).toThrow("a: at least one weight must be positive");
    expect(() => parseFitNormArgs({ cpuWeight: 0, gpuWeight: 0, memoryWeight: 1 }, "a", "BestFit")).not.toThrow();
    expect(() => parseFitNormArgs({ gpuWeight: -0.5 }, "a", "BestFit")).toThrow("a.gpuWeight: expected a non-negative number, got -0.5");
    expect(() => parseFitNormArgs({ maxCpuMilli: 0 }, "a", "WorstFit")).toThrow("a.maxCpuMilli: expected a positive number, got 0");
    expect(() => parseFitNormArgs({ maxMemoryMiB: "1" }, "a", "WorstFit")).toThrow('a.maxMemoryMiB: expected a positive number, got "1"');
    expect(() => parseFitNormArgs({ cpuWeight: NaN }, "a", "WorstFit")).toThrow("a.cpuWeight: expected a non-negative number, got null");
    expect(() => parseFitNormArgs({ weight: 1 }, "a", "WorstFit")).toThrow('a.weight: unknown field "weight" (allowed: cpuWeight, gpuWeight, memoryWeight, maxCpuMilli, maxGpuMilli, maxMemoryMiB)');
    expect(() => parseFitNormArgs([1], "a", "WorstFit")).toThrow("a: expected WorstFit args object");
  });

  it("min-max normalisation over the first n scores only, truncating", () => {
    const s = Float64Array.of(1, 4, 2, 99);
    minMaxNormalize(s, 3);
    // (2 − 1)·100/3 = 33.3 → 33; the fourth is left alone.
    expect(Array.from(s)).toEqual([0, 100, 33, 99]);
  });
});
