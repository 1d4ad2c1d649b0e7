/**
 * Requests inside the simulation: at a fixed rate per Service, a client pod (chosen at random among the
 * running pods of the client selector) opens a connection to the Service's cluster IP through its own
 * node's kube-proxy. Each request's fate is recorded: delivered to a pod that exists, sent to an endpoint
 * whose pod is gone (stale rules: the sync had not happened or not been applied yet), refused (REJECT or
 * DROP), or not routed. Churn (pods ending or deleted, nodes removed) comes from elsewhere: the generator
 * only observes the store.
 */
import type { Service } from "../api/network-types.js";
import type { ObjectStore, WatchEvent } from "../api/store.js";
import type { Pod } from "../api/types.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import type { Rng } from "../engine/rng.js";
import { parseIPv4 } from "./ipv4.js";
import type { KubeProxy } from "./kube-proxy.js";
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
  /** The clients' addresses as numbers, index for index. */
  private readonly clientIPs: number[] = [];
  readonly requests: RequestRecord[] = [];
  readonly counts: Record<Outcome, number> = { delivered: 0, stale: 0, refused: 0, unrouted: 0 };
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
  ) {}

  start(): void {
    this.store.watch<Pod>("Pod", (ev) => this.onPod(ev), { replay: true });
    const interval = Math.max(1, Math.round(1e6 / this.opts.ratePerService));
    const tick = () => {
      if (this.engine.now > this.opts.untilUs) return;
      for (const svc of this.store.list<Service>("Service").sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) this.request(svc);
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
    const i = this.clients.findIndex((c) => c.metadata.uid === pod.metadata.uid);
    if (i >= 0) {
      this.clients.splice(i, 1);
      this.clientIPs.splice(i, 1);
    }
    if (ev.type === "DELETED" || pod.status?.phase !== "Running" || !pod.status.podIP) return;
    this.podsByIP.set(pod.status.podIP, pod);
    const labels = pod.metadata.labels ?? {};
    if (Object.entries(this.opts.clientSelector).every(([k, v]) => labels[k] === v)) {
      this.clients.push(pod);
      this.clientIPs.push(parseIPv4(pod.status.podIP)!);
    }
  }

  private request(svc: Service): void {
    const port = svc.spec.ports?.[0];
    const vip = svc.spec.clusterIP ? parseIPv4(svc.spec.clusterIP) : null;
    if (!port || vip === null || this.clients.length === 0) return;
    const k = this.rng.below(this.clients.length);
    const proxy = this.proxies.get(this.clients[k]!.spec.nodeName ?? "");
    if (!proxy) return;
    const p = this.packet;
    p.src = this.clientIPs[k]!;
    p.sport = this.sport = this.sport >= 65535 ? 1024 : this.sport + 1;
    p.dst = vip;
    p.dport = port.port;
    p.protocol = port.protocol ?? "TCP";
    const r = proxy.route(p, this.out, this.random);
    let outcome: Outcome;
    if (r.verdict === "endpoint") outcome = this.podsByIP.has(r.endpoint.slice(0, r.endpoint.lastIndexOf(":"))) ? "delivered" : "stale";
    else outcome = r.verdict === "none" ? "unrouted" : "refused";
    this.counts[outcome]++;
    if (this.opts.keepRequests !== false) this.requests.push({ atUs: this.engine.now, service: `${svc.metadata.namespace ?? "default"}/${svc.metadata.name}`, outcome });
  }
}
