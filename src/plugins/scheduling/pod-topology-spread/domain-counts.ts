/**
 * PreFilter's per-domain counts for one hard constraint, kept from one scheduling cycle to the next and
 * brought up to date node by node (NodeInfo.generation), so a cycle costs a pass over the nodes' generations
 * instead of a map built afresh: with a hostname constraint on a large cluster the fresh map was most of an
 * attempt's cost. Counts are shared by pods whose constraint, topology keys and node-inclusion inputs are
 * equal (pods of one app).
 *
 * The map lists domains in the order a fresh count over the nodes would (first included node of each
 * domain), because the critical paths built from it break ties by that order: a count that changes keeps
 * its place; a node entering or leaving a domain rebuilds the map. A map handed to a cycle is never
 * changed afterwards (copied before the next change), so a cycle's state stays what PreFilter saw.
 */
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import type { Snapshot } from "../../../core/scheduler/snapshot.js";
import { hasAllTopologyKeys, type Constraint, type InclusionChecker } from "./common.js";
import { CriticalPaths } from "./filtering.js";
import type { SelectorCounts } from "./match-counts.js";

/** Distinct keys kept before the cache starts over (bounds memory: each holds a few numbers per node). */
const MAX_KEYS = 1024;

export class DomainCounts {
  private map = new Map<string, number>();
  private paths = new CriticalPaths();
  private handedOut = false;
  private pathsStale = true;
  /** By node index: the NodeInfo counted, its generation, its domain (null: not included) and its matching pods. */
  private readonly owners: (NodeInfo | undefined)[] = [];
  private readonly gens: number[] = [];
  private readonly values: (string | null)[] = [];
  private readonly nums: number[] = [];
  /** The snapshot and generation last synced with (the change log answers from there). */
  private synced: Snapshot | undefined;
  private syncedGeneration = -1;
  private readonly changed: number[] = [];

  constructor(
    private readonly c: Constraint,
    private readonly all: readonly Constraint[],
    private readonly matching: SelectorCounts,
  ) {}

  /**
   * The counts and critical paths over `nodes` now; neither is changed after being returned. When `nodes`
   * are `snapshot`'s, only the nodes its change log names are looked at.
   */
  sync(nodes: readonly NodeInfo[], inclusion: InclusionChecker, snapshot?: Snapshot): { counts: Map<string, number>; paths: CriticalPaths } {
    const logged = snapshot !== undefined && snapshot.nodes === nodes && this.synced === snapshot;
    if (!(logged && snapshot.generation === this.syncedGeneration)) {
      let ok: boolean;
      if (logged && snapshot.changes.changedSince(this.syncedGeneration, this.changed)) {
        ok = nodes.length === this.owners.length;
        for (let k = 0; ok && k < this.changed.length; k++) ok = this.updateNode(this.changed[k]!, nodes, inclusion);
      } else {
        ok = nodes.length === this.owners.length;
        for (let j = 0; ok && j < nodes.length; j++) ok = this.updateNode(j, nodes, inclusion);
      }
      if (!ok) this.rebuild(nodes, inclusion);
      // Kept only when the counts are over the snapshot's own node list.
      this.synced = snapshot !== undefined && snapshot.nodes === nodes ? snapshot : undefined;
      this.syncedGeneration = this.synced ? snapshot!.generation : -1;
    }
    if (this.pathsStale) {
      const p = new CriticalPaths();
      for (const [value, num] of this.map) p.update(value, num);
      this.paths = p;
      this.pathsStale = false;
    }
    this.handedOut = true;
    return { counts: this.map, paths: this.paths };
  }

  /** Applies a count change of node `j`; false when its domain membership changed (or it is another node). */
  private updateNode(j: number, nodes: readonly NodeInfo[], inclusion: InclusionChecker): boolean {
    const node = nodes[j]!;
    if (this.owners[j] !== node) return false;
    if (this.gens[j] === node.generation) return true;
    const value = this.domainOf(node, inclusion);
    if (value !== this.values[j]) return false;
    this.gens[j] = node.generation;
    if (value === null) return true;
    const num = this.matching.on(node);
    const old = this.nums[j]!;
    if (num === old) return true;
    if (this.handedOut) {
      this.map = new Map(this.map);
      this.handedOut = false;
    }
    this.map.set(value, this.map.get(value)! + num - old);
    this.nums[j] = num;
    this.pathsStale = true;
    return true;
  }

  private rebuild(nodes: readonly NodeInfo[], inclusion: InclusionChecker): void {
    const map = new Map<string, number>();
    const n = nodes.length;
    this.owners.length = this.gens.length = this.values.length = this.nums.length = n;
    for (let j = 0; j < n; j++) {
      const node = nodes[j]!;
      const value = this.domainOf(node, inclusion);
      const num = value === null ? 0 : this.matching.on(node);
      this.owners[j] = node;
      this.gens[j] = node.generation;
      this.values[j] = value;
      this.nums[j] = num;
      if (value !== null) map.set(value, (map.get(value) ?? 0) + num);
    }
    this.map = map;
    this.handedOut = false;
    this.pathsStale = true;
  }

  private domainOf(node: NodeInfo, inclusion: InclusionChecker): string | null {
    const labels = node.labels;
    if (!hasAllTopologyKeys(labels, this.all) || !inclusion.includes(this.c, node)) return null;
    return labels[this.c.topologyKey]!;
  }
}

/** DomainCounts by everything their counts depend on besides the cluster. */
export class DomainCountsCache {
  private readonly byKey = new Map<string, DomainCounts>();

  /** The counter for constraint `i` of `pod`, or undefined when its selector has no canonical form. */
  for(pod: PodInfo, constraints: readonly Constraint[], i: number, matching: SelectorCounts): DomainCounts | undefined {
    const c = constraints[i]!;
    if (c.selector.key === undefined) return undefined;
    const k = keysOf(pod, constraints)[i]!;
    let d = this.byKey.get(k);
    if (!d) {
      if (this.byKey.size >= MAX_KEYS) this.byKey.clear();
      this.byKey.set(k, (d = new DomainCounts(c, constraints, matching)));
    }
    return d;
  }
}

const KEYS = "PodTopologySpread/domainKeys";
const NO_KEYS: readonly string[] = Object.freeze([]);

/** The keys of a pod's constraints, kept on the pod for as long as its constraint list is the same one. */
function keysOf(pod: PodInfo, all: readonly Constraint[]): readonly string[] {
  if (all.length === 0) return NO_KEYS;
  const known = pod.cache.get(KEYS) as { all: readonly Constraint[]; keys: string[] } | undefined;
  if (known && known.all === all) return known.keys;
  const keys = all.map((c) => key(pod, all, c));
  pod.cache.set(KEYS, { all, keys });
  return keys;
}

function key(pod: PodInfo, all: readonly Constraint[], c: Constraint): string {
  const spec = pod.pod.spec;
  const affinity = c.honorAffinity ? JSON.stringify([spec.nodeSelector ?? null, spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null]) : "";
  const taints = c.honorTaints ? JSON.stringify(spec.tolerations ?? null) : "";
  return [pod.namespace, c.selector.key, c.topologyKey, affinity, taints, ...all.map((x) => x.topologyKey)].join("\u0000");
}
