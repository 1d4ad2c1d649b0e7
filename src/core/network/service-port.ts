/**
 * What a service proxy sees of a Service: one ServicePortInfo per (Service, port), as kube-proxy's
 * service change tracker builds them (pkg/proxy/serviceport.go). Services with no cluster IP, headless
 * ones and ExternalName ones are skipped, as proxy.ShouldSkipService does.
 */
import type { Protocol, Service } from "../api/network-types.js";
import { parseIPv4 } from "./ipv4.js";

/** kube-proxy's default ClientIP affinity timeout (core.DefaultClientIPServiceAffinitySeconds). */
export const DEFAULT_AFFINITY_SECONDS = 10_800;

export interface ServicePortInfo {
  /** ServicePortName.String(): "ns/name:port", or "ns/name" for an unnamed port. */
  readonly name: string;
  readonly namespace: string;
  readonly service: string;
  readonly portName: string;
  readonly protocol: Protocol;
  readonly clusterIP: string;
  readonly port: number;
  /** 0 when the service has none. */
  readonly nodePort: number;
  readonly externalIPs: readonly string[];
  readonly loadBalancerIPs: readonly string[];
  /** Trimmed, as kube-proxy reads them. */
  readonly loadBalancerSourceRanges: readonly string[];
  readonly healthCheckNodePort: number;
  /** ClientIP affinity timeout in seconds; 0 without affinity. */
  readonly stickySeconds: number;
  readonly internalPolicyLocal: boolean;
  readonly externalPolicyLocal: boolean;
  /** NodePort, LoadBalancer, or external IPs: reachable from outside the cluster. */
  readonly externallyAccessible: boolean;
  readonly trafficDistribution: string | undefined;
}

/** The key joining a service port to its endpoints: name plus protocol. */
export const servicePortKey = (name: string, protocol: Protocol): string => `${name}/${protocol}`;

export function usesClusterEndpoints(s: ServicePortInfo): boolean {
  return !s.internalPolicyLocal || (s.externallyAccessible && !s.externalPolicyLocal);
}

export function usesLocalEndpoints(s: ServicePortInfo): boolean {
  return s.internalPolicyLocal || (s.externallyAccessible && s.externalPolicyLocal);
}

/** The IPv4 service ports of `svc` (none for skipped services). */
export function servicePorts(svc: Service): ServicePortInfo[] {
  const spec = svc.spec;
  const type = spec.type ?? "ClusterIP";
  const clusterIP = spec.clusterIP ?? "";
  if (type === "ExternalName" || clusterIP === "" || clusterIP === "None" || parseIPv4(clusterIP) === null) return [];
  const ns = svc.metadata.namespace ?? "default";
  const v4 = (ips: readonly (string | undefined)[]) => ips.filter((ip): ip is string => ip !== undefined && parseIPv4(ip) !== null);
  const externalIPs = v4(spec.externalIPs ?? []);
  const lbIPs = type === "LoadBalancer" ? v4((svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip)) : [];
  const externallyAccessible = type === "NodePort" || type === "LoadBalancer" || externalIPs.length > 0;
  const sticky = spec.sessionAffinity === "ClientIP" ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS) : 0;
  return (spec.ports ?? []).map((p) => {
    const portName = p.name ?? "";
    return {
      name: portName ? `${ns}/${svc.metadata.name}:${portName}` : `${ns}/${svc.metadata.name}`,
      namespace: ns,
      service: svc.metadata.name,
      portName,
      protocol: p.protocol ?? "TCP",
      clusterIP,
      port: p.port,
      nodePort: type === "NodePort" || type === "LoadBalancer" ? (p.nodePort ?? 0) : 0,
      externalIPs,
      loadBalancerIPs: lbIPs,
      loadBalancerSourceRanges: lbIPs.length > 0 ? (spec.loadBalancerSourceRanges ?? []).map((r) => r.trim()) : [],
      healthCheckNodePort: type === "LoadBalancer" && spec.externalTrafficPolicy === "Local" ? (spec.healthCheckNodePort ?? 0) : 0,
      stickySeconds: sticky,
      internalPolicyLocal: spec.internalTrafficPolicy === "Local",
      externalPolicyLocal: externallyAccessible && spec.externalTrafficPolicy === "Local",
      externallyAccessible,
      trafficDistribution: spec.trafficDistribution,
    };
  });
}
