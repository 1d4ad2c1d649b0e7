/**
 * Test builders mirroring kube-scheduler's noderesources test helpers (st.MakePod().Req(…),
 * st.MakeNode().Capacity(…)), shared by the NodeResourcesFit and BalancedAllocation tests.
 */
import type { Node, Pod, ResourceList } from "../../../core/api/types.js";
import type { FrameworkHandle, Plugin, PluginFactory } from "../../../core/scheduler/framework.js";
import { makeHandle, makeNode, makePod, makeSnapshot, scoreAll } from "../../../core/scheduler/testing.js";

let seq = 0;

/** st.MakeNode().Name(name).Capacity(alloc). */
export function node(name: string, alloc: ResourceList = {}): Node {
  return makeNode({ name, allocatable: alloc });
}

/** kube's makeNode(name, milliCPU, memory, extended) from test_util.go. */
export function sizedNode(name: string, milliCPU: number, memory: number, extended: Record<string, number> = {}): Node {
  const alloc: ResourceList = { cpu: `${milliCPU}m`, memory: String(memory) };
  for (const [k, v] of Object.entries(extended)) alloc[k] = String(v);
  return node(name, alloc);
}

export interface PodOpts {
  nodeName?: string;
  /** A restartable init container (st.MakePod().SidecarReq). */
  sidecar?: ResourceList;
  /** Regular init containers, one per request list. */
  init?: ResourceList[];
  overhead?: ResourceList;
  /** Pod-level requests (spec.resources.requests). */
  podLevel?: ResourceList;
}

/** st.MakePod().Req(r1).Req(r2)…: one container per request list; no lists means no containers at all. */
export function pod(reqs: ResourceList[] = [], o: PodOpts = {}): Pod {
  const initContainers = [
    ...(o.sidecar ? [{ name: "sidecar", restartPolicy: "Always", resources: { requests: o.sidecar } }] : []),
    ...(o.init ?? []).map((r, i) => ({ name: `init${i}`, resources: { requests: r } })),
  ];
  return makePod({
    name: `p${++seq}`,
    containers: reqs.map((r, i) => ({ name: `c${i}`, resources: { requests: r } })),
    ...(initContainers.length ? { initContainers } : {}),
    ...(o.nodeName ? { nodeName: o.nodeName } : {}),
    spec: {
      ...(o.overhead ? { overhead: o.overhead } : {}),
      ...(o.podLevel ? { resources: { requests: o.podLevel } } : {}),
    },
  });
}

/** A pod with one container and no requests (st.MakePod().Container("c")): gets the NonZero defaults. */
export function bestEffortPod(nodeName?: string): Pod {
  return makePod({ name: `p${++seq}`, ...(nodeName ? { nodeName } : {}) });
}

/** Creates the plugin from raw args (as YAML would give them) over a snapshot of nodes and pods. */
export function setup<A>(factory: PluginFactory<A>, rawArgs: unknown, nodes: Node[], pods: Pod[] = []) {
  const snapshot = makeSnapshot(nodes, pods);
  const handle: FrameworkHandle = makeHandle(snapshot);
  const plugin: Plugin = factory.create(factory.args(rawArgs, "args"), handle);
  return { snapshot, handle, plugin, scores: (p: Pod) => scoreAll(plugin, p, snapshot) };
}
