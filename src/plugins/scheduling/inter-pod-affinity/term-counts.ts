/**
 * Per node, the existing pods an incoming pod's required terms select (node-caches/pod-counts.ts): pods
 * matching all its affinity terms together, and pods matching each anti-affinity term. PreFilter then
 * adds one count per node instead of testing every pod in the cluster. Only terms without a
 * namespaceSelector are kept (namespace labels can change without any node changing) and only
 * selectors with a canonical form; PreFilter counts the others pod by pod.
 */
import { PodCounts, PodCountsCache } from "../node-caches/pod-counts.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import type { AffinityTerm } from "./terms.js";

/** Distinct term sets kept before the cache starts over. */
const MAX_KEYS = 4096;

export class TermCounts {
  private readonly cache = new PodCountsCache(MAX_KEYS);
  private readonly keys = new WeakMap<readonly AffinityTerm[], string | null>();
  private readonly single = new WeakMap<AffinityTerm, readonly AffinityTerm[]>();

  /** Pods matching every term of `terms`, or undefined when they cannot be kept. */
  allOf(terms: readonly AffinityTerm[]): PodCounts | undefined {
    let key = this.keys.get(terms);
    if (key === undefined) this.keys.set(terms, (key = keyOf(terms)));
    if (key === null) return undefined;
    return this.cache.get(key) ?? this.cache.add(key, new PodCounts((pods) => countMatchingAll(pods, terms)));
  }

  /** Pods matching `term`, or undefined when it cannot be kept. */
  each(term: AffinityTerm): PodCounts | undefined {
    let one = this.single.get(term);
    if (!one) this.single.set(term, (one = [term]));
    return this.allOf(one);
  }
}

function countMatchingAll(pods: readonly PodInfo[], terms: readonly AffinityTerm[]): number {
  let n = 0;
  outer: for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    for (let j = 0; j < terms.length; j++) {
      const t = terms[j]!;
      if (!t.namespaces.has(p.namespace) || !t.selector.matches(p.labels)) continue outer;
    }
    n++;
  }
  return n;
}

/** What the terms select, as text: namespaces and canonical selector of each term; null if not keyable. */
function keyOf(terms: readonly AffinityTerm[]): string | null {
  const parts: string[] = [];
  for (const t of terms) {
    if (t.nsSelector !== null || t.selector.key === undefined) return null;
    parts.push(`${[...t.namespaces].sort().join(",")}\u0001${t.selector.key}`);
  }
  return parts.sort().join("\u0000");
}
