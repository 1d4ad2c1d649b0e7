/**
 * NodeInfo: a Node plus the aggregated state of the pods on it (framework.NodeInfo), kept
 * incrementally as pods are added and removed, compact and numeric for the filter/score loop.
 */
import { LabelGPUModel, ResourceGPU, type Node, type Taint } from "../api/types.js";
import { resourceAmount } from "../api/quantity.js";
import { EMPTY_LABELS, type Labels } from "../api/selectors.js";
import { MILLI_PER_GPU, pickGpuDevices } from "./gpu.js";
import type { HostPort, PodInfo } from "./pod-info.js";
import { Resource } from "./resource.js";
import type { NodeColumns } from "./node-columns.js";

const NO_TAINTS: readonly Taint[] = Object.freeze([]);

/** Normalised image name: an image without tag or digest is ":latest" (as ImageLocality does). */
export function normalizedImageName(name: string): string {
  const lastSlash = name.lastIndexOf("/");
  const tail = name.slice(lastSlash + 1);
  if (tail.includes(":") || tail.includes("@")) return name;
  return `${name}:latest`;
}

export class NodeInfo {
  readonly name: string;
  labels: Labels;
  taints: readonly Taint[];
  unschedulable: boolean;
  readonly allocatable: Resource;
  /** Sum of the requests of pods on the node. */
  readonly requested = new Resource();
  /** Sum of cpu/memory requests with the scoring defaults for missing requests. */
  readonly nonZeroRequested = new Resource();
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  /** Host ports in use: "ip/protocol/port". */
  readonly usedPorts = new Map<string, number>();
  /** Image name (normalised) → size in bytes. */
  readonly images: Map<string, number>;
  /** GPU model of every device ("" when the node has no GPUs). */
  gpuModel: string;
  /** Free milli-GPU per device. */
  gpuFree: Int32Array;
  /** Milli-GPU held by pods on the node. */
  gpuUsedMilli = 0;
  /** Devices held by each pod on the node, by pod uid. */
  gpuAssignments = new Map<string, readonly number[]>();
  /** Bumped on every change; lets plugins cache per-node derived data. */
  generation = 0;
  /**
   * The hottest numbers, mirrored as plain fields so Filter/Score read one object per node (locality):
   * allocatable cpu/memory/pods, requested cpu/memory, the NonZero requested cpu/memory, and the number of
   * pods (reading `pods.length` would visit another object per node).
   */
  allocCpu = 0;
  allocMem = 0;
  allocPods = 0;
  reqCpu = 0;
  reqMem = 0;
  nzCpu = 0;
  nzMem = 0;
  podCount = 0;
  /** The snapshot's columns this node's numbers are mirrored into (row `index`); null outside a snapshot. */
  columns: NodeColumns | null = null;

  constructor(
    public node: Node,
    /** Position in the snapshot's node list (stable for the lifetime of the node). */
    public index = 0,
  ) {
    this.name = node.metadata.name;
    this.labels = node.metadata.labels ?? EMPTY_LABELS;
    this.taints = node.spec?.taints ?? NO_TAINTS;
    this.unschedulable = node.spec?.unschedulable ?? false;
    const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
    this.allocatable = Resource.fromList(alloc);
    this.syncHot();
    const gpus = alloc[ResourceGPU] !== undefined ? resourceAmount(ResourceGPU, alloc[ResourceGPU]) : 0;
    this.gpuFree = new Int32Array(gpus).fill(MILLI_PER_GPU);
    this.gpuModel = gpus > 0 ? (this.labels[LabelGPUModel] ?? "") : "";
    this.images = new Map();
    for (const img of node.status?.images ?? []) {
      for (const n of img.names ?? []) this.images.set(normalizedImageName(n), img.sizeBytes);
    }
  }

  private syncHot(): void {
    this.allocCpu = this.allocatable.milliCPU;
    this.allocMem = this.allocatable.memory;
    this.allocPods = this.allocatable.allowedPodNumber;
    this.reqCpu = this.requested.milliCPU;
    this.reqMem = this.requested.memory;
    this.nzCpu = this.nonZeroRequested.milliCPU;
    this.nzMem = this.nonZeroRequested.memory;
    this.podCount = this.pods.length;
    if (this.columns !== null) this.columns.write(this.index, this);
  }

  get gpuCount(): number {
    return this.gpuFree.length;
  }
  get gpuTotalMilli(): number {
    return this.gpuFree.length * MILLI_PER_GPU;
  }

  /**
   * Adds a pod. Devices preselected in `p.gpuDevices` (by Plugin.selectGpuDevices) are honoured when they fit;
   * otherwise best-fit devices are taken.
   */
  addPod(p: PodInfo): void {
    this.pods.push(p);
    if (p.hasAffinity) this.podsWithAffinity.push(p);
    if (p.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(p);
    this.requested.add(p.requests);
    this.nonZeroRequested.milliCPU += p.nonZeroMilliCPU;
    this.nonZeroRequested.memory += p.nonZeroMemory;
    for (const hp of p.hostPorts) {
      const k = portKey(hp);
      this.usedPorts.set(k, (this.usedPorts.get(k) ?? 0) + 1);
    }
    if (p.gpuCount > 0 && this.gpuFree.length > 0) {
      const pre = p.gpuDevices;
      const devices = pre && devicesFit(this.gpuFree, pre, p.gpuMilli) ? pre : pickGpuDevices(this.gpuFree, p.gpuCount, p.gpuMilli);
      if (devices) {
        for (const d of devices) this.gpuFree[d]! -= p.gpuMilli;
        this.gpuAssignments.set(p.uid, devices);
        this.gpuUsedMilli += p.gpuCount * p.gpuMilli;
      }
    }
    this.syncHot();
    this.generation++;
  }

  /** Removes a pod by uid; returns false if it was not on the node. */
  removePod(p: PodInfo): boolean {
    const i = this.pods.findIndex((x) => x.uid === p.uid);
    if (i < 0) return false;
    const held = this.pods[i]!;
    this.pods.splice(i, 1);
    if (held.hasAffinity) removeByUid(this.podsWithAffinity, held.uid);
    if (held.hasRequiredAntiAffinity) removeByUid(this.podsWithRequiredAntiAffinity, held.uid);
    this.requested.sub(held.requests);
    this.nonZeroRequested.milliCPU -= held.nonZeroMilliCPU;
    this.nonZeroRequested.memory -= held.nonZeroMemory;
    for (const hp of held.hostPorts) {
      const k = portKey(hp);
      const n = (this.usedPorts.get(k) ?? 0) - 1;
      if (n <= 0) this.usedPorts.delete(k);
      else this.usedPorts.set(k, n);
    }
    const devices = this.gpuAssignments.get(held.uid);
    if (devices) {
      for (const d of devices) this.gpuFree[d]! += held.gpuMilli;
      this.gpuUsedMilli -= held.gpuCount * held.gpuMilli;
      this.gpuAssignments.delete(held.uid);
    }
    this.syncHot();
    this.generation++;
    return true;
  }

  /** Replaces the Node object (labels, taints, allocatable) keeping the pods. */
  setNode(node: Node): void {
    this.node = node;
    this.labels = node.metadata.labels ?? EMPTY_LABELS;
    this.taints = node.spec?.taints ?? NO_TAINTS;
    this.unschedulable = node.spec?.unschedulable ?? false;
    const fresh = Resource.fromList(node.status?.allocatable ?? node.status?.capacity ?? {});
    this.allocatable.sub(this.allocatable.clone());
    this.allocatable.add(fresh);
    this.syncHot();
    this.generation++;
  }

  /** A deep-enough copy for dry runs (preemption, nominated pods): pod lists and counters are copied. */
  clone(): NodeInfo {
    const c = Object.create(NodeInfo.prototype) as NodeInfo;
    Object.assign(c, this);
    c.columns = null; // a dry run's copy must not write into the snapshot's columns
    (c as { requested: Resource }).requested = this.requested.clone();
    (c as { nonZeroRequested: Resource }).nonZeroRequested = this.nonZeroRequested.clone();
    (c as { usedPorts: Map<string, number> }).usedPorts = new Map(this.usedPorts);
    c.pods = this.pods.slice();
    c.podsWithAffinity = this.podsWithAffinity.slice();
    c.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    c.gpuFree = this.gpuFree.slice();
    c.gpuAssignments = new Map(this.gpuAssignments);
    return c;
  }
}

export function portKey(hp: HostPort): string {
  return `${hp.ip}/${hp.protocol}/${hp.port}`;
}

function devicesFit(free: Int32Array, devices: readonly number[], milli: number): boolean {
  for (const d of devices) if (d < 0 || d >= free.length || free[d]! < milli) return false;
  return true;
}

function removeByUid(list: PodInfo[], uid: string): void {
  const i = list.findIndex((x) => x.uid === uid);
  if (i >= 0) list.splice(i, 1);
}
