/**
 * One scheduling attempt's algorithm (kube-scheduler's schedulePod): PreFilter, Filter over a rotating
 * window of nodes until enough feasible ones are found (percentageOfNodesToScore), PreScore/Score,
 * then selectHost — the highest total, ties broken uniformly at random by reservoir sampling.
 */
import type { Rng } from "../engine/rng.js";
import { CycleState } from "./cycle-state.js";
import type { NodeChangeLog } from "./node-changes.js";
import { NodeColumns, type NodeRows } from "./node-columns.js";
import type { NodeInfo } from "./node-info.js";
import type { NodeTraits } from "./node-traits.js";
import type { PodInfo } from "./pod-info.js";
import type { Framework } from "./runtime.js";
import { FilterVerdicts, revalidate, type Verdict } from "./filter-verdicts.js";
import { NodeStatuses } from "./node-statuses.js";
import { Code, Status, fitErrorText } from "./status.js";

export const MIN_FEASIBLE_NODES_TO_FIND = 100;

/** What Filter results depend on besides the pod: the snapshot's and the nominations' versions. */
export interface FilterEpoch {
  generation: number;
  nominations: number;
  /** The snapshot's change log, when the nodes scheduled onto are the snapshot's. */
  changes?: NodeChangeLog;
}
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** numFeasibleNodesToFind: how many feasible nodes to look for before scoring. */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentage;
  if (pct === 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  if (pct >= 100) return numAllNodes;
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** Why a pod did not fit: the status of every node that was evaluated and failed. */
export interface Diagnosis {
  nodeToStatus: NodeStatuses;
  unschedulablePlugins: Set<string>;
  /** Set when PreFilter rejected the pod for all nodes. */
  preFilterStatus: Status | null;
}

export type ScheduleResult =
  | { ok: true; node: NodeInfo; evaluated: number; feasible: number }
  | { ok: false; status: Status; diagnosis: Diagnosis };

export class PodScheduler {
  /** Where the next filter scan starts (rotates so every node gets its turn). */
  nextStartNodeIndex = 0;
  private feasibleBuf: NodeInfo[] = [];
  /** A filter window's nodes and verdicts (reused). */
  private readonly windowBuf: NodeInfo[] = [];
  private readonly verdictBuf: (Status | null)[] = [];
  /**
   * Trait counts covering every node this scheduler is given (its snapshot's): lets a cycle leave out the
   * Filter plugins that cannot reject any of them and the Score plugins that cannot tell them apart.
   * Null: every plugin runs on every node.
   */
  nodeTraits: NodeTraits | null = null;
  /**
   * The snapshot's node list and its columns (node-columns.ts): when an attempt scans exactly that list, the
   * batch Filter and Score hooks are told each node's row and may read the columns instead of the NodeInfos.
   */
  nodeColumns: { readonly nodes: readonly NodeInfo[]; readonly columns: NodeColumns } | null = null;
  /** Scans of `snapshot.nodes` may use what the snapshot keeps about them: its trait counts and its columns. */
  useSnapshot(snapshot: { readonly traits: NodeTraits; readonly nodes: readonly NodeInfo[]; readonly columns: NodeColumns }): void {
    this.nodeTraits = snapshot.traits;
    this.nodeColumns = { nodes: snapshot.nodes, columns: snapshot.columns };
  }

  /** Rows of the filter window and of the feasible nodes found (reused). */
  private readonly windowRows = { columns: new NodeColumns(), rows: new Int32Array(0) };
  private readonly feasibleRows = { columns: new NodeColumns(), rows: new Int32Array(0) };

  constructor(
    private readonly rng: Rng,
    /**
     * How selectHost breaks ties: "random" (kube-scheduler: uniform, by reservoir sampling) or "nodeOrder"
     * (the node earliest in the snapshot's node list, i.e. lowest NodeInfo.index — what the FGD artifact's
     * patched kube-scheduler does, choosing the lexicographically smallest node name).
     */
    private readonly tieBreak: "random" | "nodeOrder" = "random",
  ) {}

  /**
   * Filter failures that cannot change until the cluster does: an attempt whose pod would be rejected by
   * every node, exactly as an equal pod (same filter signature) was, reuses that verdict instead of scanning
   * the nodes again — whole while the snapshot and the nominations are unchanged, and otherwise after
   * re-filtering only the nodes that may have changed (see filter-verdicts.ts). In an overloaded cluster
   * every pod that ends moves all pending pods back to the queue and all but the first fail the same way;
   * the scan is most of an attempt's cost there. Results are identical: an all-failing scan leaves the
   * start index where it was, and only profiles whose Filter plugins are in-tree (pure functions of pod,
   * node and cycle state) use it.
   */
  private readonly verdicts = new FilterVerdicts<ScheduleResult & { ok: false }>();

  /** The last attempt's diagnosis when nobody holds it: the next attempt reuses it. */
  private spare: Diagnosis | null = null;

  schedulePod(fwk: Framework, state: CycleState, pod: PodInfo, allNodes: readonly NodeInfo[], nominated: NodeInfo | undefined, epoch?: FilterEpoch): ScheduleResult {
    let diagnosis = this.spare;
    if (diagnosis) {
      diagnosis.nodeToStatus.clear();
      diagnosis.unschedulablePlugins.clear();
      diagnosis.preFilterStatus = null;
    } else diagnosis = { nodeToStatus: new NodeStatuses(), unschedulablePlugins: new Set(), preFilterStatus: null };
    const r = this.attempt(fwk, state, pod, allNodes, nominated, diagnosis, epoch);
    // A failure hands its diagnosis out (PostFilter, listeners, kept verdicts); a success's, or one a kept
    // verdict's result stood in for, is nobody's.
    this.spare = r.ok || r.diagnosis !== diagnosis ? diagnosis : null;
    return r;
  }

  private attempt(fwk: Framework, state: CycleState, pod: PodInfo, allNodes: readonly NodeInfo[], nominated: NodeInfo | undefined, diagnosis: Diagnosis, epoch?: FilterEpoch): ScheduleResult {
    if (allNodes.length === 0) return { ok: false, status: new Status(Code.Unschedulable, ["no nodes available to schedule pods"]), diagnosis };

    const pre = fwk.runPreFilterPlugins(state, pod, allNodes);
    if (pre.status) {
      if (!pre.status.isRejected()) return { ok: false, status: pre.status, diagnosis };
      diagnosis.preFilterStatus = pre.status;
      if (pre.status.plugin) diagnosis.unschedulablePlugins.add(pre.status.plugin);
      for (const n of allNodes) diagnosis.nodeToStatus.set(n.name, pre.status);
      return { ok: false, status: fitError(allNodes.length, diagnosis), diagnosis };
    }
    if (this.nodeTraits) fwk.narrowScan(state, pod, this.nodeTraits);
    let nodes = allNodes;
    if (pre.result) {
      nodes = allNodes.filter((n) => pre.result!.nodeNames.has(n.name));
      for (const n of allNodes) {
        if (!pre.result.nodeNames.has(n.name)) {
          diagnosis.nodeToStatus.set(n.name, new Status(Code.UnschedulableAndUnresolvable, ["node(s) didn't satisfy plugin(s) [PreFilterResult]"]));
        }
      }
    }

    // A pod that preempted before tries its nominated node first.
    if (nominated && (!pre.result || pre.result.nodeNames.has(nominated.name))) {
      const s = fwk.runFilterPluginsWithNominatedPods(state, pod, nominated);
      if (s === null) return this.score(fwk, state, pod, [nominated], 1, diagnosis);
    }

    const cacheable = epoch !== undefined && !nominated && !pre.result && fwk.pureFilters;
    const filters = state.scanFilters ?? fwk.filterPlugins;
    if (cacheable && this.verdicts.size > 0) {
      const v = this.verdicts.get(pod.filterSignature, fwk, epoch.nominations, filters);
      if (v) {
        const hit = this.reuse(v, fwk, state, pod, nodes, epoch.generation, epoch.changes);
        if (hit) {
          this.nextStartNodeIndex %= nodes.length; // what the all-failing scan would leave
          return hit;
        }
        this.verdicts.delete(pod.filterSignature);
      }
    }

    const columns = this.nodeColumns !== null && nodes === this.nodeColumns.nodes ? this.nodeColumns.columns : null;
    const feasible = this.findFeasible(fwk, state, pod, nodes, diagnosis, columns);
    if (feasible.length === 0) {
      // A Filter Error aborts the attempt as an error (backoff), not as a FitError (unschedulable pool, preemption).
      for (const s of diagnosis.nodeToStatus.values()) if (s.code === Code.Error) return { ok: false, status: s, diagnosis };
      const result = { ok: false as const, status: fitError(allNodes.length, diagnosis), diagnosis };
      if (cacheable) {
        const m = diagnosis.nodeToStatus;
        this.verdicts.set(pod.filterSignature, fwk, epoch.nominations, filters, nodes, (n) => m.get(n.name)!, epoch.generation, result);
      }
      return result;
    }
    return this.score(fwk, state, pod, feasible, feasible.length + diagnosis.nodeToStatus.size, diagnosis, columns ? this.feasibleRows : undefined);
  }

  /** The stored all-failing result, brought up to date; null when some node may pass now. */
  private reuse(v: Verdict<ScheduleResult & { ok: false }>, fwk: Framework, state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], generation: number, changes?: NodeChangeLog): (ScheduleResult & { ok: false }) | null {
    if (v.generation === generation) return v.result;
    const changed = revalidate(v, nodes, fwk, state, pod, changes);
    if (changed === null) return null;
    v.generation = generation;
    if (changed.length > 0) {
      // The verdict's own statuses, changed in place (each attempt's consumers are done with them by now).
      const d = v.result.diagnosis;
      for (const i of changed) d.nodeToStatus.set(nodes[i]!.name, v.statuses[i]!);
      d.unschedulablePlugins.clear();
      for (const p of d.nodeToStatus.plugins.keys()) d.unschedulablePlugins.add(p);
      const status = fitError(nodes.length, d);
      if (status.message() !== v.result.status.message()) v.result.status = status;
    }
    return v.result;
  }

  /** The feasible nodes, in scan order; with `columns`, their rows go to `feasibleRows` too. */
  private findFeasible(fwk: Framework, state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], d: Diagnosis, columns: NodeColumns | null): NodeInfo[] {
    const n = nodes.length;
    const want = numFeasibleNodesToFind(fwk.percentageOfNodesToScore, n);
    // Rows are positions in the snapshot's list (its NodeInfo.index), known here without reading the nodes.
    let winRows: Int32Array | null = null;
    let okRows: Int32Array | null = null;
    if (columns) {
      if (this.windowRows.rows.length < want) {
        this.windowRows.rows = new Int32Array(want);
        this.feasibleRows.rows = new Int32Array(want);
      }
      this.windowRows.columns = this.feasibleRows.columns = columns;
      winRows = this.windowRows.rows;
      okRows = this.feasibleRows.rows;
    }
    // The list is refilled in place and cut to length at the end: emptied with `length = 0`, V8 would drop
    // its storage and grow it again push by push (~11 KB of copies per decision at 500 nodes).
    const out = this.feasibleBuf;
    let k = 0;
    const start = this.nextStartNodeIndex % n;
    if (fwk.filterPlugins.length === 0) {
      for (let i = 0; i < want; i++) {
        if (okRows) okRows[k] = (start + i) % n;
        out[k++] = nodes[(start + i) % n]!;
      }
      out.length = k;
      this.nextStartNodeIndex = (start + want) % n;
      return out;
    }
    let processed = 0;
    if (fwk.pureFilters) {
      // In-tree filters: plugin by plugin over windows no larger than the feasible nodes still wanted, so the
      // window never finds more than the node-by-node scan would (same nodes, same verdicts).
      const win = this.windowBuf;
      const verdicts = this.verdictBuf;
      while (k < want && processed < n) {
        const w = Math.min(want - k, n - processed);
        let at = (start + processed) % n;
        for (let j = 0; j < w; j++) {
          win[j] = nodes[at]!;
          if (winRows) winRows[j] = at;
          if (++at === n) at = 0;
        }
        // Pods are nominated: node by node below.
        if (!fwk.filterWindow(state, pod, win, w, verdicts, winRows ? this.windowRows : undefined)) break;
        for (let j = 0; j < w; j++) {
          const s = verdicts[j] as Status | null;
          processed++;
          if (s === null) {
            if (okRows) okRows[k] = winRows![j]!;
            out[k++] = win[j]!;
          } else {
            d.nodeToStatus.set(win[j]!.name, s);
            if (s.plugin) d.unschedulablePlugins.add(s.plugin);
            if (s.code === Code.Error) {
              this.nextStartNodeIndex = (start + processed) % n;
              out.length = k;
              return out;
            }
          }
        }
      }
    }
    for (let i = processed; i < n && k < want; i++) {
      const node = nodes[(start + i) % n]!;
      processed++;
      const s = fwk.runFilterPluginsWithNominatedPods(state, pod, node);
      if (s === null) {
        if (okRows) okRows[k] = (start + i) % n;
        out[k++] = node;
      } else {
        d.nodeToStatus.set(node.name, s);
        if (s.plugin) d.unschedulablePlugins.add(s.plugin);
        if (s.code === Code.Error) break;
      }
    }
    this.nextStartNodeIndex = (start + processed) % n;
    out.length = k;
    return out;
  }

  private score(fwk: Framework, state: CycleState, pod: PodInfo, feasible: readonly NodeInfo[], evaluated: number, d: Diagnosis, rows?: NodeRows): ScheduleResult {
    for (const s of d.nodeToStatus.values()) {
      if (s.code === Code.Error) return { ok: false, status: s, diagnosis: d };
    }
    if (feasible.length === 1) return { ok: true, node: feasible[0]!, evaluated, feasible: 1 };
    const ps = fwk.runPreScorePlugins(state, pod, feasible);
    if (ps) return { ok: false, status: ps, diagnosis: d };
    if (this.nodeTraits) fwk.dropUniformScores(state, pod, this.nodeTraits);
    if (fwk.scorePlugins.length === 0) {
      return { ok: true, node: feasible[this.rng.below(feasible.length)]!, evaluated, feasible: feasible.length };
    }
    const { totals, status } = fwk.runScorePlugins(state, pod, feasible, undefined, rows);
    if (status) return { ok: false, status, diagnosis: d };
    const pick = this.tieBreak === "random" ? selectHost(totals, feasible.length, this.rng) : selectHostByNodeOrder(totals, feasible);
    return { ok: true, node: feasible[pick]!, evaluated, feasible: feasible.length };
  }
}

/** Index of the highest score; ties are broken uniformly at random (reservoir sampling, as kube-scheduler). */
export function selectHost(totals: Float64Array, n: number, rng: Rng): number {
  let best = 0;
  let max = totals[0]!;
  let ties = 1;
  for (let i = 1; i < n; i++) {
    const s = totals[i]!;
    if (s > max) {
      max = s;
      best = i;
      ties = 1;
    } else if (s === max) {
      ties++;
      if (rng.below(ties) === 0) best = i;
    }
  }
  return best;
}

/** Index of the highest score; ties go to the node with the lowest NodeInfo.index (deterministic). */
export function selectHostByNodeOrder(totals: Float64Array, nodes: readonly NodeInfo[]): number {
  let best = 0;
  let max = totals[0]!;
  for (let i = 1; i < nodes.length; i++) {
    const s = totals[i]!;
    if (s > max || (s === max && nodes[i]!.index < nodes[best]!.index)) {
      max = s;
      best = i;
    }
  }
  return best;
}

/**
 * The FitError message kube-scheduler records: "0/N nodes are available: 3 Insufficient cpu, 2 …." When PreFilter
 * rejected the pod, its message is given once instead of being counted per node.
 */
function fitError(numAllNodes: number, d: Diagnosis): Status {
  if (d.preFilterStatus) return new Status(Code.Unschedulable, [`0/${numAllNodes} nodes are available: ${d.preFilterStatus.message()}.`]);
  return new Status(Code.Unschedulable, [fitErrorText(numAllNodes, d.nodeToStatus.reasons)]);
}

export { CycleState };
