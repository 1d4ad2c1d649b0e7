/**
 * EndpointSlices for manifests that give Pods instead: the pods get addresses from their nodes' pod CIDRs
 * (PodIPAllocator) unless they carry status.podIP, and the EndpointSlice controller lists them, in a
 * short simulation of just those two components. Pods count as ready when their phase is Running (or
 * unset, for pods written by hand).
 */
import type { EndpointSlice, Service } from "../api/network-types.js";
import { ObjectStore } from "../api/store.js";
import type { Node, Pod } from "../api/types.js";
import { Engine } from "../engine/engine.js";
import { EndpointSliceController } from "./endpoint-slice-controller.js";
import { PodIPAllocator } from "./pod-ip-allocator.js";

export function deriveEndpointSlices(services: readonly Service[], pods: readonly Pod[], nodes: readonly Node[], clusterCIDR = "10.244.0.0/16"): EndpointSlice[] {
  const engine = new Engine();
  const store = new ObjectStore(engine);
  for (const n of nodes) store.create(n);
  for (const p of pods) store.create({ ...p, status: { ...p.status, phase: p.status?.phase ?? "Running" } });
  for (const s of services) store.create(s);
  new PodIPAllocator(store, clusterCIDR).start();
  new EndpointSliceController(engine, store).start();
  engine.run();
  return store.list<EndpointSlice>("EndpointSlice");
}
