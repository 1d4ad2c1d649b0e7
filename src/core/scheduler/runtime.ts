/**
 * Runs one profile's plugins (kube-scheduler's frameworkImpl). Plugins are sorted into per-point
 * lists once, at construction; each point's execution semantics live here and nowhere else.
 */
import { CycleState } from "./cycle-state.js";
import type { FrameworkHandle, FrameworkRunner, NodeToStatus, Plugin, PostFilterResult, PreFilterResult, QueuedPodInfo } from "./framework.js";
import { MAX_NODE_SCORE, MIN_NODE_SCORE } from "./framework.js";
import type { NodeInfo } from "./node-info.js";
import { NodeColumns, type NodeRows } from "./node-columns.js";
import type { NodeTraits } from "./node-traits.js";
import type { PodInfo } from "./pod-info.js";
import { Code, Status } from "./status.js";

export interface WeightedPlugin {
  plugin: Plugin;
  weight: number;
}

/** Per-point plugin lists of one profile, in execution order. */
export interface PluginLists {
  preEnqueue: Plugin[];
  queueSort: Plugin[];
  preFilter: Plugin[];
  filter: Plugin[];
  postFilter: Plugin[];
  preScore: Plugin[];
  score: WeightedPlugin[];
  reserve: Plugin[];
  permit: Plugin[];
  preBind: Plugin[];
  bind: Plugin[];
  postBind: Plugin[];
}

export class Framework implements FrameworkRunner {
  readonly preEnqueuePlugins: readonly Plugin[];
  readonly queueSortPlugin: Plugin;
  readonly preFilterPlugins: readonly Plugin[];
  readonly filterPlugins: readonly Plugin[];
  /** Every Filter plugin is an in-tree one whose verdict depends only on the pod, the node and the cycle state. */
  readonly pureFilters: boolean;
  readonly postFilterPlugins: readonly Plugin[];
  readonly preScorePlugins: readonly Plugin[];
  readonly scorePlugins: readonly WeightedPlugin[];
  /** Per score plugin: an in-tree one whose normalised scores are integers in [0, 100] by construction (not re-checked per node). */
  private readonly rangeSafe: readonly boolean[];
  readonly reservePlugins: readonly Plugin[];
  readonly permitPlugins: readonly Plugin[];
  readonly preBindPlugins: readonly Plugin[];
  readonly bindPlugins: readonly Plugin[];
  readonly postBindPlugins: readonly Plugin[];
  /** Plugins that choose GPU devices (Plugin.selectGpuDevices), in allPlugins() order. */
  readonly gpuDeviceSelectors: readonly Plugin[];
  /** Reused score buffers, one per score plugin, grown on demand. */
  private scoreBuffers: Float64Array[] = [];
  private totals = new Float64Array(0);
  /** filterWindow's scratch: the nodes still passing, their window positions, one plugin's verdicts. */
  private liveAt = new Int32Array(0);
  /** The live nodes' rows, when the window's are given (columns set per window). */
  private readonly liveRowsOf = { columns: new NodeColumns(), rows: new Int32Array(0) };
  private readonly liveNodes: NodeInfo[] = [];
  private readonly pluginVerdicts: (Status | null)[] = [];
  /** filtersFor's scratch: which Filter plugins this cycle leaves out. */
  private readonly leftOut: boolean[] = [];
  /** Filter plugin lists with some plugins left out, by bit mask of the left-out positions. */
  private readonly filterLists = new Map<number, readonly Plugin[]>();
  private cachedHandle: FrameworkHandle | undefined;

  constructor(
    readonly profileName: string,
    lists: PluginLists,
    /** Profile-level percentageOfNodesToScore (0 = adaptive). */
    readonly percentageOfNodesToScore: number,
    private readonly handle: () => FrameworkHandle,
  ) {
    if (lists.queueSort.length !== 1) {
      throw new Error(`profile "${profileName}": exactly one queueSort plugin must be enabled, found ${lists.queueSort.length}`);
    }
    if (lists.bind.length === 0) throw new Error(`profile "${profileName}": at least one bind plugin is needed`);
    for (const w of lists.score) {
      if (!Number.isInteger(w.weight) || w.weight <= 0) {
        throw new Error(`profile "${profileName}": score plugin ${w.plugin.name} needs a positive integer weight`);
      }
    }
    this.preEnqueuePlugins = lists.preEnqueue;
    this.queueSortPlugin = lists.queueSort[0]!;
    this.preFilterPlugins = lists.preFilter;
    this.filterPlugins = lists.filter;
    this.pureFilters = lists.filter.every((p) => PURE_FILTER_PLUGINS.has(p.name));
    this.postFilterPlugins = lists.postFilter;
    this.preScorePlugins = lists.preScore;
    this.scorePlugins = lists.score;
    this.rangeSafe = lists.score.map((w) => RANGE_SAFE_SCORE_PLUGINS.has(w.plugin.name));
    this.reservePlugins = lists.reserve;
    this.permitPlugins = lists.permit;
    this.preBindPlugins = lists.preBind;
    this.bindPlugins = lists.bind;
    this.postBindPlugins = lists.postBind;
    this.scoreBuffers = lists.score.map(() => new Float64Array(0));
    this.gpuDeviceSelectors = this.allPlugins().filter((p) => typeof p.selectGpuDevices === "function");
  }

  /** The devices the first GPU-device-selecting plugin picks for a GPU pod on `node`, or null. */
  selectGpuDevices(state: CycleState, pod: PodInfo, node: NodeInfo): number[] | null {
    if (pod.gpuCount === 0) return null;
    let p: Plugin | undefined;
    try {
      for (p of this.gpuDeviceSelectors) {
        const d = p.selectGpuDevices!(state, pod, node);
        if (d) return d;
      }
    } catch (e) {
      throw pluginFailure(p, "SelectGpuDevices", e);
    }
    return null;
  }

  /** Names of all plugins in this profile (each once), for `plugins` and event registration. */
  allPlugins(): Plugin[] {
    const seen = new Map<string, Plugin>();
    for (const list of [
      this.preEnqueuePlugins, [this.queueSortPlugin], this.preFilterPlugins, this.filterPlugins, this.postFilterPlugins,
      this.preScorePlugins, this.scorePlugins.map((w) => w.plugin), this.reservePlugins, this.permitPlugins,
      this.preBindPlugins, this.bindPlugins, this.postBindPlugins,
    ]) {
      for (const p of list) if (!seen.has(p.name)) seen.set(p.name, p);
    }
    return [...seen.values()];
  }

  queueLess = (a: QueuedPodInfo, b: QueuedPodInfo): boolean => {
    try {
      return this.queueSortPlugin.less!(a, b);
    } catch (e) {
      throw pluginFailure(this.queueSortPlugin, "QueueSort", e);
    }
  };

  runPreEnqueuePlugins(pod: PodInfo): Status | null {
    let p: Plugin | undefined;
    try {
      for (p of this.preEnqueuePlugins) {
        const s = p.preEnqueue!(pod);
        if (s && s.code !== Code.Success) return s.withPlugin(p.name);
      }
    } catch (e) {
      throw pluginFailure(p, "PreEnqueue", e);
    }
    return null;
  }

  /**
   * PreFilter: every plugin must succeed; Skip drops the plugin's Filter for this cycle; PreFilterResults
   * intersect. Sets `state.activeFilters`.
   */
  runPreFilterPlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { result: PreFilterResult | null; status: Status | null } {
    let result: PreFilterResult | null = null;
    let p: Plugin | undefined;
    try {
      for (p of this.preFilterPlugins) {
        const r = p.preFilter!(state, pod, nodes);
        if (r === null) continue;
        if (r instanceof Status) {
          if (r.code === Code.Success) continue;
          if (r.code === Code.Skip) {
            state.skipFilter(p.name);
            continue;
          }
          const s = r.code === Code.Error ? new Status(Code.Error, [`running PreFilter plugin "${p.name}": ${r.message()}`], p.name) : r;
          return { result: null, status: s.withPlugin(p.name) };
        }
        result = result === null ? r : { nodeNames: intersect(result.nodeNames, r.nodeNames) };
        if (result.nodeNames.size === 0) {
          return { result, status: new Status(Code.UnschedulableAndUnresolvable, ["node(s) didn't satisfy plugin(s) [" + p.name + "] simultaneously"], p.name) };
        }
      }
    } catch (e) {
      throw pluginFailure(p, "PreFilter", e);
    }
    state.activeFilters = state.scanFilters = this.filtersFor(state, null, null);
    return { result, status: null };
  }

  /**
   * PreFilter as `explain` shows it: every plugin runs and its own verdict is reported — a rejection
   * (a non-Success Status, as the plugin returned it) or a narrowing (its PreFilterResult) — without
   * stopping the others. Skip drops the plugin's Filter, as in runPreFilterPlugins. Sets `state.activeFilters`.
   */
  runPreFilterPluginsEach(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], report: (plugin: string, verdict: Status | PreFilterResult) => void): void {
    let p: Plugin | undefined;
    try {
      for (p of this.preFilterPlugins) {
        const r = p.preFilter!(state, pod, nodes);
        if (r === null || (r instanceof Status && r.code === Code.Success)) continue;
        if (r instanceof Status && r.code === Code.Skip) state.skipFilter(p.name);
        else report(p.name, r);
      }
    } catch (e) {
      throw pluginFailure(p, "PreFilter", e);
    }
    state.activeFilters = state.scanFilters = this.filtersFor(state, null, null);
  }

  /**
   * Narrows the node scan of this cycle (after PreFilter) to the active Filter plugins that can reject some
   * node with `traits` for this pod. Every verdict stays the same: a plugin left out passes every node.
   */
  narrowScan(state: CycleState, pod: PodInfo, traits: NodeTraits): void {
    state.scanFilters = this.filtersFor(state, pod, traits);
  }

  /**
   * Leaves out of this cycle's totals (after PreScore) the Score plugins that give every node with `traits`
   * the same score; the choice of node and its ties are unchanged. Not for `explain`, which shows them.
   */
  dropUniformScores(state: CycleState, pod: PodInfo, traits: NodeTraits): void {
    let p: Plugin | undefined;
    try {
      for (const w of this.scorePlugins) {
        p = w.plugin;
        if (p.scoreIsUniform && !state.scoreSkipped(p.name) && p.scoreIsUniform(state, pod, traits)) state.skipScore(p.name);
      }
    } catch (e) {
      throw pluginFailure(p, "PreScore", e);
    }
  }

  /**
   * The Filter plugins not skipped at PreFilter and, given `traits`, able to reject some node for `pod`: one
   * shared list per combination (no allocation per pod).
   */
  private filtersFor(state: CycleState, pod: PodInfo | null, traits: NodeTraits | null): readonly Plugin[] {
    const all = this.filterPlugins;
    const left = this.leftOut;
    let any = false;
    let i = 0;
    try {
      for (; i < all.length; i++) {
        const p = all[i]!;
        left[i] = state.filterSkipped(p.name) || (traits !== null && p.filterCannotReject !== undefined && p.filterCannotReject(pod!, traits));
        any ||= left[i]!;
      }
    } catch (e) {
      throw pluginFailure(all[i], "Filter", e);
    }
    if (!any) return all;
    if (all.length > 30) return all.filter((_, k) => !left[k]);
    let mask = 0;
    for (let k = 0; k < all.length; k++) if (left[k]) mask |= 1 << k;
    let list = this.filterLists.get(mask);
    if (!list) {
      list = all.filter((_, k) => (mask & (1 << k)) === 0);
      this.filterLists.set(mask, list);
    }
    return list;
  }

  /**
   * Filter as `explain` shows it: the verdict of every active Filter plugin on `node` (null = Success), not
   * only the first failure; a plugin in `except` (one that rejected the pod at PreFilter, whose state
   * Filter would lack) is not run, and a Skip is not reported.
   */
  runFilterPluginsEach(state: CycleState, pod: PodInfo, node: NodeInfo, except: ReadonlySet<string>, report: (plugin: string, status: Status | null) => void): void {
    let p: Plugin | undefined;
    try {
      for (p of state.activeFilters ?? this.filterPlugins) {
        if (except.has(p.name)) continue;
        const s = p.filter!(state, pod, node);
        if (s === null || s.code !== Code.Skip) report(p.name, s);
      }
    } catch (e) {
      throw pluginFailure(p, "Filter", e);
    }
  }

  /** Filter: all must pass; the first non-Success status is returned (with its plugin name). */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const filters = state.scanFilters ?? this.filterPlugins;
    let i = 0;
    try {
      for (; i < filters.length; i++) {
        const p = filters[i]!;
        const s = p.filter!(state, pod, node);
        if (s !== null && s.code !== Code.Success) return filterFailure(p, s);
      }
    } catch (e) {
      throw pluginFailure(filters[i], "Filter", e);
    }
    return null;
  }

  /**
   * Filter as kube-scheduler runs it: first with nominated pods of equal or higher priority added to the
   * node (so a preemptor's room is respected), then — if any were added — again without them.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const h = (this.cachedHandle ??= this.handle());
    if (h.anyNominatedPods && !h.anyNominatedPods()) return this.runFilterPlugins(state, pod, node);
    const nominated = h.nominatedPodsForNode(node.name);
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, node);
    let added = false;
    let nodeWith = node;
    let stateWith = state;
    for (const np of nominated) {
      if (np.priority >= pod.priority && np.uid !== pod.uid) {
        if (!added) {
          nodeWith = node.clone();
          stateWith = state.clone();
          added = true;
        }
        nodeWith.addPod(np);
        const s = this.runPreFilterExtensionAddPod(stateWith, pod, np, nodeWith);
        if (s) return s;
      }
    }
    const s = this.runFilterPlugins(stateWith, pod, nodeWith);
    if (s || !added) return s;
    return this.runFilterPlugins(state, pod, node);
  }

  /**
   * Filter over a window of nodes, plugin by plugin (each plugin's batch form where it has one, on the nodes
   * that passed the plugins before it): `verdicts[i]` receives exactly what runFilterPluginsWithNominatedPods
   * would return for `nodes[i]`. Only when no pod is nominated anywhere (else false, and nothing is written):
   * then the nominated-pods pass adds nothing.
   */
  filterWindow(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], count: number, verdicts: (Status | null)[], rows?: NodeRows): boolean {
    const h = (this.cachedHandle ??= this.handle());
    if (h.anyNominatedPods?.() !== false) return false;
    const filters = state.scanFilters ?? this.filterPlugins;
    let k = 0;
    try {
      if (filters.length === 0) {
        for (let i = 0; i < count; i++) verdicts[i] = null;
        return true;
      }
      // The first plugin sees the whole window and writes its verdicts in place.
      const first = filters[0]!;
      if (first.filterAll) first.filterAll(state, pod, nodes, count, verdicts, rows);
      else for (let i = 0; i < count; i++) verdicts[i] = first.filter!(state, pod, nodes[i]!);
      let m = 0;
      if (this.liveAt.length < count) {
        this.liveAt = new Int32Array(Math.max(count, this.liveAt.length * 2));
        this.liveRowsOf.rows = new Int32Array(this.liveAt.length);
      }
      const at = this.liveAt;
      const live = this.liveNodes;
      // The live nodes' rows in the columns, when the window's are known.
      let liveRowsOf: NodeRows | undefined;
      if (rows && filters.length > 1) {
        this.liveRowsOf.columns = rows.columns;
        liveRowsOf = this.liveRowsOf;
      }
      const liveRows = liveRowsOf ? liveRowsOf.rows : null;
      for (let i = 0; i < count; i++) {
        const s = verdicts[i]!;
        if (s === null || s.code === Code.Success) {
          if (s !== null) verdicts[i] = null;
          if (filters.length > 1) {
            live[m] = nodes[i]!;
            if (liveRows) liveRows[m] = rows!.rows[i]!;
            at[m++] = i;
          }
        } else verdicts[i] = filterFailure(first, s);
      }
      // The others see the nodes that passed so far.
      const out = this.pluginVerdicts;
      live.length = m;
      for (k = 1; k < filters.length && m > 0; k++) {
        const p = filters[k]!;
        if (p.filterAll) p.filterAll(state, pod, live, m, out, liveRowsOf);
        else for (let j = 0; j < m; j++) out[j] = p.filter!(state, pod, live[j]!);
        let kept = 0;
        for (let j = 0; j < m; j++) {
          const s = out[j]!;
          if (s === null || s.code === Code.Success) {
            live[kept] = live[j]!;
            if (liveRows) liveRows[kept] = liveRows[j]!;
            at[kept++] = at[j]!;
          } else verdicts[at[j]!] = filterFailure(p, s);
        }
        m = kept;
        live.length = m;
      }
    } catch (e) {
      throw pluginFailure(filters[k], "Filter", e);
    }
    return true;
  }

  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, node: NodeInfo): Status | null {
    return this.runPreFilterExtension("AddPod", state, podToSchedule, podToAdd, node);
  }

  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, node: NodeInfo): Status | null {
    return this.runPreFilterExtension("RemovePod", state, podToSchedule, podToRemove, node);
  }

  /** PreFilter extensions (AddPod/RemovePod) of the plugins not skipped this cycle; a failure is an Error. */
  private runPreFilterExtension(hook: "AddPod" | "RemovePod", state: CycleState, podToSchedule: PodInfo, other: PodInfo, node: NodeInfo): Status | null {
    const method = hook === "AddPod" ? "addPod" : "removePod";
    let p: Plugin | undefined;
    try {
      for (p of this.preFilterPlugins) {
        const fn = p[method];
        if (!fn || state.filterSkipped(p.name)) continue;
        const s = fn.call(p, state, podToSchedule, other, node);
        if (s && s.code !== Code.Success) return new Status(Code.Error, [`running ${hook} on PreFilter plugin "${p.name}": ${s.message()}`], p.name);
      }
    } catch (e) {
      throw pluginFailure(p, hook, e);
    }
    return null;
  }

  /** PostFilter: plugins in order until one returns Success (or an Error). */
  runPostFilterPlugins(state: CycleState, pod: PodInfo, filtered: NodeToStatus): PostFilterResult {
    let last: PostFilterResult = { status: new Status(Code.Unschedulable, [], "") };
    let p: Plugin | undefined;
    try {
      for (p of this.postFilterPlugins) {
        const r = p.postFilter!(state, pod, filtered);
        r.status.withPlugin(p.name);
        if (r.status.code === Code.Success || r.status.code === Code.Error) return r;
        last = r;
      }
    } catch (e) {
      throw pluginFailure(p, "PostFilter", e);
    }
    return last;
  }

  /** PreScore: all must succeed; Skip drops the plugin's Score for this pod. */
  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    let p: Plugin | undefined;
    try {
      for (p of this.preScorePlugins) {
        const s = p.preScore!(state, pod, nodes);
        if (s === null || s.code === Code.Success) continue;
        if (s.code === Code.Skip) {
          state.skipScore(p.name);
          continue;
        }
        return new Status(Code.Error, [`running PreScore plugin "${p.name}": ${s.message()}`], p.name);
      }
    } catch (e) {
      throw pluginFailure(p, "PreScore", e);
    }
    return null;
  }

  /**
   * Score + NormalizeScore + weights. Fills and returns `totals[0..nodes.length)`; when `perPlugin` is given,
   * it receives each plugin's normalised (unweighted) scores — used by `explain`.
   */
  runScorePlugins(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    perPlugin?: Map<string, Float64Array>,
    rows?: NodeRows,
  ): { totals: Float64Array; status: Status | null } {
    const n = nodes.length;
    if (this.totals.length < n) this.totals = new Float64Array(Math.max(n, this.totals.length * 2));
    const totals = this.totals;
    totals.fill(0, 0, n);
    let k = 0;
    let hook = "Score";
    try {
      for (; k < this.scorePlugins.length; k++) {
        hook = "Score";
        const { plugin: p, weight } = this.scorePlugins[k]!;
        if (state.scoreSkipped(p.name)) continue;
        let buf = this.scoreBuffers[k]!;
        if (buf.length < n) buf = this.scoreBuffers[k] = new Float64Array(Math.max(n, buf.length * 2));
        if (p.scoreAll) {
          const s = p.scoreAll(state, pod, nodes, buf, rows);
          if (s && s.code !== Code.Success) {
            return { totals, status: new Status(Code.Error, [`running Score plugin "${p.name}": ${s.message()}`], p.name) };
          }
        } else {
          for (let i = 0; i < n; i++) {
            const s = p.score!(state, pod, nodes[i]!);
            if (typeof s !== "number") {
              return { totals, status: new Status(Code.Error, [`running Score plugin "${p.name}": ${s.message()}`], p.name) };
            }
            buf[i] = s;
          }
        }
        if (p.normalizeScore) {
          hook = "NormalizeScore";
          const s = p.normalizeScore(state, pod, { nodes, scores: buf });
          if (s && s.code !== Code.Success) {
            return { totals, status: new Status(Code.Error, [`running Normalize on Score plugin "${p.name}": ${s.message()}`], p.name) };
          }
        }
        if (this.rangeSafe[k]) {
          for (let i = 0; i < n; i++) totals[i] = totals[i]! + buf[i]! * weight;
          if (perPlugin) perPlugin.set(p.name, buf.slice(0, n));
          continue;
        }
        for (let i = 0; i < n; i++) {
          const v = buf[i]!;
          if (v > MAX_NODE_SCORE || v < MIN_NODE_SCORE || v !== Math.floor(v)) {
            return {
              totals,
              status: new Status(Code.Error, [`plugin "${p.name}" returns an invalid score ${v}, it should in the range of [0, 100] after normalizing`], p.name),
            };
          }
          totals[i] = totals[i]! + v * weight;
        }
        if (perPlugin) perPlugin.set(p.name, buf.slice(0, n));
      }
    } catch (e) {
      throw pluginFailure(this.scorePlugins[k]?.plugin, hook, e);
    }
    return { totals, status: null };
  }

  /** Reserve: sequential; on failure the caller runs Unreserve. */
  runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    let p: Plugin | undefined;
    try {
      for (p of this.reservePlugins) {
        if (!p.reserve) continue;
        const s = p.reserve(state, pod, nodeName);
        if (s && s.code !== Code.Success) return s.withPlugin(p.name);
      }
    } catch (e) {
      throw pluginFailure(p, "Reserve", e);
    }
    return null;
  }

  /** Unreserve: every Reserve plugin, in reverse order (must be idempotent). */
  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    let i = this.reservePlugins.length - 1;
    try {
      for (; i >= 0; i--) this.reservePlugins[i]!.unreserve?.(state, pod, nodeName);
    } catch (e) {
      throw pluginFailure(this.reservePlugins[i], "Unreserve", e);
    }
  }

  /** Permit: a rejection wins; otherwise the longest Wait timeout is returned as a Wait status. */
  runPermitPlugins(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    let waitUs = -1;
    const waiting: string[] = [];
    let p: Plugin | undefined;
    try {
      for (p of this.permitPlugins) {
        const s = p.permit!(state, pod, nodeName);
        if (s === null || s.code === Code.Success) continue;
        if (s.code === Code.Wait) {
          waitUs = Math.max(waitUs, Math.min(s.timeoutUs, MAX_PERMIT_WAIT_US));
          waiting.push(p.name);
          continue;
        }
        return s.withPlugin(p.name);
      }
    } catch (e) {
      throw pluginFailure(p, "Permit", e);
    }
    return waitUs >= 0 ? new Status(Code.Wait, waiting, waiting[0]!, waitUs) : null;
  }

  runPreBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    let p: Plugin | undefined;
    try {
      for (p of this.preBindPlugins) {
        const s = p.preBind!(state, pod, nodeName);
        if (s && s.code !== Code.Success) return s.withPlugin(p.name);
      }
    } catch (e) {
      throw pluginFailure(p, "PreBind", e);
    }
    return null;
  }

  /** Bind: the first plugin that does not Skip binds; all Skip ⇒ Skip. */
  runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    let p: Plugin | undefined;
    try {
      for (p of this.bindPlugins) {
        const s = p.bind!(state, pod, nodeName);
        if (s && s.code === Code.Skip) continue;
        return s && s.code !== Code.Success ? s.withPlugin(p.name) : null;
      }
    } catch (e) {
      throw pluginFailure(p, "Bind", e);
    }
    return new Status(Code.Skip, ["all bind plugins skipped"]);
  }

  runPostBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): void {
    let p: Plugin | undefined;
    try {
      for (p of this.postBindPlugins) p.postBind!(state, pod, nodeName);
    } catch (e) {
      throw pluginFailure(p, "PostBind", e);
    }
  }
}

/**
 * In-tree Filter plugins that are pure functions of (pod, node, cycle state): a failed scan of a pod
 * with them repeats exactly until the cluster changes (see PodScheduler's failure cache). Plugin names
 * are unique in a registry, so a user plugin cannot pass for one of these.
 */
export const PURE_FILTER_PLUGINS: ReadonlySet<string> = new Set([
  "NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity",
]);

/**
 * In-tree Score plugins whose normalised scores are integers in [0, 100] by construction (each plugin's tests
 * hold it to upstream's expectations): the runtime's per-node range check, there for other plugins, is skipped.
 */
export const RANGE_SAFE_SCORE_PLUGINS: ReadonlySet<string> = new Set([
  "TaintToleration", "NodeAffinity", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity", "NodeResourcesBalancedAllocation", "ImageLocality",
]);

/** kube-scheduler caps Permit waits at 15 minutes. */
export const MAX_PERMIT_WAIT_US = 15 * 60 * 1_000_000;

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}

export { CycleState };

/**
 * An exception thrown inside a plugin's hook, named by plugin and hook ("plugin FGD, Score: …"): the CLI
 * prints it as one line (exit 1). The innermost plugin wins (a Filter failing inside PostFilter's dry run).
 */
export class PluginError extends Error {
  constructor(
    readonly plugin: string,
    readonly hook: string,
    cause: unknown,
  ) {
    super(`plugin ${plugin}, ${hook}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "PluginError";
  }
}

function pluginFailure(p: Plugin | undefined, hook: string, e: unknown): Error {
  if (e instanceof PluginError || !p) return e instanceof Error ? e : new Error(String(e));
  return new PluginError(p.name, hook, e);
}

/** A Filter plugin's rejection as the runtime reports it: Error, Skip and Wait become an Error naming the plugin. */
function filterFailure(p: Plugin, s: Status): Status {
  if (s.code === Code.Error || s.code === Code.Skip || s.code === Code.Wait) {
    return new Status(Code.Error, [`running "${p.name}" filter plugin: ${s.message()}`], p.name);
  }
  return s.withPlugin(p.name);
}
