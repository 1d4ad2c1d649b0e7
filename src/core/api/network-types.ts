/**
 * Service and EndpointSlice (core/v1, discovery.k8s.io/v1 as of Kubernetes v1.33): the fields the
 * service proxies and the EndpointSlice controller read. Unset optional fields mean what the API defaults.
 */
import type { ObjectMeta, TypeMeta } from "./types.js";

export type Protocol = "TCP" | "UDP" | "SCTP";
export type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";
export type TrafficPolicy = "Cluster" | "Local";

export interface ServicePort {
  name?: string;
  protocol?: Protocol;
  port: number;
  /** A container port number or name (IANA_SVC_NAME); defaults to `port`. */
  targetPort?: number | string;
  nodePort?: number;
  appProtocol?: string;
}

export interface ServiceSpec {
  type?: ServiceType;
  selector?: Record<string, string>;
  ports?: ServicePort[];
  /** An IPv4 address, "None" (headless) or unset (allocated). */
  clusterIP?: string;
  clusterIPs?: string[];
  externalIPs?: string[];
  externalName?: string;
  sessionAffinity?: "None" | "ClientIP";
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  externalTrafficPolicy?: TrafficPolicy;
  internalTrafficPolicy?: TrafficPolicy;
  /** "PreferClose" (v1.33 also accepts the alpha "PreferSameZone"/"PreferSameNode"). */
  trafficDistribution?: string;
  loadBalancerSourceRanges?: string[];
  healthCheckNodePort?: number;
  publishNotReadyAddresses?: boolean;
}

export interface ServiceStatus {
  loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] };
}

export interface Service extends TypeMeta {
  metadata: ObjectMeta;
  spec: ServiceSpec;
  status?: ServiceStatus;
}

export interface EndpointConditions {
  /** Unset means true (the API's "unknown" is read as ready). */
  ready?: boolean;
  /** Unset means the value of `ready`. */
  serving?: boolean;
  terminating?: boolean;
}

export interface Endpoint {
  addresses: string[];
  conditions?: EndpointConditions;
  nodeName?: string;
  zone?: string;
  hints?: { forZones?: { name: string }[]; forNodes?: { name: string }[] };
  targetRef?: { kind?: string; name?: string; namespace?: string; uid?: string };
}

export interface EndpointPort {
  name?: string;
  port?: number;
  protocol?: Protocol;
  appProtocol?: string;
}

export interface EndpointSlice extends TypeMeta {
  metadata: ObjectMeta;
  addressType: "IPv4" | "IPv6" | "FQDN";
  endpoints: Endpoint[];
  ports?: EndpointPort[];
}

/** The label tying an EndpointSlice to its Service (discovery.LabelServiceName). */
export const LabelServiceName = "kubernetes.io/service-name";
/** The label naming who manages a slice (discovery.LabelManagedBy). */
export const LabelManagedBy = "endpointslice.kubernetes.io/managed-by";
