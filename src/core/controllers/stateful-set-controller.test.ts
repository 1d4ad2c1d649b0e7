import { describe, expect, it } from "vitest";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import type { Pod } from "../api/types.js";
import { defaultStatefulSet, type StatefulSet } from "../api/workload-types.js";
import { controllerCluster } from "./testing.js";

const S = 1_000_000;

const db = (replicas: number, extra: Partial<StatefulSet["spec"]> = {}): StatefulSet =>
  defaultStatefulSet({
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "db", namespace: "default" },
    spec: {
      replicas,
      serviceName: "db",
      selector: { matchLabels: { app: "db" } },
      template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "pg", image: "postgres:15", resources: { requests: { cpu: "100m" } } }] } },
      ...extra,
    },
  });

/** When each pod name was created and deleted, in order. */
function watchLog(c: ReturnType<typeof controllerCluster>) {
  const log: string[] = [];
  c.store.watch<Pod>("Pod", (ev) => {
    if (ev.type !== "MODIFIED") log.push(`${ev.type === "ADDED" ? "+" : "-"}${ev.object.metadata.name}@${c.engine.now / S}`);
  });
  return log;
}

describe("StatefulSetController", () => {
  it("OrderedReady: db-0, db-1, db-2 each once the one before is running; scale down from the highest ordinal", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 2, podStartLatencyUs: 5 * S });
    const log = watchLog(c);
    c.store.create(db(3));
    c.engine.run({ until: 30 * S });
    expect(log).toEqual(["+db-0@0", "+db-1@5", "+db-2@10"]);
    const p = c.store.get<Pod>("Pod", "default", "db-1")!;
    expect(p.metadata.labels).toMatchObject({ "statefulset.kubernetes.io/pod-name": "db-1", "apps.kubernetes.io/pod-index": "1" });
    expect(p.spec).toMatchObject({ hostname: "db-1", subdomain: "db" });
    const t = c.engine.now / S; // the run idles once every pod is up
    c.store.patch<StatefulSet>("StatefulSet", "default", "db", (s) => ({ ...s, spec: { ...s.spec, replicas: 1 } }));
    c.engine.run({ until: 60 * S });
    expect(log.slice(3)).toEqual([`-db-2@${t}`, `-db-1@${t}`]);
    expect(c.store.get<StatefulSet>("StatefulSet", "default", "db")!.status).toMatchObject({ replicas: 1, readyReplicas: 1 });
  });

  it("a deleted pod comes back with the same name; Parallel creates every ordinal at once", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 2, podStartLatencyUs: 5 * S });
    c.store.create(db(3, { podManagementPolicy: "Parallel" }));
    const log = watchLog(c);
    c.engine.run({ until: 20 * S });
    expect(log).toEqual(["+db-0@0", "+db-1@0", "+db-2@0"]);
    const t = c.engine.now / S;
    c.store.delete("Pod", "default", "db-1");
    c.engine.run({ until: 40 * S });
    expect(log.slice(3)).toEqual([`-db-1@${t}`, `+db-1@${t}`]);
  });

  it("RollingUpdate replaces pods from the highest ordinal down, one at a time, above the partition", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 2, podStartLatencyUs: 5 * S });
    c.store.create(db(3, { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } }));
    c.engine.run({ until: 30 * S });
    const log = watchLog(c);
    const t = c.engine.now / S;
    c.store.patch<StatefulSet>("StatefulSet", "default", "db", (s) => ({ ...s, spec: { ...s.spec, template: { ...s.spec.template, spec: { ...s.spec.template.spec, containers: [{ name: "pg", image: "postgres:16" }] } } } }));
    c.engine.run({ until: 100 * S });
    // db-1 goes once the new db-2 is running (5 s); db-0 is below the partition.
    expect(log).toEqual([`-db-2@${t}`, `+db-2@${t}`, `-db-1@${t + 5}`, `+db-1@${t + 5}`]);
    const images = ["db-0", "db-1", "db-2"].map((n) => c.store.get<Pod>("Pod", "default", n)!.spec.containers[0]!.image);
    expect(images).toEqual(["postgres:15", "postgres:16", "postgres:16"]);
  });
});
