/**
 * Pod addresses, as a node's IPAM would give them: each node gets a pod CIDR (its spec.podCIDR, else the
 * next /24 of the cluster CIDR in the order nodes appear, as the node IPAM controller hands them out), and
 * a pod bound to the node gets the next free address of it, round-robin like host-local (a freed address
 * is reused only when the cursor comes around). A simple allocator; the CNI plugins replace it.
 */
import type { WatchEvent } from "../api/store.js";
import type { ObjectStore } from "../api/store.js";
import type { Node, Pod } from "../api/types.js";
import type { Component } from "../component.js";
import { formatIPv4, parseCidr, type Cidr } from "./ipv4.js";

interface NodeRange {
  readonly cidr: Cidr;
  readonly used: Set<number>;
  cursor: number;
}

export class PodIPAllocator implements Component {
  readonly componentName = "pod IP allocator";
  private readonly ranges = new Map<string, NodeRange>();
  private readonly byPod = new Map<string, { node: string; ip: number }>();
  private nextBlock = 0;
  private readonly cluster: Cidr;

  constructor(
    private readonly store: ObjectStore,
    clusterCIDR = "10.244.0.0/16",
    private readonly nodeMask = 24,
  ) {
    const c = parseCidr(clusterCIDR);
    if (!c) throw new Error(`pod IP allocator: bad cluster CIDR ${clusterCIDR}`);
    this.cluster = c;
  }

  start(): void {
    this.store.watch<Node>("Node", (ev) => this.range(ev.object), { replay: true });
    this.store.watch<Pod>("Pod", (ev) => this.onPod(ev), { replay: true });
  }

  /** The node's pod CIDR ("10.244.3.0/24"), once it has one. */
  podCIDR(node: string): string | undefined {
    const r = this.ranges.get(node);
    return r ? `${formatIPv4(r.cidr.base)}/${r.cidr.prefix}` : undefined;
  }

  private range(node: Node): NodeRange {
    const name = node.metadata.name;
    let r = this.ranges.get(name);
    if (r) return r;
    let cidr = node.spec.podCIDR ? parseCidr(node.spec.podCIDR) : null;
    if (!cidr) {
      const size = 2 ** (32 - this.nodeMask);
      if ((this.nextBlock + 1) * size > this.cluster.size) {
        throw new Error(`CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range (node ${name})`);
      }
      cidr = { base: this.cluster.base + this.nextBlock++ * size, prefix: this.nodeMask, size };
    }
    r = { cidr, used: new Set(), cursor: 0 };
    this.ranges.set(name, r);
    return r;
  }

  private onPod(ev: WatchEvent<Pod>): void {
    const pod = ev.object;
    const uid = pod.metadata.uid!;
    if (ev.type === "DELETED") {
      const held = this.byPod.get(uid);
      if (held) this.ranges.get(held.node)?.used.delete(held.ip);
      this.byPod.delete(uid);
      return;
    }
    const node = pod.spec.nodeName;
    if (!node || pod.status?.podIP || this.byPod.has(uid) || pod.spec.hostNetwork) return;
    const r = this.ranges.get(node) ?? this.range({ apiVersion: "v1", kind: "Node", metadata: { name: node }, spec: {}, status: {} });
    // Network and broadcast addresses and the gateway (.1) are not handed out, as host-local does.
    const usable = r.cidr.size - 3;
    for (let k = 0; k < usable; k++) {
      const host = 2 + ((r.cursor + k) % usable);
      const ip = r.cidr.base + host;
      if (r.used.has(ip)) continue;
      r.used.add(ip);
      r.cursor = host - 1;
      this.byPod.set(uid, { node, ip });
      const addr = formatIPv4(ip);
      this.store.patch<Pod>("Pod", pod.metadata.namespace, pod.metadata.name, (p) => ({ ...p, status: { ...p.status, podIP: addr } }));
      return;
    }
    throw new Error(`failed to allocate for range 0: no IP addresses available in range set: ${this.podCIDR(node)} (pod ${pod.metadata.name})`);
  }
}
