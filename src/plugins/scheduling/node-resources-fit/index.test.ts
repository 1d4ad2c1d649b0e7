/**
 * Ports kube-scheduler v1.33 noderesources/fit_test.go: TestEnoughRequests, TestPreFilterDisabled,
 * TestNotEnoughRequests, TestStorageRequests, TestRestartableInitContainers, TestFitScore, plus
 * args defaulting/validation (ValidateNodeResourcesFitArgs) and the GPU device check.
 */
import { describe, expect, it } from "vitest";
import type { Pod, ResourceList } from "../../../core/api/types.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Code, type Status } from "../../../core/scheduler/status.js";
import { filterAll } from "../../../core/scheduler/testing.js";
import { NodeResourcesFit } from "./index.js";
import { node, pod, setup } from "./fixtures.suite.js";

const extA = "example.com/aaa";
const extB = "example.com/bbb";
const k8sA = "kubernetes.io/something";
const k8sB = "subdomain.kubernetes.io/something";
const hugeA = "hugepages-2Mi";

/** framework.Resource as the upstream tables write it: cpu in millicores. */
interface U {
  cpu?: number;
  mem?: number;
  eph?: number;
  sc?: Record<string, number>;
}
const rl = (u: U): ResourceList => {
  const out: ResourceList = { cpu: `${u.cpu ?? 0}m`, memory: String(u.mem ?? 0), "ephemeral-storage": String(u.eph ?? 0) };
  for (const [k, v] of Object.entries(u.sc ?? {})) out[k] = String(v);
  return out;
};
/** newResourcePod / newResourceInitPod / newResourceOverheadPod / newPodLevelResourcesPod. */
const rpod = (uses: U[], o: { init?: U[]; overhead?: ResourceList; podLevel?: ResourceList } = {}): Pod =>
  pod(uses.map(rl), { ...(o.init ? { init: o.init.map(rl) } : {}), ...(o.overhead ? { overhead: o.overhead } : {}), ...(o.podLevel ? { podLevel: o.podLevel } : {}) });

/** makeAllocatableResources(milliCPU, memory, pods, extendedA, storage, hugePageA). */
const alloc = (cpu: number, mem: number, pods: number, a: number, eph: number, huge: number): ResourceList => ({
  cpu: `${cpu}m`,
  memory: String(mem),
  pods: String(pods),
  [extA]: String(a),
  "ephemeral-storage": String(eph),
  [hugeA]: String(huge),
});

/** Runs PreFilter + Filter on one node holding `existing` (a pod with one container of those requests). */
function runFilter(p: Pod, existing: U | null, nodeAlloc: ResourceList, args: unknown = undefined): Status | null {
  const pods = existing ? [pod([rl(existing)], { nodeName: "n" })] : [];
  const { plugin, snapshot } = setup(NodeResourcesFit, args, [node("n", nodeAlloc)], pods);
  return filterAll(plugin, p, snapshot).n!;
}

function expectStatus(got: Status | null, reasons?: string[]): void {
  if (!reasons) {
    expect(got, got?.toString()).toBeNull();
    return;
  }
  expect(got?.code).toBe(Code.Unschedulable);
  expect(got?.reasons).toEqual(reasons);
}

const ins = (r: string) => `Insufficient ${r}`;

describe("TestEnoughRequests", () => {
  const A = alloc(10, 20, 32, 5, 20, 5);
  const cases: { name: string; pod: Pod; existing: U; args?: unknown; want?: string[] }[] = [
    { name: "no resources requested always fits", pod: rpod([]), existing: { cpu: 10, mem: 20 } },
    { name: "too many resources fails", pod: rpod([{ cpu: 1, mem: 1 }]), existing: { cpu: 10, mem: 20 }, want: [ins("cpu"), ins("memory")] },
    { name: "too many resources fails due to init container cpu", pod: rpod([{ cpu: 1, mem: 1 }], { init: [{ cpu: 3, mem: 1 }] }), existing: { cpu: 8, mem: 19 }, want: [ins("cpu")] },
    { name: "too many resources fails due to highest init container cpu", pod: rpod([{ cpu: 1, mem: 1 }], { init: [{ cpu: 3, mem: 1 }, { cpu: 2, mem: 1 }] }), existing: { cpu: 8, mem: 19 }, want: [ins("cpu")] },
    { name: "too many resources fails due to init container memory", pod: rpod([{ cpu: 1, mem: 1 }], { init: [{ cpu: 1, mem: 3 }] }), existing: { cpu: 9, mem: 19 }, want: [ins("memory")] },
    { name: "too many resources fails due to highest init container memory", pod: rpod([{ cpu: 1, mem: 1 }], { init: [{ cpu: 1, mem: 3 }, { cpu: 1, mem: 2 }] }), existing: { cpu: 9, mem: 19 }, want: [ins("memory")] },
    { name: "init container fits because it's the max, not sum, of containers and init containers", pod: rpod([{ cpu: 1, mem: 1 }], { init: [{ cpu: 1, mem: 1 }] }), existing: { cpu: 9, mem: 19 } },
    { name: "multiple init containers fit because it's the max, not sum, of containers and init containers", pod: rpod([{ cpu: 1, mem: 1 }], { init: [{ cpu: 1, mem: 1 }, { cpu: 1, mem: 1 }] }), existing: { cpu: 9, mem: 19 } },
    { name: "both resources fit", pod: rpod([{ cpu: 1, mem: 1 }]), existing: { cpu: 5, mem: 5 } },
    { name: "one resource memory fits", pod: rpod([{ cpu: 2, mem: 1 }]), existing: { cpu: 9, mem: 5 }, want: [ins("cpu")] },
    { name: "one resource cpu fits", pod: rpod([{ cpu: 1, mem: 2 }]), existing: { cpu: 5, mem: 19 }, want: [ins("memory")] },
    { name: "equal edge case", pod: rpod([{ cpu: 5, mem: 1 }]), existing: { cpu: 5, mem: 19 } },
    { name: "equal edge case for init container", pod: rpod([{ cpu: 4, mem: 1 }], { init: [{ cpu: 5, mem: 1 }] }), existing: { cpu: 5, mem: 19 } },
    { name: "extended resource fits", pod: rpod([{ sc: { [extA]: 1 } }]), existing: {} },
    { name: "extended resource fits for init container", pod: rpod([{}], { init: [{ sc: { [extA]: 1 } }] }), existing: {} },
    { name: "extended resource capacity enforced", pod: rpod([{ cpu: 1, mem: 1, sc: { [extA]: 10 } }]), existing: { sc: { [extA]: 0 } }, want: [ins(extA)] },
    { name: "extended resource capacity enforced for init container", pod: rpod([{}], { init: [{ cpu: 1, mem: 1, sc: { [extA]: 10 } }] }), existing: { sc: { [extA]: 0 } }, want: [ins(extA)] },
    { name: "extended resource allocatable enforced", pod: rpod([{ cpu: 1, mem: 1, sc: { [extA]: 1 } }]), existing: { sc: { [extA]: 5 } }, want: [ins(extA)] },
    { name: "extended resource allocatable enforced for init container", pod: rpod([{}], { init: [{ cpu: 1, mem: 1, sc: { [extA]: 1 } }] }), existing: { sc: { [extA]: 5 } }, want: [ins(extA)] },
    { name: "extended resource allocatable enforced for multiple containers", pod: rpod([{ cpu: 1, mem: 1, sc: { [extA]: 3 } }, { cpu: 1, mem: 1, sc: { [extA]: 3 } }]), existing: { sc: { [extA]: 2 } }, want: [ins(extA)] },
    { name: "extended resource allocatable admits multiple init containers", pod: rpod([{}], { init: [{ cpu: 1, mem: 1, sc: { [extA]: 3 } }, { cpu: 1, mem: 1, sc: { [extA]: 3 } }] }), existing: { sc: { [extA]: 2 } } },
    { name: "extended resource allocatable enforced for multiple init containers", pod: rpod([{}], { init: [{ cpu: 1, mem: 1, sc: { [extA]: 6 } }, { cpu: 1, mem: 1, sc: { [extA]: 3 } }] }), existing: { sc: { [extA]: 2 } }, want: [ins(extA)] },
    { name: "extended resource allocatable enforced for unknown resource", pod: rpod([{ cpu: 1, mem: 1, sc: { [extB]: 1 } }]), existing: {}, want: [ins(extB)] },
    { name: "extended resource allocatable enforced for unknown resource for init container", pod: rpod([{}], { init: [{ cpu: 1, mem: 1, sc: { [extB]: 1 } }] }), existing: {}, want: [ins(extB)] },
    { name: "kubernetes.io resource capacity enforced", pod: rpod([{ cpu: 1, mem: 1, sc: { [k8sA]: 10 } }]), existing: {}, want: [ins(k8sA)] },
    { name: "kubernetes.io resource capacity enforced for init container", pod: rpod([{}], { init: [{ cpu: 1, mem: 1, sc: { [k8sB]: 10 } }] }), existing: {}, want: [ins(k8sB)] },
    { name: "hugepages resource capacity enforced", pod: rpod([{ cpu: 1, mem: 1, sc: { [hugeA]: 10 } }]), existing: { sc: { [hugeA]: 0 } }, want: [ins(hugeA)] },
    { name: "hugepages resource capacity enforced for init container", pod: rpod([{}], { init: [{ cpu: 1, mem: 1, sc: { [hugeA]: 10 } }] }), existing: { sc: { [hugeA]: 0 } }, want: [ins(hugeA)] },
    { name: "hugepages resource allocatable enforced for multiple containers", pod: rpod([{ cpu: 1, mem: 1, sc: { [hugeA]: 3 } }, { cpu: 1, mem: 1, sc: { [hugeA]: 3 } }]), existing: { sc: { [hugeA]: 2 } }, want: [ins(hugeA)] },
    { name: "skip checking ignored extended resource", pod: rpod([{ cpu: 1, mem: 1, sc: { [extB]: 1 } }]), existing: {}, args: { ignoredResources: [extB] } },
    { name: "resources + pod overhead fits", pod: rpod([{ cpu: 1, mem: 1 }], { overhead: { cpu: "3m", memory: "13" } }), existing: { cpu: 5, mem: 5 } },
    { name: "requests + overhead does not fit for memory", pod: rpod([{ cpu: 1, mem: 1 }], { overhead: { cpu: "1m", memory: "15" } }), existing: { cpu: 5, mem: 5 }, want: [ins("memory")] },
    { name: "skip checking ignored extended resource via resource groups", pod: rpod([{ cpu: 1, mem: 1, sc: { [extB]: 1, [k8sA]: 1 } }]), existing: {}, args: { ignoredResourceGroups: ["example.com"] }, want: [ins(k8sA)] },
    { name: "skip checking extended resource request with quantity zero via resource groups", pod: rpod([{ cpu: 1, mem: 1, sc: { [extA]: 0 } }]), existing: { sc: { [extA]: 6 } } },
    { name: "skip checking resource request with quantity zero", pod: rpod([{ sc: { [extA]: 1 } }]), existing: { cpu: 20, mem: 30, sc: { [extA]: 1 } } },
    { name: "both pod-level and container-level resources fit", pod: rpod([{ cpu: 1, mem: 1 }], { podLevel: { cpu: "1m", memory: "2" } }), existing: { cpu: 5, mem: 5 } },
    { name: "pod-level cpu resource not fit", pod: rpod([{ cpu: 1, mem: 1 }], { podLevel: { cpu: "7m", memory: "2" } }), existing: { cpu: 5, mem: 5 }, want: [ins("cpu")] },
    { name: "pod-level memory resource not fit", pod: rpod([{ cpu: 1, mem: 1 }], { podLevel: { cpu: "3m", memory: "2" } }), existing: { cpu: 5, mem: 19 }, want: [ins("memory")] },
    { name: "one pod-level cpu resource fits and all init and non-init containers resources fit", pod: rpod([{ cpu: 1, mem: 1 }], { init: [{ cpu: 1, mem: 1 }], podLevel: { cpu: "3m", memory: "2" } }), existing: { cpu: 5, mem: 19 }, want: [ins("memory")] },
  ];
  for (const c of cases) {
    it(c.name, () => expectStatus(runFilter(c.pod, c.existing, A, c.args), c.want));
  }
});

describe("TestPreFilterDisabled", () => {
  it("Filter without PreFilter state is an error", () => {
    const { plugin, snapshot } = setup(NodeResourcesFit, undefined, [node("n", {})]);
    const got = plugin.filter!(new CycleState(), new PodInfo(pod()), snapshot.nodes[0]!);
    expect(got?.code).toBe(Code.Error);
  });
});

describe("TestNotEnoughRequests", () => {
  const A = alloc(10, 20, 1, 0, 0, 0);
  const cases: { name: string; pod: Pod; existing: U }[] = [
    { name: "even without specified resources, predicate fails when there's no space for additional pod", pod: rpod([]), existing: { cpu: 10, mem: 20 } },
    { name: "even if both resources fit, predicate fails when there's no space for additional pod", pod: rpod([{ cpu: 1, mem: 1 }]), existing: { cpu: 5, mem: 5 } },
    { name: "even for equal edge case, predicate fails when there's no space for additional pod", pod: rpod([{ cpu: 5, mem: 1 }]), existing: { cpu: 5, mem: 19 } },
    { name: "even for equal edge case, predicate fails when there's no space for additional pod due to init container", pod: rpod([{ cpu: 5, mem: 1 }], { init: [{ cpu: 5, mem: 1 }] }), existing: { cpu: 5, mem: 19 } },
  ];
  for (const c of cases) it(c.name, () => expectStatus(runFilter(c.pod, c.existing, A), ["Too many pods"]));
});

describe("TestStorageRequests", () => {
  const A = alloc(10, 20, 32, 5, 20, 5);
  it("empty storage requested, and pod fits", () => expectStatus(runFilter(rpod([{ cpu: 1, mem: 1 }]), { cpu: 2, mem: 10 }, A)));
  it("storage ephemeral local storage request exceeds allocatable", () =>
    expectStatus(runFilter(rpod([{ eph: 25 }]), { cpu: 2, mem: 2 }, A), [ins("ephemeral-storage")]));
  it("ephemeral local storage is sufficient", () => expectStatus(runFilter(rpod([{ eph: 5 }]), { cpu: 2, mem: 2, eph: 10 }, A)));
  it("pod fits", () => expectStatus(runFilter(rpod([{ eph: 10 }]), { cpu: 2, mem: 2 }, A)));
});

describe("TestRestartableInitContainers (SidecarContainers is GA in v1.33)", () => {
  const A = alloc(2, 0, 1, 0, 0, 0);
  const withSidecar = (req?: ResourceList, sidecar?: ResourceList) => pod([req ?? {}], { sidecar: sidecar ?? {} });
  it("allow pod without restartable init containers", () => expectStatus(runFilter(pod([{}]), null, A)));
  it("allow pod with restartable init containers", () => expectStatus(runFilter(withSidecar(), null, A)));
  it("allow pod if the total requested resources do not exceed the node's allocatable resources", () =>
    expectStatus(runFilter(withSidecar({ cpu: "1m" }, { cpu: "1m" }), null, A)));
  it("not allow pod if the total requested resources do exceed the node's allocatable resources", () =>
    expectStatus(runFilter(withSidecar({ cpu: "1m" }, { cpu: "2m" }), null, A), [ins("cpu")]));
});

describe("GPU devices (nvidia.com/gpu, clusterlab.io/gpu-milli)", () => {
  const A = { cpu: "8", memory: "16Gi", "nvidia.com/gpu": "2" };
  const gpus = (n: number) => pod([{ "nvidia.com/gpu": String(n) }]);
  const share = (m: number, nodeName?: string) => pod([{ "clusterlab.io/gpu-milli": String(m) }], nodeName ? { nodeName } : {});
  const run = (p: Pod, existing: Pod[], args?: unknown) => {
    const { plugin, snapshot } = setup(NodeResourcesFit, args, [node("n", A)], existing);
    return filterAll(plugin, p, snapshot).n!;
  };
  it("more GPUs than the node has", () => expectStatus(run(gpus(3), []), ["Insufficient nvidia.com/gpu"]));
  it("whole GPUs taken by a running pod", () => {
    expectStatus(run(gpus(2), [pod([{ "nvidia.com/gpu": "1" }], { nodeName: "n" })]), ["Insufficient nvidia.com/gpu"]);
    expectStatus(run(gpus(1), [pod([{ "nvidia.com/gpu": "1" }], { nodeName: "n" })]));
  });
  it("a GPU share must fit on one device, not in the node's total", () => {
    // Two 600-milli pods sit on different devices: 400 free on each, 800 in total.
    const existing = [share(600, "n"), share(600, "n")];
    expectStatus(run(share(500), existing), ["Insufficient nvidia.com/gpu"]);
    expectStatus(run(share(400), existing));
  });
  it("ignoredResources skips the GPU check like any extended resource", () => {
    expectStatus(run(gpus(3), [], { ignoredResources: ["nvidia.com/gpu"] }));
    expectStatus(run(gpus(3), [], { ignoredResourceGroups: ["nvidia.com"] }));
  });
  it("all shortfalls are reported together, GPU last", () => {
    const p = pod([{ cpu: "9", "nvidia.com/gpu": "3" }]);
    expectStatus(run(p, []), ["Insufficient cpu", "Insufficient nvidia.com/gpu"]);
  });
});

describe("TestFitScore", () => {
  const defaultResources = [
    { name: "cpu", weight: 1 },
    { name: "memory", weight: 1 },
  ];
  const nodes = (cpu2 = "6000") => [node("node1", { cpu: "4000", memory: "10000" }), node("node2", { cpu: cpu2, memory: "10000" })];
  const existing = () => [pod([{ cpu: "2000", memory: "4000" }], { nodeName: "node1" }), pod([{ cpu: "1000", memory: "2000" }], { nodeName: "node2" })];
  const rtcr = (shape: [number, number][]) => ({
    scoringStrategy: {
      type: "RequestedToCapacityRatio",
      resources: defaultResources,
      requestedToCapacityRatio: { shape: shape.map(([utilization, score]) => ({ utilization, score })) },
    },
  });
  const cases: { name: string; pod: () => Pod; args: unknown; want: Record<string, number> }[] = [
    { name: "test case for ScoringStrategy RequestedToCapacityRatio case1", pod: () => pod([{ cpu: "3000", memory: "5000" }]), args: rtcr([[0, 10], [100, 0]]), want: { node1: 10, node2: 32 } },
    { name: "test case for ScoringStrategy RequestedToCapacityRatio case2", pod: () => pod([{ cpu: "3000", memory: "5000" }]), args: rtcr([[0, 0], [100, 10]]), want: { node1: 95, node2: 68 } },
    { name: "test case for ScoringStrategy MostAllocated", pod: () => pod([{ cpu: "1000", memory: "2000" }]), args: { scoringStrategy: { type: "MostAllocated", resources: defaultResources } }, want: { node1: 67, node2: 36 } },
    { name: "test case for ScoringStrategy LeastAllocated", pod: () => pod([{ cpu: "1000", memory: "2000" }]), args: { scoringStrategy: { type: "LeastAllocated", resources: defaultResources } }, want: { node1: 32, node2: 63 } },
  ];
  for (const c of cases) {
    it(c.name, () => expect(setup(NodeResourcesFit, c.args, nodes(), existing()).scores(c.pod())).toEqual(c.want));
    it(`${c.name} if PreScore is not called`, () => {
      const { plugin, snapshot } = setup(NodeResourcesFit, c.args, nodes(), existing());
      const pi = new PodInfo(c.pod());
      const got = Object.fromEntries(snapshot.nodes.map((n) => [n.name, plugin.score!(new CycleState(), pi, n)]));
      expect(got).toEqual(c.want);
    });
  }

  const sidecarExisting = () => [
    pod([{ cpu: "1000", memory: "2000" }], { nodeName: "node1", sidecar: { cpu: "1000", memory: "2000" } }),
    pod([{ cpu: "1000", memory: "2000" }], { nodeName: "node2" }),
  ];
  it("test case for ScoringStrategy MostAllocated with sidecar container", () => {
    const { scores } = setup(NodeResourcesFit, { scoringStrategy: { type: "MostAllocated", resources: defaultResources } }, nodes("4000"), sidecarExisting());
    expect(scores(pod([{ cpu: "1000", memory: "2000" }]))).toEqual({ node1: 67, node2: 45 });
  });
  it("test case for ScoringStrategy LeastAllocated with sidecar container", () => {
    const { scores } = setup(NodeResourcesFit, { scoringStrategy: { type: "LeastAllocated", resources: defaultResources } }, nodes("4000"), sidecarExisting());
    expect(scores(pod([{ cpu: "1000", memory: "2000" }]))).toEqual({ node1: 32, node2: 55 });
  });

  it("nvidia.com/gpu as a scoring resource counts milli-GPU held on the node", () => {
    // MostAllocated over the GPU only: node1 holds 1 of 4 GPUs, the pod adds 1 → 50; node2 empty → 25.
    const args = { scoringStrategy: { type: "MostAllocated", resources: [{ name: "nvidia.com/gpu", weight: 1 }] } };
    const gpuNodes = [node("node1", { cpu: "8", "nvidia.com/gpu": "4" }), node("node2", { cpu: "8", "nvidia.com/gpu": "4" })];
    const { scores } = setup(NodeResourcesFit, args, gpuNodes, [pod([{ "nvidia.com/gpu": "1" }], { nodeName: "node1" })]);
    expect(scores(pod([{ "nvidia.com/gpu": "1" }]))).toEqual({ node1: 50, node2: 25 });
    // A pod without GPUs skips the resource, as for any extended resource it does not request.
    expect(scores(pod([{ cpu: "1" }]))).toEqual({ node1: 0, node2: 0 });
  });
});

describe("NodeResourcesFitArgs", () => {
  const parse = (raw: unknown) => NodeResourcesFit.args(raw, "args");

  it("defaults to LeastAllocated on cpu and memory", () => {
    expect(parse(undefined)).toEqual({
      ignoredResources: [],
      ignoredResourceGroups: [],
      scoringStrategy: { type: "LeastAllocated", resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }] },
    });
    expect(parse({ scoringStrategy: { type: "MostAllocated" } }).scoringStrategy.resources).toHaveLength(2);
  });

  it("rejects unknown fields and wrong types", () => {
    expect(() => parse({ foo: 1 })).toThrow("args.foo: unknown field");
    expect(() => parse({ ignoredResources: "x" })).toThrow("args.ignoredResources: must be a list");
    expect(() => parse({ scoringStrategy: { type: "LeastAllocated", resources: [{ name: "cpu", weight: 1.5 }] } })).toThrow(
      "args.scoringStrategy.resources[0].weight: must be an integer",
    );
  });

  it("accepts a typed args document (apiVersion, kind) at the top level only", () => {
    expect(parse({ apiVersion: "kubescheduler.config.k8s.io/v1", kind: "NodeResourcesFitArgs" }).scoringStrategy.type).toBe("LeastAllocated");
    expect(() => parse({ kind: "NodeAffinityArgs" })).toThrow("args.kind: must be NodeResourcesFitArgs");
    expect(() => parse({ scoringStrategy: { type: "MostAllocated", kind: "x" } })).toThrow("args.scoringStrategy.kind: unknown field");
  });

  it("rejects an unknown or missing strategy type", () => {
    expect(() => parse({ scoringStrategy: { type: "Foo" } })).toThrow('args.scoringStrategy.type: Unsupported value: "Foo"');
    expect(() => parse({ scoringStrategy: {} })).toThrow('args.scoringStrategy.type: Unsupported value: ""');
  });

  it("validates resource groups", () => {
    expect(() => parse({ ignoredResourceGroups: ["example.com/aaa"] })).toThrow("args.ignoredResourceGroups[0]: resource group name can't contain '/'");
  });

  it("validates the RequestedToCapacityRatio shape", () => {
    const shape = (s: unknown) => parse({ scoringStrategy: { type: "RequestedToCapacityRatio", requestedToCapacityRatio: { shape: s } } });
    const at = "args.scoringStrategy.requestedToCapacityRatio.shape";
    expect(() => shape([])).toThrow(`${at}: at least one point must be specified`);
    expect(() => shape([{ utilization: 10, score: 1 }, { utilization: 10, score: 2 }])).toThrow(`${at}[1].utilization: values must be sorted in increasing order`);
    expect(() => shape([{ utilization: 101, score: 1 }])).toThrow(`${at}[0].utilization: not in valid range [0, 100]`);
    expect(() => shape([{ utilization: 0, score: 11 }])).toThrow(`${at}[0].score: not in valid range [0, 10]`);
    expect(() => parse({ scoringStrategy: { type: "RequestedToCapacityRatio" } })).toThrow("args.scoringStrategy.requestedToCapacityRatio: required");
    expect(shape([{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }]).scoringStrategy.requestedToCapacityRatio?.shape).toHaveLength(2);
  });
});
