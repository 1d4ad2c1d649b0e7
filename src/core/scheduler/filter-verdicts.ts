/**
 * All-nodes Filter failures kept up to date node by node. In an overloaded cluster, or with pods no node
 * can hold, every pod that ends moves the waiting pods back to the queue (kube-scheduler v1.33:
 * NodeResourcesFit's QueueingHint says Queue for any deletion of a placed pod), and each retry scans every
 * node to fail the same way on all but the one node that changed. A verdict remembers, per node, the
 * status that rejected an equal pod (same filter signature) and the node's generation then; a retry runs
 * Filter again only on nodes that changed since, or whose rejection came from a plugin that reads more
 * than the node (PodTopologySpread and InterPodAffinity count pods cluster-wide). When some node passes
 * now, the verdict is dropped and the normal scan runs, so placements are unchanged.
 *
 * The statuses handed to PostFilter are the same per-node statuses a fresh scan would give (a node's
 * status from a node-local plugin is a function of the pod and that node alone); the map's iteration
 * order is that of the first scan — kube-scheduler's NodeToStatus is a Go map, and every consumer here
 * counts rather than depends on order.
 */
import type { Plugin } from "./framework.js";
import type { CycleState } from "./cycle-state.js";
import type { NodeChangeLog } from "./node-changes.js";
import type { NodeInfo } from "./node-info.js";
import type { PodInfo } from "./pod-info.js";
import type { Framework } from "./runtime.js";
import { Code, type Status } from "./status.js";

/**
 * In-tree Filter plugins whose verdict on a node depends only on the pod, that node and state computed
 * from the pod alone: the node's generation tells whether it can have changed.
 */
export const NODE_LOCAL_FILTER_PLUGINS: ReadonlySet<string> = new Set([
  "NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit",
]);

/** How many distinct pod signatures keep a verdict (each holds a status per node). */
const MAX_VERDICTS = 256;

export interface Verdict<R> {
  readonly fwk: Framework;
  readonly nominations: number;
  /** The active Filter plugins of the scan (PreFilter may Skip some). */
  readonly filters: readonly Plugin[];
  /** Plugins whose stored rejection holds while the node's generation is unchanged. */
  readonly localPlugins: ReadonlySet<string>;
  /** The nodes scanned, by snapshot index: a node added, removed or moved invalidates the verdict. */
  readonly nodes: readonly NodeInfo[];
  readonly statuses: Status[];
  readonly generations: Float64Array;
  /** Nodes whose rejection came from a plugin that reads more than the node: re-filtered every time. */
  nonLocal: number[];
  /** Scratch for revalidate: nodes visited in the current pass, the change log's answer, the nodes whose status changed. */
  readonly seen: Uint32Array;
  stamp: number;
  readonly logged: number[];
  readonly changed: number[];
  /** Snapshot generation at which `result` was last confirmed. */
  generation: number;
  result: R;
}

export class FilterVerdicts<R> {
  private readonly verdicts = new Map<string, Verdict<R>>();

  /** Verdicts kept (none: a pod's signature need not even be computed). */
  get size(): number {
    return this.verdicts.size;
  }

  /** The verdict for `signature` if it was made under the same profile, nominations and Filter plugins. */
  get(signature: string, fwk: Framework, nominations: number, filters: readonly Plugin[]): Verdict<R> | undefined {
    const v = this.verdicts.get(signature);
    if (!v || v.fwk !== fwk || v.nominations !== nominations || !sameList(v.filters, filters)) return undefined;
    return v;
  }

  /** Records an all-failing scan; `statusOf` gives each node's rejecting status. */
  set(signature: string, fwk: Framework, nominations: number, filters: readonly Plugin[], nodes: readonly NodeInfo[], statusOf: (n: NodeInfo) => Status, generation: number, result: R): void {
    const n = nodes.length;
    const statuses = new Array<Status>(n);
    const generations = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      statuses[i] = statusOf(nodes[i]!);
      generations[i] = nodes[i]!.generation;
    }
    this.verdicts.delete(signature);
    if (this.verdicts.size >= MAX_VERDICTS) this.verdicts.delete(this.verdicts.keys().next().value!);
    const localPlugins = localPrefix(filters);
    this.verdicts.set(signature, {
      fwk, nominations, filters, localPlugins, nodes: nodes.slice(), statuses, generations, generation, result,
      nonLocal: nonLocalIndices(statuses, localPlugins), seen: new Uint32Array(n), stamp: 0, logged: [], changed: [],
    });
  }

  delete(signature: string): void {
    this.verdicts.delete(signature);
  }
}

/**
 * Re-filters the nodes of `v` that may have changed, with the scan's own per-node Filter call. Returns the
 * indices whose status changed (empty: the stored result stands; the array is the verdict's scratch, valid
 * until the next call), or null when the verdict no longer holds (a node passes or errs now, or the node
 * list changed). With the snapshot's change log, only the nodes it names and those rejected by a
 * cluster-wide plugin are looked at.
 */
export function revalidate<R>(v: Verdict<R>, nodes: readonly NodeInfo[], fwk: Framework, state: CycleState, pod: PodInfo, changes?: NodeChangeLog): number[] | null {
  const n = nodes.length;
  if (n !== v.nodes.length) return null;
  v.changed.length = 0;
  v.stamp++;
  if (changes && changes.changedSince(v.generation, v.logged)) {
    for (const i of v.logged) if (!visit(v, nodes, i, fwk, state, pod)) return null;
    for (const i of v.nonLocal) if (!visit(v, nodes, i, fwk, state, pod)) return null;
  } else {
    for (let i = 0; i < n; i++) if (!visit(v, nodes, i, fwk, state, pod)) return null;
  }
  if (v.changed.length > 0) v.nonLocal = nonLocalIndices(v.statuses, v.localPlugins);
  return v.changed;
}

/** Re-filters node `i` if it may have changed (once per pass); false when it passes or errs now. */
function visit<R>(v: Verdict<R>, nodes: readonly NodeInfo[], i: number, fwk: Framework, state: CycleState, pod: PodInfo): boolean {
  const node = nodes[i]!;
  if (node !== v.nodes[i]) return false;
  const old = v.statuses[i]!;
  if (node.generation === v.generations[i] && v.localPlugins.has(old.plugin)) return true;
  if (v.seen[i] === v.stamp) return true;
  v.seen[i] = v.stamp;
  const s = fwk.runFilterPluginsWithNominatedPods(state, pod, node);
  if (s === null || s.code === Code.Error) return false;
  v.generations[i] = node.generation;
  if (s === old || sameStatus(s, old)) return true;
  v.statuses[i] = s;
  v.changed.push(i);
  return true;
}

function nonLocalIndices(statuses: readonly Status[], local: ReadonlySet<string>): number[] {
  const out: number[] = [];
  for (let i = 0; i < statuses.length; i++) if (!local.has(statuses[i]!.plugin)) out.push(i);
  return out;
}


/** The leading Filter plugins that are node-local: a rejection by one of them depends on the node alone. */
function localPrefix(filters: readonly Plugin[]): Set<string> {
  const out = new Set<string>();
  for (const p of filters) {
    if (!NODE_LOCAL_FILTER_PLUGINS.has(p.name)) break;
    out.add(p.name);
  }
  return out;
}

function sameStatus(a: Status, b: Status): boolean {
  if (a.code !== b.code || a.plugin !== b.plugin || a.reasons.length !== b.reasons.length) return false;
  for (let i = 0; i < a.reasons.length; i++) if (a.reasons[i] !== b.reasons[i]) return false;
  return true;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
