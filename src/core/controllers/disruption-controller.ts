/**
 * The disruption controller (pkg/controller/disruption): keeps each PodDisruptionBudget's status — the
 * pods it selects in its namespace (expectedPods), how many are healthy (ready, not being deleted), how
 * many must stay healthy (minAvailable, or expected − maxUnavailable; percentages of the owning
 * controllers' replicas, rounded up), and so how many may be disrupted now. The eviction API
 * (eviction.ts) reads and decrements disruptionsAllowed.
 */
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from "../api/policy-types.js";
import { compileLabelSelector } from "../api/selectors.js";
import type { ObjectStore } from "../api/store.js";
import type { Pod } from "../api/types.js";
import type { Deployment, ReplicaSet } from "../api/workload-types.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import { scaledValue } from "./deployment-util.js";
import { controllerOf, objectKey } from "./object-cache.js";
import { isPodReady } from "./pod-template.js";
import { WorkQueue } from "./work-queue.js";

export class DisruptionController implements Component {
  readonly componentName = "disruption controller";
  private readonly queue: WorkQueue;
  /** PDB keys by namespace, so a pod's change re-checks only its namespace's budgets. */
  private readonly byNamespace = new Map<string, Set<string>>();

  constructor(
    engine: Engine,
    private readonly store: ObjectStore,
  ) {
    this.queue = new WorkQueue(engine, (k) => this.sync(k));
  }

  start(): void {
    this.store.watch<PodDisruptionBudget>(
      "PodDisruptionBudget",
      (ev) => {
        const ns = ev.object.metadata.namespace ?? "default";
        const key = objectKey(ev.object);
        let set = this.byNamespace.get(ns);
        if (!set) this.byNamespace.set(ns, (set = new Set()));
        if (ev.type === "DELETED") set.delete(key);
        else set.add(key);
        this.queue.add(key);
      },
      { replay: true },
    );
    this.store.watch<Pod>("Pod", (ev) => {
      for (const key of this.byNamespace.get(ev.object.metadata.namespace ?? "default") ?? []) this.queue.add(key);
    });
  }

  private sync(key: string): void {
    const [ns, name] = key.split("/") as [string, string];
    const pdb = this.store.get<PodDisruptionBudget>("PodDisruptionBudget", ns, name);
    if (!pdb) return;
    const status = budgetStatus(this.store, pdb);
    const s = pdb.status;
    if (s && s.disruptionsAllowed === status.disruptionsAllowed && s.currentHealthy === status.currentHealthy && s.desiredHealthy === status.desiredHealthy && s.expectedPods === status.expectedPods && s.observedGeneration === status.observedGeneration) return;
    this.store.updateStatus<PodDisruptionBudget>({ ...pdb, status });
  }
}

/** The pods a budget selects: its namespace's, matching its selector (policy/v1: an empty selector selects all). */
export function budgetPods(store: ObjectStore, pdb: PodDisruptionBudget): Pod[] {
  const ns = pdb.metadata.namespace ?? "default";
  const sel = compileLabelSelector(pdb.spec.selector ?? null);
  return store.list<Pod>("Pod", (p) => (p.metadata.namespace ?? "default") === ns && sel.matches(p.metadata.labels));
}

/** getExpectedScale: the replicas of the controllers owning the pods (a Deployment's, for its ReplicaSets' pods). */
function expectedScale(store: ObjectStore, pods: readonly Pod[]): number {
  const seen = new Set<string>();
  let n = 0;
  for (const p of pods) {
    const ref = controllerOf(p);
    if (!ref) continue; // upstream fails the budget for a pod without a controller; counted as one
    if (ref.kind !== "ReplicaSet") {
      if (!seen.has(ref.uid)) n++;
      seen.add(ref.uid);
      continue;
    }
    const rs = store.get<ReplicaSet>("ReplicaSet", p.metadata.namespace, ref.name);
    const owner = rs ? controllerOf(rs) : undefined;
    if (owner?.kind === "Deployment") {
      if (seen.has(owner.uid)) continue;
      seen.add(owner.uid);
      n += store.get<Deployment>("Deployment", p.metadata.namespace, owner.name)?.spec.replicas ?? 0;
    } else if (rs && !seen.has(rs.metadata.uid!)) {
      seen.add(rs.metadata.uid!);
      n += rs.spec.replicas ?? 1;
    }
  }
  return n;
}

export function budgetStatus(store: ObjectStore, pdb: PodDisruptionBudget): PodDisruptionBudgetStatus {
  const pods = budgetPods(store, pdb).filter((p) => !p.metadata.deletionTimestamp);
  const currentHealthy = pods.filter(isPodReady).length;
  let expectedPods = pods.length;
  let desiredHealthy = 0;
  const { minAvailable, maxUnavailable } = pdb.spec;
  if (maxUnavailable !== undefined) {
    expectedPods = expectedScale(store, pods);
    desiredHealthy = Math.max(0, expectedPods - scaledValue(maxUnavailable, expectedPods, true));
  } else if (typeof minAvailable === "number") {
    desiredHealthy = minAvailable;
  } else if (minAvailable !== undefined) {
    expectedPods = expectedScale(store, pods);
    desiredHealthy = scaledValue(minAvailable, expectedPods, true);
  }
  return { observedGeneration: pdb.metadata.generation ?? 1, disruptionsAllowed: Math.max(0, currentHealthy - desiredHealthy), currentHealthy, desiredHealthy, expectedPods };
}
