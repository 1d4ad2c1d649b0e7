/**
 * What a service proxy sees of EndpointSlices: per service port (name + protocol), the endpoints of every
 * slice of the service merged, de-duplicated by "ip:port" (a local copy wins) and sorted by that string,
 * as kube-proxy's EndpointSliceCache does (pkg/proxy/endpointslicecache.go). Only IPv4 slices are read.
 */
import type { EndpointSlice } from "../api/network-types.js";
import { LabelServiceName } from "../api/network-types.js";
import { servicePortKey } from "./service-port.js";

export interface EndpointInfo {
  readonly ip: string;
  readonly port: number;
  /** "ip:port" */
  readonly address: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly nodeName: string;
  /** On the proxy's own node. */
  readonly isLocal: boolean;
  readonly zoneHints: readonly string[];
}

/** kube-proxy's endpoint order: by "ip:port" as a string (byEndpoint). */
export const byAddress = (a: EndpointInfo, b: EndpointInfo): number => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);

/** Endpoints by service port key (see servicePortKey). */
export type EndpointsMap = Map<string, EndpointInfo[]>;

export function endpointsMap(slices: readonly EndpointSlice[], nodeName: string): EndpointsMap {
  const byPort = new Map<string, Map<string, EndpointInfo>>();
  for (const slice of slices) {
    const service = slice.metadata.labels?.[LabelServiceName];
    if (!service || slice.addressType !== "IPv4") continue;
    const base = `${slice.metadata.namespace ?? "default"}/${service}`;
    for (const port of slice.ports ?? []) {
      if (!port.port) continue; // kube-proxy ignores ports without a number
      const portName = port.name ?? "";
      const key = servicePortKey(portName ? `${base}:${portName}` : base, port.protocol ?? "TCP");
      let set = byPort.get(key);
      if (!set) byPort.set(key, (set = new Map()));
      for (const ep of slice.endpoints) {
        const ip = ep.addresses[0];
        if (ip === undefined) continue;
        const c = ep.conditions ?? {};
        const ready = c.ready ?? true;
        const info: EndpointInfo = {
          ip,
          port: port.port,
          address: `${ip}:${port.port}`,
          ready,
          serving: c.serving ?? true,
          terminating: c.terminating ?? false,
          nodeName: ep.nodeName ?? "",
          isLocal: nodeName !== "" && ep.nodeName === nodeName,
          zoneHints: (ep.hints?.forZones ?? []).map((z) => z.name),
        };
        if (!set.has(info.address) || info.isLocal) set.set(info.address, info);
      }
    }
  }
  const out: EndpointsMap = new Map();
  for (const [key, set] of byPort) {
    if (set.size === 0) continue;
    out.set(key, [...set.values()].sort(byAddress));
  }
  return out;
}
