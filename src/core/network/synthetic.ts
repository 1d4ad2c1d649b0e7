/**
 * Synthetic service clusters for benchmarks and tests: `services` Services with 1..maxEndpoints
 * endpoints each (drawn from a seeded generator), cluster IPs from 10.96.0.0/12 and pod IPs from
 * 10.128.0.0/9 in order, every tenth service a NodePort, every seventh with ClientIP affinity.
 */
import type { EndpointSlice, Service } from "../api/network-types.js";
import { LabelServiceName } from "../api/network-types.js";
import { Rng } from "../engine/rng.js";
import { formatIPv4, parseIPv4 } from "./ipv4.js";

export interface SyntheticCluster {
  services: Service[];
  endpointSlices: EndpointSlice[];
}

export interface SyntheticOptions {
  services: number;
  /** Endpoints per service are uniform in [minEndpoints, maxEndpoints]. */
  minEndpoints: number;
  maxEndpoints: number;
  seed: number;
  /** Node names endpoints are spread over (round-robin). */
  nodes?: readonly string[];
}

const SERVICE_BASE = parseIPv4("10.96.0.0")!;
const POD_BASE = parseIPv4("10.128.0.0")!;
const NODE_PORT_MIN = 30000;

export function syntheticCluster(o: SyntheticOptions): SyntheticCluster {
  const rng = Rng.seeded(o.seed);
  const nodes = o.nodes ?? ["node-1", "node-2", "node-3"];
  const services: Service[] = [];
  const endpointSlices: EndpointSlice[] = [];
  let pod = 0;
  for (let i = 0; i < o.services; i++) {
    const name = `svc-${i}`;
    const namespace = `ns-${i % 10}`;
    const nodePort = i % 10 === 0;
    services.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace },
      spec: {
        type: nodePort ? "NodePort" : "ClusterIP",
        clusterIP: formatIPv4(SERVICE_BASE + 1 + i),
        selector: { app: name },
        ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: 8080, ...(nodePort ? { nodePort: NODE_PORT_MIN + (i / 10) } : {}) }],
        ...(i % 7 === 3 ? { sessionAffinity: "ClientIP" as const } : {}),
      },
    });
    const n = rng.int(o.minEndpoints, o.maxEndpoints);
    const endpoints = Array.from({ length: n }, () => {
      const p = pod++;
      return { addresses: [formatIPv4(POD_BASE + 1 + p)], conditions: { ready: true }, nodeName: nodes[p % nodes.length]! };
    });
    endpointSlices.push({
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: `${name}-0`, namespace, labels: { [LabelServiceName]: name } },
      addressType: "IPv4",
      endpoints,
      ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    });
  }
  return { services, endpointSlices };
}

/** A change to a synthetic cluster, for partial-sync tests: svc-3 loses its endpoints, svc-5 gains
 *  10.200.0.1, svc-7 is deleted. `changed` names the service ports whose rules change. */
export function churn(c: SyntheticCluster): SyntheticCluster & { changed: Set<string> } {
  const endpointSlices = c.endpointSlices.map((s) => {
    if (s.metadata.name === "svc-3-0") return { ...s, endpoints: [] };
    if (s.metadata.name === "svc-5-0") return { ...s, endpoints: [...s.endpoints, { addresses: ["10.200.0.1"], conditions: { ready: true } }] };
    return s;
  });
  const services = c.services.filter((s) => s.metadata.name !== "svc-7");
  return { services, endpointSlices, changed: new Set(["ns-3/svc-3:http", "ns-5/svc-5:http", "ns-7/svc-7:http"]) };
}
