import { describe, expect, it } from "vitest";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import { defaultCronJob, type CronJob, type Job } from "../api/workload-types.js";
import { controllerCluster } from "./testing.js";

const S = 1_000_000;
const M = 60 * S;

function cron(schedule: string, runMinutes: number, extra: Partial<CronJob["spec"]> = {}): CronJob {
  return defaultCronJob({
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "report", namespace: "default" },
    spec: {
      schedule,
      jobTemplate: {
        spec: {
          template: {
            metadata: { annotations: { "clusterlab.io/duration-us": String(runMinutes * M) } },
            spec: { restartPolicy: "Never", containers: [{ name: "r", image: "busybox", resources: { requests: { cpu: "100m" } } }] },
          },
        },
      },
      ...extra,
    },
  });
}

/** Runs the cluster to `until` with a keep-alive (the schedule's timers are daemons, as a scenario's until keeps them going). */
function runTo(c: ReturnType<typeof controllerCluster>, until: number) {
  c.engine.at(until, () => {});
  c.engine.run({ until: until + 1 });
}

const created = (c: ReturnType<typeof controllerCluster>) => c.events.events.filter((e) => e.source === "cronjob-controller" && e.reason === "SuccessfulCreate").map((e) => `${e.firstUs / M}m ${e.message}`);

describe("CronJobController", () => {
  it("creates <cronjob>-<minutes> Jobs at every scheduled time, and keeps 3 successful ones", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 1 });
    c.store.create(cron("*/5 * * * *", 2));
    runTo(c, 31 * M);
    expect(created(c)).toEqual(["5m Created job report-5", "10m Created job report-10", "15m Created job report-15", "20m Created job report-20", "25m Created job report-25", "30m Created job report-30"]);
    const jobs = c.store.list<Job>("Job").map((j) => j.metadata.name).sort();
    // report-30 still runs; of the finished ones the newest 3 are kept.
    expect(jobs).toEqual(["report-15", "report-20", "report-25", "report-30"]);
    const cj = c.store.get<CronJob>("CronJob", "default", "report")!;
    expect(cj.status).toMatchObject({ lastScheduleTime: "1970-01-01T00:30:00Z", active: [{ name: "report-30" }] });
    expect(c.store.get<Job>("Job", "default", "report-30")!.metadata.annotations!["batch.kubernetes.io/cronjob-scheduled-timestamp"]).toBe("1970-01-01T00:30:00Z");
  });

  it("Forbid skips a run while the last one goes on; Replace deletes it and starts anew", () => {
    const forbid = controllerCluster(inTreeRegistry(), { nodes: 1 });
    forbid.store.create(cron("*/5 * * * *", 7, { concurrencyPolicy: "Forbid" }));
    runTo(forbid, 21 * M);
    // 5 m runs until 12 m: 10 m is skipped; 15 m runs until 22 m: 20 m is skipped.
    expect(created(forbid)).toEqual(["5m Created job report-5", "15m Created job report-15"]);
    expect(forbid.events.events.filter((e) => e.reason === "JobAlreadyActive").map((e) => [e.firstUs / M, e.lastUs / M, e.count])).toEqual([[10, 20, 2]]);
    const replace = controllerCluster(inTreeRegistry(), { nodes: 1 });
    replace.store.create(cron("*/5 * * * *", 7, { concurrencyPolicy: "Replace" }));
    runTo(replace, 11 * M);
    expect(replace.store.list<Job>("Job").map((j) => j.metadata.name)).toEqual(["report-10"]);
    expect(replace.events.events.filter((e) => e.reason === "SuccessfulDelete").map((e) => e.message)).toEqual(["Deleted job report-5"]);
  });

  it("a suspended CronJob starts nothing; resumed, it runs the latest missed time within startingDeadlineSeconds", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 1 });
    c.store.create(cron("*/5 * * * *", 1, { suspend: true, startingDeadlineSeconds: 120 }));
    runTo(c, 16 * M);
    expect(created(c)).toEqual([]);
    c.store.patch<CronJob>("CronJob", "default", "report", (x) => ({ ...x, spec: { ...x.spec, suspend: false } }));
    runTo(c, 17 * M); // 15 m was missed 1 m ago: within the 2 m deadline
    expect(created(c)).toEqual(["16m Created job report-15"]);
    const late = controllerCluster(inTreeRegistry(), { nodes: 1 });
    late.store.create(cron("*/5 * * * *", 1, { suspend: true, startingDeadlineSeconds: 30 }));
    runTo(late, 18 * M);
    late.store.patch<CronJob>("CronJob", "default", "report", (x) => ({ ...x, spec: { ...x.spec, suspend: false } }));
    runTo(late, 19 * M);
    expect(created(late)).toEqual([]);
  });
});
