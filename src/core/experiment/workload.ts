/**
 * Feeds the workload into the simulation. A trace is streamed: pods are read one at a time and
 * created in the store at their arrival time, while the engine runs everything that happens before the
 * next arrival. A first streaming pass counts rows and checks arrival order; only a trace whose
 * rows are not in arrival order is buffered and stably sorted (noted in the summary); a small trace file
 * is parsed once per process and replayed from memory (trace-cache.ts). A workload's
 * selection (window, filters, scale; see select.ts) is applied while reading, in both passes.
 */
import type { ObjectStore } from "../api/store.js";
import { LabelPodGroup, type KubeObject, type Pod } from "../api/types.js";
import type { Engine } from "../engine/engine.js";
import { AnnotationDurationUs } from "../kubelet/kubelet.js";
import type { Recorder } from "../metrics/recorder.js";
import { tracePodToPod, type TracePod, type TraceReadStats } from "../trace/index.js";
import { newReadStats } from "../trace/types.js";
import { podFilter } from "./select.js";
import { isHeld, tracePods } from "./trace-cache.js";
import type { WorkloadSpec } from "./spec.js";

type TraceWorkload = Extract<WorkloadSpec, { kind: "trace" }>;

/** The workload's pods in file order with its selection for `seed`: an array for a held trace, else a stream. */
async function selectedPods(w: TraceWorkload, seed: number, stats: TraceReadStats): Promise<readonly TracePod[] | AsyncIterable<TracePod>> {
  const pods = await tracePods(w.file, w.format, w.skipBadRows, stats);
  const keep = podFilter(w.select, seed);
  if (!keep) return pods;
  return isHeld(pods) ? pods.filter(keep) : kept(pods, keep);
}

async function* kept(rows: AsyncIterable<TracePod>, keep: (p: TracePod) => boolean): AsyncGenerator<TracePod> {
  for await (const p of rows) if (keep(p)) yield p;
}

export interface TraceScan {
  rows: number;
  /**
   * Pods per PodGroup (label scheduling.x-k8s.io/pod-group): a trace's gang is all of its pods, so the
   * replay makes each group's PodGroup with minMember = that count before its first pod arrives.
   */
  podGroups: Map<string, number>;
  sorted: boolean;
  firstArrivalUs: number;
  lastArrivalUs: number;
  badRows: number;
}

/** First pass: rows (kept by the selection for `seed`), order and arrival span, in constant memory. */
export async function scanTrace(w: TraceWorkload, seed = 0): Promise<TraceScan> {
  const stats = newReadStats();
  let rows = 0;
  let sorted = true;
  let prev = -Infinity;
  let first = Infinity;
  let last = -Infinity;
  const podGroups = new Map<string, number>();
  const visit = (p: TracePod): void => {
    rows++;
    const g = p.labels[LabelPodGroup];
    if (g !== undefined) podGroups.set(g, (podGroups.get(g) ?? 0) + 1);
    if (p.arrivalUs < prev) sorted = false;
    prev = p.arrivalUs;
    if (p.arrivalUs < first) first = p.arrivalUs;
    if (p.arrivalUs > last) last = p.arrivalUs;
  };
  const pods = await selectedPods(w, seed, stats);
  if (isHeld(pods)) for (const p of pods) visit(p);
  else for await (const p of pods) visit(p);
  return { rows, podGroups, sorted, firstArrivalUs: rows ? first : 0, lastArrivalUs: rows ? last : 0, badRows: stats.badRows };
}

export interface ReplayHooks {
  /** Called after each pod is created (for progress reporting; may throw to abort). */
  onArrival?(created: number): void;
  /** Runs the engine up to a time (default engine.run; a Pacer's run yields to the event loop). */
  advance?(until: number): Promise<void>;
  /** Seed for the workload's sampling (see select.ts). */
  seed?: number;
}

/** Creates a trace pod in the store (and its PodGroup, with its first member) and tells the recorder. */
function inject(store: ObjectStore, recorder: Recorder, tp: TracePod, namespace: string, podGroups: ReadonlyMap<string, number>): void {
  const group = tp.labels[LabelPodGroup];
  if (group !== undefined && !store.get("PodGroup", namespace, group)) {
    store.create({ apiVersion: "scheduling.x-k8s.io/v1alpha1", kind: "PodGroup", metadata: { name: group, namespace }, spec: { minMember: podGroups.get(group) ?? 1 } } as KubeObject);
  }
  const pod = tracePodToPod(tp, namespace);
  // The pod is this call's own until stored: its annotations (made by tracePodToPod, or none) can take one more key.
  if (tp.durationUs !== null) (pod.metadata.annotations ??= {})[AnnotationDurationUs] = String(tp.durationUs);
  const stored = store.create<Pod>(pod);
  recorder.arrived(stored, { requests: { milliCPU: tp.cpuMilli, memory: tp.memoryBytes }, gpuCount: tp.gpuCount, gpuMilli: tp.gpuMilli });
}

/** The selected pods in arrival order: as read when the trace is sorted, else stably sorted (a stream buffered first). */
export async function arrivalOrder(w: TraceWorkload, scan: TraceScan, seed: number): Promise<Iterator<TracePod> | AsyncIterator<TracePod>> {
  const pods = await selectedPods(w, seed, newReadStats());
  if (scan.sorted) return isHeld(pods) ? pods[Symbol.iterator]() : pods[Symbol.asyncIterator]();
  let all: TracePod[];
  if (isHeld(pods)) all = pods.slice();
  else {
    all = [];
    for await (const p of pods) all.push(p);
  }
  return all.sort((a, b) => a.arrivalUs - b.arrivalUs)[Symbol.iterator](); // Array.prototype.sort is stable
}

/**
 * Replays a trace: each pod is created at its arrival time; the engine runs until the next arrival.
 * Stops reading at `limit` pods or at `untilUs`. Returns the number of pods created.
 */
export async function replayTrace(
  engine: Engine,
  store: ObjectStore,
  recorder: Recorder,
  w: TraceWorkload,
  scan: TraceScan,
  untilUs: number | null,
  hooks: ReplayHooks = {},
): Promise<number> {
  const limit = w.limit ?? Infinity;
  const end = untilUs ?? Infinity;
  let created = 0;
  const it = await arrivalOrder(w, scan, hooks.seed ?? 0);
  // A trace held in memory is walked without an await per pod (each would be a microtask hop).
  const sync = Symbol.iterator in it;
  const read = (): IteratorResult<TracePod> | Promise<IteratorResult<TracePod>> => it.next();
  let cur = sync ? (read() as IteratorResult<TracePod>) : await read();
  let reached = -1;
  while (!cur.done && created < limit && cur.value.arrivalUs < end) {
    const tp = cur.value;
    engine.at(tp.arrivalUs, () => inject(store, recorder, tp, w.namespace, scan.podGroups));
    created++;
    hooks.onArrival?.(created);
    cur = created >= limit ? { done: true, value: undefined } : sync ? (read() as IteratorResult<TracePod>) : await read();
    const next = cur.done ? Infinity : cur.value.arrivalUs;
    const until = Math.min(next, end);
    // Pods arriving together: nothing can run before the same time again (no event ran since), so the
    // engine is advanced once per arrival time rather than once per pod.
    if (until === reached) continue;
    reached = until;
    if (hooks.advance) await hooks.advance(until);
    else engine.run({ until });
  }
  if (!cur.done) await it.return?.(undefined);
  return created;
}
