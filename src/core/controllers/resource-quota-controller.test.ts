// A Deployment under its namespace's ResourceQuota: the ReplicaSet's creates past the quota are refused
// with the API server's words as a FailedCreate warning, the quota's status says what is used, and once
// the quota is raised the ReplicaSet's retry (after its backoff) creates the rest.
import { describe, expect, it } from "vitest";
import type { ResourceQuota } from "../api/resource-quota.js";
import type { KubeObject } from "../api/types.js";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import { controllerCluster, testDeployment } from "./testing.js";

const quota = (cpu: string): KubeObject & ResourceQuota => ({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "compute", namespace: "default" }, spec: { hard: { pods: "10", "requests.cpu": cpu } } });

describe("ResourceQuota controller and admission", () => {
  it("holds a Deployment of 6 x 100m to 3 pods under requests.cpu 300m, then lets it grow when the quota is raised", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 2 });
    c.store.create(quota("300m"));
    c.store.create(testDeployment("web", 6));
    c.engine.run({ until: 60_000_000 });
    expect(c.pods()).toHaveLength(3);
    const refused = c.events.events.filter((e) => e.reason === "FailedCreate");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.type).toBe("Warning");
    expect(refused[0]!.message).toMatch(/^Error creating: pods "web-[a-z0-9]+-" is forbidden: exceeded quota: compute, requested: requests\.cpu=100m, used: requests\.cpu=300m, limited: requests\.cpu=300m$/);
    expect(c.store.get<KubeObject & ResourceQuota>("ResourceQuota", "default", "compute")!.status).toEqual({ hard: { pods: "10", "requests.cpu": "300m" }, used: { pods: "3", "requests.cpu": "300m" } });

    c.store.updateSpec({ ...c.store.get<KubeObject & ResourceQuota>("ResourceQuota", "default", "compute")!, spec: quota("1").spec });
    c.engine.run({ until: 60 * 60_000_000 });
    expect(c.pods()).toHaveLength(6);
    expect(c.store.get<KubeObject & ResourceQuota>("ResourceQuota", "default", "compute")!.status?.used).toEqual({ pods: "6", "requests.cpu": "600m" });
  });
});
