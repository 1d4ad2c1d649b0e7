/** The clusters the proxy benchmark measures: synthetic Services with 1–10 endpoints, seen from one node. */
import type { ProxyNode, ProxyState } from "../../core/network/proxy-plugin.js";
import { proxyState } from "../../core/network/proxy-state.js";
import { churn, syntheticCluster } from "../../core/network/synthetic.js";

export const BENCH_NODE: ProxyNode = { name: "node-1", ip: "192.168.0.2", zone: "", clusterCIDR: "10.128.0.0/9", masqueradeAll: false };

export interface Scenario {
  readonly services: number;
  readonly state: ProxyState;
  /** The same cluster after one service lost its endpoints, one gained one and one was deleted. */
  readonly changedState: ProxyState;
  readonly changed: ReadonlySet<string>;
  readonly endpoints: number;
}

export function scenario(services: number, seed: number, minEndpoints = 1, maxEndpoints = 10): Scenario {
  const c = syntheticCluster({ services, minEndpoints, maxEndpoints, seed });
  const next = churn(c);
  return {
    services,
    state: proxyState(c.services, c.endpointSlices, BENCH_NODE.name),
    changedState: proxyState(next.services, next.endpointSlices, BENCH_NODE.name),
    changed: next.changed,
    endpoints: c.endpointSlices.reduce((n, s) => n + s.endpoints.length, 0),
  };
}
