/**
 * A numeric resource vector (kube-scheduler's framework.Resource): cpu in millicores, memory and
 * ephemeral-storage in bytes, pod count, and extended ("scalar") resources by name.
 * GPUs are not a scalar here: they are devices (see gpu.ts), because a GPU share must fit on one device.
 */
import { ResourceCPU, ResourceEphemeralStorage, ResourceGPU, ResourceGPUMilli, ResourceMemory, ResourcePods } from "../api/types.js";
import { resourceAmount } from "../api/quantity.js";

export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  /** Extended resources; null while empty so the common case allocates nothing. */
  scalar: Map<string, number> | null = null;

  add(r: Resource): void {
    this.milliCPU += r.milliCPU;
    this.memory += r.memory;
    this.ephemeralStorage += r.ephemeralStorage;
    this.allowedPodNumber += r.allowedPodNumber;
    if (r.scalar) for (const [k, v] of r.scalar) this.addScalar(k, v);
  }
  sub(r: Resource): void {
    this.milliCPU -= r.milliCPU;
    this.memory -= r.memory;
    this.ephemeralStorage -= r.ephemeralStorage;
    this.allowedPodNumber -= r.allowedPodNumber;
    if (r.scalar) for (const [k, v] of r.scalar) this.addScalar(k, -v);
  }
  /** Element-wise maximum (for init containers). */
  setMax(r: Resource): void {
    this.milliCPU = Math.max(this.milliCPU, r.milliCPU);
    this.memory = Math.max(this.memory, r.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, r.ephemeralStorage);
    this.allowedPodNumber = Math.max(this.allowedPodNumber, r.allowedPodNumber);
    if (r.scalar) for (const [k, v] of r.scalar) this.setScalar(k, Math.max(this.getScalar(k), v));
  }
  addScalar(name: string, v: number): void {
    if (!this.scalar) this.scalar = new Map();
    this.scalar.set(name, (this.scalar.get(name) ?? 0) + v);
  }
  setScalar(name: string, v: number): void {
    if (!this.scalar) this.scalar = new Map();
    this.scalar.set(name, v);
  }
  getScalar(name: string): number {
    return this.scalar?.get(name) ?? 0;
  }
  /** Amount of a resource by its Kubernetes name. GPU names are answered by the device model, not here. */
  get(name: string): number {
    switch (name) {
      case ResourceCPU:
        return this.milliCPU;
      case ResourceMemory:
        return this.memory;
      case ResourceEphemeralStorage:
        return this.ephemeralStorage;
      case ResourcePods:
        return this.allowedPodNumber;
      default:
        return this.getScalar(name);
    }
  }
  clone(): Resource {
    const c = new Resource();
    c.add(this);
    return c;
  }

  /** Builds a Resource from a ResourceList; GPU resources are left out (see gpu.ts). */
  static fromList(list: Record<string, string | number> | undefined): Resource {
    const r = new Resource();
    if (!list) return r;
    // for-in, not Object.entries: no array per entry (every PodInfo reads its containers' lists twice).
    for (const name in list) {
      if (!Object.hasOwn(list, name)) continue;
      const v = resourceAmount(name, list[name]!);
      switch (name) {
        case ResourceCPU:
          r.milliCPU += v;
          break;
        case ResourceMemory:
          r.memory += v;
          break;
        case ResourceEphemeralStorage:
          r.ephemeralStorage += v;
          break;
        case ResourcePods:
          r.allowedPodNumber += v;
          break;
        case ResourceGPU:
        case ResourceGPUMilli:
          break;
        default:
          // hugepages-*, attachable volumes and other native resources are tracked as scalars too.
          r.addScalar(name, v);
      }
    }
    return r;
  }
}
