/**
 * A small cluster for controller tests: engine, store, scheduler (with the registry the test passes),
 * node agents and the workload controllers, started; nodes created with the given allocatable.
 */
import { ObjectStore } from "../api/store.js";
import type { Pod } from "../api/types.js";
import { defaultDeployment, type Deployment } from "../api/workload-types.js";
import { Engine } from "../engine/engine.js";
import { Rng } from "../engine/rng.js";
import { NodeAgents } from "../kubelet/kubelet.js";
import { defaultSchedulerConfig, type SchedulerConfig } from "../scheduler/config.js";
import type { PluginRegistry } from "../scheduler/profile.js";
import { Scheduler } from "../scheduler/scheduler.js";
import { makeNode } from "../scheduler/testing.js";
import { ControllerManager } from "./controller-manager.js";
import { isPodActive, isPodReady } from "./pod-template.js";

export interface ControllerClusterOptions {
  nodes?: number;
  cpu?: string;
  seed?: number;
  podStartLatencyUs?: number;
  /** The scheduler's KubeSchedulerConfiguration (default: kube-scheduler's defaults). */
  config?: SchedulerConfig;
}

export function controllerCluster(registry: PluginRegistry, o: ControllerClusterOptions = {}) {
  const engine = new Engine();
  const store = new ObjectStore(engine);
  const rng = Rng.seeded(o.seed ?? 1);
  const scheduler = new Scheduler(engine, store, o.config ?? defaultSchedulerConfig(), registry, rng.fork());
  const agents = new NodeAgents(engine, store, { podStartLatencyUs: o.podStartLatencyUs ?? 1_000_000, deleteFinishedPods: true });
  const manager = new ControllerManager(engine, store, rng.fork());
  const events = manager.events;
  const components = [scheduler, agents, ...manager.components];
  for (let i = 1; i <= (o.nodes ?? 4); i++) store.create(makeNode({ name: `node-${i}`, allocatable: { cpu: o.cpu ?? "8", memory: "32Gi", pods: "110" } }));
  for (const c of components) c.start();
  const pods = () => store.list<Pod>("Pod").filter(isPodActive);
  const ready = () => pods().filter(isPodReady);
  return { engine, store, scheduler, agents, events, load: manager.load, pods, ready };
}

/** A Deployment of `replicas` pods labelled app=<name>, each requesting 100m of CPU. */
export function testDeployment(name: string, replicas: number, image = "nginx", extra: Partial<Deployment["spec"]> = {}): Deployment {
  return defaultDeployment({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image, resources: { requests: { cpu: "100m" } } }] } },
      ...extra,
    },
  });
}
