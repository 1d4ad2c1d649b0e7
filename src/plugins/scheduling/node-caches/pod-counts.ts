/**
 * Per node, how many of its pods a test picks, kept until the node's pods change (a NodeValueCache row):
 * PreFilter's cost then grows with the nodes, not with every pod in the cluster, because a node's pods
 * are counted again only after a pod was added to or removed from it. Counters are shared by key (a
 * canonical form of what they count), so pods of one app share them.
 */
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { NodeValueCache } from "./node-cache.js";

export class PodCounts {
  private readonly cache = new NodeValueCache();

  constructor(private readonly count: (pods: readonly PodInfo[]) => number) {}

  /** Picked pods on `node` (a snapshot node or a clone: a clone is never taken for the original). */
  on(node: NodeInfo): number {
    let c = this.cache.get(node);
    if (Number.isNaN(c)) this.cache.set(node, (c = this.count(node.pods)));
    return c;
  }
}

/** Counters by key; starts over past `max` keys (bounds memory). */
export class PodCountsCache {
  private readonly byKey = new Map<string, PodCounts>();

  constructor(private readonly max: number) {}

  get(key: string): PodCounts | undefined {
    return this.byKey.get(key);
  }

  add(key: string, counts: PodCounts): PodCounts {
    if (this.byKey.size >= this.max) this.byKey.clear();
    this.byKey.set(key, counts);
    return counts;
  }
}
