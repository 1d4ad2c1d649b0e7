/**
 * The node IPAM controller (kube-controller-manager --allocate-node-cidrs, range allocator): every node
 * without spec.podCIDR gets the next free block of --cluster-cidr of --node-cidr-mask-size bits; a node's
 * existing podCIDR is marked used; a deleted node's block is released. When the cluster CIDR is used up
 * the node stays without one and a CIDRNotAvailable event is recorded, as upstream does. Such a node
 * cannot network its pods (flannel has no subnet for it; host-local has no range), so it is tainted
 * node.kubernetes.io/network-unavailable:NoSchedule, the taint Kubernetes puts on a node whose network is
 * not configured — the scheduler places no pod there instead of pods waiting on it forever.
 */
import type { ObjectStore, WatchEvent } from "../api/store.js";
import type { Node } from "../api/types.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import { CidrSet } from "../network/cidr-set.js";
import { parseIPNet } from "../network/ip.js";

export const TAINT_NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";

export interface ControllerEvent {
  readonly timeUs: number;
  readonly object: string;
  readonly reason: string;
  readonly message: string;
}

export class NodeIpamController implements Component {
  readonly componentName = "node IPAM controller";
  readonly events: ControllerEvent[] = [];
  private readonly cidrs: CidrSet;

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    clusterCIDR: string,
    nodeMaskSize: number,
  ) {
    const net = parseIPNet(clusterCIDR);
    if (!net) throw new Error(`cluster CIDR ${JSON.stringify(clusterCIDR)} is not a CIDR`);
    this.cidrs = new CidrSet(net, nodeMaskSize);
  }

  start(): void {
    this.store.watch<Node>("Node", (ev) => this.onNode(ev), { replay: true });
  }

  private onNode(ev: WatchEvent<Node>): void {
    const node = ev.object;
    const name = node.metadata.name;
    if (ev.type === "DELETED") {
      if (node.spec.podCIDR) this.cidrs.release(node.spec.podCIDR);
      return;
    }
    if (node.spec.podCIDR) {
      // A podCIDR outside the cluster CIDR (set by hand) is left alone, as upstream only tracks its own range.
      if (ev.type === "ADDED") {
        try {
          this.cidrs.occupy(node.spec.podCIDR);
        } catch {
          /* not ours */
        }
      }
      return;
    }
    // Already found no block for it (the taint below is ours): nothing has been released since the last try.
    if (ev.type === "MODIFIED" && node.spec.taints?.some((t) => t.key === TAINT_NETWORK_UNAVAILABLE)) return;
    let cidr: string;
    try {
      cidr = this.cidrs.allocateNext();
    } catch (e) {
      this.events.push({ timeUs: this.engine.now, object: `node/${name}`, reason: "CIDRNotAvailable", message: `Node ${name} status is now: CIDRNotAvailable (${(e as Error).message})` });
      if (!node.spec.taints?.some((t) => t.key === TAINT_NETWORK_UNAVAILABLE)) {
        this.store.patch<Node>("Node", undefined, name, (n) => ({ ...n, spec: { ...n.spec, taints: [...(n.spec.taints ?? []), { key: TAINT_NETWORK_UNAVAILABLE, effect: "NoSchedule" }] } }));
      }
      return;
    }
    this.store.patch<Node>("Node", undefined, name, (n) => ({ ...n, spec: { ...n.spec, podCIDR: cidr, podCIDRs: [cidr] } }));
  }

  /** Node blocks handed out. */
  get allocated(): number {
    return this.cidrs.allocatedCount;
  }
}
