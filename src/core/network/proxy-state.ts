/** A node's ProxyState from Services and EndpointSlices: service ports in name order, endpoints by port. */
import type { EndpointSlice, Service } from "../api/network-types.js";
import { endpointsMap } from "./endpoint-info.js";
import type { ProxyState } from "./proxy-plugin.js";
import { servicePorts } from "./service-port.js";

export function proxyState(services: readonly Service[], slices: readonly EndpointSlice[], nodeName: string): ProxyState {
  const ports = services.flatMap(servicePorts);
  ports.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
  return { services: ports, endpoints: endpointsMap(slices, nodeName) };
}
