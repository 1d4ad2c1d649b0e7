/** Builds the cluster's objects from an experiment's `cluster:` section. */
import { loadManifests } from "../api/manifests.js";
import type { Service } from "../api/network-types.js";
import type { Namespace, Node, Pod, PriorityClass } from "../api/types.js";
import { LabelGPUModel, LabelHostname, LabelZone, ResourceGPU } from "../api/types.js";
import { readNodes, traceNodeToNode } from "../trace/index.js";
import type { ClusterSpec } from "./spec.js";

export interface ClusterObjects {
  nodes: Node[];
  /** Pods that come with the cluster (already bound, or to be scheduled at time 0). */
  pods: Pod[];
  namespaces: Namespace[];
  priorityClasses: PriorityClass[];
  /** Services of the cluster's manifests (service networking uses them when the run sets model.proxy). */
  services: Service[];
}

export async function loadCluster(spec: ClusterSpec): Promise<ClusterObjects> {
  switch (spec.kind) {
    case "manifests": {
      const m = await loadManifests(spec.file);
      return { nodes: m.nodes, pods: m.pods, namespaces: m.namespaces, priorityClasses: m.priorityClasses, services: m.services };
    }
    case "trace": {
      const nodes: Node[] = [];
      for await (const n of readNodes(spec.file, spec.format)) nodes.push(traceNodeToNode(n));
      return { nodes, pods: [], namespaces: [], priorityClasses: [], services: [] };
    }
    case "generate":
      return { nodes: generateNodes(spec), pods: [], namespaces: [], priorityClasses: [], services: [] };
  }
}

/** `count` identical nodes named node-00000…, spread round-robin over `zones` zones. */
export function generateNodes(g: Extract<ClusterSpec, { kind: "generate" }>): Node[] {
  const width = Math.max(5, String(g.count - 1).length);
  const nodes: Node[] = [];
  for (let i = 0; i < g.count; i++) {
    const name = `node-${String(i).padStart(width, "0")}`;
    const allocatable: Record<string, string> = { cpu: `${g.cpuMilli}m`, memory: String(g.memoryBytes), pods: String(g.maxPods) };
    const labels: Record<string, string> = { [LabelHostname]: name, [LabelZone]: `zone-${i % g.zones}` };
    if (g.gpu > 0) {
      allocatable[ResourceGPU] = String(g.gpu);
      if (g.gpuModel) labels[LabelGPUModel] = g.gpuModel;
    }
    nodes.push({ apiVersion: "v1", kind: "Node", metadata: { name, labels }, spec: {}, status: { capacity: { ...allocatable }, allocatable } });
  }
  return nodes;
}
