/**
 * The fill experiment (the FGD paper's method, Weng et al., USENIX ATC '23, as its artifact replays openb):
 *   1. every pod of the list once, in a seeded random order; then pods sampled uniformly with replacement
 *      from the list are appended while the total GPU request stays within `tune` × the cluster's GPU capacity
 *      (the artifact's test: it stops at the first sampled pod whose milli-GPU *per device* would cross the
 *      target, so a multi-GPU clone may overshoot by up to one pod). A list already above the target loses
 *      random pods until it is not (the artifact's tune-down);
 *   2. trace times are ignored, nothing departs, each pod is tried once in that order: no queue, no retries,
 *      no preemption (PostFilter is not run); Reserve runs, Permit/Bind are not modelled;
 *   3. after every arrival (placed or not) the arrived GPU request, the allocated milli-GPU and FGD's
 *      fragmentation (src/core/scheduler/gpu-fragmentation.ts, against the list's typical pods) are sampled.
 * The node order is shuffled too (the artifact prefixes node names with a random permutation), unless
 * `shuffleNodes: false`. Scheduling is kube-scheduler's schedulePod on a Snapshot with the Framework of the
 * profile; percentageOfNodesToScore comes from the configuration (the paper uses 100).
 * Random streams (all from `seed`, independent): pod order and sampling, node order, the scheduler's
 * tie-breaking, and the plugins' `handle.rng`.
 */
import { assumeAndReserve } from "../scheduler/assume.js";
import { performance } from "node:perf_hooks";
import { podKey, type Node, type Pod } from "../api/types.js";
import { Rng } from "../engine/rng.js";
import type { SchedulerConfig } from "../scheduler/config.js";
import { CycleState } from "../scheduler/cycle-state.js";
import { MILLI_PER_GPU, gpuFits } from "../scheduler/gpu.js";
import type { NodeInfo } from "../scheduler/node-info.js";
import { PodInfo } from "../scheduler/pod-info.js";
import { buildProfile, type PluginRegistry } from "../scheduler/profile.js";
import { PodScheduler, numFeasibleNodesToFind } from "../scheduler/schedule-pod.js";
import { Snapshot } from "../scheduler/snapshot.js";
import type { Status } from "../scheduler/status.js";
import { aggregateFill, type FillPoint } from "./aggregate.js";
import { FragModel, typicalPodsOf, type TypicalPodsOptions } from "../scheduler/gpu-fragmentation.js";

export const DEFAULT_TUNE = 1.3;

export interface FillOptions {
  /** The cluster. */
  nodes: readonly Node[];
  /** The workload's pod list (the originals; clones are made from it). */
  pods: readonly Pod[];
  config: SchedulerConfig;
  /** schedulerName of the profile to use (default: the first profile). */
  profile?: string;
  registry: PluginRegistry;
  seed: number;
  /** Target arrived GPU request as a fraction of capacity (default 1.3). */
  tune?: number;
  /** Shuffle the node order (default true, as the artifact). */
  shuffleNodes?: boolean;
  /** Override every node's pod capacity (the artifact's nodes allow 1,001 pods); null = keep. */
  maxPodsPerNode?: number | null;
  /**
   * Score ties: "nodeOrder" (default; the artifact's patched kube-scheduler takes the smallest node name, and
   * node names carry the random permutation, so ties go to the first node in the shuffled order) or "random"
   * (kube-scheduler's uniform choice).
   */
  tieBreak?: "nodeOrder" | "random";
  /**
   * Speed-ups with the same outcome, used when the profile filters with NodeResourcesFit (which must then check
   * GPUs, its default): a pod that no node has room for (pods, cpu, memory, per-device GPU) fails without a
   * scheduling cycle; and when every node would be filtered anyway (percentageOfNodesToScore 100), only the
   * nodes with room are filtered and scored — unless the pod has topology spread or pod (anti-)affinity, or pods
   * with affinity run in the cluster, whose filters look beyond the node at hand. Default true.
   */
  fastFail?: boolean;
  /** Typical pods for the fragmentation measure (default: 95 %, CPU-only pods included). */
  typicalPods?: TypicalPodsOptions;
  /** Called every `progressEvery` arrivals (default 1000) with (done, total). */
  onProgress?(done: number, total: number): void;
  progressEvery?: number;
}

export interface FillSamples {
  /** Per arrival: cumulative arrived milli-GPU, allocated milli-GPU, fragmented milli-GPU. */
  arrived: Float64Array;
  alloc: Float64Array;
  frag: Float64Array;
}

export interface FillRunResult {
  /** Cluster GPU devices and capacity (milli-GPU). */
  totalGpus: number;
  capacityMilli: number;
  /** One point per integer arrived % from 0 to round(tune · 100). */
  curve: FillPoint[];
  samples: FillSamples;
  stats: FillStats;
}

export interface FillStats {
  /** Pods tried: the originals and the clones. */
  pods: number;
  originals: number;
  clones: number;
  scheduled: number;
  failed: number;
  /** Pods whose GPU request could not be given devices after all (should be 0). */
  gpuUnassigned: number;
  /**
   * Failed pods by reason: the most common set of reasons among the nodes that rejected the pod
   * ("Insufficient cpu+Insufficient nvidia.com/gpu", …), or "no node has room (pods, cpu, memory, GPU)".
   */
  failureReasons: Record<string, number>;
  /** Arrived GPU request (% of capacity) when the first pod failed; null if none failed. */
  firstFailureArrivedPct: number | null;
  wallSeconds: number;
  decisionsPerSecond: number;
}

function withMaxPods(n: Node, maxPods: number): Node {
  const pods = String(maxPods);
  const status = n.status ?? {};
  return {
    ...n,
    status: {
      ...status,
      ...(status.capacity ? { capacity: { ...status.capacity, pods } } : {}),
      allocatable: { ...(status.allocatable ?? status.capacity ?? {}), pods },
    },
  };
}

const NO_ROOM = "no node has room (pods, cpu, memory, GPU)";

/**
 * NodeResourcesFit's pod-count, cpu, memory and per-device GPU checks for every node, on numbers kept per
 * node (refreshed when a pod is placed): a tight scan over typed arrays.
 */
class RoomIndex {
  private readonly pods: Float64Array;
  private readonly cpu: Float64Array;
  private readonly mem: Float64Array;
  /** Largest free milli on one device, and the number of fully free devices. */
  private readonly maxFree: Float64Array;
  private readonly full: Float64Array;

  constructor(private readonly nodes: readonly NodeInfo[]) {
    const n = nodes.length;
    this.pods = new Float64Array(n);
    this.cpu = new Float64Array(n);
    this.mem = new Float64Array(n);
    this.maxFree = new Float64Array(n);
    this.full = new Float64Array(n);
    for (const ni of nodes) this.update(ni);
  }

  update(ni: NodeInfo): void {
    const i = ni.index;
    const a = ni.allocatable;
    this.pods[i] = a.allowedPodNumber - ni.pods.length;
    this.cpu[i] = a.milliCPU - ni.requested.milliCPU;
    this.mem[i] = a.memory - ni.requested.memory;
    let max = 0;
    let full = 0;
    for (const f of ni.gpuFree) {
      if (f > max) max = f;
      if (f === MILLI_PER_GPU) full++;
    }
    this.maxFree[i] = max;
    this.full[i] = full;
  }

  /** Fills `out` with the nodes that have room for `pi`. */
  scan(pi: PodInfo, out: NodeInfo[]): void {
    out.length = 0;
    const cpu = pi.requests.milliCPU;
    const mem = pi.requests.memory;
    const count = pi.gpuCount;
    const milli = pi.gpuMilli;
    const simple = count <= 1 || milli === MILLI_PER_GPU;
    for (let i = 0; i < this.nodes.length; i++) {
      if (this.pods[i]! < 1 || this.cpu[i]! < cpu || this.mem[i]! < mem) continue;
      if (count > 0) {
        if (simple) {
          if (count === 1 ? this.maxFree[i]! < milli : this.full[i]! < count) continue;
        } else if (!gpuFits(this.nodes[i]!.gpuFree, count, milli)) continue;
      }
      out.push(this.nodes[i]!);
    }
  }
}

/** Whether PreFilter/Filter of `pi` may depend on nodes other than the one filtered (spread, pod affinity). */
function needsAllNodes(pi: PodInfo, snapshot: Snapshot): boolean {
  return pi.hasAffinity || (pi.pod.spec.topologySpreadConstraints?.length ?? 0) > 0 || snapshot.podsWithAffinityCount > 0;
}

const baseCache = new WeakMap<readonly Pod[], PodInfo[]>();

/** PodInfos of a pod list, parsed once per list (runs on the same list share them; arrivals are clones). */
function baseInfos(pods: readonly Pod[]): PodInfo[] {
  let b = baseCache.get(pods);
  if (!b) baseCache.set(pods, (b = pods.map((p) => new PodInfo(p))));
  return b;
}

/** A PodInfo for another Pod object with the same spec, without re-parsing the requests. */
function clonePodInfo(base: PodInfo, pod: Pod): PodInfo {
  const c = Object.create(PodInfo.prototype) as PodInfo;
  // `derived` is PodInfo.cache's storage: the clone makes its own on first use.
  Object.assign(c, base, { pod, key: podKey(pod), name: pod.metadata.name, uid: pod.metadata.uid, gpuDevices: null, startTimeUs: 0, derived: undefined });
  return c;
}

/**
 * The most common set of reasons among (the first 64 of) the rejecting nodes,
 * e.g. "Insufficient cpu+Insufficient nvidia.com/gpu".
 */
function failureReason(statuses: Iterable<Status>, fallback: string): string {
  const counts = new Map<string, number>();
  let best = fallback;
  let most = 0;
  let seen = 0;
  for (const s of statuses) {
    if (++seen > 64) break;
    const k = s.reasons.join("+");
    const c = (counts.get(k) ?? 0) + 1;
    counts.set(k, c);
    if (c > most) {
      most = c;
      best = k;
    }
  }
  return best;
}

/**
 * The arrival sequence as indices into `originals`: all of them shuffled, then clones sampled until the GPU
 * target (see the file comment). `gpu[i]` = [milli per device, total milli] of original i.
 */
export function fillSequence(gpu: readonly (readonly [number, number])[], capacityMilli: number, tune: number, rng: Rng): number[] {
  const seq = rng.shuffle(gpu.map((_, i) => i));
  if (gpu.length === 0) return seq;
  const target = tune * capacityMilli;
  let total = 0;
  for (const g of gpu) total += g[1];
  if (total > target) {
    while (total > target && seq.length > 0) {
      const k = rng.below(seq.length);
      total -= gpu[seq[k]!]![1];
      seq.splice(k, 1);
    }
    return seq;
  }
  for (;;) {
    const k = rng.below(gpu.length);
    if (total + gpu[k]![0] > target) break;
    total += gpu[k]![1];
    seq.push(k);
  }
  return seq;
}

export function runFill(opts: FillOptions): FillRunResult {
  const wallStart = performance.now();
  const tune = opts.tune ?? DEFAULT_TUNE;
  if (!(tune > 0)) throw new Error(`fill: tune must be positive, got ${tune}`);
  const master = Rng.seeded(opts.seed);
  const orderRng = master.fork();
  const nodeRng = master.fork();
  const schedRng = master.fork();
  const pluginRng = master.fork();

  const snapshot = new Snapshot();
  let nodes = opts.nodes.slice();
  if (opts.shuffleNodes ?? true) nodeRng.shuffle(nodes);
  if (opts.maxPodsPerNode != null) nodes = nodes.map((n) => withMaxPods(n, opts.maxPodsPerNode!));
  for (const n of nodes) snapshot.addNode(n);
  let totalGpus = 0;
  for (const ni of snapshot.nodes) totalGpus += ni.gpuCount;
  const capacityMilli = totalGpus * MILLI_PER_GPU;
  if (capacityMilli === 0) throw new Error("fill: the cluster has no GPUs");

  const workload = baseInfos(opts.pods);
  const model = new FragModel(typicalPodsOf(workload, opts.typicalPods));

  const profile = opts.profile === undefined ? opts.config.profiles[0] : opts.config.profiles.find((p) => p.schedulerName === opts.profile);
  if (!profile) throw new Error(`fill: no scheduler profile "${opts.profile}"`);
  const { framework: fwk } = buildProfile(opts.config, profile, opts.registry, { snapshot, rng: pluginRng, workloadPods: () => workload });
  const podScheduler = new PodScheduler(schedRng, opts.tieBreak ?? "nodeOrder");
  podScheduler.useSnapshot(snapshot);

  const seq = fillSequence(workload.map((p) => [p.gpuMilli, p.gpuTotalMilli] as const), capacityMilli, tune, orderRng);
  const n = seq.length;
  const originals = opts.pods.length;
  const samples: FillSamples = { arrived: new Float64Array(n), alloc: new Float64Array(n), frag: new Float64Array(n) };
  const nodeFrag = new Float64Array(snapshot.size);
  let frag = 0;
  for (const ni of snapshot.nodes) frag += nodeFrag[ni.index] = model.nodeFrag(ni);
  let arrived = 0;
  let alloc = 0;
  let scheduled = 0;
  let gpuUnassigned = 0;
  const failureReasons: Record<string, number> = {};
  let firstFailure: number | null = null;
  const every = opts.progressEvery ?? 1000;
  const fastFail = (opts.fastFail ?? true) && fwk.filterPlugins.some((p) => p.name === "NodeResourcesFit");
  // Filtering only the nodes with room is exact when every node would be filtered anyway (100 % scored).
  const narrow = fastFail && numFeasibleNodesToFind(fwk.percentageOfNodesToScore, snapshot.size) >= snapshot.size;
  const allNodes = snapshot.nodes;
  const candidates: NodeInfo[] = [];
  const rooms = fastFail ? new RoomIndex(allNodes) : null;

  for (let k = 0; k < n; k++) {
    const base = workload[seq[k]!]!;
    const src = base.pod;
    const name = k < originals ? src.metadata.name : `${src.metadata.name}-tuned-${k - originals}`;
    const pi = clonePodInfo(base, { ...src, metadata: { ...src.metadata, name, uid: `fill-${k}` } });
    arrived += pi.gpuTotalMilli;
    let nodesToTry: readonly NodeInfo[] = allNodes;
    let room = true;
    if (rooms) {
      rooms.scan(pi, candidates);
      room = candidates.length > 0;
      if (narrow && !needsAllNodes(pi, snapshot)) nodesToTry = candidates;
    }
    const state = new CycleState();
    const r = room ? podScheduler.schedulePod(fwk, state, pi, nodesToTry, undefined) : null;
    if (r === null) {
      failureReasons[NO_ROOM] = (failureReasons[NO_ROOM] ?? 0) + 1;
      firstFailure ??= (100 * arrived) / capacityMilli;
    } else if (r.ok) {
      const node = r.node;
      const usedBefore = node.gpuUsedMilli;
      const rs = assumeAndReserve(fwk, snapshot, state, pi, node);
      if (rs) {
        const why = rs.reasons[0] ?? rs.codeName;
        failureReasons[why] = (failureReasons[why] ?? 0) + 1;
        firstFailure ??= (100 * arrived) / capacityMilli;
      } else {
        scheduled++;
        rooms?.update(node);
        if (pi.gpuCount > 0 && node.gpuUsedMilli === usedBefore) gpuUnassigned++;
        alloc += node.gpuUsedMilli - usedBefore;
        const f = model.nodeFrag(node);
        frag += f - nodeFrag[node.index]!;
        nodeFrag[node.index] = f;
      }
    } else {
      const why = failureReason(r.diagnosis.nodeToStatus.values(), r.status.reasons[0] ?? r.status.codeName);
      failureReasons[why] = (failureReasons[why] ?? 0) + 1;
      firstFailure ??= (100 * arrived) / capacityMilli;
    }
    samples.arrived[k] = arrived;
    samples.alloc[k] = alloc;
    samples.frag[k] = frag;
    if (opts.onProgress && (k + 1) % every === 0) opts.onProgress(k + 1, n);
  }
  const wallSeconds = (performance.now() - wallStart) / 1000;
  return {
    totalGpus,
    capacityMilli,
    curve: aggregateFill(samples, n, totalGpus, Math.round(tune * 100)),
    samples,
    stats: {
      pods: n,
      originals: Math.min(opts.pods.length, n),
      clones: Math.max(0, n - opts.pods.length),
      scheduled,
      failed: n - scheduled,
      gpuUnassigned,
      failureReasons,
      firstFailureArrivedPct: firstFailure,
      wallSeconds,
      decisionsPerSecond: wallSeconds > 0 ? n / wallSeconds : 0,
    },
  };
}
