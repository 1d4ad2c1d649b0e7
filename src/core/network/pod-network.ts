/**
 * Pod networking in a run: the container runtime's CNI side on every node. When a pod's sandbox is
 * created the node's runtime runs the network list's ADD (each node has its own plugin host, so
 * host-local and bridge state are per node, while Calico's datastore is cluster-wide); the call takes the
 * plugins' latencies in virtual time; on failure the runtime DELs what the chain did, the kubelet records
 * FailedCreatePodSandBox and retries after its pod-worker backoff (the pod stays ContainerCreating);
 * DEL runs when the pod's sandbox goes away. Each plugin's node agent (flanneld, calico-node) prepares a
 * node once the node IPAM controller gave it a podCIDR. Numbers go to summary.json's `network` block and
 * pod-network.csv.
 */
import type { ObjectStore, WatchEvent } from "../api/store.js";
import type { Node, Pod } from "../api/types.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import { value } from "../api/quantity.js";
import { InputError } from "../errors.js";
import { percentile } from "../metrics/percentile.js";
import { Registry } from "../registry.js";
import type { CniCall } from "./cni/args.js";
import { fillInstallCniPlaceholders, networkConfigFromFile, type NetworkConfigList } from "./cni/conflist.js";
import { asCniError } from "./cni/errors.js";
import { PluginHost } from "./cni/host.js";
import type { CniLatency, CniPlugin, PodPath } from "./cni/plugin.js";
import { CniRuntime } from "./cni/runtime.js";
import { parseIPNet } from "./ip.js";

export interface PodNetworkOptions {
  /** The network configuration file (.conflist or .conf) and its text. */
  readonly file: string;
  readonly text: string;
  readonly clusterCIDR: string;
  readonly nodeMaskSize: number;
  /** The kubelet's wait before retrying a failed sandbox (pod workers back off 10 s). */
  readonly retryUs: number;
  /** Options of the plugins' node agents, by plugin name (network.plugins). */
  readonly pluginOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Latency overrides by plugin name. */
  readonly latency: Readonly<Record<string, CniLatency>>;
}

/** What creating a pod's sandbox network gave. */
export type SandboxResult = { readonly ok: true; readonly ip: string | null; readonly latencyUs: number } | { readonly ok: false; readonly message: string; readonly latencyUs: number };

/** A pod's repeated sandbox failures as one event series (Kubernetes aggregates identical events: count, first and last time). */
export interface SandboxEvent {
  readonly pod: string;
  readonly reason: "FailedCreatePodSandBox";
  message: string;
  firstUs: number;
  lastUs: number;
  count: number;
}

/** A pod whose sandbox failed, waiting for its node to change (see park). */
interface Parked {
  readonly pod: Pod;
  readonly atUs: number;
  readonly periodUs: number;
  readonly wake: (atUs: number) => void;
}

interface NodeNet {
  readonly host: PluginHost;
  readonly runtime: CniRuntime;
  readonly list: NetworkConfigList;
  podCIDR: string | null;
  /** Usable pod addresses of the podCIDR (network, gateway and broadcast excluded), or null before it has one. */
  capacity: number | null;
  inUse: number;
  /** Pods parked on the node by uid. */
  readonly parked: Map<string, Parked>;
}

export class PodNetwork implements Component {
  readonly componentName = "pod network (CNI)";
  private readonly registry: Registry<CniPlugin>;
  private readonly cluster = new Map<string, unknown>();
  private readonly nodes = new Map<string, NodeNet>();
  /** Pods whose sandbox network is up: uid → node. */
  private readonly up = new Map<string, string>();
  /** First ADD attempt of pods not yet running, for start latency. */
  private readonly boundAt = new Map<string, number>();
  private readonly waiting = new Set<string>();
  private readonly pluginTypes: string[];
  /** How the network list carries packets between nodes (null: no plugin in it says). */
  readonly crossNode: PodPath | null;
  /** FailedCreatePodSandBox event series by pod uid. */
  readonly events = new Map<string, SandboxEvent>();
  readonly startLatenciesUs: number[] = [];
  /** Sandboxes set up with bandwidth limits from the pod's annotations. */
  shaped = 0;
  addCalls = 0;
  addFailures = 0;
  delCalls = 0;
  private readonly rows: string[] = [];
  private lastBucket = -1;
  private inUseTotal = 0;
  /** Start latencies of the pods that started in the current sampling interval. */
  private startedSum = 0;
  private startedCount = 0;

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    plugins: ReadonlyMap<string, CniPlugin>,
    private readonly opts: PodNetworkOptions,
    private readonly sampleIntervalUs: number,
  ) {
    this.registry = new Registry<CniPlugin>("CNI plugin", plugins.values());
    let probe: NetworkConfigList;
    try {
      probe = this.parse("node");
    } catch (e) {
      throw new InputError(`network.cni: ${opts.file}: ${(e as Error).message}`);
    }
    const types = new Set<string>();
    for (const p of probe.plugins) {
      types.add(p.type);
      const ipam = (p.ipam as { type?: unknown } | undefined)?.type;
      if (typeof ipam === "string") types.add(ipam);
      for (const d of this.registry.get(p.type)?.delegatesTo?.(p) ?? []) types.add(d);
    }
    for (const t of types) {
      if (!this.registry.has(t)) throw new InputError(`network.cni: ${opts.file}: plugin type "${t}" is not a simulated CNI plugin (known: ${this.registry.names().join(", ")})`);
    }
    for (const name of Object.keys(opts.pluginOptions)) {
      if (!types.has(name)) throw new InputError(`network.plugins.${name}: the network list does not use a plugin "${name}" (it uses ${[...types].join(", ")})`);
    }
    for (const name of Object.keys(opts.latency)) {
      if (!this.registry.has(name)) throw new InputError(`network.latency.${name}: unknown CNI plugin (known: ${this.registry.names().join(", ")})`);
    }
    this.pluginTypes = [...types];
    const carrier = this.pluginTypes.find((t) => this.registry.get(t)?.crossNodePath);
    try {
      this.crossNode = carrier ? this.registry.get(carrier)!.crossNodePath!(opts.pluginOptions[carrier] ?? {}, opts.clusterCIDR) : null;
    } catch (e) {
      throw new InputError(`network.plugins.${carrier}: ${(e as Error).message}`);
    }
    // Node agents check their options now, so a bad option stops the run before it starts.
    this.prepare(new PluginHost(this.registry, false, "check", new Map()), { name: "check", podCIDR: null });
    this.rows.push("time_s,pods_with_network,waiting_for_network,ips_in_use,ip_capacity,max_node_ip_use_pct,mean_start_latency_s");
  }

  private parse(node: string): NetworkConfigList {
    return networkConfigFromFile(this.opts.file, fillInstallCniPlaceholders(this.opts.text, node));
  }

  private prepare(host: PluginHost, node: { name: string; podCIDR: string | null }): void {
    for (const t of this.pluginTypes) {
      const plugin = this.registry.get(t);
      if (!plugin?.nodeAgent) continue;
      try {
        plugin.nodeAgent(host, node, this.opts.pluginOptions[t] ?? {}, this.opts.clusterCIDR);
      } catch (e) {
        throw new InputError(`network.plugins.${t}: ${(e as Error).message}`);
      }
    }
  }

  start(): void {
    this.store.watch<Node>("Node", (ev) => this.onNode(ev), { replay: true });
  }

  private onNode(ev: WatchEvent<Node>): void {
    const name = ev.object.metadata.name;
    if (ev.type === "DELETED") return;
    const net = this.node(name);
    const cidr = ev.object.spec.podCIDR ?? null;
    if (cidr === null || cidr === net.podCIDR) return;
    net.podCIDR = cidr;
    const p = parseIPNet(cidr);
    net.capacity = p && !p.ip.v6 ? 2 ** (32 - p.prefix) - 3 : null;
    this.prepare(net.host, { name, podCIDR: cidr });
    this.changed(net);
  }

  private node(name: string): NodeNet {
    let n = this.nodes.get(name);
    if (!n) {
      const host = new PluginHost(this.registry, false, name, this.cluster);
      n = { host, runtime: new CniRuntime(host), list: this.parse(name), podCIDR: null, capacity: null, inUse: 0, parked: new Map() };
      this.nodes.set(name, n);
    }
    return n;
  }

  private latency(types: readonly string[], which: keyof CniLatency): number {
    let us = 0;
    for (const t of types) us += (this.opts.latency[t] ?? this.registry.get(t)?.latency)?.[which] ?? 0;
    return us;
  }

  private call(pod: Pod): CniCall {
    const uid = pod.metadata.uid!;
    const ns = pod.metadata.namespace ?? "default";
    return { containerId: uid, netns: `/var/run/netns/cni-${uid}`, ifname: "eth0", args: `IgnoreUnknown=1;K8S_POD_NAMESPACE=${ns};K8S_POD_NAME=${pod.metadata.name};K8S_POD_INFRA_CONTAINER_ID=${uid};K8S_POD_UID=${uid}`, path: "/opt/cni/bin" };
  }

  /** The pod's hostPorts as the portMappings capability (lower-case protocols, as the CRI passes them). */
  private static portMappings(pod: Pod): { hostPort: number; containerPort: number; protocol: string; hostIP: string }[] {
    const out: { hostPort: number; containerPort: number; protocol: string; hostIP: string }[] = [];
    for (const c of pod.spec.containers) {
      for (const p of c.ports ?? []) if (p.hostPort) out.push({ hostPort: p.hostPort, containerPort: p.containerPort, protocol: (p.protocol ?? "TCP").toLowerCase(), hostIP: p.hostIP ?? "" });
    }
    return out;
  }

  /**
   * The pod's kubernetes.io/ingress-bandwidth and egress-bandwidth annotations as the bandwidth capability,
   * as containerd's CRI passes them (rate in bits/s, burst 2^32 − 1), checked with the kubelet's limits;
   * null without either annotation.
   */
  private static bandwidth(pod: Pod): Record<string, number> | null {
    const a = pod.metadata.annotations;
    const out: Record<string, number> = {};
    for (const [dir, key] of [["ingress", "kubernetes.io/ingress-bandwidth"], ["egress", "kubernetes.io/egress-bandwidth"]] as const) {
      const text = a?.[key];
      if (text === undefined) continue;
      let bits: number;
      try {
        bits = value(text);
      } catch (e) {
        throw new Error(`reading pod bandwidth annotations: ${(e as Error).message}`, { cause: e });
      }
      if (bits < 1000) throw new Error("reading pod bandwidth annotations: resource is unreasonably small (< 1kbit)");
      // Kubernetes' own message, spelling included.
      if (bits > 1e15) throw new Error("reading pod bandwidth annotations: resoruce is unreasonably large (> 1Pbit)");
      out[`${dir}Rate`] = bits;
      out[`${dir}Burst`] = 2 ** 32 - 1;
    }
    return Object.keys(out).length ? out : null;
  }

  /** Runs CNI ADD for the pod's sandbox on its node. */
  setUp(pod: Pod): SandboxResult {
    // A host-network pod uses the node's namespace: no CNI call, as the kubelet skips it.
    if (pod.spec.hostNetwork) return { ok: true, ip: null, latencyUs: 0 };
    const uid = pod.metadata.uid!;
    const nodeName = pod.spec.nodeName!;
    const net = this.node(nodeName);
    if (!this.boundAt.has(uid)) this.boundAt.set(uid, this.engine.now);
    this.addCalls++;
    const call = this.call(pod);
    net.host.trace();
    try {
      const bandwidth = PodNetwork.bandwidth(pod);
      const result = net.runtime.add(net.list, call, { portMappings: PodNetwork.portMappings(pod), ...(bandwidth ? { bandwidth } : {}) });
      if (bandwidth) this.shaped++;
      const latencyUs = this.latency(net.host.traced(), "addUs");
      const v4 = result.ips?.find((i) => !parseIPNet(i.address)?.ip.v6) ?? result.ips?.[0];
      this.sample();
      this.up.set(uid, nodeName);
      this.waiting.delete(uid);
      net.inUse++;
      this.inUseTotal++;
      this.changed(net);
      return { ok: true, ip: v4 ? v4.address.slice(0, v4.address.indexOf("/")) : null, latencyUs };
    } catch (e) {
      const types = net.host.traced();
      // The runtime tears down what the chain set up before the failure (containerd does on a failed setup).
      net.host.trace();
      try {
        net.runtime.del(net.list, call);
      } catch {
        /* a failing DEL after a failed ADD changes nothing here */
      }
      const latencyUs = this.latency(types, "addUs") + this.latency(net.host.traced(), "delUs");
      const message = `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${uid}": ${asCniError(e).msg}`;
      return this.fail(pod, message, latencyUs);
    }
  }

  private fail(pod: Pod, message: string, latencyUs: number): SandboxResult {
    const uid = pod.metadata.uid!;
    this.sample();
    this.addFailures++;
    this.waiting.add(uid);
    const ev = this.events.get(uid);
    if (ev && ev.message === message) {
      ev.count++;
      ev.lastUs = this.engine.now;
    } else this.events.set(uid, { pod: `${pod.metadata.namespace ?? "default"}/${pod.metadata.name}`, reason: "FailedCreatePodSandBox", message, firstUs: ev?.firstUs ?? this.engine.now, lastUs: this.engine.now, count: (ev?.count ?? 0) + 1 });
    return { ok: false, message, latencyUs };
  }

  /**
   * Parks a pod whose ADD failed at `atUs`: until something changes on its node, its tries every `periodUs`
   * would fail the same way and change nothing (a failed ADD reserves nothing and is rolled back), so none
   * is simulated; when the node changes, the tries that came before
   * are counted as the failures they were and the pod is woken for the first try at or after the change.
   * A try falling on the very µs of the change sees it.
   */
  park(pod: Pod, atUs: number, periodUs: number, wake: (atUs: number) => void): void {
    this.node(pod.spec.nodeName!).parked.set(pod.metadata.uid!, { pod, atUs, periodUs, wake });
  }

  /** Something changed on the node: later ADDs may go otherwise, so its parked pods try again. */
  private changed(net: NodeNet): void {
    if (net.parked.size === 0) return;
    const now = this.engine.now;
    const woken = [...net.parked.values()];
    net.parked.clear();
    for (const p of woken) {
      const tries = Math.max(1, Math.ceil((now - p.atUs) / p.periodUs));
      this.countRepeated(p, tries - 1);
      p.wake(p.atUs + tries * p.periodUs);
    }
  }

  /** `n` tries of a parked pod that failed as its last one did (they changed nothing). */
  private countRepeated(p: Parked, n: number): void {
    if (n <= 0) return;
    const uid = p.pod.metadata.uid!;
    this.addCalls += n;
    this.addFailures += n;
    const ev = this.events.get(uid);
    if (ev) {
      ev.count += n;
      ev.lastUs = p.atUs + n * p.periodUs;
    }
  }

  /** The pod's containers started (its start latency ends). */
  running(pod: Pod): void {
    const uid = pod.metadata.uid!;
    const t = this.boundAt.get(uid);
    if (t === undefined) return;
    this.sample();
    this.startLatenciesUs.push(this.engine.now - t);
    this.startedSum += this.engine.now - t;
    this.startedCount++;
    this.boundAt.delete(uid);
  }

  /** Runs CNI DEL for the pod's sandbox (its containers ended or it was deleted); nothing when it has none. */
  tearDown(pod: Pod): void {
    const uid = pod.metadata.uid!;
    this.boundAt.delete(uid);
    const parkedOn = pod.spec.nodeName ? this.nodes.get(pod.spec.nodeName) : undefined;
    const parked = parkedOn?.parked.get(uid);
    if (parked) {
      // Its tries up to now happened (each a repeated failure) before the pod went away.
      this.countRepeated(parked, Math.floor((this.engine.now - parked.atUs) / parked.periodUs));
      parkedOn!.parked.delete(uid);
    }
    if (this.waiting.has(uid)) {
      this.sample();
      this.waiting.delete(uid);
    }
    const nodeName = this.up.get(uid);
    if (nodeName === undefined) return;
    const net = this.node(nodeName);
    this.delCalls++;
    try {
      net.runtime.del(net.list, this.call(pod));
    } catch {
      /* the kubelet retries teardown; the simulated plugins' DEL does not fail on a known attachment */
    }
    this.sample();
    this.up.delete(uid);
    net.inUse--;
    this.inUseTotal--;
    this.changed(net);
  }

  /** The pod is waiting for its sandbox network (ContainerCreating). */
  isWaiting(uid: string): boolean {
    return this.waiting.has(uid);
  }

  get retryUs(): number {
    return this.opts.retryUs;
  }

  /** The row of the sampling interval `bucket`, with the state as it is now (its end). */
  private row(bucket: number): string {
    let capacity = 0;
    let maxPct = 0;
    for (const n of this.nodes.values()) {
      if (!n.capacity) continue;
      capacity += n.capacity;
      maxPct = Math.max(maxPct, (100 * n.inUse) / n.capacity);
    }
    const t = (bucket * this.sampleIntervalUs) / 1e6;
    const meanStart = this.startedCount ? String(Math.round(this.startedSum / this.startedCount) / 1e6) : "";
    return `${t},${this.up.size},${this.waiting.size},${this.inUseTotal},${capacity},${Math.round(maxPct * 100) / 100},${meanStart}`;
  }

  /**
   * Called before each change: when the change falls in a later sampling interval than the last one, the
   * last interval's row is written with the state it ended in. One pass over the nodes per interval, none per event.
   */
  private sample(): void {
    const bucket = Math.floor(this.engine.now / this.sampleIntervalUs);
    if (bucket === this.lastBucket) return;
    if (this.lastBucket >= 0) this.rows.push(this.row(this.lastBucket));
    this.lastBucket = bucket;
    this.startedSum = 0;
    this.startedCount = 0;
  }

  /** pod-network.csv: one row per sampling interval in which something changed (time_s: the interval's start). */
  csv(): string {
    const rows = this.lastBucket >= 0 ? [...this.rows, this.row(this.lastBucket)] : this.rows;
    return `${rows.join("\n")}\n`;
  }

  /** summary.json's `network` block; the tries of pods still parked count up to the end of the run. */
  summary(): PodNetworkSummary {
    for (const n of this.nodes.values()) {
      for (const p of n.parked.values()) this.countRepeated(p, Math.floor((this.engine.now - p.atUs) / p.periodUs));
      n.parked.clear();
    }
    const lat = [...this.startLatenciesUs].sort((a, b) => a - b);
    let capacity = 0;
    for (const n of this.nodes.values()) capacity += n.capacity ?? 0;
    return {
      cni: this.opts.file.split("/").pop() ?? this.opts.file,
      plugins: this.pluginTypes,
      sandbox_adds: this.addCalls,
      sandbox_failures: this.addFailures,
      sandbox_dels: this.delCalls,
      failed_sandbox_pods: this.events.size,
      bandwidth_limited_pods: this.shaped,
      pods_with_network_at_end: this.up.size,
      waiting_for_network_at_end: this.waiting.size,
      ip_capacity: capacity,
      pod_start_latency_us: { p50: percentile(lat, 50), p99: percentile(lat, 99), max: lat[lat.length - 1] ?? 0 },
    };
  }
}

export interface PodNetworkSummary {
  cni: string;
  plugins: string[];
  sandbox_adds: number;
  sandbox_failures: number;
  sandbox_dels: number;
  /** Pods that waited for their network at least once. */
  failed_sandbox_pods: number;
  /** Sandboxes set up with bandwidth limits from the pod's annotations (passed to the bandwidth plugin when the list has it). */
  bandwidth_limited_pods: number;
  pods_with_network_at_end: number;
  waiting_for_network_at_end: number;
  /** Usable pod addresses over the nodes' podCIDRs (host-local style ranges). */
  ip_capacity: number;
  /** Bind (first sandbox attempt) to Running. */
  pod_start_latency_us: { p50: number; p99: number; max: number };
}
