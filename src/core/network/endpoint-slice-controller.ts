/**
 * The EndpointSlice controller (pkg/controller/endpointslice): for every Service with a selector it keeps
 * EndpointSlices listing the pods the selector matches in the Service's namespace — those with an address,
 * ready when Running (or always, with publishNotReadyAddresses) — with each service port's target port
 * resolved per pod (a named targetPort looks the name up among the pod's container ports; pods that
 * resolve differently go to different slices), at most 100 endpoints per slice, the endpoint's node and
 * zone, and zone hints for trafficDistribution: PreferClose. Slices are named "<service>-<n>" (the real
 * controller adds a random suffix) and rewritten only when their content changes.
 */
import type { EndpointSlice, Endpoint as SliceEndpoint, EndpointPort, Service } from "../api/network-types.js";
import { LabelManagedBy, LabelServiceName } from "../api/network-types.js";
import { compileMapSelector, type CompiledSelector } from "../api/selectors.js";
import type { ObjectStore, WatchEvent } from "../api/store.js";
import { LabelZone, type Node, type Pod } from "../api/types.js";
import type { Component } from "../component.js";
import type { Engine } from "../engine/engine.js";

/** The controller's default maxEndpointsPerSlice. */
export const MAX_ENDPOINTS_PER_SLICE = 100;
const MANAGED_BY = "endpointslice-controller.k8s.io";

export class EndpointSliceController implements Component {
  readonly componentName = "endpointslice controller";
  private readonly dirty = new Set<string>();
  private scheduled = false;
  private readonly zones = new Map<string, string>();
  /** Each Service's compiled selector, kept while the Service is unchanged (resourceVersion). */
  private readonly selectors = new Map<string, { rv: string | undefined; sel: CompiledSelector }>();

  constructor(
    private readonly engine: Engine,
    private readonly store: ObjectStore,
    private readonly maxPerSlice = MAX_ENDPOINTS_PER_SLICE,
  ) {}

  start(): void {
    this.store.watch<Node>("Node", (ev) => this.zones.set(ev.object.metadata.name, ev.object.metadata.labels?.[LabelZone] ?? ""), { replay: true });
    this.store.watch<Service>("Service", (ev) => this.mark(`${ev.object.metadata.namespace ?? "default"}/${ev.object.metadata.name}`), { replay: true });
    this.store.watch<Pod>("Pod", (ev) => this.onPod(ev), { replay: true });
  }

  private onPod(ev: WatchEvent<Pod>): void {
    const ns = ev.object.metadata.namespace ?? "default";
    for (const svc of this.store.list<Service>("Service", (s) => (s.metadata.namespace ?? "default") === ns)) {
      if (!svc.spec.selector) continue;
      const sel = this.selector(svc);
      if (sel.matches(ev.object.metadata.labels) || (ev.oldObject && sel.matches(ev.oldObject.metadata.labels))) this.mark(`${ns}/${svc.metadata.name}`);
    }
  }

  private selector(svc: Service): CompiledSelector {
    const key = `${svc.metadata.namespace ?? "default"}/${svc.metadata.name}`;
    const c = this.selectors.get(key);
    if (c && c.rv === svc.metadata.resourceVersion) return c.sel;
    const sel = compileMapSelector(svc.spec.selector);
    this.selectors.set(key, { rv: svc.metadata.resourceVersion, sel });
    return sel;
  }

  /** Queues a service; all queued services are reconciled together once the current events are handled. */
  private mark(key: string): void {
    this.dirty.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    this.engine.after(0, () => {
      this.scheduled = false;
      const keys = [...this.dirty].sort();
      this.dirty.clear();
      for (const k of keys) this.reconcile(k);
    });
  }

  private reconcile(key: string): void {
    const [ns, name] = key.split("/") as [string, string];
    const svc = this.store.get<Service>("Service", ns, name);
    const existing = this.store.list<EndpointSlice>("EndpointSlice", (s) => (s.metadata.namespace ?? "default") === ns && s.metadata.labels?.[LabelServiceName] === name);
    const desired = svc?.spec.selector ? this.desired(svc) : [];
    const byName = new Map(existing.map((s) => [s.metadata.name, s]));
    for (const want of desired) {
      const have = byName.get(want.metadata.name);
      byName.delete(want.metadata.name);
      if (!have) this.store.create(want);
      else if (JSON.stringify([have.endpoints, have.ports]) !== JSON.stringify([want.endpoints, want.ports])) {
        this.store.update({ ...want, metadata: { ...have.metadata, labels: want.metadata.labels } });
      }
    }
    for (const gone of byName.values()) this.store.delete("EndpointSlice", ns, gone.metadata.name);
  }

  private desired(svc: Service): EndpointSlice[] {
    const ns = svc.metadata.namespace ?? "default";
    const sel = this.selector(svc);
    const pods = this.store
      .list<Pod>("Pod", (p) => (p.metadata.namespace ?? "default") === ns && !!p.status?.podIP && sel.matches(p.metadata.labels))
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const groups = new Map<string, { ports: EndpointPort[]; endpoints: SliceEndpoint[] }>();
    for (const pod of pods) {
      const ports = (svc.spec.ports ?? []).map((p) => ({ name: p.name ?? "", port: targetPort(p.targetPort ?? p.port, pod), protocol: p.protocol ?? "TCP" }));
      if (ports.some((p) => p.port === null)) continue; // a named port this pod does not have
      const key = JSON.stringify(ports);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { ports: ports as EndpointPort[], endpoints: [] }));
      const ready = svc.spec.publishNotReadyAddresses === true || pod.status?.phase === "Running";
      const zone = this.zones.get(pod.spec.nodeName ?? "") ?? "";
      g.endpoints.push({
        addresses: [pod.status!.podIP!],
        conditions: { ready, serving: ready, terminating: false },
        ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
        ...(zone ? { zone } : {}),
        ...(svc.spec.trafficDistribution === "PreferClose" && zone ? { hints: { forZones: [{ name: zone }] } } : {}),
        targetRef: { kind: "Pod", name: pod.metadata.name, namespace: ns, ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}) },
      });
    }
    const slices: EndpointSlice[] = [];
    for (const g of groups.values()) {
      for (let i = 0; i < g.endpoints.length; i += this.maxPerSlice) {
        slices.push({
          apiVersion: "discovery.k8s.io/v1",
          kind: "EndpointSlice",
          metadata: { name: `${svc.metadata.name}-${slices.length}`, namespace: ns, labels: { [LabelServiceName]: svc.metadata.name, [LabelManagedBy]: MANAGED_BY } },
          addressType: "IPv4",
          endpoints: g.endpoints.slice(i, i + this.maxPerSlice),
          ports: g.ports,
        });
      }
    }
    // A service whose selector matches nothing keeps one empty slice, as the controller does.
    if (slices.length === 0) {
      const ports = (svc.spec.ports ?? []).map((p) => ({ name: p.name ?? "", protocol: p.protocol ?? "TCP" }));
      slices.push({
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: { name: `${svc.metadata.name}-0`, namespace: ns, labels: { [LabelServiceName]: svc.metadata.name, [LabelManagedBy]: MANAGED_BY } },
        addressType: "IPv4",
        endpoints: [],
        ports: ports as EndpointPort[],
      });
    }
    return slices;
  }
}

/** A service port's target in a pod: a number, or the containerPort of the pod's container port with that name. */
function targetPort(target: number | string, pod: Pod): number | null {
  if (typeof target === "number") return target;
  for (const c of pod.spec.containers) for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
  return null;
}
