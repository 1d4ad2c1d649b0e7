/**
 * workloads.csv: the controllers' view of a scenario over time, sampled at the run's interval — the
 * replicas the Deployments want, have, have ready and available (summed over all of them), and the
 * Jobs' active and succeeded pods. The report charts it (ready replicas over time).
 */
import type { ObjectStore } from "../api/store.js";
import type { Deployment, Job } from "../api/workload-types.js";
import type { Component } from "../component.js";
import { Priority, type Engine } from "../engine/engine.js";

export const WORKLOADS_FILE = "workloads.csv";
const HEADER = "time_s,desired_replicas,replicas,ready_replicas,available_replicas,jobs_active,jobs_succeeded\n";

export class WorkloadSampler implements Component {
  readonly componentName = "workload sampler";
  private rows = "";

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    private readonly intervalUs: number,
  ) {}

  start(): void {
    this.engine.after(0, () => this.tick(), Priority.Late, true);
  }

  private tick(): void {
    this.sample();
    this.engine.after(this.intervalUs, () => this.tick(), Priority.Late, true);
  }

  /** One row for now (also called at the end of the run). */
  sample(): void {
    let desired = 0;
    let replicas = 0;
    let ready = 0;
    let available = 0;
    for (const d of this.store.list<Deployment>("Deployment")) {
      desired += d.spec.replicas ?? 1;
      replicas += d.status?.replicas ?? 0;
      ready += d.status?.readyReplicas ?? 0;
      available += d.status?.availableReplicas ?? 0;
    }
    let active = 0;
    let succeeded = 0;
    for (const j of this.store.list<Job>("Job")) {
      active += j.status?.active ?? 0;
      succeeded += j.status?.succeeded ?? 0;
    }
    this.rows += `${this.engine.now / 1e6},${desired},${replicas},${ready},${available},${active},${succeeded}\n`;
  }

  csv(): string {
    return HEADER + this.rows;
  }
}
