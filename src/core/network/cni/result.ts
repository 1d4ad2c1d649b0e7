/**
 * The CNI Result (spec 1.x "Success") and its older shapes: plugins build the current form; a result is
 * printed in the version its configuration asked for, with the fields in the reference library's order
 * (0.3.x/0.4.0 add `version` to each address; 0.1.0/0.2.0 keep only the first IPv4 and IPv6 address as
 * `ip4`/`ip6` with their routes).
 */
import { CNI_ERR, CniError } from "./errors.js";
import { parseIPNet } from "../ip.js";
import { atLeast } from "./version.js";

export interface CniInterface {
  name: string;
  mac?: string;
  mtu?: number;
  sandbox?: string;
  socketPath?: string;
  pciID?: string;
}

export interface CniIPConfig {
  /** Index into `interfaces` (main plugins set it; IPAM plugins leave it out). */
  interface?: number;
  /** CIDR notation: the address and its subnet's prefix. */
  address: string;
  gateway?: string;
}

export interface CniRoute {
  dst: string;
  gw?: string;
  mtu?: number;
  advmss?: number;
  priority?: number;
  table?: number;
  scope?: number;
}

export interface CniDNS {
  nameservers?: string[];
  domain?: string;
  search?: string[];
  options?: string[];
}

export interface CniResult {
  cniVersion: string;
  interfaces?: CniInterface[];
  ips?: CniIPConfig[];
  routes?: CniRoute[];
  dns?: CniDNS;
}

function dnsOut(d: CniDNS | undefined): CniDNS {
  const out: CniDNS = {};
  if (d?.nameservers?.length) out.nameservers = d.nameservers;
  if (d?.domain) out.domain = d.domain;
  if (d?.search?.length) out.search = d.search;
  if (d?.options?.length) out.options = d.options;
  return out;
}

function routeOut(r: CniRoute, current: boolean): CniRoute {
  const out: CniRoute = { dst: r.dst };
  if (r.gw) out.gw = r.gw;
  if (current) {
    for (const k of ["mtu", "advmss", "priority", "table", "scope"] as const) if (r[k]) out[k] = r[k];
  }
  return out;
}

function interfaceOut(i: CniInterface, v11: boolean): CniInterface {
  const out: CniInterface = { name: i.name };
  if (i.mac) out.mac = i.mac;
  if (v11 && i.mtu) out.mtu = i.mtu;
  if (i.sandbox) out.sandbox = i.sandbox;
  if (v11 && i.socketPath) out.socketPath = i.socketPath;
  if (v11 && i.pciID) out.pciID = i.pciID;
  return out;
}

const isV4 = (cidr: string) => parseIPNet(cidr)?.ip.v6 === false;

/** `r` as the JSON object of spec version `version`, keys in the reference library's order. */
export function resultForVersion(r: CniResult, version: string): Record<string, unknown> {
  if (atLeast(version, "1.0.0")) {
    const v11 = atLeast(version, "1.1.0");
    const out: Record<string, unknown> = { cniVersion: version };
    if (r.interfaces?.length) out.interfaces = r.interfaces.map((i) => interfaceOut(i, v11));
    if (r.ips?.length) out.ips = r.ips.map((ip) => ({ ...(ip.interface !== undefined ? { interface: ip.interface } : {}), address: ip.address, ...(ip.gateway ? { gateway: ip.gateway } : {}) }));
    if (r.routes?.length) out.routes = r.routes.map((x) => routeOut(x, true));
    out.dns = dnsOut(r.dns);
    return out;
  }
  if (atLeast(version, "0.3.0")) {
    const out: Record<string, unknown> = { cniVersion: version };
    if (r.interfaces?.length) out.interfaces = r.interfaces.map((i) => interfaceOut(i, false));
    if (r.ips?.length) {
      out.ips = r.ips.map((ip) => ({
        version: isV4(ip.address) ? "4" : "6",
        ...(ip.interface !== undefined ? { interface: ip.interface } : {}),
        address: ip.address,
        ...(ip.gateway ? { gateway: ip.gateway } : {}),
      }));
    }
    if (r.routes?.length) out.routes = r.routes.map((x) => routeOut(x, false));
    out.dns = dnsOut(r.dns);
    return out;
  }
  type Legacy = { ip: string; gateway?: string; routes?: CniRoute[] };
  let ip4: Legacy | undefined;
  let ip6: Legacy | undefined;
  for (const ip of r.ips ?? []) {
    const legacy = { ip: ip.address, ...(ip.gateway ? { gateway: ip.gateway } : {}) };
    if (isV4(ip.address)) ip4 ??= legacy;
    else ip6 ??= legacy;
  }
  for (const route of r.routes ?? []) {
    const target = isV4(route.dst) ? ip4 : ip6;
    if (target) (target.routes ??= []).push(routeOut(route, false));
  }
  if (!ip4 && !ip6) throw new CniError(CNI_ERR.internal, "cannot convert: no valid IP addresses");
  return { cniVersion: version, ...(ip4 ? { ip4 } : {}), ...(ip6 ? { ip6 } : {}), dns: dnsOut(r.dns) };
}

/** A `prevResult` from a configuration (spec 0.3.0 and later) in the current form; throws a code-6 CniError when it is not one. */
export function parseResult(raw: unknown): CniResult {
  const bad = (why: string) => new CniError(CNI_ERR.decodingFailure, `could not parse prevResult: ${why}`);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw bad("not an object");
  const o = raw as Record<string, unknown>;
  if (typeof o.cniVersion !== "string" || !atLeast(o.cniVersion, "0.3.0")) throw bad(`unsupported result version ${JSON.stringify(o.cniVersion)}`);
  const list = <T>(k: string): T[] | undefined => {
    if (o[k] === undefined || o[k] === null) return undefined;
    if (!Array.isArray(o[k])) throw bad(`${k} is not a list`);
    return o[k] as T[];
  };
  const ips = list<Record<string, unknown>>("ips")?.map((ip) => {
    if (typeof ip.address !== "string" || !parseIPNet(ip.address)) throw bad(`address ${JSON.stringify(ip.address)} is not a CIDR`);
    return { ...(typeof ip.interface === "number" ? { interface: ip.interface } : {}), address: ip.address, ...(typeof ip.gateway === "string" ? { gateway: ip.gateway } : {}) };
  });
  return {
    cniVersion: o.cniVersion,
    ...(list("interfaces") ? { interfaces: list<CniInterface>("interfaces") } : {}),
    ...(ips ? { ips } : {}),
    ...(list("routes") ? { routes: list<CniRoute>("routes") } : {}),
    dns: (o.dns as CniDNS | undefined) ?? {},
  };
}
