/**
 * The controllers a scenario's cluster runs, as kube-controller-manager starts them: ReplicaSet,
 * Deployment, garbage collector, node lifecycle, taint eviction, disruption (PodDisruptionBudgets), Job,
 * CronJob, DaemonSet, StatefulSet, the horizontal pod autoscaler, resource quotas and namespaces (with
 * the API server's quota and namespace-lifecycle admission), sharing one event log. Trace replays
 * do not start them: their pods have no owners and their nodes do not fail, and watching every pod
 * would cost the replay time for nothing.
 */
import type { ObjectStore } from "../api/store.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import type { Rng } from "../engine/rng.js";
import { CronJobController } from "./cron-job-controller.js";
import { DaemonSetController } from "./daemon-set-controller.js";
import { DeploymentController } from "./deployment-controller.js";
import { DisruptionController } from "./disruption-controller.js";
import { EventLog } from "./event-log.js";
import { GarbageCollector } from "./garbage-collector.js";
import { HorizontalPodAutoscalerController } from "./hpa-controller.js";
import { JobController } from "./job-controller.js";
import { LoadModel } from "./load-model.js";
import { NodeLifecycleController } from "./node-lifecycle-controller.js";
import { NamespaceController } from "./namespace-controller.js";
import { ReplicaSetController } from "./replica-set-controller.js";
import { ResourceQuotaController } from "./resource-quota-controller.js";
import { StatefulSetController } from "./stateful-set-controller.js";
import { TaintEvictionController } from "./taint-eviction-controller.js";

export class ControllerManager {
  readonly events: EventLog;
  /** The CPU demand on workloads, which the autoscaler's metrics read (set by the scenario). */
  readonly load = new LoadModel();
  readonly components: readonly Component[];

  constructor(engine: Engine, store: ObjectStore, rng: Rng, events = new EventLog(engine)) {
    this.events = events;
    this.components = [
      new ReplicaSetController(engine, store, rng, events),
      new DeploymentController(engine, store, events),
      new GarbageCollector(store),
      new NodeLifecycleController(engine, store, events),
      new TaintEvictionController(engine, store, events),
      new DisruptionController(engine, store),
      new JobController(engine, store, rng.fork(), events),
      new DaemonSetController(engine, store, rng.fork(), events),
      new StatefulSetController(engine, store, events),
      new CronJobController(engine, store, events),
      new HorizontalPodAutoscalerController(engine, store, events, this.load),
      new ResourceQuotaController(engine, store),
      new NamespaceController(engine, store),
    ];
  }
}
