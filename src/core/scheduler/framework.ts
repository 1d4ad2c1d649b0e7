/**
 * The scheduling framework's extension points (k8s.io/kube-scheduler/framework, v1.33 semantics).
 * A plugin is a plain object `{ name, ...hooks }` made by a factory; it implements any subset of
 * the hooks below. The runtime (runtime.ts) gives each point its one execution semantics:
 *   PreEnqueue   all must succeed, else the pod waits outside activeQ (SchedulingGates).
 *   QueueSort    exactly one plugin orders activeQ (`less`).
 *   PreFilter    all must succeed; Skip skips the plugin's Filter this cycle; PreFilterResults intersect.
 *   Filter       per node, all must succeed (first failure wins); any non-Success excludes the node.
 *   PostFilter   only when no node fits; first Success (e.g. preemption nominating a node) ends the point.
 *   PreScore     all must succeed; Skip skips the plugin's Score for this pod.
 *   Score        per node, int; NormalizeScore may rewrite the plugin's list; the result must be 0..100;
 *                total = Σ weight × score.
 *   Reserve      sequential; a failure calls Unreserve on every Reserve plugin in reverse (idempotent).
 *   Permit       Success, Wait(timeout) or reject; waiting pods are allowed/rejected through the handle.
 *   PreBind      all must succeed.
 *   Bind         first plugin that does not return Skip binds.
 *   PostBind     informational.
 * Hooks return `null` for Success so the per-node hot path never allocates.
 */
import type { CycleState } from "./cycle-state.js";
import type { NodeInfo } from "./node-info.js";
import type { NodeRows } from "./node-columns.js";
import type { NodeTraits } from "./node-traits.js";
import type { PodInfo } from "./pod-info.js";
import type { Snapshot } from "./snapshot.js";
import type { Status } from "./status.js";
import type { Rng } from "../engine/rng.js";
import type { KubeObject, Node, Pod } from "../api/types.js";

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

/** PreFilter may narrow the candidate nodes (e.g. NodeAffinity's matchFields on metadata.name). */
export interface PreFilterResult {
  nodeNames: ReadonlySet<string>;
}

/** A pod as it sits in the scheduling queue. */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** Virtual time the pod first entered the queue (µs). */
  initialAttemptTimestamp: number;
  /** Virtual time of the latest (re)queue (µs). */
  timestamp: number;
  attempts: number;
  unschedulableCount: number;
  /** Plugins that rejected the pod last time (decides which cluster events requeue it). */
  unschedulablePlugins: ReadonlySet<string>;
  /** Set while gated by PreEnqueue. */
  gatedBy: string | null;
}

/** Cluster events a plugin cares about (EnqueueExtensions, coarse-grained). */
export type ClusterEvent =
  | "NodeAdd"
  | "NodeUpdate"
  | "NodeDelete"
  | "PodAdd" // a pod was bound/assumed onto a node
  | "PodUpdate"
  | "PodDelete"; // a pod left a node (its resources were freed)

export interface NodeScoreList {
  /** Nodes being scored, index-aligned with `scores`. */
  readonly nodes: readonly NodeInfo[];
  /** Scores (integers), length ≥ nodes.length. */
  readonly scores: Float64Array;
}

export interface PostFilterResult {
  status: Status;
  nominatedNodeName?: string;
}

/** Why each node failed Filter, for PostFilter and diagnostics. */
export type NodeToStatus = ReadonlyMap<string, Status>;

/** A QueueingHint (kube-scheduler v1.33, on by default): whether an event may make the rejected pod schedulable. */
export type QueueingHint = "Queue" | "QueueSkip";

export interface Plugin {
  readonly name: string;
  /** Cluster events that may make a pod this plugin rejected schedulable again. Default: all. */
  readonly events?: readonly ClusterEvent[];
  /**
   * The plugin's QueueingHint for a pod event: `pod` is the unschedulable pod this plugin rejected,
   * `changed` the pod that was added (bound) or deleted. Without it, every registered event queues.
   */
  queueingHint?(event: ClusterEvent, pod: PodInfo, changed: PodInfo): QueueingHint;
  /**
   * The plugin's QueueingHint for a node event (NodeAdd: `old` null; NodeUpdate: the node before). Without
   * it, every registered node event queues.
   */
  nodeQueueingHint?(event: ClusterEvent, pod: PodInfo, node: Node, old: Node | null): QueueingHint;

  preEnqueue?(pod: PodInfo): Status | null;
  less?(a: QueuedPodInfo, b: QueuedPodInfo): boolean;

  preFilter?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterResult | Status | null;
  /** PreFilterExtensions: keep CycleState in step when a dry run adds/removes a pod on a node. */
  addPod?(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, node: NodeInfo): Status | null;
  removePod?(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, node: NodeInfo): Status | null;
  filter?(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null;
  /**
   * Optional batch form of Filter: writes the verdict of `nodes[i]` into `out[i]` for i < count. Must equal
   * calling `filter` per node; the scan prefers it, saving a dynamic dispatch per node and plugin. With
   * `rows`, the nodes are the snapshot's and their numbers may be read from its columns (node-columns.ts).
   */
  filterAll?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], count: number, out: (Status | null)[], rows?: NodeRows): void;
  /**
   * Optional shortcut (clusterlab's, not an extension point): true when Filter cannot reject any node with
   * these traits for this pod. Asked once per pod after PreFilter; the node scan then leaves the plugin out,
   * which changes no verdict (`explain` still runs it).
   */
  filterCannotReject?(pod: PodInfo, nodes: NodeTraits): boolean;
  postFilter?(state: CycleState, pod: PodInfo, filtered: NodeToStatus): PostFilterResult;

  preScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null;
  /** Raw score of one node; returning a Status is an error for that pod. */
  score?(state: CycleState, pod: PodInfo, node: NodeInfo): number | Status;
  normalizeScore?(state: CycleState, pod: PodInfo, list: NodeScoreList): Status | null;
  /**
   * Optional batch form of Score: writes the raw score of `nodes[i]` into `out[i]`. Must equal calling
   * `score` per node; the runtime prefers it, saving a dynamic dispatch per node. `rows` as for filterAll.
   */
  scoreAll?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array, rows?: NodeRows): Status | null;
  /**
   * Optional shortcut (clusterlab's): true when, after PreScore, every node with these traits gets the same
   * normalised score. The scheduling cycle then leaves the plugin out of the totals — adding one constant to
   * every node changes neither the highest total nor its ties — while `explain` still shows its scores.
   */
  scoreIsUniform?(state: CycleState, pod: PodInfo, nodes: NodeTraits): boolean;

  reserve?(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
  unreserve?(state: CycleState, pod: PodInfo, nodeName: string): void;
  permit?(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
  preBind?(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
  bind?(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
  postBind?(state: CycleState, pod: PodInfo, nodeName: string): void;
  /**
   * GPU device choice (clusterlab extension, not a kube-scheduler extension point): called for a GPU pod
   * once its node is chosen, before the pod is assumed onto the node. Returns the device indices, or null
   * to leave the choice to other plugins (NodeInfo.addPod falls back to best-fit devices).
   */
  selectGpuDevices?(state: CycleState, pod: PodInfo, node: NodeInfo): number[] | null;
}

/** What a plugin may use. Plugins never see the DI container. */
export interface FrameworkHandle {
  readonly snapshot: Snapshot;
  /** Current virtual time in µs. */
  now(): number;
  /** A random stream for this profile (seeded; deterministic). */
  readonly rng: Rng;
  /** Binds a pod to a node in the object store (what DefaultBinder calls). */
  bindPod(pod: Pod, nodeName: string): Status | null;
  /** Deletes a pod from the store (preemption victims). */
  deletePod(pod: Pod, reason: string): void;
  /** Sets status.nominatedNodeName (empty string clears it). */
  nominate(pod: PodInfo, nodeName: string): void;
  /** False when no pod is nominated anywhere (lets Filter skip the per-node nominated-pods lookup). */
  anyNominatedPods?(): boolean;
  /** Pods nominated to run on a node (preempting pods waiting for victims to leave). */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
  /** Labels of a Namespace object (for namespaceSelector); undefined if the namespace is unknown. */
  namespaceLabels(name: string): Readonly<Record<string, string>> | undefined;
  /** The framework running this profile (preemption re-runs filters through it). */
  readonly framework: FrameworkRunner;
  /** Waiting pods (Permit): allow or reject by pod uid. */
  allowWaitingPod(uid: string, plugin: string): void;
  rejectWaitingPod(uid: string, plugin: string, reason: string): void;
  /** Whether a pod waits in Permit (preemption rejects such a victim instead of deleting it). */
  isWaitingPod?(uid: string): boolean;
  /**
   * Read access to the cluster's objects (what informers' listers give kube-scheduler plugins), when the
   * scheduler runs against a store: e.g. Coscheduling's PodGroups and a group's pods. Undefined elsewhere.
   */
  objects?: ObjectLister;
  /**
   * The workload's pods when the run knows them in advance (trace replay, fill experiments), for policies
   * that model the target workload (e.g. FGD's typical pods). Undefined when unknown.
   */
  workloadPods?(): readonly PodInfo[];
}

/** Read-only lookups of stored objects by kind (the object store satisfies it). */
export interface ObjectLister {
  get<T extends KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined;
  list<T extends KubeObject>(kind: string, filter?: (o: T) => boolean): T[];
}

/** The subset of the runtime plugins may call back into. */
export interface FrameworkRunner {
  readonly profileName: string;
  runPreFilterPlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { result: PreFilterResult | null; status: Status | null };
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null;
  /** Filter with higher-or-equal-priority nominated pods added, as kube-scheduler does. */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null;
  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, node: NodeInfo): Status | null;
  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, node: NodeInfo): Status | null;
}

/** A plugin factory: validates/defaults its args (throwing ArgsError with a field path) and creates the plugin. */
export interface PluginFactory<A = unknown> {
  readonly name: string;
  /** One-line description for `clusterlab plugins`. */
  readonly description: string;
  /** Turns raw YAML args (undefined when absent) into typed, defaulted args. */
  args(raw: unknown, path: string): A;
  create(args: A, handle: FrameworkHandle): Plugin;
}

/** Declares a scheduling plugin factory: marks its family for the loader, and infers the args type. */
export function definePlugin<A>(f: PluginFactory<A>): PluginFactory<A> {
  return Object.defineProperty(f, PLUGIN_FAMILY, { value: "scheduling", enumerable: false });
}

/**
 * The family a plugin module's export extends ("scheduling" for definePlugin), read by the plugin loader.
 * A symbol shared across module instances, so a user plugin file's own copy of clusterlab marks it too.
 */
export const PLUGIN_FAMILY: unique symbol = Symbol.for("clusterlab.pluginFamily");

/** Bad plugin args: message names the field path. */
export class ArgsError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = "ArgsError";
  }
}

/** For factories without args: rejects any args given. */
export function noArgs(raw: unknown, path: string): undefined {
  if (raw != null && !(typeof raw === "object" && Object.keys(raw as object).length === 0)) {
    throw new ArgsError(path, "this plugin takes no args");
  }
  return undefined;
}
