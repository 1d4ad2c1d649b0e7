/**
 * The composition root: one tsyringe child container per run holds that run's engine, store, RNG,
 * configuration and registry. Core classes receive them by explicit token (@inject), so the same code
 * works under tsc, vitest and workers without decorator metadata. Plugins never see the container.
 */
import { DEFAULT_SERVICE_RANGES, ServiceAllocator } from "../network/service-allocator.js";
import "reflect-metadata";
import { container as root, inject, injectable, type DependencyContainer } from "tsyringe";
import { ObjectStore } from "../api/store.js";
import { Engine } from "../engine/engine.js";
import { Rng } from "../engine/rng.js";
import { NodeAgents } from "../kubelet/kubelet.js";
import { PodStages } from "../kubelet/pod-stages.js";
import { Recorder } from "../metrics/recorder.js";
import type { Component } from "../component.js";
import type { SchedulerConfig } from "../scheduler/config.js";
import type { PluginRegistry } from "../scheduler/profile.js";
import { Scheduler } from "../scheduler/scheduler.js";
import type { ExperimentSpec } from "./spec.js";
import { InputError } from "../errors.js";
import { NodeIpamController } from "../controllers/node-ipam-controller.js";
import { NO_NETWORK_PLUGINS, type NetworkPlugins } from "../network/network-plugins.js";
import { PodNetwork } from "../network/pod-network.js";
import { EXPERIMENT_CLUSTER_CIDR, ServiceNetwork } from "../network/service-network.js";
import { ControllerManager } from "../controllers/controller-manager.js";
import { evictPod } from "../controllers/eviction.js";
import { ScenarioPlayer } from "../scenario/player.js";
import { ObjectHistory } from "../scenario/history.js";
import { WorkloadSampler } from "../scenario/workload-sampler.js";

type Token<T> = symbol & { readonly __type?: T };
const token = <T>(name: string): Token<T> => Symbol(name) as Token<T>;

export const TOKENS = {
  Spec: token<ExperimentSpec>("Spec"),
  Seed: token<number>("Seed"),
  Engine: token<Engine>("Engine"),
  Store: token<ObjectStore>("Store"),
  Rng: token<Rng>("Rng"),
  SchedulerConfig: token<SchedulerConfig>("SchedulerConfig"),
  PluginRegistry: token<PluginRegistry>("PluginRegistry"),
  SampleIntervalUs: token<number>("SampleIntervalUs"),
  NetworkPlugins: token<NetworkPlugins>("NetworkPlugins"),
} as const;

/** Everything one simulated cluster is made of, wired from the run's container. */
@injectable()
export class Simulation {
  readonly scheduler: Scheduler;
  readonly agents: NodeAgents;
  readonly recorder: Recorder;
  /** Services, EndpointSlices and kube-proxy on every node, when the run sets model.proxy. */
  readonly network: ServiceNetwork | null;
  /** CNI on every node and the node IPAM controller, when the run has a network section. */
  readonly podNetwork: PodNetwork | null;
  readonly nodeIpam: NodeIpamController | null;
  /** The workload controllers and the timeline's player, when the run is a scenario. */
  readonly controllers: ControllerManager | null;
  readonly player: ScenarioPlayer | null;
  /** Every write to the objects `clusterlab get` shows (scenarios that keep a history). */
  readonly history: ObjectHistory | null;
  /** workloads.csv: Deployments' and Jobs' numbers over time (scenarios). */
  readonly workloads: WorkloadSampler | null;
  /** Cluster IPs and node ports (runs with Services: a proxy model or a scenario), else null. */
  readonly serviceAllocator: ServiceAllocator | null;
  /** The run's components, in start order; the recorder observes them. */
  readonly components: readonly Component[];

  constructor(
    @inject(TOKENS.Spec) readonly spec: ExperimentSpec,
    @inject(TOKENS.Engine) readonly engine: Engine,
    @inject(TOKENS.Store) readonly store: ObjectStore,
    @inject(TOKENS.Rng) rng: Rng,
    @inject(TOKENS.SchedulerConfig) config: SchedulerConfig,
    @inject(TOKENS.PluginRegistry) registry: PluginRegistry,
    @inject(TOKENS.SampleIntervalUs) sampleIntervalUs: number,
    @inject(TOKENS.NetworkPlugins) plugins: NetworkPlugins,
  ) {
    const m = spec.model;
    const n = spec.network;
    // Cluster IPs and node ports as the API server allocates them, from the run's seed (one allocator for the
    // cluster's Services and those a scenario applies later).
    this.serviceAllocator = m.proxy !== null || spec.workload.kind === "scenario" ? new ServiceAllocator(DEFAULT_SERVICE_RANGES, Rng.seeded(spec.seed)) : null;
    this.scheduler = new Scheduler(engine, store, config, registry, rng.fork(), { scheduleCycleUs: m.scheduleCycleUs, bindLatencyUs: m.bindLatencyUs, reuseFilterFailures: m.reuseFilterFailures });
    this.nodeIpam = n ? new NodeIpamController(engine, store, n.clusterCIDR, n.nodeCIDRMaskSize) : null;
    this.podNetwork = n
      ? new PodNetwork(engine, store, plugins.cni, { file: n.cniFile, text: n.cniText, clusterCIDR: n.clusterCIDR, nodeMaskSize: n.nodeCIDRMaskSize, retryUs: n.retryIntervalUs, pluginOptions: n.plugins, latency: n.latency }, sampleIntervalUs)
      : null;
    // The jitter's random stream is forked only when asked for, so runs without it draw exactly as before.
    const jitter = m.podStartJitterUs > m.podStartLatencyUs ? { podStartJitterUs: m.podStartJitterUs, rng: rng.fork() } : {};
    this.agents = new NodeAgents(engine, store, { podStartLatencyUs: m.podStartLatencyUs, deleteFinishedPods: m.deleteFinishedPods, ...jitter }, this.podNetwork);
    this.recorder = new Recorder(engine, this.scheduler, this.agents, sampleIntervalUs);
    const proxy = m.proxy === null ? null : plugins.proxy.get(m.proxy);
    if (m.proxy !== null && !proxy) throw new InputError(`model.proxy: unknown proxy plugin "${m.proxy}" (known: ${[...plugins.proxy.keys()].join(", ")})`);
    this.network = proxy
      ? new ServiceNetwork(engine, store, rng.fork(), {
          plugin: proxy,
          minSyncPeriodUs: m.proxyMinSyncPeriodUs,
          syncPeriodUs: m.proxySyncPeriodUs,
          clusterCIDR: n?.clusterCIDR ?? EXPERIMENT_CLUSTER_CIDR,
          traffic: spec.traffic,
          cni: this.podNetwork ? { crossNodePath: this.podNetwork.crossNode } : null,
        })
      : null;
    const w = spec.workload;
    this.controllers = w.kind === "scenario" ? new ControllerManager(engine, store, rng.fork()) : null;
    this.player = w.kind === "scenario" ? new ScenarioPlayer(engine, store, this.agents, this.controllers!.events, w.timeline, (pod) => evictPod(store, pod), this.controllers!.load, spec.untilUs, this.serviceAllocator) : null;
    this.history = w.kind === "scenario" && w.history ? new ObjectHistory(engine, store) : null;
    this.workloads = w.kind === "scenario" ? new WorkloadSampler(engine, store, sampleIntervalUs) : null;
    // KWOK Stages applied by the timeline: their random stream is forked last and only then, so every
    // other stream, and every run without Stages, draws exactly as before.
    if (w.kind === "scenario" && w.timeline.some((e) => e.action.kind === "apply" && e.action.objects.some((o) => o.kind === "Stage"))) {
      this.agents.useStages(new PodStages(store, rng.fork()));
    }
    // The node IPAM controller and the CNI runtime come first, so nodes have their podCIDRs before pods bind.
    this.components = [
      ...(this.history ? [this.history] : []),
      ...(this.nodeIpam ? [this.nodeIpam] : []),
      ...(this.podNetwork ? [this.podNetwork] : []),
      this.scheduler,
      this.agents,
      ...(this.network ? [this.network] : []),
      ...(this.controllers?.components ?? []),
      ...(this.player ? [this.player] : []),
      ...(this.workloads ? [this.workloads] : []),
    ];
  }

  /** Starts every component in order (after the cluster's objects are in the store). */
  start(): void {
    for (const c of this.components) c.start();
  }
}

export interface RunScope {
  readonly container: DependencyContainer;
  readonly simulation: Simulation;
}

/** A fresh child container for one run. */
export function createRunScope(
  spec: ExperimentSpec,
  seed: number,
  config: SchedulerConfig,
  registry: PluginRegistry,
  sampleIntervalUs: number,
  plugins: NetworkPlugins = NO_NETWORK_PLUGINS,
): RunScope {
  const c = root.createChildContainer();
  const engine = new Engine();
  c.register(TOKENS.Spec, { useValue: spec });
  c.register(TOKENS.Seed, { useValue: seed });
  c.register(TOKENS.Engine, { useValue: engine });
  c.register(TOKENS.Store, { useValue: new ObjectStore(engine, { watchDelayUs: spec.model.watchDelayUs }) });
  c.register(TOKENS.Rng, { useValue: Rng.seeded(seed) });
  c.register(TOKENS.SchedulerConfig, { useValue: config });
  c.register(TOKENS.PluginRegistry, { useValue: registry });
  c.register(TOKENS.SampleIntervalUs, { useValue: sampleIntervalUs });
  c.register(TOKENS.NetworkPlugins, { useValue: plugins });
  return { container: c, simulation: c.resolve(Simulation) };
}
