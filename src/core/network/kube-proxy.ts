/**
 * One node's kube-proxy: watches Services and EndpointSlices, and syncs its data plane (a proxy plugin)
 * rate-limited as kube-proxy's BoundedFrequencyRunner does — a change is synced at once unless the last
 * sync began less than minSyncPeriod ago, and a periodic sync runs every syncPeriod — partially (only the
 * service ports that changed) except the first sync. A sync takes the kernel's apply time (the calibrated
 * model, sync-cost.ts, for the plugin's tool; none for data planes without a calibration): until it
 * completes, packets meet the previous rules. Each change's programming latency (change seen → rules in
 * effect) is recorded, as kube-proxy's network_programming_duration_seconds.
 */
import type { EndpointSlice, Service } from "../api/network-types.js";
import type { ObjectStore, WatchEvent } from "../api/store.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";
import { proxyState } from "./proxy-state.js";
import { resetRoute, type DataPlane, type Packet, type ProxyNode, type ProxyPlugin, type Route } from "./proxy-plugin.js";
import { modelledSyncSeconds, PLUGIN_TOOL } from "./sync-cost.js";

export interface KubeProxyOptions {
  /** --iptables-min-sync-period (kube-proxy's default 1 s). */
  minSyncPeriodUs: number;
  /** --iptables-sync-period (default 30 s). */
  syncPeriodUs: number;
}

export const KUBE_PROXY_DEFAULTS: KubeProxyOptions = { minSyncPeriodUs: 1_000_000, syncPeriodUs: 30_000_000 };

export interface SyncRecord {
  /** When the sync began and when its rules took effect (µs). */
  startUs: number;
  appliedUs: number;
  full: boolean;
  lines: number;
  total: number;
}

export class KubeProxy implements Component {
  readonly componentName: string;
  private readonly services = new Map<string, Service>();
  private readonly slices = new Map<string, EndpointSlice>();
  private readonly plane: DataPlane;
  /** Service keys ("ns/name") changed since the last sync, with when each change was first seen. */
  private changed = new Map<string, number>();
  private pending = false;
  private applying = false;
  private synced = false;
  private lastSyncStartUs = -Infinity;
  /** Estimated rule-set size for the apply-time model: the last sync's. */
  private lastTotal = 0;
  readonly syncs: SyncRecord[] = [];
  /** Change seen → rules in effect, one entry per changed service per sync (µs). */
  readonly programmingLatencyUs: number[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    readonly node: ProxyNode,
    readonly plugin: ProxyPlugin,
    private readonly opts: KubeProxyOptions = KUBE_PROXY_DEFAULTS,
  ) {
    this.componentName = `kube-proxy (${node.name}, ${plugin.name})`;
    this.plane = plugin.create(node);
  }

  start(): void {
    this.store.watch<Service>("Service", (ev) => this.onService(ev), { replay: true });
    this.store.watch<EndpointSlice>("EndpointSlice", (ev) => this.onSlice(ev), { replay: true });
    const periodic = () => {
      this.requestSync();
      this.engine.after(this.opts.syncPeriodUs, periodic, undefined, true);
    };
    this.engine.after(this.opts.syncPeriodUs, periodic, undefined, true);
  }

  /** Routes a packet with the rules currently in effect (before the first sync: nothing is a service). */
  route(p: Packet, out: Route, random: () => number): Route {
    if (!this.synced) return resetRoute(out);
    return this.plane.route(p, out, random, this.engine.now / 1e6);
  }

  closed(p: Packet, endpoint: string): void {
    this.plane.closed?.(p, endpoint);
  }

  private onService(ev: WatchEvent<Service>): void {
    const key = `${ev.object.metadata.namespace ?? "default"}/${ev.object.metadata.name}`;
    if (ev.type === "DELETED") this.services.delete(key);
    else this.services.set(key, ev.object);
    this.noteChange(key);
  }

  private onSlice(ev: WatchEvent<EndpointSlice>): void {
    const s = ev.object;
    const ns = s.metadata.namespace ?? "default";
    const key = `${ns}/${s.metadata.name}`;
    if (ev.type === "DELETED") this.slices.delete(key);
    else this.slices.set(key, s);
    const svc = s.metadata.labels?.["kubernetes.io/service-name"];
    if (svc) this.noteChange(`${ns}/${svc}`);
  }

  private noteChange(key: string): void {
    if (!this.changed.has(key)) this.changed.set(key, this.engine.now);
    this.requestSync();
  }

  private requestSync(): void {
    if (this.pending) return;
    this.pending = true;
    const at = Math.max(this.engine.now, this.lastSyncStartUs + this.opts.minSyncPeriodUs);
    this.engine.at(at, () => this.sync());
  }

  private sync(): void {
    if (this.applying) {
      // One sync at a time: try again when the one in progress has been applied.
      this.pending = false;
      return;
    }
    this.pending = false;
    this.lastSyncStartUs = this.engine.now;
    const full = !this.synced;
    const changedServices = this.changed;
    this.changed = new Map();
    const state = proxyState([...this.services.values()], [...this.slices.values()], this.node.name);
    const ports = new Set<string>();
    for (const sp of state.services) if (changedServices.has(`${sp.namespace}/${sp.service}`)) ports.add(sp.name);
    // A deleted service's ports are gone from the state: its chains and map entries go as stale ones.
    const tool = PLUGIN_TOOL[this.plugin.name];
    const applySeconds = tool ? (modelledSyncSeconds(tool, Math.max(this.lastTotal, 1), full) ?? 0) : 0;
    const start = this.engine.now;
    this.applying = true;
    this.engine.after(Math.round(applySeconds * 1e6), () => {
      const report = this.plane.sync(state, full ? null : ports);
      this.applying = false;
      this.synced = true;
      this.lastTotal = report.total;
      this.syncs.push({ startUs: start, appliedUs: this.engine.now, full: report.full, lines: report.lines, total: report.total });
      for (const seen of changedServices.values()) this.programmingLatencyUs.push(this.engine.now - seen);
      if (this.changed.size > 0) this.requestSync();
    });
  }
}
