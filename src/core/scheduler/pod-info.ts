/**
 * PodInfo: a Pod plus everything the scheduler derives from it once (framework.PodInfo).
 * Requests follow resourcehelper.PodRequests (v1.33): sum of containers; restartable (sidecar) init
 * containers add to it; the max over init containers wins; pod overhead is added; pod-level
 * resources, when set, replace cpu/memory. `nonZero*` applies the scoring defaults
 * (100m cpu / 200 MiB memory per container that omits them: NonMissingContainerRequests).
 */
import { AnnotationDurationUs, AnnotationGPUModels, ResourceGPU, ResourceGPUMilli, podKey, type Container, type Pod } from "../api/types.js";
import { resourceAmount } from "../api/quantity.js";
import type { Labels } from "../api/selectors.js";
import { EMPTY_LABELS } from "../api/selectors.js";
import { MILLI_PER_GPU } from "./gpu.js";
import { Resource } from "./resource.js";

export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

let nextUid = 1;

export class PodInfo {
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly labels: Labels;
  readonly priority: number;
  /** Requests as kube-scheduler's fit check sees them. */
  readonly requests: Resource;
  readonly nonZeroMilliCPU: number;
  readonly nonZeroMemory: number;
  /** Number of GPU devices wanted and milli-GPU wanted on each (1000 for whole GPUs). */
  readonly gpuCount: number;
  readonly gpuMilli: number;
  /** Allowed GPU models, or null for any. */
  readonly gpuModels: ReadonlySet<string> | null;
  readonly hostPorts: readonly HostPort[];
  readonly hasAffinity: boolean;
  readonly hasRequiredAntiAffinity: boolean;
  /** Devices a plugin chose for this pod (Plugin.selectGpuDevices); NodeInfo.addPod falls back to best-fit without it. */
  gpuDevices: number[] | null = null;
  /** Virtual time the pod was bound/started (for preemption's start-time ordering). */
  startTimeUs = 0;
  /** Plugin-owned derived data computed once per pod (e.g. compiled affinity terms); made on first use. */
  get cache(): Map<string, unknown> {
    return (this.derived ??= new Map());
  }
  private derived: Map<string, unknown> | undefined;

  private signature: string | undefined;

  /**
   * Everything about the pod that Filter plugins can see, as one string: pods with equal signatures get
   * equal Filter verdicts on equal clusters. Name, uid and the run-time annotation are left out.
   */
  get filterSignature(): string {
    if (this.signature === undefined) {
      const m = this.pod.metadata;
      const annotations = m.annotations ? Object.entries(m.annotations).filter(([k]) => k !== AnnotationDurationUs).sort() : [];
      this.signature = JSON.stringify([m.namespace ?? "default", m.labels ?? {}, annotations, this.pod.spec]);
    }
    return this.signature;
  }

  constructor(readonly pod: Pod) {
    const meta = pod.metadata;
    this.key = podKey(pod);
    this.name = meta.name;
    this.namespace = meta.namespace ?? "default";
    this.uid = meta.uid ?? `uid-${nextUid++}`;
    this.labels = meta.labels ?? EMPTY_LABELS;
    this.priority = pod.spec.priority ?? 0;
    const r = computePodRequests(pod);
    this.requests = r.requests;
    this.nonZeroMilliCPU = r.nonZeroMilliCPU;
    this.nonZeroMemory = r.nonZeroMemory;
    this.gpuCount = r.gpuCount;
    this.gpuMilli = r.gpuMilli;
    const models = meta.annotations?.[AnnotationGPUModels];
    this.gpuModels = models ? new Set(models.split("|").filter(Boolean)) : null;
    this.hostPorts = collectHostPorts(pod);
    const aff = pod.spec.affinity;
    this.hasAffinity = !!(aff?.podAffinity || aff?.podAntiAffinity);
    this.hasRequiredAntiAffinity = (aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
  }

  /** Total milli-GPU this pod holds (gpuCount × gpuMilli). */
  get gpuTotalMilli(): number {
    return this.gpuCount * this.gpuMilli;
  }
}

interface Computed {
  requests: Resource;
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
  gpuCount: number;
  gpuMilli: number;
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const r = Resource.fromList(c.resources?.requests);
  if (nonZero) {
    const req = c.resources?.requests ?? {};
    if (!("cpu" in req)) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (!("memory" in req)) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

function gpuOf(c: Container): [number, number] {
  // Per resource, a missing request defaults to the limit (API defaulting), even if other resources are requested.
  const req = c.resources?.requests;
  const lim = c.resources?.limits;
  const whole = req?.[ResourceGPU] ?? lim?.[ResourceGPU];
  if (whole !== undefined) return [resourceAmount(ResourceGPU, whole), MILLI_PER_GPU];
  const milli = req?.[ResourceGPUMilli] ?? lim?.[ResourceGPUMilli];
  if (milli !== undefined) {
    const m = resourceAmount(ResourceGPUMilli, milli);
    return m > 0 ? [1, m] : [0, 0];
  }
  return [0, 0];
}

/** resourcehelper.PodRequests; `nonZero` applies NonMissingContainerRequests. */
export function podRequests(pod: Pod, nonZero: boolean): Resource {
  const spec = pod.spec;
  const reqs = new Resource();
  for (const c of spec.containers ?? []) reqs.add(containerRequests(c, nonZero));
  const sidecars = new Resource();
  const initMax = new Resource();
  for (const c of spec.initContainers ?? []) {
    const cr = containerRequests(c, nonZero);
    if (c.restartPolicy === "Always") {
      reqs.add(cr);
      sidecars.add(cr);
      initMax.setMax(sidecars);
    } else {
      const t = cr.clone();
      t.add(sidecars);
      initMax.setMax(t);
    }
  }
  reqs.setMax(initMax);
  const podLevel = spec.resources?.requests;
  if (podLevel) {
    if ("cpu" in podLevel) reqs.milliCPU = resourceAmount("cpu", podLevel.cpu!);
    if ("memory" in podLevel) reqs.memory = resourceAmount("memory", podLevel.memory!);
  }
  if (spec.overhead) reqs.add(Resource.fromList(spec.overhead));
  return reqs;
}

/**
 * Requests by container list, for pods whose requests come from a frozen list alone (no init containers,
 * pod-level resources or overhead): trace pods asking for the same resources share one list, and with it
 * one result (its Resource is only read).
 */
const computedByContainers = new WeakMap<readonly Container[], Computed>();

function computePodRequests(pod: Pod): Computed {
  const spec = pod.spec;
  const shared = spec.containers !== undefined && Object.isFrozen(spec.containers) && !spec.initContainers && !spec.resources && !spec.overhead;
  if (!shared) return computeRequests(pod);
  let c = computedByContainers.get(spec.containers!);
  if (c === undefined) computedByContainers.set(spec.containers!, (c = computeRequests(pod)));
  return c;
}

function computeRequests(pod: Pod): Computed {
  const requests = podRequests(pod, false);
  const nz = podRequests(pod, true);
  let gpuCount = 0;
  let gpuMilli = 0;
  for (const c of pod.spec.containers ?? []) {
    const [n, m] = gpuOf(c);
    if (n > 0) {
      if (gpuCount > 0 && m !== gpuMilli) gpuMilli = MILLI_PER_GPU;
      else gpuMilli = m;
      gpuCount += n;
    }
  }
  return { requests, nonZeroMilliCPU: nz.milliCPU, nonZeroMemory: nz.memory, gpuCount, gpuMilli };
}

const NO_HOST_PORTS: readonly HostPort[] = Object.freeze([]);

function collectHostPorts(pod: Pod): readonly HostPort[] {
  let out: HostPort[] | null = null;
  // v1.33 counts host ports of regular containers only (sidecar init containers join in v1.34).
  for (const c of pod.spec.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.hostPort && p.hostPort > 0) (out ??= []).push({ ip: p.hostIP || "0.0.0.0", protocol: p.protocol ?? "TCP", port: p.hostPort });
    }
  }
  return out ?? NO_HOST_PORTS;
}
