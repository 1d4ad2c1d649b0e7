import { describe, expect, it } from "vitest";
import { NodeInfo } from "../scheduler/node-info.js";
import { PodInfo } from "../scheduler/pod-info.js";
import { AnnotationMaxPerNode, AnnotationTraceQoS, LabelApp, traceNodeToNode, tracePodToPod } from "./objects.js";
import { MIB, type TraceNode, type TracePod } from "./types.js";

const node: TraceNode = {
  name: "openb-node-0000",
  cpuMilli: 64000,
  memoryBytes: 262144 * MIB,
  gpuCount: 2,
  gpuModel: "P100",
  maxPods: 110,
  labels: { "topology.kubernetes.io/zone": "z1" },
  taints: [{ key: "gpu", value: "true", effect: "NoSchedule" }],
  line: 2,
};
const pod: TracePod = {
  name: "openb-pod-0001",
  arrivalUs: 0,
  durationUs: null,
  cpuMilli: 6000,
  memoryBytes: 12288 * MIB,
  gpuCount: 1,
  gpuMilli: 460,
  gpuModels: null,
  priority: 0,
  labels: {},
  nodeSelector: {},
  tolerations: [],
  app: null,
  maxPerNode: null,
  qos: "LS",
  line: 3,
};

describe("traceNodeToNode", () => {
  it("sets allocatable, hostname and GPU-model labels, taints", () => {
    const n = traceNodeToNode(node);
    expect(n.metadata).toEqual({
      name: "openb-node-0000",
      labels: { "kubernetes.io/hostname": "openb-node-0000", "clusterlab.io/gpu-model": "P100", "topology.kubernetes.io/zone": "z1" },
    });
    expect(n.status.allocatable).toEqual({ cpu: "64000m", memory: String(262144 * MIB), pods: "110", "nvidia.com/gpu": "2" });
    expect(n.spec.taints).toEqual(node.taints);
    const info = new NodeInfo(n);
    expect([info.allocatable.milliCPU, info.allocatable.memory, info.gpuCount, info.gpuModel]).toEqual([64000, 262144 * MIB, 2, "P100"]);
  });

  it("a CPU-only node has no GPU resource nor model label", () => {
    const n = traceNodeToNode({ ...node, gpuCount: 0, gpuModel: null, labels: {}, taints: [], maxPods: 32 });
    expect(n.status.allocatable).toEqual({ cpu: "64000m", memory: String(262144 * MIB), pods: "32" });
    expect(n.metadata.labels).toEqual({ "kubernetes.io/hostname": "openb-node-0000" });
    expect(n.spec).toEqual({});
  });
});

describe("tracePodToPod", () => {
  it("a GPU share becomes clusterlab.io/gpu-milli on one container", () => {
    const p = tracePodToPod(pod);
    expect(p.metadata).toEqual({ name: "openb-pod-0001", namespace: "default", annotations: { [AnnotationTraceQoS]: "LS" } });
    expect(p.spec).toEqual({
      schedulerName: "default-scheduler",
      priority: 0,
      containers: [{ name: "main", resources: { requests: { cpu: "6000m", memory: String(12288 * MIB), "clusterlab.io/gpu-milli": "460" } } }],
    });
    const info = new PodInfo(p);
    expect([info.gpuCount, info.gpuMilli, info.requests.milliCPU, info.gpuModels]).toEqual([1, 460, 6000, null]);
  });

  it("whole GPUs become nvidia.com/gpu; models an annotation and a required node-affinity term", () => {
    const p = tracePodToPod({ ...pod, gpuCount: 4, gpuMilli: 1000, gpuModels: ["V100M16", "V100M32"], qos: null }, "team-a");
    expect(p.metadata).toEqual({ name: "openb-pod-0001", namespace: "team-a", annotations: { "clusterlab.io/gpu-models": "V100M16|V100M32" } });
    expect(p.spec.containers[0]!.resources!.requests!["nvidia.com/gpu"]).toBe("4");
    expect(p.spec.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "clusterlab.io/gpu-model", operator: "In", values: ["V100M16", "V100M32"] }] }],
        },
      },
    });
    const info = new PodInfo(p);
    expect([info.gpuCount, info.gpuMilli, [...info.gpuModels!]]).toEqual([4, 1000, ["V100M16", "V100M32"]]);
  });

  it("priority, app, maxPerNode, selector and tolerations", () => {
    const p = tracePodToPod({
      ...pod,
      gpuCount: 0,
      gpuMilli: 0,
      priority: 1000,
      app: "web",
      maxPerNode: 2,
      qos: null,
      labels: { tier: "fe" },
      nodeSelector: { zone: "a" },
      tolerations: [{ key: "k", operator: "Exists" }],
    });
    expect(p.metadata.labels).toEqual({ tier: "fe", [LabelApp]: "web" });
    expect(p.metadata.annotations).toEqual({ [AnnotationMaxPerNode]: "2" });
    expect(p.spec).toMatchObject({ priority: 1000, nodeSelector: { zone: "a" }, tolerations: [{ key: "k", operator: "Exists" }] });
    expect(p.spec.containers[0]!.resources!.requests).toEqual({ cpu: "6000m", memory: String(12288 * MIB) });
  });

  it("rejects a share spread over several GPUs", () => {
    expect(() => tracePodToPod({ ...pod, gpuCount: 2, gpuMilli: 500 })).toThrow("shares need one GPU");
  });
});

describe("max-per-node as a spread constraint", () => {
  it("a pod with app and maxPerNode gets a DoNotSchedule hostname constraint on its app label", async () => {
    const { tracePodToPod } = await import("./objects.js");
    const base = {
      name: "p", arrivalUs: 0, durationUs: null, cpuMilli: 1000, memoryBytes: 1 << 20, gpuCount: 0, gpuMilli: 0, gpuModels: null,
      priority: 0, labels: {}, nodeSelector: {}, tolerations: [], qos: null, line: 0,
    };
    const pod = tracePodToPod({ ...base, app: "svc-a", maxPerNode: 2 });
    expect(pod.spec.topologySpreadConstraints).toEqual([
      { maxSkew: 2, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { "clusterlab.io/app": "svc-a" } } },
    ]);
    expect(tracePodToPod({ ...base, app: "svc-a", maxPerNode: null }).spec.topologySpreadConstraints).toBeUndefined();
  });
});

describe("max-per-node is enforced by PodTopologySpread", () => {
  it("with maxPerNode 1, a node already running the app is filtered out, a free one is not", async () => {
    const { makeHandle, makeSnapshot, filterAll, makeNode } = await import("../scheduler/testing.js");
    const { PodTopologySpread } = await import("../../plugins/scheduling/pod-topology-spread/index.js");
    const base = {
      arrivalUs: 0, durationUs: null, cpuMilli: 1000, memoryBytes: 1 << 20, gpuCount: 0, gpuMilli: 0, gpuModels: null,
      priority: 0, labels: {}, nodeSelector: {}, tolerations: [], qos: null, line: 0, app: "svc", maxPerNode: 1,
    };
    const running = tracePodToPod({ ...base, name: "a" });
    running.spec.nodeName = "n1";
    const snapshot = makeSnapshot([makeNode({ name: "n1", allocatable: { cpu: "8", memory: "8Gi" } }), makeNode({ name: "n2", allocatable: { cpu: "8", memory: "8Gi" } })], [running]);
    const handle = makeHandle(snapshot);
    const plugin = PodTopologySpread.create(PodTopologySpread.args(undefined, "args"), handle);
    const res = filterAll(plugin, tracePodToPod({ ...base, name: "b" }), snapshot);
    expect(res.n1?.isRejected()).toBe(true);
    expect(res.n2).toBeNull();
  });
});
