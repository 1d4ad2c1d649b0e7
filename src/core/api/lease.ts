/**
 * A node's heartbeat Lease (coordination.k8s.io/v1, namespace kube-node-lease, named after the node).
 * A healthy kubelet renews it every 10 s; writing each renewal would cost an event per node every 10 s
 * and change nothing anyone reads, so the simulated kubelet writes its Lease only when renewals stop
 * (the node failed: renewTime is the last renewal, and the annotation below says no more are coming) and
 * when they resume. A Lease without that annotation stands for one renewed on time.
 */
import type { ObjectMeta, TypeMeta } from "./types.js";

export const NodeLeaseNamespace = "kube-node-lease";
/** "false" while the node's kubelet has stopped renewing its Lease. */
export const AnnotationLeaseRenewing = "clusterlab.io/renewing";
/** The kubelet's renew interval (a quarter of nodeLeaseDurationSeconds, 40 s). */
export const LEASE_RENEW_INTERVAL_US = 10_000_000;
export const NODE_LEASE_DURATION_SECONDS = 40;

export interface Lease extends TypeMeta {
  metadata: ObjectMeta;
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string };
}

export function nodeLease(node: string, renewTimeIso: string, renewing: boolean): Lease {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: node, namespace: NodeLeaseNamespace, ...(renewing ? {} : { annotations: { [AnnotationLeaseRenewing]: "false" } }) },
    spec: { holderIdentity: node, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime: renewTimeIso },
  };
}
