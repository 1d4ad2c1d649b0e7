/**
 * Trace rows → Kubernetes objects, as the simulated API server stores them.
 * GPUs: whole devices are `nvidia.com/gpu: N`; a share of one device is `clusterlab.io/gpu-milli: M`
 * (M < 1000), and the allowed models go both to an annotation (read by PodInfo) and to a required
 * node-affinity term on the node's GPU-model label, so NodeAffinity alone already enforces them.
 */
import {
  AnnotationGPUModels,
  LabelGPUModel,
  LabelHostname,
  ResourceCPU,
  ResourceGPU,
  ResourceGPUMilli,
  ResourceMemory,
  ResourcePods,
  type Container,
  type Node,
  type ObjectMeta,
  type Pod,
  type ResourceList,
} from "../api/types.js";
import { hasKeys } from "../util/has-keys.js";
import type { TraceNode, TracePod } from "./types.js";

/** Pod label carrying the trace's app (the group maxPerNode limits). */
export const LabelApp = "clusterlab.io/app";
/** Pod annotation: at most this many pods with the same app label per node (mapped to a constraint later). */
export const AnnotationMaxPerNode = "clusterlab.io/max-per-node";
/** Pod annotation keeping the source trace's QoS / service class verbatim (openb "LS", "BE", …). */
export const AnnotationTraceQoS = "clusterlab.io/trace-qos";

export function traceNodeToNode(n: TraceNode): Node {
  const resources: ResourceList = {
    [ResourceCPU]: `${n.cpuMilli}m`,
    [ResourceMemory]: String(n.memoryBytes),
    [ResourcePods]: String(n.maxPods),
  };
  if (n.gpuCount > 0) resources[ResourceGPU] = String(n.gpuCount);
  // Trace labels win over the defaults, so a trace can model e.g. a hostname differing from the node name.
  const labels: Record<string, string> = { [LabelHostname]: n.name };
  if (n.gpuModel !== null) labels[LabelGPUModel] = n.gpuModel;
  Object.assign(labels, n.labels);
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: n.name, labels },
    spec: n.taints.length > 0 ? { taints: n.taints.map((t) => ({ ...t })) } : {},
    status: { capacity: { ...resources }, allocatable: resources },
  };
}

/**
 * Pods of a trace asking for the same resources share one frozen container list (stored objects are never
 * changed in place): a trace holds few distinct requests, and a run keeps thousands of pods alive at once.
 */
const containersByRequest = new Map<string, readonly Container[]>();

function traceContainers(p: TracePod): Container[] {
  const key = `${p.cpuMilli}/${p.memoryBytes}/${p.gpuCount}/${p.gpuMilli}`;
  let containers = containersByRequest.get(key);
  if (containers === undefined) {
    const requests: ResourceList = {
      [ResourceCPU]: `${p.cpuMilli}m`,
      [ResourceMemory]: String(p.memoryBytes),
    };
    if (p.gpuCount > 0) {
      if (p.gpuMilli === 1000) requests[ResourceGPU] = String(p.gpuCount);
      else if (p.gpuCount === 1 && p.gpuMilli > 0 && p.gpuMilli < 1000) requests[ResourceGPUMilli] = String(p.gpuMilli);
      else throw new Error(`pod ${p.name}: cannot request ${p.gpuCount} GPUs of ${p.gpuMilli} milli each (shares need one GPU)`);
    }
    const main: Container = { name: "main", resources: { requests: Object.freeze(requests) } };
    Object.freeze(main.resources);
    containers = Object.freeze([Object.freeze(main)]);
    if (containersByRequest.size >= 4096) containersByRequest.clear();
    containersByRequest.set(key, containers);
  }
  // Read-only at run time; the Pod type names a plain array.
  return containers as Container[];
}

export function tracePodToPod(p: TracePod, namespace = "default"): Pod {
  const containers = traceContainers(p);
  // Labels and annotations only when there are some (most trace rows have none): no empty objects per pod.
  const metadata: ObjectMeta = { name: p.name, namespace };
  if (p.app !== null || hasKeys(p.labels)) {
    const labels: Record<string, string> = Object.assign({}, p.labels);
    if (p.app !== null) labels[LabelApp] = p.app;
    metadata.labels = labels;
  }
  if (p.gpuModels !== null || p.maxPerNode !== null || p.qos !== null) {
    const annotations: Record<string, string> = {};
    if (p.gpuModels !== null) annotations[AnnotationGPUModels] = p.gpuModels.join("|");
    if (p.maxPerNode !== null) annotations[AnnotationMaxPerNode] = String(p.maxPerNode);
    if (p.qos !== null) annotations[AnnotationTraceQoS] = p.qos;
    metadata.annotations = annotations;
  }
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata,
    spec: {
      schedulerName: "default-scheduler",
      priority: p.priority,
      containers,
    },
  };
  if (Object.keys(p.nodeSelector).length > 0) pod.spec.nodeSelector = { ...p.nodeSelector };
  if (p.tolerations.length > 0) pod.spec.tolerations = p.tolerations.map((t) => ({ ...t }));
  if (p.gpuModels !== null) {
    pod.spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: LabelGPUModel, operator: "In", values: [...p.gpuModels] }] }],
        },
      },
    };
  }
  if (p.maxPerNode !== null && p.app !== null) {
    // "At most N pods of this app per node" as a hostname spread constraint: skew = count on the node + 1 −
    // the minimum over eligible nodes, and that minimum is 0 on any cluster with a node free of the app, so
    // maxSkew = N admits the pod exactly while the node holds fewer than N of them.
    pod.spec.topologySpreadConstraints = [
      {
        maxSkew: p.maxPerNode,
        topologyKey: LabelHostname,
        whenUnsatisfiable: "DoNotSchedule",
        labelSelector: { matchLabels: { [LabelApp]: p.app } },
      },
    ];
  }
  return pod;
}
