/**
 * Service networking in a run: pod addresses, the EndpointSlice controller, kube-proxy on every node with
 * the run's proxy plugin, and, when asked, traffic to every Service. Built by the composition root when
 * the experiment sets model.proxy; its numbers go into summary.json's `traffic` block.
 */
import type { ObjectStore } from "../api/store.js";
import { LabelZone, type Node } from "../api/types.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import type { Rng } from "../engine/rng.js";
import { percentile } from "../metrics/percentile.js";
import { EndpointSliceController } from "./endpoint-slice-controller.js";
import { formatIPv4, parseIPv4 } from "./ipv4.js";
import { KubeProxy } from "./kube-proxy.js";
import { PodIPAllocator } from "./pod-ip-allocator.js";
import type { PodPath } from "./cni/plugin.js";
import type { ProxyPlugin } from "./proxy-plugin.js";
import { TrafficGenerator, type PathCounts } from "./traffic.js";

export interface ServiceNetworkOptions {
  plugin: ProxyPlugin;
  minSyncPeriodUs: number;
  syncPeriodUs: number;
  clusterCIDR: string;
  traffic: { ratePerService: number; clients: Record<string, string>; requestsPerConnection: number } | null;
  /**
   * The run's pod network (network section), or null: then the simple allocator gives pods their addresses.
   * With one, the CNI plugins do, and requests are classified by the way the network carries them between nodes.
   */
  cni: { readonly crossNodePath: PodPath | null } | null;
}

/** The cluster CIDR of experiments: a /9 holds 32,768 node /24s (a /16 would stop at 256 nodes) and stays
 *  clear of the service CIDR 10.96.0.0/12. */
export const EXPERIMENT_CLUSTER_CIDR = "10.128.0.0/9";

/** Node addresses: 192.168.0.0/16 in the order nodes appear (the simulation's nodes have no addresses of their own). */
const NODE_BASE = parseIPv4("192.168.0.0")!;

export class ServiceNetwork implements Component {
  readonly componentName = "service network";
  readonly proxies = new Map<string, KubeProxy>();
  private traffic: TrafficGenerator | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    private readonly rng: Rng,
    private readonly opts: ServiceNetworkOptions,
  ) {}

  /** Starts the components; the cluster's nodes must be in the store (a kube-proxy runs on each). */
  start(): void {
    if (!this.opts.cni) new PodIPAllocator(this.store, this.opts.clusterCIDR).start();
    new EndpointSliceController(this.engine, this.store).start();
    this.store.list<Node>("Node").forEach((n, i) => {
      const node = { name: n.metadata.name, ip: formatIPv4(NODE_BASE + 2 + i), zone: n.metadata.labels?.[LabelZone] ?? "", clusterCIDR: this.opts.clusterCIDR, masqueradeAll: false };
      const p = new KubeProxy(this.engine, this.store, node, this.opts.plugin, { minSyncPeriodUs: this.opts.minSyncPeriodUs, syncPeriodUs: this.opts.syncPeriodUs });
      this.proxies.set(node.name, p);
      p.start();
    });
    if (this.opts.traffic) {
      this.traffic = new TrafficGenerator(this.engine, this.store, this.proxies, this.rng, {
        ratePerService: this.opts.traffic.ratePerService,
        clientSelector: this.opts.traffic.clients,
        untilUs: Infinity,
        keepRequests: false,
        requestsPerConnection: this.opts.traffic.requestsPerConnection,
        ...(this.opts.cni ? { crossNodePath: this.opts.cni.crossNodePath } : {}),
      });
      this.traffic.start();
    }
  }

  /** traffic.csv (requests by fate per second), or null without traffic. */
  trafficCsv(): string | null {
    return this.traffic ? this.traffic.csv() : null;
  }

  /** summary.json's `traffic` block. */
  summary(): NetworkSummary {
    const latencies = [...this.proxies.values()].flatMap((p) => p.programmingLatencyUs).sort((a, b) => a - b);
    const syncs = [...this.proxies.values()].reduce((n, p) => n + p.syncs.length, 0);
    const c = this.traffic?.counts ?? { delivered: 0, stale: 0, refused: 0, unrouted: 0 };
    const requests = c.delivered + c.stale + c.refused + c.unrouted;
    return {
      proxy: this.opts.plugin.name,
      requests,
      delivered: c.delivered,
      stale_endpoint: c.stale,
      refused: c.refused,
      unrouted: c.unrouted,
      stale_pct: requests ? Math.round((c.stale / requests) * 1e8) / 1e6 : 0,
      syncs,
      programming_latency_us: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? 0 },
      ...(this.opts.cni?.crossNodePath && this.traffic ? { paths: { mode: this.opts.cni.crossNodePath.mode, ...this.traffic.paths } } : {}),
    };
  }
}

export interface NetworkSummary {
  proxy: string;
  requests: number;
  delivered: number;
  /** Requests the rules sent to an endpoint whose pod no longer existed. */
  stale_endpoint: number;
  refused: number;
  unrouted: number;
  stale_pct: number;
  syncs: number;
  programming_latency_us: { p50: number; p99: number; max: number };
  /** Delivered requests by path, with pod networking. */
  paths?: PathCounts & { mode: string };
}
