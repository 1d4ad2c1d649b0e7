/**
 * The Job controller (pkg/controller/job): runs a Job's pods to completion. It keeps
 * min(parallelism, completions − succeeded) pods active (parallelism alone when completions is unset: a
 * work queue, done when one pod succeeds and none is left running), creating what is missing — for an
 * Indexed job, the lowest indexes neither succeeded nor running, named `<job>-<index>-<suffix>` with the
 * batch.kubernetes.io/job-completion-index annotation — and deleting extras. Finished pods are counted
 * once each (upstream tracks them with a finalizer; here by uid, from the watch), so the node agents may
 * delete them. More failed pods than backoffLimit, or activeDeadlineSeconds passed, fails the Job
 * (BackoffLimitExceeded, DeadlineExceeded); enough successes complete it. A suspended Job keeps no pods.
 */
import type { ObjectStore, WatchEvent } from "../api/store.js";
import type { Pod } from "../api/types.js";
import type { Job, JobCondition, JobStatus } from "../api/workload-types.js";
import { JobCompletionIndexAnnotation, JobControllerUidLabel, JobNameLabel } from "../api/workload-types.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import type { Rng } from "../engine/rng.js";
import type { EventLog } from "./event-log.js";
import { controllerOf, ObjectCache, objectKey } from "./object-cache.js";
import { PodControl } from "./pod-control.js";
import { isPodReady, podFromTemplate } from "./pod-template.js";
import { WorkQueue } from "./work-queue.js";

const SOURCE = "job-controller";

interface Tally {
  succeeded: Set<string>;
  failed: Set<string>;
  /** Indexed jobs: indexes whose pod succeeded. */
  doneIndexes: Set<number>;
}

export class JobController implements Component {
  readonly componentName = "job controller";
  private jobCache!: ObjectCache<Job>;
  private podCache!: ObjectCache<Pod>;
  private pods!: PodControl;
  private readonly queue: WorkQueue;
  private readonly tallies = new Map<string, Tally>();

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    private readonly rng: Rng,
    private readonly events: EventLog,
  ) {
    this.queue = new WorkQueue(engine, (k) => this.sync(k));
  }

  start(): void {
    this.jobCache = new ObjectCache<Job>(this.store, "Job", (ev) => {
      if (ev.type === "DELETED") this.tallies.delete(ev.object.metadata.uid!);
      else this.queue.add(objectKey(ev.object));
    });
    this.podCache = new ObjectCache<Pod>(this.store, "Pod", (ev) => this.onPod(ev));
    this.pods = new PodControl(this.store, this.podCache, this.events, SOURCE);
  }

  private tally(uid: string): Tally {
    let t = this.tallies.get(uid);
    if (!t) this.tallies.set(uid, (t = { succeeded: new Set(), failed: new Set(), doneIndexes: new Set() }));
    return t;
  }

  private onPod(ev: WatchEvent<Pod>): void {
    const owner = controllerOf(ev.object);
    if (owner?.kind !== "Job") return;
    const p = ev.object;
    const phase = p.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") {
      const t = this.tally(owner.uid);
      (phase === "Succeeded" ? t.succeeded : t.failed).add(p.metadata.uid!);
      const idx = p.metadata.annotations?.[JobCompletionIndexAnnotation];
      if (phase === "Succeeded" && idx !== undefined) t.doneIndexes.add(Number(idx));
    }
    this.queue.add(`${p.metadata.namespace ?? "default"}/${owner.name}`);
  }

  private sync(key: string): void {
    const job = this.jobCache.get(key);
    if (!job || isFinished(job)) return;
    const uid = job.metadata.uid!;
    const t = this.tally(uid);
    const s = job.spec;
    const now = this.engine.now;
    const active = [...this.podCache.ownedBy(uid)].filter((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed" && !p.metadata.deletionTimestamp);
    const startTime = job.status?.startTime ?? this.store.timestamp();
    const started = Date.parse(startTime) * 1000;
    const succeeded = s.completionMode === "Indexed" ? t.doneIndexes.size : t.succeeded.size;
    const failed = t.failed.size;
    let finish: JobCondition | null = null;
    if (failed > (s.backoffLimit ?? 6)) {
      finish = { type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" };
    } else if (s.activeDeadlineSeconds !== undefined && now >= started + s.activeDeadlineSeconds * 1e6) {
      finish = { type: "Failed", status: "True", reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" };
    } else if (s.completions !== undefined ? succeeded >= s.completions : succeeded > 0 && active.length === 0) {
      finish = { type: "Complete", status: "True" };
    }
    let remaining: Pod[] = [];
    if (finish || s.suspend) {
      for (const p of active) this.pods.delete(p, job);
    } else {
      remaining = this.manage(job, t, active, succeeded);
      if (s.activeDeadlineSeconds !== undefined) this.queue.addAfter(key, started + s.activeDeadlineSeconds * 1e6 - now);
    }
    const status: JobStatus = {
      active: remaining.length,
      succeeded,
      failed,
      ready: remaining.filter(isPodReady).length,
      startTime,
      ...(s.completionMode === "Indexed" && t.doneIndexes.size ? { completedIndexes: compressIndexes(t.doneIndexes) } : {}),
    };
    if (finish) {
      const stamp = this.store.timestamp();
      if (finish.type === "Complete") status.completionTime = stamp;
      const criteria: JobCondition = finish.type === "Complete" ? { type: "SuccessCriteriaMet", status: "True", reason: "CompletionsReached", message: "Reached expected number of succeeded pods", lastTransitionTime: stamp } : { type: "FailureTarget", status: "True", reason: finish.reason!, message: finish.message!, lastTransitionTime: stamp };
      status.conditions = [criteria, { ...finish, ...(finish.type === "Complete" ? { reason: "CompletionsReached", message: "Reached expected number of succeeded pods" } : {}), lastTransitionTime: stamp }];
      if (finish.type === "Complete") this.events.record(SOURCE, job.metadata.namespace!, `job/${job.metadata.name}`, "Normal", "Completed", "Job completed");
      else this.events.record(SOURCE, job.metadata.namespace!, `job/${job.metadata.name}`, "Warning", finish.reason!, finish.message!);
    }
    const cur = job.status;
    if (cur && JSON.stringify({ ...cur, conditions: cur.conditions }) === JSON.stringify(status)) return;
    this.jobCache.wrote(this.store.updateStatus<Job>({ ...job, status }));
  }

  /** Creates or deletes pods so min(parallelism, completions − succeeded) are active; returns them. */
  private manage(job: Job, t: Tally, active: Pod[], succeeded: number): Pod[] {
    const s = job.spec;
    const parallelism = s.parallelism ?? 1;
    const want = s.completions === undefined ? (succeeded > 0 ? 0 : parallelism) : Math.max(0, Math.min(parallelism, s.completions - succeeded));
    const out = [...active];
    if (active.length > want) {
      for (const p of active.slice(want)) this.pods.delete(p, job);
      return out.slice(0, want);
    }
    const indexed = s.completionMode === "Indexed";
    const running = new Set(active.map((p) => Number(p.metadata.annotations?.[JobCompletionIndexAnnotation] ?? -1)));
    let next = 0;
    for (let n = active.length; n < want; n++) {
      let index = -1;
      if (indexed) {
        while (next < (s.completions ?? parallelism) && (t.doneIndexes.has(next) || running.has(next))) next++;
        if (next >= (s.completions ?? parallelism)) break;
        index = next++;
      }
      const pod = this.createPod(job, index);
      if (!pod) {
        this.queue.addRateLimited(`${job.metadata.namespace ?? "default"}/${job.metadata.name}`);
        break;
      }
      out.push(pod);
    }
    return out;
  }

  private createPod(job: Job, index: number): Pod | null {
    const tm = job.spec.template.metadata ?? {};
    const labels = { ...(tm.labels ?? {}), [JobNameLabel]: job.metadata.name, [JobControllerUidLabel]: job.metadata.uid!, "job-name": job.metadata.name, "controller-uid": job.metadata.uid! };
    const annotations = index >= 0 ? { ...(tm.annotations ?? {}), [JobCompletionIndexAnnotation]: String(index) } : tm.annotations;
    const template = { ...job.spec.template, metadata: { ...tm, labels: index >= 0 ? { ...labels, [JobCompletionIndexAnnotation]: String(index) } : labels, ...(annotations ? { annotations } : {}) } };
    const prefix = index >= 0 ? `${job.metadata.name}-${index}-` : `${job.metadata.name}-`;
    return this.pods.create(podFromTemplate(template, job, prefix, this.rng, this.store), job);
  }
}

function isFinished(job: Job): boolean {
  return job.status?.conditions?.some((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True") ?? false;
}

/** Succeeded indexes as upstream prints them: "0-2,5". */
export function compressIndexes(set: ReadonlySet<number>): string {
  const xs = [...set].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j]! + 1) j++;
    parts.push(i === j ? String(xs[i]) : `${xs[i]}-${xs[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}
