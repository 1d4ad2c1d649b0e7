import { describe, expect, it } from "vitest";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import type { Pod } from "../api/types.js";
import { defaultJob, type Job } from "../api/workload-types.js";
import { compressIndexes } from "./job-controller.js";
import { controllerCluster } from "./testing.js";

const S = 1_000_000;

function job(name: string, spec: Partial<Job["spec"]>, runSeconds = 30): Job {
  return defaultJob({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: "default" },
    spec: {
      ...spec,
      template: {
        metadata: { annotations: { "clusterlab.io/duration-us": String(runSeconds * S) } },
        spec: { restartPolicy: "Never", containers: [{ name: "work", image: "busybox", resources: { requests: { cpu: "500m" } } }] },
      },
    },
  });
}

const get = (c: ReturnType<typeof controllerCluster>, name: string) => c.store.get<Job>("Job", "default", name)!;
const condition = (j: Job) => j.status?.conditions?.filter((x) => x.type === "Complete" || x.type === "Failed").map((x) => `${x.type}:${x.reason}`) ?? [];

describe("JobController", () => {
  it("runs completions 5 with parallelism 2: never more than 2 pods at once, complete after three waves", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 2 });
    c.store.create(job("pi", { completions: 5, parallelism: 2 }));
    let maxActive = 0;
    while (c.engine.now < 300 * S && c.engine.step()) maxActive = Math.max(maxActive, c.pods().length);
    expect(maxActive).toBe(2);
    const j = get(c, "pi");
    expect(j.status).toMatchObject({ active: 0, succeeded: 5, failed: 0 });
    expect(condition(j)).toEqual(["Complete:CompletionsReached"]);
    // Three waves of 1 s start + 30 s run.
    expect(Date.parse(j.status!.completionTime!) / 1000).toBe(93);
    expect(c.events.events.filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(5);
  });

  it("an Indexed job runs each index once, with the index in the pod's name and annotation", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 2 });
    c.store.create(job("idx", { completions: 4, parallelism: 4, completionMode: "Indexed" }));
    c.engine.run({ until: 2 * S });
    const names = c.pods().map((p) => p.metadata.name).sort();
    expect(names.map((n) => n.replace(/-[a-z0-9]{5}$/, ""))).toEqual(["idx-0", "idx-1", "idx-2", "idx-3"]);
    expect(c.pods().map((p: Pod) => p.metadata.annotations!["batch.kubernetes.io/job-completion-index"]).sort()).toEqual(["0", "1", "2", "3"]);
    c.engine.run({ until: 100 * S });
    expect(get(c, "idx").status).toMatchObject({ succeeded: 4, completedIndexes: "0-3" });
  });

  it("a work queue (parallelism without completions) is done when a pod succeeds and none is left running", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 2 });
    c.store.create(job("queue", { parallelism: 3 }));
    c.engine.run({ until: 100 * S });
    expect(get(c, "queue").status).toMatchObject({ succeeded: 3, active: 0 });
    expect(condition(get(c, "queue"))).toEqual(["Complete:CompletionsReached"]);
  });

  it("activeDeadlineSeconds fails the job and deletes its pods; a suspended job starts none", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 2 });
    c.store.create(job("slow", { completions: 2, activeDeadlineSeconds: 10 }, 3600));
    c.store.create(job("held", { completions: 2, suspend: true }));
    c.engine.run({ until: 20 * S });
    expect(condition(get(c, "slow"))).toEqual(["Failed:DeadlineExceeded"]);
    expect(c.pods()).toHaveLength(0);
    expect(get(c, "held").status).toMatchObject({ active: 0, succeeded: 0 });
  });

  it("prints completed indexes as upstream does", () => {
    expect(compressIndexes(new Set([0, 1, 2, 5, 7, 8]))).toBe("0-2,5,7-8");
    expect(compressIndexes(new Set([3]))).toBe("3");
  });
});
