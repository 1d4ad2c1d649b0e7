// Deleting a namespace: it is marked Terminating at once, nothing new may be created in it (the API
// server's NamespaceLifecycle words), and the namespace controller deletes what is in it — workloads
// first, so nothing is remade — and then the namespace; other namespaces are left alone.
import { describe, expect, it } from "vitest";
import { StoreError } from "../api/store.js";
import type { KubeObject, Namespace, Pod } from "../api/types.js";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import { makePod } from "../scheduler/testing.js";
import { terminateNamespace } from "./namespace-controller.js";
import { controllerCluster, testDeployment } from "./testing.js";

describe("namespace controller", () => {
  it("terminates a namespace: refuses new content, deletes its workloads, pods, services and quotas, then itself", () => {
    const c = controllerCluster(inTreeRegistry(), { nodes: 2 });
    c.store.create<Namespace>({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
    c.store.create({ ...testDeployment("web", 3), metadata: { name: "web", namespace: "team" } });
    c.store.create(testDeployment("keep", 2));
    c.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "team" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } } as KubeObject);
    c.engine.run({ until: 30_000_000 });
    expect(c.pods().filter((p) => p.metadata.namespace === "team")).toHaveLength(3);

    terminateNamespace(c.store, c.store.get<Namespace>("Namespace", undefined, "team")!);
    expect(c.store.get<Namespace>("Namespace", undefined, "team")!.metadata.deletionTimestamp).toBeDefined();
    let refused: unknown;
    try {
      c.store.create<Pod>(makePod({ name: "late", namespace: "team" }));
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(StoreError);
    expect((refused as StoreError).message).toBe('pods "late" is forbidden: unable to create new content in namespace team because it is being terminated');

    c.engine.run({ until: 120_000_000 });
    for (const kind of ["Deployment", "ReplicaSet", "Pod", "Service"]) {
      expect(c.store.list(kind, (o) => o.metadata.namespace === "team"), kind).toHaveLength(0);
    }
    expect(c.store.get("Namespace", undefined, "team")).toBeUndefined();
    // The other namespace's Deployment is untouched, and nothing was remade in the deleted one.
    expect(c.pods().map((p) => p.metadata.namespace)).toEqual(["default", "default"]);
  });
});
