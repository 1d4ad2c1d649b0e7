/**
 * ClusterIP and NodePort allocation as the API server does it on Service create: a bitmap over the
 * range whose lower part (ClusterIPs: min(max(16, size/16), 256) addresses; NodePorts: min(max(16,
 * size/32), 128) ports) is kept for addresses a user asks for — dynamic allocations take a random free
 * one in the upper part first, then in the lower (KEP-3070, KEP-3668). The network and broadcast
 * addresses are never given out. Requested values are checked (inside the range, not taken) with the
 * API server's messages. Ranges of fewer than 16 values have no reserved band. Randomness comes from the run's seeded generator, so allocations repeat.
 */
import type { Service } from "../api/network-types.js";
import type { Rng } from "../engine/rng.js";
import { InputError } from "../errors.js";
import { formatCidr, formatIPv4, parseCidr, parseIPv4, type Cidr } from "./ipv4.js";

/** The static band's size (calculateRangeOffset): none below 16 values, else size/step within [16, max]. */
function rangeOffset(size: number, step: number, max: number): number {
  if (size < 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / step)), max);
}

class RangeBitmap {
  private readonly taken: Uint8Array;
  constructor(
    readonly size: number,
    private readonly offset: number,
    private readonly rng: Rng,
  ) {
    this.taken = new Uint8Array(size);
  }
  has(i: number): boolean {
    return this.taken[i] === 1;
  }
  take(i: number): void {
    this.taken[i] = 1;
  }
  /** A random free index, from the upper band first; null when the range is full. */
  next(): number | null {
    return this.scan(this.offset, this.size) ?? this.scan(0, this.offset);
  }
  private scan(from: number, to: number): number | null {
    const n = to - from;
    if (n <= 0) return null;
    const start = this.rng.below(n);
    for (let k = 0; k < n; k++) {
      const i = from + ((start + k) % n);
      if (!this.taken[i]) {
        this.taken[i] = 1;
        return i;
      }
    }
    return null;
  }
}

export interface ServiceRanges {
  /** --service-cluster-ip-range (kubeadm's default 10.96.0.0/12). */
  serviceCIDR: string;
  /** --service-node-port-range (default 30000-32767). */
  nodePortMin: number;
  nodePortMax: number;
}

export const DEFAULT_SERVICE_RANGES: ServiceRanges = { serviceCIDR: "10.96.0.0/12", nodePortMin: 30000, nodePortMax: 32767 };

export class ServiceAllocator {
  private readonly cidr: Cidr;
  private readonly ips: RangeBitmap;
  private readonly ports: RangeBitmap;

  constructor(
    private readonly ranges: ServiceRanges,
    rng: Rng,
  ) {
    const c = parseCidr(ranges.serviceCIDR);
    if (!c || c.prefix > 30) throw new InputError(`service CIDR ${ranges.serviceCIDR} must be an IPv4 CIDR of at least 4 addresses`);
    this.cidr = c;
    this.ips = new RangeBitmap(c.size - 2, rangeOffset(c.size, 16, 256), rng);
    const ports = ranges.nodePortMax - ranges.nodePortMin + 1;
    this.ports = new RangeBitmap(ports, rangeOffset(ports, 32, 128), rng);
  }

  /** Takes the cluster IP and node ports `svc` asks for; errors as the API server words them. */
  reserve(svc: Service): void {
    const where = this.where(svc);
    const spec = svc.spec;
    if (spec.clusterIP && spec.clusterIP !== "None") {
      const ip = parseIPv4(spec.clusterIP);
      const i = ip === null ? -1 : ip - this.cidr.base - 1;
      if (i < 0 || i >= this.ips.size) {
        throw new InputError(`${where}: spec.clusterIP: Invalid value: "${spec.clusterIP}": provided IP is not in the valid range. The range of valid IPs is ${formatCidr(this.cidr)}`);
      }
      if (this.ips.has(i)) throw new InputError(`${where}: spec.clusterIP: Invalid value: "${spec.clusterIP}": provided IP is already allocated`);
      this.ips.take(i);
    }
    (spec.ports ?? []).forEach((p, k) => {
      if (!p.nodePort) return;
      const i = p.nodePort - this.ranges.nodePortMin;
      if (i < 0 || i >= this.ports.size) {
        throw new InputError(`${where}: spec.ports[${k}].nodePort: Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${this.ranges.nodePortMin}-${this.ranges.nodePortMax}`);
      }
      if (this.ports.has(i)) throw new InputError(`${where}: spec.ports[${k}].nodePort: Invalid value: ${p.nodePort}: provided port is already allocated`);
      this.ports.take(i);
    });
  }

  /** The service with a cluster IP and node ports allocated where it asked for none (the input is not changed). */
  fill(svc: Service): Service {
    const spec = { ...svc.spec };
    const type = spec.type ?? "ClusterIP";
    if (type !== "ExternalName" && !spec.clusterIP) {
      const i = this.ips.next();
      if (i === null) throw new InputError(`${this.where(svc)}: failed to allocate a serviceIP: range is full`);
      spec.clusterIP = formatIPv4(this.cidr.base + 1 + i);
    }
    if ((type === "NodePort" || type === "LoadBalancer") && spec.ports) {
      spec.ports = spec.ports.map((p) => {
        if (p.nodePort) return p;
        const i = this.ports.next();
        if (i === null) throw new InputError(`${this.where(svc)}: failed to allocate a nodePort: range is full`);
        return { ...p, nodePort: this.ranges.nodePortMin + i };
      });
    }
    return { ...svc, spec };
  }

  /** Every service's requested addresses first (so no dynamic allocation takes one), then the rest, in order. */
  allocateAll(services: readonly Service[]): Service[] {
    for (const s of services) this.reserve(s);
    return services.map((s) => this.fill(s));
  }

  private where(svc: Service): string {
    return `Service ${svc.metadata.namespace ?? "default"}/${svc.metadata.name}`;
  }
}
