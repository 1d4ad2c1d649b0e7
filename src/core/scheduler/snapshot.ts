/**
 * The scheduler's view of the cluster: every NodeInfo, kept incrementally in step with the store
 * (kube-scheduler's cache + snapshot in one, since a simulated scheduling cycle is synchronous).
 * Assumed pods are added here at Reserve, before binding completes.
 */
import type { Node } from "../api/types.js";
import { NodeInfo, normalizedImageName } from "./node-info.js";
import type { PodInfo } from "./pod-info.js";

export class Snapshot {
  readonly nodes: NodeInfo[] = [];
  private readonly byName = new Map<string, NodeInfo>();
  /** Normalised image name → number of nodes that have it (ImageLocality's spread factor). */
  readonly imageNodeCount = new Map<string, number>();
  /** Pod uid → the NodeInfo holding it. */
  private readonly podNode = new Map<string, NodeInfo>();
  /** Pods in the cluster that carry (anti-)affinity terms / required anti-affinity terms. */
  podsWithAffinityCount = 0;
  podsWithRequiredAntiAffinityCount = 0;
  /** Bumped whenever nodes are added/removed or a pod changes place. */
  generation = 0;

  get(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }
  get size(): number {
    return this.nodes.length;
  }

  addNode(node: Node): NodeInfo {
    const existing = this.byName.get(node.metadata.name);
    if (existing) {
      this.updateNode(node);
      return existing;
    }
    const ni = new NodeInfo(node, this.nodes.length);
    this.nodes.push(ni);
    this.byName.set(ni.name, ni);
    for (const img of ni.images.keys()) this.imageNodeCount.set(img, (this.imageNodeCount.get(img) ?? 0) + 1);
    this.generation++;
    return ni;
  }

  updateNode(node: Node): void {
    const ni = this.byName.get(node.metadata.name);
    if (!ni) return;
    for (const img of ni.images.keys()) this.decImage(img);
    ni.setNode(node);
    ni.images.clear();
    for (const img of node.status?.images ?? []) for (const n of img.names ?? []) ni.images.set(normalizedImageName(n), img.sizeBytes);
    for (const img of ni.images.keys()) this.imageNodeCount.set(img, (this.imageNodeCount.get(img) ?? 0) + 1);
    this.generation++;
  }

  /** Removes a node; its pods are forgotten (the caller handles their fate). */
  removeNode(name: string): NodeInfo | undefined {
    const ni = this.byName.get(name);
    if (!ni) return undefined;
    for (const p of ni.pods) this.forgetPod(p);
    this.byName.delete(name);
    const i = ni.index;
    this.nodes.splice(i, 1);
    for (let j = i; j < this.nodes.length; j++) this.nodes[j]!.index = j;
    for (const img of ni.images.keys()) this.decImage(img);
    this.generation++;
    return ni;
  }

  addPod(p: PodInfo, nodeName: string): boolean {
    const ni = this.byName.get(nodeName);
    if (!ni || this.podNode.has(p.uid)) return false;
    ni.addPod(p);
    this.podNode.set(p.uid, ni);
    if (p.hasAffinity) this.podsWithAffinityCount++;
    if (p.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinityCount++;
    this.generation++;
    return true;
  }

  removePod(p: PodInfo): NodeInfo | undefined {
    const ni = this.podNode.get(p.uid);
    if (!ni) return undefined;
    ni.removePod(p);
    this.forgetPod(p);
    this.generation++;
    return ni;
  }

  nodeOf(uid: string): NodeInfo | undefined {
    return this.podNode.get(uid);
  }

  private forgetPod(p: PodInfo): void {
    if (this.podNode.delete(p.uid)) {
      if (p.hasAffinity) this.podsWithAffinityCount--;
      if (p.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinityCount--;
    }
  }

  private decImage(img: string): void {
    const n = (this.imageNodeCount.get(img) ?? 0) - 1;
    if (n <= 0) this.imageNodeCount.delete(img);
    else this.imageNodeCount.set(img, n);
  }
}
