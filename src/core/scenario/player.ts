/**
 * Plays a scenario's timeline into the cluster at the virtual times it names, as a user with kubectl
 * would act: through the store (apply creates or updates, scale/set image/rollback/pause/resume change a
 * spec and its generation, cordon/uncordon a node's spec.unschedulable, drain cordons then evicts), or
 * through the node agents for a node's failure and recovery; `load` sets the CPU demand the autoscaler sees. An action that fails as kubectl would (an
 * object not found, no such revision) is recorded as a Warning event and the scenario goes on.
 */
import type { Service } from "../api/network-types.js";
import { InputError } from "../errors.js";
import type { ServiceAllocator } from "../network/service-allocator.js";
import { terminateNamespace } from "../controllers/namespace-controller.js";
import { API_GROUP_SUFFIX } from "../api/resource-names.js";
import { StoreError, type ObjectStore } from "../api/store.js";
import type { KubeObject, Namespace, Node, Pod } from "../api/types.js";
import type { Deployment, ReplicaSet } from "../api/workload-types.js";
import { DefaultDeploymentUniqueLabelKey, defaultCronJob, defaultDeployment, defaultJob, defaultReplicaSet, defaultStatefulSet, type CronJob, type Job, type StatefulSet } from "../api/workload-types.js";
import type { Component } from "../component.js";
import type { EventLog } from "../controllers/event-log.js";
import { controllerOf } from "../controllers/object-cache.js";
import { revisionOf } from "../controllers/deployment-util.js";
import type { Engine } from "../engine/engine.js";
import type { LoadModel } from "../controllers/load-model.js";
import type { NodeAgents } from "../kubelet/kubelet.js";
import type { ObjectRef, ScenarioAction, TimelineEntry } from "./timeline.js";

const SOURCE = "scenario";

/** How a drain evicts a pod: true when evicted, a reason when refused (a disruption budget). */
export type Evict = (pod: Pod) => true | string;

/** kubectl drain retries a refused eviction every 5 s. */
export const DRAIN_RETRY_US = 5_000_000;

type Spec = KubeObject & { spec: Record<string, unknown> & { template?: Deployment["spec"]["template"] }; metadata: KubeObject["metadata"] & { generation?: number } };

export class ScenarioPlayer implements Component {
  readonly componentName = "scenario";
  /** Actions that failed, as kubectl would have reported them. */
  readonly failures: string[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    private readonly agents: NodeAgents,
    private readonly events: EventLog,
    private readonly timeline: readonly TimelineEntry[],
    /** The eviction API (controllers/eviction.ts honours PodDisruptionBudgets). */
    private readonly evict: Evict,
    /** Where `load` actions set the CPU demand on workloads. */
    private readonly load: LoadModel | null = null,
    /** The scenario's `until`: the run goes on to it even when nothing else is scheduled (autoscalers tick). */
    private readonly untilUs: number | null = null,
    /** Cluster IPs and node ports for the Services it applies, as the API server gives them. */
    private readonly services: ServiceAllocator | null = null,
  ) {}

  start(): void {
    for (const entry of this.timeline) this.engine.at(Math.max(entry.atUs, this.engine.now), () => this.play(entry.action, entry.where));
    if (this.untilUs !== null && this.untilUs > 0) this.engine.at(this.untilUs, () => {});
  }

  private fail(where: string, object: string, namespace: string, message: string): void {
    this.failures.push(`${where}: ${message}`);
    this.events.record(SOURCE, namespace, object, "Warning", "ActionFailed", `${where}: ${message}`);
  }

  private play(a: ScenarioAction, where: string): void {
    switch (a.kind) {
      case "apply":
        for (const o of a.objects) {
          try {
            this.apply(structuredClone(o));
          } catch (e) {
            // Refused by admission (quota) or allocation (a taken node port): kubectl apply reports it and goes on.
            if (!(e instanceof StoreError && e.reason === "Forbidden") && !(e instanceof InputError)) throw e;
            this.fail(where, `${o.kind.toLowerCase()}/${o.metadata.name}`, o.metadata.namespace ?? "default", e instanceof StoreError ? `Error from server (Forbidden): error when creating "${a.file}": ${e.message}` : `The Service is invalid: ${(e as Error).message}`);
          }
        }
        return;
      case "failNode":
      case "recoverNode":
        if (!this.store.get("Node", undefined, a.node)) return this.fail(where, `node/${a.node}`, "default", `nodes "${a.node}" not found`);
        if (a.kind === "failNode") this.agents.failNode(a.node);
        else this.agents.recoverNode(a.node);
        return;
      case "cordon":
      case "uncordon":
      case "drain":
        return this.node(a.kind, a.node, where);
      default:
        return this.target(a, where);
    }
  }

  private apply(o: KubeObject): void {
    const ns = o.metadata.namespace;
    const cur = this.store.get<Spec>(o.kind, ns, o.metadata.name);
    if (o.kind === "Deployment") defaultDeployment(o as Deployment);
    if (o.kind === "ReplicaSet") defaultReplicaSet(o as ReplicaSet);
    if (o.kind === "Job") defaultJob(o as Job);
    if (o.kind === "StatefulSet") defaultStatefulSet(o as StatefulSet);
    if (o.kind === "CronJob") defaultCronJob(o as CronJob);
    (o.metadata as { generation?: number }).generation ??= 1;
    if (o.kind === "DaemonSet") (o as unknown as { spec: { minReadySeconds?: number } }).spec.minReadySeconds ??= 0;
    if (!cur) {
      delete o.metadata.uid; // the store gives each object its own
      if (o.kind === "Service" && this.services) {
        this.services.reserve(o as Service);
        this.store.create(this.services.fill(o as Service));
      } else this.store.create(o);
      return;
    }
    const next = o as Spec;
    if (JSON.stringify(next.spec) === JSON.stringify(cur.spec) && JSON.stringify(next.metadata.labels) === JSON.stringify(cur.metadata.labels)) return;
    this.store.updateSpec({ ...cur, metadata: { ...cur.metadata, labels: next.metadata.labels, annotations: { ...cur.metadata.annotations, ...next.metadata.annotations }, generation: (cur.metadata.generation ?? 1) + 1 }, spec: next.spec } as Spec);
  }

  private target(a: Exclude<ScenarioAction, { node: string } | { kind: "apply" }>, where: string): void {
    const t = a.target;
    const resource = `${t.kind.toLowerCase()}s${API_GROUP_SUFFIX[t.kind] ?? ""}`;
    const cur = this.store.get<Spec>(t.kind, t.namespace || undefined, t.name);
    const object = `${t.kind.toLowerCase()}/${t.name}`;
    if (!cur) return this.fail(where, object, t.namespace || "default", `${resource} "${t.name}" not found`);
    const change = (spec: Spec["spec"]) => this.store.updateSpec({ ...cur, metadata: { ...cur.metadata, generation: (cur.metadata.generation ?? 1) + 1 }, spec } as Spec);
    switch (a.kind) {
      case "delete":
        // A namespace is terminated by its controller (content first); everything else goes at once.
        if (t.kind === "Namespace") terminateNamespace(this.store, cur as unknown as Namespace);
        else this.store.delete(t.kind, t.namespace || undefined, t.name);
        return;
      case "scale":
        change({ ...cur.spec, replicas: a.replicas });
        return;
      case "pause":
      case "resume":
        change({ ...cur.spec, paused: a.kind === "pause" });
        return;
      case "setImage": {
        const podSpec = (t.kind === "Pod" ? cur.spec : cur.spec.template!.spec) as Pod["spec"];
        const known = new Set(podSpec.containers.map((c) => c.name));
        const missing = Object.keys(a.images).filter((c) => !known.has(c));
        if (missing.length) return this.fail(where, object, t.namespace, `unable to find container named "${missing[0]}"`);
        const containers = podSpec.containers.map((c) => (a.images[c.name] ? { ...c, image: a.images[c.name] } : c));
        if (t.kind === "Pod") change({ ...cur.spec, containers });
        else change({ ...cur.spec, template: { ...cur.spec.template!, spec: { ...cur.spec.template!.spec, containers } } });
        return;
      }
      case "rollback":
        return this.rollback(cur as unknown as Deployment, t, a.toRevision, where);
      case "load":
        this.load?.set(t.namespace, t.kind, t.name, a.cpuMilli);
        return;
    }
  }

  /** kubectl rollout undo: the template of the previous revision (or toRevision), without its hash label. */
  private rollback(d: Deployment, t: ObjectRef, toRevision: number, where: string): void {
    const object = `deployment/${t.name}`;
    const sets = this.store.list<ReplicaSet>("ReplicaSet", (rs) => rs.metadata.namespace === t.namespace && controllerOf(rs)?.uid === d.metadata.uid);
    const byRevision = new Map(sets.map((rs) => [revisionOf(rs), rs]));
    const revisions = [...byRevision.keys()].sort((a, b) => a - b);
    let target: ReplicaSet | undefined;
    if (toRevision === 0) {
      if (revisions.length < 2) return this.fail(where, object, t.namespace, "no rollout history found for deployment");
      target = byRevision.get(revisions[revisions.length - 2]!);
    } else {
      target = byRevision.get(toRevision);
      if (!target) return this.fail(where, object, t.namespace, `unable to find specified revision ${toRevision} in history`);
    }
    const labels = { ...(target!.spec.template.metadata?.labels ?? {}) };
    delete labels[DefaultDeploymentUniqueLabelKey];
    const template = { ...target!.spec.template, metadata: { ...target!.spec.template.metadata, labels } };
    if (JSON.stringify(template) === JSON.stringify(d.spec.template)) {
      this.events.record(SOURCE, t.namespace, object, "Normal", "RollbackSkipped", `skipped rollback (current template already matches revision ${revisionOf(target!)})`);
      return;
    }
    this.store.updateSpec({ ...d, metadata: { ...d.metadata, generation: (d.metadata.generation ?? 1) + 1 }, spec: { ...d.spec, template } });
  }

  private node(kind: "cordon" | "uncordon" | "drain", name: string, where: string): void {
    const n = this.store.get<Node>("Node", undefined, name);
    if (!n) return this.fail(where, `node/${name}`, "default", `nodes "${name}" not found`);
    const unschedulable = kind !== "uncordon";
    if ((n.spec.unschedulable ?? false) !== unschedulable) {
      const spec = { ...n.spec };
      if (unschedulable) spec.unschedulable = true;
      else delete spec.unschedulable;
      this.store.updateSpec({ ...n, spec });
      this.events.record(SOURCE, "default", `node/${name}`, "Normal", unschedulable ? "NodeNotSchedulable" : "NodeSchedulable", `Node ${name} status is now: ${unschedulable ? "NodeNotSchedulable" : "NodeSchedulable"}`);
    }
    if (kind === "drain") this.drain(name, where);
  }

  /** Evicts every pod on the node that a controller will replace; refused evictions are retried every 5 s. */
  private drain(name: string, where: string): void {
    const pods = this.store.list<Pod>("Pod", (p) => p.spec.nodeName === name && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
    const unmanaged = pods.filter((p) => !controllerOf(p));
    if (unmanaged.length) {
      return this.fail(where, `node/${name}`, "default", `cannot delete Pods that declare no controller (use --force to override): ${unmanaged.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(", ")}`);
    }
    let refused = 0;
    for (const p of pods) {
      if (controllerOf(p)?.kind === "DaemonSet") continue;
      const r = this.evict(p);
      if (r === true) {
        this.events.record(SOURCE, p.metadata.namespace ?? "default", `pod/${p.metadata.name}`, "Normal", "Evicted", `evicting pod ${p.metadata.namespace}/${p.metadata.name}`);
      } else {
        refused++;
        this.events.record(SOURCE, p.metadata.namespace ?? "default", `pod/${p.metadata.name}`, "Warning", "EvictionRefused", `error when evicting pods/"${p.metadata.name}" -n "${p.metadata.namespace}" (will retry after 5s): ${r}`);
      }
    }
    if (refused) this.engine.after(DRAIN_RETRY_US, () => this.drain(name, where));
  }
}
