// An experiment with service networking: model.proxy crossed over two proxy plugins, traffic to a
// Service whose pods finish during the run; every run's summary.json carries the traffic block, in this
// thread and in worker threads alike.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, folderWithFixtures } from "./helpers.js";

const CLUSTER = `${[1, 2, 3]
  .map((i) => `apiVersion: v1
kind: Node
metadata: {name: node-${i}, labels: {topology.kubernetes.io/zone: zone-${i % 2}}}
status: {capacity: {cpu: "8", memory: 32Gi, pods: "110"}}
`)
  .join("---\n")}---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
`;

const WORKLOAD = Array.from({ length: 6 }, (_, i) => {
  const web = i < 4;
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${web ? `web-${i}` : `client-${i}`}
  labels: {app: ${web ? "web" : "client"}}
  annotations: {clusterlab.io/duration-us: "${web ? 4_000_000 + i * 2_000_000 : 12_000_000}"}
spec:
  containers: [{name: c, ports: [{name: http, containerPort: 8080}], resources: {requests: {cpu: 100m}}}]
`;
}).join("---\n");

const EXPERIMENT = `apiVersion: clusterlab/v1
kind: Experiment
metadata: {name: net}
cluster: {manifests: cluster.yaml}
workload: {manifests: pods.yaml}
model: {podStartLatency: 500ms}
matrix:
  model.proxy: [iptables, nftables]
traffic: {ratePerService: 200, clients: {app: client}}
`;

describe("experiments with service networking", () => {
  for (const jobs of ["1", "2"]) {
    it(`reports requests by fate per run (--jobs ${jobs})`, () => {
      const dir = folderWithFixtures(`net-${jobs}`, { "cluster.yaml": CLUSTER, "pods.yaml": WORKLOAD, "experiment.yaml": EXPERIMENT });
      const r = cli(["run", "experiment.yaml", "--out", "out", "--jobs", jobs, "--quiet", "--no-report"], dir);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      for (const proxy of ["iptables", "nftables"]) {
        const s = JSON.parse(readFileSync(join(dir, "out", `default+proxy=${proxy}`, "pods", "seed-1", "summary.json"), "utf8"));
        expect(s.traffic.proxy).toBe(proxy);
        expect(s.traffic.requests).toBeGreaterThan(1000);
        expect(s.traffic.delivered).toBeGreaterThan(1000);
        expect(s.traffic.requests).toBe(s.traffic.delivered + s.traffic.stale_endpoint + s.traffic.refused + s.traffic.unrouted);
        // web pods finish one after another: the requests that still went to them before the rules caught up
        expect(s.traffic.stale_endpoint).toBeGreaterThan(0);
        expect(s.traffic.syncs).toBeGreaterThan(3);
        expect(s.traffic.programming_latency_us.p50).toBeGreaterThan(0);
        // traffic.csv: the same requests, second by second
        const [head, ...rows] = readFileSync(join(dir, "out", `default+proxy=${proxy}`, "pods", "seed-1", "traffic.csv"), "utf8").trim().split("\n");
        expect(head).toBe("second,delivered,stale_endpoint,refused,unrouted");
        const sum = (col: number) => rows.reduce((n, r) => n + Number(r.split(",")[col]), 0);
        expect([sum(1), sum(2), sum(3), sum(4)]).toEqual([s.traffic.delivered, s.traffic.stale_endpoint, s.traffic.refused, s.traffic.unrouted]);
      }
    });
  }

  it("an unknown model.proxy is one line before any run", () => {
    const dir = folderWithFixtures("net-bad", { "cluster.yaml": CLUSTER, "pods.yaml": WORKLOAD, "experiment.yaml": EXPERIMENT.replace("[iptables, nftables]", "[iptables, ebpf]") });
    const r = cli(["run", "experiment.yaml", "--out", "out"], dir);
    expect(r.stderr).toMatch(/^clusterlab run: .*experiment\.yaml: variant "default\+proxy=ebpf": model\.proxy: unknown proxy plugin "ebpf" \(known: iptables, nftables, ipvs, maglev\)\n$/);
    expect(r.code).toBe(2);
  });
});
