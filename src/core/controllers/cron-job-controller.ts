/**
 * The CronJob controller (pkg/controller/cronjob, v2): at each time its schedule names it creates a Job
 * from the template, named `<cronjob>-<scheduled time in minutes since the epoch>`. concurrencyPolicy
 * decides what happens while an earlier Job still runs: Allow starts another, Forbid skips the run,
 * Replace deletes the running Jobs first. A suspended CronJob starts nothing; resumed, it runs the most
 * recent schedule it missed if that is within startingDeadlineSeconds (or no deadline is set). Finished
 * Jobs beyond successfulJobsHistoryLimit (3) and failedJobsHistoryLimit (1) are deleted, oldest first.
 */
import type { ObjectStore, WatchEvent } from "../api/store.js";
import type { CronJob, Job } from "../api/workload-types.js";
import { defaultJob } from "../api/workload-types.js";
import type { Component } from "../component.js";
import type { Engine, Timer } from "../engine/engine.js";
import { CronSchedule } from "../api/cron-schedule.js";
import type { EventLog } from "./event-log.js";
import { controllerOf, objectKey } from "./object-cache.js";

const SOURCE = "cronjob-controller";
export const CronJobScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

const finished = (j: Job) => j.status?.conditions?.find((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True")?.type;

export class CronJobController implements Component {
  readonly componentName = "cronjob controller";
  private readonly timers = new Map<string, Timer>();

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    private readonly events: EventLog,
  ) {}

  start(): void {
    this.store.watch<CronJob>("CronJob", (ev) => this.onCronJob(ev), { replay: true });
    this.store.watch<Job>("Job", (ev) => {
      const owner = controllerOf(ev.object);
      if (owner?.kind === "CronJob" && ev.type === "MODIFIED" && finished(ev.object) && !(ev.oldObject && finished(ev.oldObject))) this.onJobFinished(ev.object, owner.name);
    });
  }

  private onCronJob(ev: WatchEvent<CronJob>): void {
    const key = objectKey(ev.object);
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
    if (ev.type === "DELETED") return;
    const cj = ev.object;
    if (ev.oldObject?.spec.suspend && !cj.spec.suspend) this.runMissed(cj);
    this.arm(key);
  }

  /** Sets the timer for the next scheduled time after now. */
  private arm(key: string): void {
    const [ns, name] = key.split("/") as [string, string];
    const cj = this.store.get<CronJob>("CronJob", ns, name);
    if (!cj) return;
    const at = CronSchedule.parse(cj.spec.schedule).next(this.engine.now);
    if (!Number.isFinite(at)) return;
    // A daemon: a schedule alone does not keep a scenario going (its until does).
    this.timers.set(key, this.engine.at(at, () => this.fire(key, at), undefined, true));
  }

  private fire(key: string, atUs: number): void {
    this.timers.delete(key);
    const [ns, name] = key.split("/") as [string, string];
    const cj = this.store.get<CronJob>("CronJob", ns, name);
    if (!cj) return;
    if (!cj.spec.suspend) this.run(cj, atUs);
    this.arm(key);
  }

  /** On resume: the latest schedule missed while suspended, if within the starting deadline. */
  private runMissed(cj: CronJob): void {
    const sched = CronSchedule.parse(cj.spec.schedule);
    const from = cj.status?.lastScheduleTime ? Date.parse(cj.status.lastScheduleTime) * 1000 : Date.parse(cj.metadata.creationTimestamp ?? "1970-01-01T00:00:00Z") * 1000;
    let missed = -1;
    for (let t = sched.next(from); t <= this.engine.now; t = sched.next(t)) missed = t;
    if (missed < 0) return;
    const deadline = cj.spec.startingDeadlineSeconds;
    if (deadline !== undefined && this.engine.now - missed > deadline * 1e6) return;
    this.run(cj, missed);
  }

  private run(cj: CronJob, atUs: number): void {
    const ns = cj.metadata.namespace ?? "default";
    const object = `cronjob/${cj.metadata.name}`;
    const active = this.store.list<Job>("Job", (j) => controllerOf(j)?.uid === cj.metadata.uid && !finished(j));
    const policy = cj.spec.concurrencyPolicy ?? "Allow";
    if (active.length && policy === "Forbid") {
      this.events.record(SOURCE, ns, object, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
      return;
    }
    if (active.length && policy === "Replace") {
      for (const j of active) {
        this.store.delete("Job", ns, j.metadata.name);
        this.events.record(SOURCE, ns, object, "Normal", "SuccessfulDelete", `Deleted job ${j.metadata.name}`);
      }
    }
    const name = `${cj.metadata.name}-${Math.floor(atUs / 60e6)}`;
    if (this.store.get("Job", ns, name)) return; // already made for this time
    const stamp = new Date(Math.floor(atUs / 1000)).toISOString().replace(".000Z", "Z");
    const tm = cj.spec.jobTemplate.metadata ?? {};
    const job = defaultJob({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name,
        namespace: ns,
        ...(tm.labels ? { labels: { ...tm.labels } } : {}),
        annotations: { ...(tm.annotations ?? {}), [CronJobScheduledTimestampAnnotation]: stamp },
        ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: cj.metadata.name, uid: cj.metadata.uid!, controller: true }],
      },
      spec: structuredClone(cj.spec.jobTemplate.spec),
    });
    const created = this.store.create(job);
    this.events.record(SOURCE, ns, object, "Normal", "SuccessfulCreate", `Created job ${name}`);
    const stillActive = this.store.list<Job>("Job", (j) => controllerOf(j)?.uid === cj.metadata.uid && !finished(j));
    this.store.updateStatus<CronJob>({
      ...cj,
      status: { ...cj.status, lastScheduleTime: stamp, active: stillActive.map((j) => ({ kind: "Job", name: j.metadata.name, namespace: ns, uid: j.metadata.uid! })) },
    });
    void created;
  }

  private onJobFinished(job: Job, cronName: string): void {
    const ns = job.metadata.namespace ?? "default";
    const cj = this.store.get<CronJob>("CronJob", ns, cronName);
    if (!cj) return;
    const owned = this.store.list<Job>("Job", (j) => controllerOf(j)?.uid === cj.metadata.uid);
    // Oldest first: by scheduled time (ISO text sorts in time order; names do not, "-5" after "-30").
    const when = (j: Job) => j.metadata.annotations?.[CronJobScheduledTimestampAnnotation] ?? j.metadata.creationTimestamp ?? "";
    const byStart = (a: Job, b: Job) => (when(a) < when(b) ? -1 : when(a) > when(b) ? 1 : 0);
    for (const [type, limit] of [["Complete", cj.spec.successfulJobsHistoryLimit ?? 3], ["Failed", cj.spec.failedJobsHistoryLimit ?? 1]] as const) {
      const done = owned.filter((j) => finished(j) === type).sort(byStart);
      for (const j of done.slice(0, Math.max(0, done.length - limit))) {
        this.store.delete("Job", ns, j.metadata.name);
        this.events.record(SOURCE, ns, `cronjob/${cronName}`, "Normal", "SuccessfulDelete", `Deleted job ${j.metadata.name}`);
      }
    }
    const active = owned.filter((j) => !finished(j) && j.metadata.name !== job.metadata.name);
    const status = { ...cj.status, active: active.map((j) => ({ kind: "Job", name: j.metadata.name, namespace: ns, uid: j.metadata.uid! })) };
    if (finished(job) === "Complete") (status as { lastSuccessfulTime?: string }).lastSuccessfulTime = job.status?.completionTime ?? this.store.timestamp();
    this.store.updateStatus<CronJob>({ ...cj, status });
  }
}
