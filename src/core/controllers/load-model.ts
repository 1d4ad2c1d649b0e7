/**
 * The CPU a workload uses, as data: the scenario sets the total demand a Deployment's pods serve
 * (`load: deployment/web, cpu: 600m`), spread evenly over its ready pods, as a load-balanced Service
 * spreads requests. The metrics API (what metrics-server reports to the autoscaler) reads it from here.
 */
export class LoadModel {
  private readonly demand = new Map<string, number>();

  static key(namespace: string, kind: string, name: string): string {
    return `${namespace}/${kind}/${name}`;
  }

  /** Sets the total CPU demand (millicores) on a workload. */
  set(namespace: string, kind: string, name: string, cpuMilli: number): void {
    this.demand.set(LoadModel.key(namespace, kind, name), cpuMilli);
  }

  /** The workload's total demand (0 when none was set). */
  cpuMilli(namespace: string, kind: string, name: string): number {
    return this.demand.get(LoadModel.key(namespace, kind, name)) ?? 0;
  }
}
