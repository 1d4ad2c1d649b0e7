// Service and EndpointSlice manifests: valid ones load; each invalid one fails with a located one-line error.
import { describe, expect, it } from "vitest";
import { parseManifests } from "./manifests.js";

const svc = (spec: string, extra = "") => `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n${spec}${extra}`;
const slice = (body: string, labels = "{kubernetes.io/service-name: web}") =>
  `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: web-abc, labels: ${labels}}\n${body}`;
const errorOf = (text: string) => {
  try {
    parseManifests(text, "s.yaml");
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
};

describe("Service manifests", () => {
  it("load with their ports, policies, affinity and load-balancer status", () => {
    const set = parseManifests(
      svc(`  type: LoadBalancer
  clusterIP: 172.30.0.42
  externalTrafficPolicy: Local
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http, nodePort: 30080}, {name: https, port: 443, targetPort: 8443}]
  sessionAffinity: ClientIP
  sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}
  loadBalancerSourceRanges: [" 203.0.113.0/25"]
status: {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}
`),
      "s.yaml",
    );
    const [s] = set.services;
    expect(s!.metadata.namespace).toBe("shop");
    expect(s!.spec.ports!.map((p) => p.targetPort)).toEqual(["http", 8443]);
    expect(s!.status!.loadBalancer!.ingress![0]!.ip).toBe("1.2.3.4");
  });

  it("a headless service needs no ports; an ExternalName one needs its name", () => {
    expect(parseManifests(svc("  clusterIP: None\n  selector: {app: db}\n"), "s.yaml").services).toHaveLength(1);
    expect(errorOf(svc("  type: ExternalName\n"))).toBe("s.yaml:5:3: spec.externalName: is required");
  });

  it.each([
    ["  ports: []\n", "s.yaml:5:10: spec.ports: is required"],
    ["  ports: [{port: 0}]\n", "s.yaml:5:18: spec.ports[0].port: must be between 1 and 65535, inclusive, got 0"],
    ["  ports: [{port: 80}, {port: 81}]\n", "s.yaml:5:11: spec.ports[0].name: is required when a Service has more than one port"],
    ["  ports: [{name: a, port: 80}, {name: a, port: 81}]\n", "s.yaml:5:39: spec.ports[1].name: duplicate port name \"a\""],
    ["  ports: [{port: 80, protocol: HTTP}]\n", 's.yaml:5:32: spec.ports[0].protocol: unsupported value "HTTP" (supported: TCP, UDP, SCTP)'],
    ["  ports: [{port: 80, targetPort: web_port}]\n", 's.yaml:5:34: spec.ports[0].targetPort: "web_port" must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ["  ports: [{port: 80, targetPort: 1234}]\n  clusterIP: 10.0.0.256\n", 's.yaml:6:14: spec.clusterIP: "10.0.0.256" must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ["  ports: [{port: 80, nodePort: 30000}]\n", "s.yaml:5:32: spec.ports[0].nodePort: may not be used when `type` is 'ClusterIP'"],
    ["  ports: [{port: 80}]\n  externalTrafficPolicy: Local\n", "s.yaml:6:26: spec.externalTrafficPolicy: may only be set when `type` is 'NodePort' or 'LoadBalancer'"],
    ["  ports: [{port: 80}]\n  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 86401}}\n", "s.yaml:7:54: spec.sessionAffinityConfig.clientIP.timeoutSeconds: must be greater than 0 and less than 86400, got 86401"],
    ["  ports: [{port: 80}]\n  trafficDistribution: Nearest\n", 's.yaml:6:24: spec.trafficDistribution: unsupported value "Nearest" (supported: PreferClose, PreferSameZone, PreferSameNode)'],
    ["  type: LoadBalancer\n  ports: [{port: 80}]\n  loadBalancerSourceRanges: [203.0.113.0]\n", 's.yaml:7:30: spec.loadBalancerSourceRanges[0]: "203.0.113.0" must be a CIDR, e.g. 203.0.113.0/24'],
  ])("rejects %j", (spec, want) => {
    expect(errorOf(svc(spec))).toBe(want);
  });
});

describe("EndpointSlice manifests", () => {
  it("load with addresses, conditions, node and zone", () => {
    const set = parseManifests(
      slice("addressType: IPv4\nendpoints:\n- {addresses: [10.180.0.4], conditions: {ready: false, serving: true, terminating: true}, nodeName: n1, zone: z1}\nports: [{name: http, port: 8080, protocol: TCP}]\n"),
      "s.yaml",
    );
    expect(set.endpointSlices[0]!.endpoints[0]!.conditions).toEqual({ ready: false, serving: true, terminating: true });
    expect(set.endpointSlices[0]!.metadata.namespace).toBe("default");
  });

  it.each([
    [slice("addressType: IPv4\nendpoints: []\n", "{}"), 's.yaml:3:35: metadata.labels: must name the Service in "kubernetes.io/service-name" (proxies ignore slices without it)'],
    [slice("endpoints: []\n"), "s.yaml:1:1: addressType: is required (one of IPv4, IPv6, FQDN)"],
    [slice("addressType: IPv4\n"), "s.yaml:1:1: endpoints: is required"],
    [slice("addressType: IPv4\nendpoints: [{addresses: []}]\n"), "s.yaml:5:25: endpoints[0].addresses: must have between 1 and 100 addresses, got 0"],
    [slice("addressType: IPv4\nendpoints: [{addresses: [fd00::1]}]\n"), 's.yaml:5:26: endpoints[0].addresses[0]: "fd00::1" must be a valid IPv4 address'],
    [slice("addressType: IPv4\nendpoints: []\nports: [{name: a, port: 1}, {name: a, port: 2}]\n"), 's.yaml:6:36: ports[1].name: duplicate port name "a"'],
  ])("rejects %#", (text, want) => {
    expect(errorOf(text)).toBe(want);
  });
});
