/**
 * API validation of Service (core/v1) and EndpointSlice (discovery.k8s.io/v1), after
 * k8s.io/kubernetes/pkg/apis/core/validation.ValidateService and pkg/apis/discovery/validation:
 * the fields the proxies and the EndpointSlice controller read. IPv4 addresses only are routed; an IPv6
 * address is valid here and ignored by the IPv4 proxies, as a single-stack IPv4 kube-proxy does.
 */
import { isIPv6 } from "node:net";
import { parseCidr, parseIPv4 } from "../network/ipv4.js";
import { LabelServiceName } from "./network-types.js";
import {
  check, dns1123LabelError, FieldError, mapping, oneOf, optBool, optInt, optList, optMapping, optString, reqString, stringList,
  validateLabels, validateObjectMeta, type FieldPath, type Obj,
} from "./validate.js";

const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
const PROTOCOLS = ["TCP", "UDP", "SCTP"];
const POLICIES = ["Cluster", "Local"];
const DISTRIBUTIONS = ["PreferClose", "PreferSameZone", "PreferSameNode"];
/** core.MaxClientIPServiceAffinitySeconds */
const MAX_AFFINITY_SECONDS = 86_400;
/** IANA_SVC_NAME: at most 15 characters, lower-case letters, digits and '-', at least one letter, no '--'. */
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function ipError(v: string): string | null {
  if (parseIPv4(v) !== null || isIPv6(v)) return null;
  return `${JSON.stringify(v)} must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`;
}

function portNumber(o: Obj, key: string, path: FieldPath, required: boolean): number | undefined {
  if (o[key] == null) {
    if (required) throw new FieldError([...path, key], "is required");
    return undefined;
  }
  const v = optInt(o, key, path)!;
  if (v < 1 || v > 65535) throw new FieldError([...path, key], `must be between 1 and 65535, inclusive, got ${v}`);
  return v;
}

/** A named target port must be an IANA_SVC_NAME (validation.IsValidPortName). */
export function portNameError(v: string): string | null {
  if (v.length > 15) return `${JSON.stringify(v)} must be no more than 15 characters`;
  if (!IANA_SVC_NAME.test(v)) return `${JSON.stringify(v)} must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`;
  if (v.includes("--")) return `${JSON.stringify(v)} must not contain consecutive hyphens`;
  if (!/[a-z]/.test(v)) return `${JSON.stringify(v)} must contain at least one letter (a-z)`;
  return null;
}

function validateServicePort(v: unknown, path: FieldPath, type: string, names: Set<string>, many: boolean): void {
  const p = mapping(v, path);
  const name = optString(p, "name", path) ?? "";
  if (many && name === "") throw new FieldError([...path, "name"], "is required when a Service has more than one port");
  if (name !== "") {
    check(dns1123LabelError(name), [...path, "name"]);
    if (names.has(name)) throw new FieldError([...path, "name"], `duplicate port name ${JSON.stringify(name)}`);
    names.add(name);
  }
  oneOf(p, "protocol", path, PROTOCOLS);
  portNumber(p, "port", path, true);
  const target = p.targetPort;
  if (typeof target === "string") check(portNameError(target), [...path, "targetPort"]);
  else if (target != null) portNumber(p, "targetPort", path, false);
  if (p.nodePort != null && p.nodePort !== 0) {
    if (type !== "NodePort" && type !== "LoadBalancer") throw new FieldError([...path, "nodePort"], `may not be used when \`type\` is '${type}'`);
    portNumber(p, "nodePort", path, false);
  }
  optString(p, "appProtocol", path);
}

export function validateService(v: unknown, path: FieldPath = []): void {
  const o = mapping(v, path);
  validateObjectMeta(o.metadata, [...path, "metadata"], { name: "label", namespaced: true });
  const sp = [...path, "spec"];
  const spec = mapping(o.spec ?? {}, sp);
  const type = oneOf(spec, "type", sp, SERVICE_TYPES) ?? "ClusterIP";
  validateLabels(spec.selector, [...sp, "selector"]);
  const clusterIP = optString(spec, "clusterIP", sp) ?? "";
  if (type === "ExternalName") {
    if (clusterIP !== "") throw new FieldError([...sp, "clusterIP"], "may not be set for ExternalName services");
    reqString(spec, "externalName", sp);
  } else if (clusterIP !== "" && clusterIP !== "None") {
    check(ipError(clusterIP), [...sp, "clusterIP"]);
  }
  if (clusterIP === "None" && (type === "NodePort" || type === "LoadBalancer")) {
    throw new FieldError([...sp, "clusterIP"], `may not be set to 'None' for ${type} services`);
  }
  const ports = optList(spec, "ports", sp) ?? [];
  if (ports.length === 0 && type !== "ExternalName" && clusterIP !== "None") throw new FieldError([...sp, "ports"], "is required");
  const names = new Set<string>();
  ports.forEach((p, i) => validateServicePort(p, [...sp, "ports", i], type, names, ports.length > 1));
  stringList(spec.externalIPs ?? [], [...sp, "externalIPs"]).forEach((ip, i) => check(ipError(ip), [...sp, "externalIPs", i]));
  const affinity = oneOf(spec, "sessionAffinity", sp, ["None", "ClientIP"]) ?? "None";
  const cfg = optMapping(spec, "sessionAffinityConfig", sp);
  if (cfg) {
    const cp = [...sp, "sessionAffinityConfig"];
    if (affinity !== "ClientIP") throw new FieldError(cp, "must not be set when sessionAffinity is None");
    const client = optMapping(cfg, "clientIP", cp);
    const t = client ? optInt(client, "timeoutSeconds", [...cp, "clientIP"]) : undefined;
    if (t !== undefined && (t <= 0 || t > MAX_AFFINITY_SECONDS)) {
      throw new FieldError([...cp, "clientIP", "timeoutSeconds"], `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}, got ${t}`);
    }
  }
  if (spec.externalTrafficPolicy != null && type !== "NodePort" && type !== "LoadBalancer") {
    throw new FieldError([...sp, "externalTrafficPolicy"], "may only be set when `type` is 'NodePort' or 'LoadBalancer'");
  }
  oneOf(spec, "externalTrafficPolicy", sp, POLICIES);
  oneOf(spec, "internalTrafficPolicy", sp, POLICIES);
  oneOf(spec, "trafficDistribution", sp, DISTRIBUTIONS);
  stringList(spec.loadBalancerSourceRanges ?? [], [...sp, "loadBalancerSourceRanges"]).forEach((r, i) => {
    // kube-proxy trims whitespace around source ranges before parsing them.
    if (parseCidr(r.trim()) === null && !isIPv6(r.trim().split("/")[0]!)) {
      throw new FieldError([...sp, "loadBalancerSourceRanges", i], `${JSON.stringify(r)} must be a CIDR, e.g. 203.0.113.0/24`);
    }
  });
  portNumber(spec, "healthCheckNodePort", sp, false);
  optBool(spec, "publishNotReadyAddresses", sp);
  const st = optMapping(o, "status", path);
  const lb = st ? optMapping(st, "loadBalancer", [...path, "status"]) : undefined;
  const lp = [...path, "status", "loadBalancer"];
  optList(lb ?? {}, "ingress", lp)?.forEach((ing, i) => {
    const ip = optString(mapping(ing, [...lp, "ingress", i]), "ip", [...lp, "ingress", i]);
    if (ip) check(ipError(ip), [...lp, "ingress", i, "ip"]);
  });
}

export function validateEndpointSlice(v: unknown, path: FieldPath = []): void {
  const o = mapping(v, path);
  validateObjectMeta(o.metadata, [...path, "metadata"], { name: "subdomain", namespaced: true });
  const labels = ((o.metadata as Obj).labels ?? {}) as Obj;
  if (typeof labels[LabelServiceName] !== "string" || labels[LabelServiceName] === "") {
    throw new FieldError([...path, "metadata", "labels"], `must name the Service in "${LabelServiceName}" (proxies ignore slices without it)`);
  }
  const type = oneOf(o, "addressType", path, ["IPv4", "IPv6", "FQDN"], true);
  const eps = optList(o, "endpoints", path);
  if (eps === undefined) throw new FieldError([...path, "endpoints"], "is required");
  if (eps.length > 1000) throw new FieldError([...path, "endpoints"], `must have at most 1000 items, got ${eps.length}`);
  eps.forEach((e, i) => {
    const ep = [...path, "endpoints", i];
    const m = mapping(e, ep);
    const addrs = stringList(m.addresses ?? [], [...ep, "addresses"]);
    if (addrs.length < 1 || addrs.length > 100) throw new FieldError([...ep, "addresses"], `must have between 1 and 100 addresses, got ${addrs.length}`);
    addrs.forEach((a, j) => {
      const ok = type === "IPv4" ? parseIPv4(a) !== null : type === "IPv6" ? isIPv6(a) : a !== "";
      if (!ok) throw new FieldError([...ep, "addresses", j], `${JSON.stringify(a)} must be a valid ${type} address`);
    });
    const cond = optMapping(m, "conditions", ep);
    if (cond) for (const k of ["ready", "serving", "terminating"]) optBool(cond, k, [...ep, "conditions"]);
    optString(m, "nodeName", ep);
    optString(m, "zone", ep);
  });
  const ports = optList(o, "ports", path) ?? [];
  if (ports.length > 100) throw new FieldError([...path, "ports"], `must have at most 100 items, got ${ports.length}`);
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pp = [...path, "ports", i];
    const m = mapping(p, pp);
    const name = optString(m, "name", pp) ?? "";
    if (name !== "") check(dns1123LabelError(name), [...pp, "name"]);
    if (names.has(name)) throw new FieldError([...pp, "name"], `duplicate port name ${JSON.stringify(name)}`);
    names.add(name);
    oneOf(m, "protocol", pp, PROTOCOLS);
    portNumber(m, "port", pp, false);
  });
}
