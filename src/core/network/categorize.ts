/**
 * Which endpoints a node's proxy may send a service port's traffic to, after kube-proxy's
 * CategorizeEndpoints (pkg/proxy/topology.go): ready endpoints, falling back to serving-and-terminating
 * ones when none is ready (separately for Cluster and Local policy); same-zone endpoints when every ready
 * endpoint carries a zone hint and one is hinted for this node's zone (trafficDistribution: PreferClose).
 */
import { byAddress, type EndpointInfo } from "./endpoint-info.js";
import { usesClusterEndpoints, usesLocalEndpoints, type ServicePortInfo } from "./service-port.js";

export interface Categorized {
  /** Endpoints for Cluster traffic policy (empty if the service never uses it). */
  readonly cluster: readonly EndpointInfo[];
  /** Endpoints for Local traffic policy (empty if the service never uses it). */
  readonly local: readonly EndpointInfo[];
  /** Every endpoint reachable from this node: the union of the two, sorted by address. */
  readonly reachable: readonly EndpointInfo[];
  /** Whether the service has usable endpoints anywhere in the cluster. */
  readonly hasAny: boolean;
}

const NONE: readonly EndpointInfo[] = [];

function zoneMode(eps: readonly EndpointInfo[], zone: string): boolean {
  let ready = false;
  let forZone = false;
  for (const ep of eps) {
    if (!ep.ready) continue;
    ready = true;
    if (ep.zoneHints.length === 0) return false;
    if (ep.zoneHints.includes(zone)) forZone = true;
  }
  return ready && forZone;
}

export function categorizeEndpoints(eps: readonly EndpointInfo[] | undefined, svc: ServicePortInfo, zone: string): Categorized {
  if (!eps || eps.length === 0) return { cluster: NONE, local: NONE, reachable: NONE, hasAny: false };
  let cluster: readonly EndpointInfo[] = NONE;
  let hasAny = false;
  let topology = false;
  if (usesClusterEndpoints(svc)) {
    topology = zoneMode(eps, zone);
    cluster = eps.filter((ep) => ep.ready && (!topology || ep.zoneHints.includes(zone)));
    if (cluster.length === 0) cluster = eps.filter((ep) => ep.serving && ep.terminating);
    hasAny = cluster.length > 0;
  }
  if (!usesLocalEndpoints(svc)) return { cluster, local: NONE, reachable: cluster, hasAny };
  let localReady = false;
  let localTerminating = false;
  for (const ep of eps) {
    if (ep.ready) {
      hasAny = true;
      if (ep.isLocal) localReady = true;
    } else if (ep.serving && ep.terminating) {
      hasAny = true;
      if (ep.isLocal) localTerminating = true;
    }
  }
  const local = localReady
    ? eps.filter((ep) => ep.isLocal && ep.ready)
    : localTerminating
      ? eps.filter((ep) => ep.isLocal && ep.serving && ep.terminating)
      : NONE;
  if (!usesClusterEndpoints(svc)) return { cluster, local, reachable: local, hasAny };
  // Local serving-terminating endpoints are used only when no local endpoint is ready.
  if (!topology && (localReady || !localTerminating)) return { cluster, local, reachable: cluster, hasAny };
  const union = new Map<string, EndpointInfo>();
  for (const ep of cluster) union.set(ep.address, ep);
  for (const ep of local) union.set(ep.address, ep);
  const reachable = [...union.values()].sort(byAddress);
  return { cluster, local, reachable, hasAny };
}
