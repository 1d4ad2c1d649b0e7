/**
 * Test builders for the GPU policies: GPU nodes and pods in one line, and a plugin over a snapshot
 * (scores by node name, device choice).
 */
import { AnnotationGPUModels, LabelGPUModel, ResourceGPU, ResourceGPUMilli, type Node, type Pod, type ResourceList } from "../../../core/api/types.js";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import type { FrameworkHandle, Plugin, PluginFactory } from "../../../core/scheduler/framework.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import type { Snapshot } from "../../../core/scheduler/snapshot.js";
import { makeHandle, makeNode, makePod, makeSnapshot, scoreAll } from "../../../core/scheduler/testing.js";

/** A node with `cpu` milli-CPU, 1 TiB memory and `gpus` devices of `model`. */
export function gpuNode(name: string, cpu: number, gpus: number, model = "G2"): Node {
  const alloc: ResourceList = { cpu: `${cpu}m`, memory: String(2 ** 40) }; // 1 TiB
  if (gpus > 0) alloc[ResourceGPU] = String(gpus);
  return makeNode({ name, allocatable: alloc, ...(gpus > 0 ? { labels: { [LabelGPUModel]: model } } : {}) });
}

let seq = 0;

export interface GpuPodOpts {
  cpu?: number;
  /** Milli-GPU of a share (one device). */
  share?: number;
  /** Whole GPUs. */
  gpus?: number;
  nodeName?: string;
  models?: string[];
  labels?: Record<string, string>;
  namespace?: string;
  name?: string;
}

/** A pod asking for `cpu` milli-CPU and either a share of one GPU or whole GPUs. */
export function gpuPod(o: GpuPodOpts = {}): Pod {
  const req: ResourceList = { cpu: `${o.cpu ?? 0}m` };
  if (o.share) req[ResourceGPUMilli] = String(o.share);
  if (o.gpus) req[ResourceGPU] = String(o.gpus);
  return makePod({
    name: o.name ?? `gp${++seq}`,
    requests: req,
    ...(o.nodeName ? { nodeName: o.nodeName } : {}),
    ...(o.models ? { annotations: { [AnnotationGPUModels]: o.models.join("|") } } : {}),
    ...(o.labels ? { labels: o.labels } : {}),
    ...(o.namespace ? { namespace: o.namespace } : {}),
  });
}

export interface PolicySetup {
  plugin: Plugin;
  snapshot: Snapshot;
  handle: FrameworkHandle;
  /** Final scores (after NormalizeScore) of a pod on every node. */
  scores(p: Pod): Record<string, number>;
  /** The devices the plugin picks for a pod on a node (null: left to the default). */
  devices(p: Pod, node: string): number[] | null;
}

export function policy<A>(factory: PluginFactory<A>, rawArgs: unknown, nodes: Node[], pods: Pod[] = [], seed = 1): PolicySetup {
  const snapshot = makeSnapshot(nodes, pods);
  const handle = makeHandle(snapshot, { seed });
  const plugin = factory.create(factory.args(rawArgs, "args"), handle);
  return {
    plugin,
    snapshot,
    handle,
    scores: (p) => scoreAll(plugin, p, snapshot),
    devices: (p, node) => plugin.selectGpuDevices?.(new CycleState(), new PodInfo(p), snapshot.get(node)!) ?? null,
  };
}
