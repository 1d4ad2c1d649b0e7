/**
 * Requests inside the simulation: at a fixed rate per Service, a client pod (chosen at random among the
 * running pods of the client selector) sends a request to the Service's cluster IP. A new connection goes
 * through its own node's kube-proxy; with connection reuse (`requestsPerConnection` > 1) the next requests
 * of that client to that Service ride the established connection to the same endpoint without meeting the
 * rules (conntrack), as kept-alive HTTP does. Each request's fate is recorded: delivered to a pod that
 * exists, sent to an endpoint whose pod is gone (stale rules, or a connection to a pod that has since
 * gone), refused (REJECT or DROP), or not routed. Churn (pods ending or deleted, nodes removed) comes from
 * elsewhere: the generator only observes the store.
 */
import type { Service } from "../api/network-types.js";
import type { ObjectStore, WatchEvent } from "../api/store.js";
import { compileMapSelector, type CompiledSelector } from "../api/selectors.js";
import type { Pod } from "../api/types.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import type { Rng } from "../engine/rng.js";
import { parseIPv4 } from "./ipv4.js";
import type { KubeProxy } from "./kube-proxy.js";
import type { PodPath } from "./cni/plugin.js";
import { emptyRoute, type Packet } from "./proxy-plugin.js";

export interface TrafficOptions {
  /** New connections per second to each Service. */
  ratePerService: number;
  /** Client pods: those whose labels include these (all running pods when empty). */
  clientSelector: Record<string, string>;
  /** Stop generating at this virtual time (µs); Infinity: for as long as the run goes on. */
  untilUs: number;
  /** Keep every request's record in `requests` (tests, short runs); otherwise only the counts. */
  keepRequests?: boolean;
  /** Requests sent over one connection before it is closed (1: a new connection per request). */
  requestsPerConnection?: number;
  /** With pod networking: how the CNI carries a packet between two nodes (delivered requests are classified by it). */
  crossNodePath?: PodPath | null;
}

/** Delivered requests by the way their packets took (runs with pod networking). */
export interface PathCounts {
  same_node: number;
  cross_node: number;
  encapsulated: number;
  /** Outer header bytes of the encapsulated requests' first packet each way. */
  encap_header_bytes: number;
}

interface Connection {
  endpoint: string;
  left: number;
}

interface Target {
  key: string;
  vip: number;
  port: number;
  protocol: Packet["protocol"];
}

export type Outcome = "delivered" | "stale" | "refused" | "unrouted";

export interface RequestRecord {
  atUs: number;
  service: string;
  outcome: Outcome;
}

export class TrafficGenerator implements Component {
  readonly componentName = "traffic";
  private readonly podsByIP = new Map<string, Pod>();
  private readonly clients: Pod[] = [];
  /** Where each client is in `clients`, by pod uid. */
  private readonly clientAt = new Map<string, number>();
  private readonly clientSelector: CompiledSelector;
  /** Per client (index for index with `clients`): its open connection to each Service. */
  private readonly connections: Map<string, Connection>[] = [];
  private targets: Target[] = [];
  /** An endpoint's address without the port, remembered ("10.244.0.2:8080" → "10.244.0.2"). */
  private readonly endpointIP = new Map<string, string>();
  /** The clients' addresses as numbers, index for index. */
  private readonly clientIPs: number[] = [];
  readonly requests: RequestRecord[] = [];
  readonly counts: Record<Outcome, number> = { delivered: 0, stale: 0, refused: 0, unrouted: 0 };
  readonly paths: PathCounts = { same_node: 0, cross_node: 0, encapsulated: 0, encap_header_bytes: 0 };
  /** Requests by fate per second of virtual time (index: second), for traffic.csv. */
  private readonly perSecond: Record<Outcome, number[]> = { delivered: [], stale: [], refused: [], unrouted: [] };
  private readonly out = emptyRoute();
  /** One packet and one random source reused for every request (nothing allocated per request). */
  private readonly packet: Packet = { src: 0, sport: 0, dst: 0, dport: 0, protocol: "TCP", fromNode: false, toNode: false };
  private readonly random = () => this.rng.float();
  private sport = 1024;

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    private readonly proxies: ReadonlyMap<string, KubeProxy>,
    private readonly rng: Rng,
    private readonly opts: TrafficOptions,
  ) {
    this.clientSelector = compileMapSelector(opts.clientSelector);
  }

  start(): void {
    this.store.watch<Pod>("Pod", (ev) => this.onPod(ev), { replay: true });
    this.store.watch<Service>("Service", () => this.retarget(), { replay: true });
    const interval = Math.max(1, Math.round(1e6 / this.opts.ratePerService));
    const tick = () => {
      if (this.engine.now > this.opts.untilUs) return;
      for (const t of this.targets) this.request(t);
      this.engine.after(interval, tick, undefined, daemon);
    };
    // Without an end time the requests are daemon events: they do not keep a run alive once its workload is done.
    const daemon = this.opts.untilUs === Infinity;
    this.engine.after(interval, tick, undefined, daemon);
  }

  private onPod(ev: WatchEvent<Pod>): void {
    const pod = ev.object;
    const old = ev.oldObject as Pod | undefined;
    if (old?.status?.podIP) this.podsByIP.delete(old.status.podIP);
    // Most pod events are not about a client: one map probe, not a scan of the clients.
    const uid = pod.metadata.uid!;
    const i = this.clientAt.get(uid);
    if (i !== undefined) {
      this.clients.splice(i, 1);
      this.clientIPs.splice(i, 1);
      this.connections.splice(i, 1);
      this.clientAt.delete(uid);
      for (let j = i; j < this.clients.length; j++) this.clientAt.set(this.clients[j]!.metadata.uid!, j);
    }
    if (ev.type === "DELETED" || pod.status?.phase !== "Running" || !pod.status.podIP) return;
    this.podsByIP.set(pod.status.podIP, pod);
    if (this.clientSelector.matches(pod.metadata.labels)) {
      this.clientAt.set(uid, this.clients.length);
      this.clients.push(pod);
      this.clientIPs.push(parseIPv4(pod.status.podIP)!);
      this.connections.push(new Map());
    }
  }

  /** The Services' first ports, in name order, parsed once per change. */
  private retarget(): void {
    this.targets = [];
    const services = this.store.list<Service>("Service").sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
    for (const svc of services) {
      const port = svc.spec.ports?.[0];
      const vip = svc.spec.clusterIP ? parseIPv4(svc.spec.clusterIP) : null;
      if (!port || vip === null) continue;
      this.targets.push({ key: `${svc.metadata.namespace ?? "default"}/${svc.metadata.name}`, vip, port: port.port, protocol: port.protocol ?? "TCP" });
    }
  }

  private request(t: Target): void {
    if (this.clients.length === 0) return;
    const k = this.rng.below(this.clients.length);
    const proxy = this.proxies.get(this.clients[k]!.spec.nodeName ?? "");
    if (!proxy) return;
    const p = this.packet;
    p.src = this.clientIPs[k]!;
    p.dst = t.vip;
    p.dport = t.port;
    p.protocol = t.protocol;
    const conns = this.connections[k]!;
    const open = conns.get(t.key);
    let outcome: Outcome;
    let endpoint = "";
    if (open) {
      endpoint = open.endpoint;
      outcome = this.alive(open.endpoint) ? "delivered" : "stale";
      if (--open.left <= 0) {
        conns.delete(t.key);
        proxy.closed(p, open.endpoint);
      }
    } else {
      p.sport = this.sport = this.sport >= 65535 ? 1024 : this.sport + 1;
      const r = proxy.route(p, this.out, this.random);
      if (r.verdict === "endpoint") {
        endpoint = r.endpoint;
        outcome = this.alive(r.endpoint) ? "delivered" : "stale";
        const per = this.opts.requestsPerConnection ?? 1;
        if (per > 1) conns.set(t.key, { endpoint: r.endpoint, left: per - 1 });
        else proxy.closed(p, r.endpoint);
      } else outcome = r.verdict === "none" ? "unrouted" : "refused";
    }
    this.counts[outcome]++;
    if (outcome === "delivered" && this.opts.crossNodePath) this.countPath(this.clients[k]!.spec.nodeName, endpoint, this.opts.crossNodePath);
    const second = Math.floor(this.engine.now / 1e6);
    const series = this.perSecond[outcome];
    series[second] = (series[second] ?? 0) + 1;
    if (this.opts.keepRequests !== false) this.requests.push({ atUs: this.engine.now, service: t.key, outcome });
  }

  /** Same node (the bridge or routes of one host) or between nodes (the CNI's way, maybe encapsulated). */
  private countPath(clientNode: string | undefined, endpoint: string, cross: PodPath): void {
    const server = this.podsByIP.get(this.endpointIP.get(endpoint)!)?.spec.nodeName;
    if (server === clientNode) {
      this.paths.same_node++;
      return;
    }
    this.paths.cross_node++;
    if (cross.encapsulated) {
      this.paths.encapsulated++;
      // The request's first packet and the reply's each carry the outer headers.
      this.paths.encap_header_bytes += 2 * cross.overheadBytes;
    }
  }

  private alive(endpoint: string): boolean {
    let ip = this.endpointIP.get(endpoint);
    if (ip === undefined) this.endpointIP.set(endpoint, (ip = endpoint.slice(0, endpoint.lastIndexOf(":"))));
    return this.podsByIP.has(ip);
  }


  /** traffic.csv: requests by fate per second of virtual time (seconds without requests left out). */
  csv(): string {
    const rows = ["second,delivered,stale_endpoint,refused,unrouted"];
    const f = this.perSecond;
    const last = Math.max(f.delivered.length, f.stale.length, f.refused.length, f.unrouted.length);
    for (let t = 0; t < last; t++) {
      const d = f.delivered[t] ?? 0;
      const st = f.stale[t] ?? 0;
      const r = f.refused[t] ?? 0;
      const u = f.unrouted[t] ?? 0;
      if (d + st + r + u > 0) rows.push(`${t},${d},${st},${r},${u}`);
    }
    return rows.join("\n") + "\n";
  }
}
