/**
 * Per node, the number of pods a selector matches in a namespace (node-caches/pod-counts.ts), by
 * (namespace, canonical selector), so pods of one app share the counts.
 */
import type { CompiledSelector } from "../../../core/api/selectors.js";
import { PodCounts, PodCountsCache } from "../node-caches/pod-counts.js";
import { countMatchingPods } from "./common.js";

export type SelectorCounts = PodCounts;

/** Distinct (namespace, selector) pairs kept before the cache starts over (bounds memory). */
const MAX_SELECTORS = 4096;

export class MatchCounts {
  private readonly cache = new PodCountsCache(MAX_SELECTORS);

  /** The counter for a selector in a namespace (a throwaway one when the selector has no canonical key). */
  for(selector: CompiledSelector, namespace: string): SelectorCounts {
    const key = selector.key;
    if (key === undefined) return counter(selector, namespace);
    const k = `${namespace}\u0000${key}`;
    return this.cache.get(k) ?? this.cache.add(k, counter(selector, namespace));
  }
}

function counter(selector: CompiledSelector, namespace: string): SelectorCounts {
  return new PodCounts((pods) => countMatchingPods(pods, selector, namespace));
}
