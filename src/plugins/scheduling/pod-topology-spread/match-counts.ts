/**
 * Per node, the number of pods a selector matches in a namespace, kept until the node's pods change
 * (NodeInfo.generation), so PreFilter and PreScore cost grows with the nodes, not with every pod in
 * the cluster: a node's pods are counted again only after a pod was added to or removed from it.
 * Entries are by (namespace, canonical selector), so pods of one app (one selector) share them.
 */
import type { CompiledSelector } from "../../../core/api/selectors.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import { countMatchingPods } from "./common.js";

/** Distinct (namespace, selector) pairs kept before the cache starts over (bounds memory). */
const MAX_SELECTORS = 4096;

export class SelectorCounts {
  /** By node index: the NodeInfo counted, its generation then, and the count. */
  private readonly owners: (NodeInfo | undefined)[] = [];
  private readonly gens: number[] = [];
  private readonly counts: number[] = [];

  constructor(
    private readonly selector: CompiledSelector,
    private readonly namespace: string,
  ) {}

  /** Matching pods on `node` (a snapshot node or a clone: a clone is never taken for the original). */
  on(node: NodeInfo): number {
    const i = node.index;
    if (this.owners[i] === node && this.gens[i] === node.generation) return this.counts[i]!;
    const c = countMatchingPods(node.pods, this.selector, this.namespace);
    this.owners[i] = node;
    this.gens[i] = node.generation;
    this.counts[i] = c;
    return c;
  }
}

export class MatchCounts {
  private readonly bySelector = new Map<string, SelectorCounts>();

  /** The counter for a selector in a namespace (a throwaway one when the selector has no canonical key). */
  for(selector: CompiledSelector, namespace: string): SelectorCounts {
    const key = selector.key;
    if (key === undefined) return new SelectorCounts(selector, namespace);
    const k = `${namespace}\u0000${key}`;
    let c = this.bySelector.get(k);
    if (!c) {
      if (this.bySelector.size >= MAX_SELECTORS) this.bySelector.clear();
      this.bySelector.set(k, (c = new SelectorCounts(selector, namespace)));
    }
    return c;
  }
}
