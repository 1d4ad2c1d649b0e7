/**
 * Pod networking in runs: the node IPAM controller gives nodes podCIDRs, flannel's node agent writes
 * subnet.env, the kubelet runs the CNI chain before a pod starts. A /29 podCIDR holds 5 pods: the sixth
 * to eighth wait ContainerCreating (FailedCreatePodSandBox, retried every 10 s) until pods end. Runs are
 * deterministic; with Calico and model.proxy, EndpointSlices carry the CNI's addresses and traffic
 * reaches the pods. Bad network input is one line, exit 2, before any run.
 */
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, folderWithFixtures, ROOT } from "./helpers.js";

const NODES = (n: number) =>
  Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: Node\nmetadata: {name: node-${i + 1}}\nstatus: {capacity: {cpu: "8", memory: 32Gi, pods: "110"}}\n`).join("---\n");

/** `n` pods created at once, pod i running (i + 1) × 20 s. */
const PODS = (n: number, labels = "{app: web}") =>
  Array.from(
    { length: n },
    (_, i) => `apiVersion: v1
kind: Pod
metadata: {name: p-${i}, labels: ${labels}, annotations: {clusterlab.io/duration-us: "${(i + 1) * 20_000_000}"}}
spec:
  containers: [{name: c, ports: [{name: http, containerPort: 8080}], resources: {requests: {cpu: 100m}}}]
`,
  ).join("---\n");

const EXPERIMENT = (network: string, extra = "") => `apiVersion: clusterlab/v1
kind: Experiment
metadata: {name: podnet}
cluster: {manifests: cluster.yaml}
workload: {manifests: pods.yaml}
model: {podStartLatency: 1s}
network:
${network}
${extra}`;

const FLANNEL_29 = `  cni: 10-flannel.conflist
  clusterCIDR: 10.244.0.0/16
  nodeCIDRMaskSize: 29`;

function folder(name: string, files: Record<string, string>): string {
  const dir = folderWithFixtures(name, files);
  for (const f of ["10-flannel.conflist", "10-calico.conflist", "10-containerd-net.conflist"]) copyFileSync(join(ROOT, "examples", "cni", f), join(dir, f));
  return dir;
}

const runDir = (dir: string) => join(dir, "out", "default", "pods", "seed-1");

describe("pod networking through CNI in a run", () => {
  it("a /29 podCIDR holds 5 pods: 3 more wait ContainerCreating, retried every 10 s, and start as pods end", () => {
    const dir = folder("podnet-exhaust", { "cluster.yaml": NODES(1), "pods.yaml": PODS(8), "experiment.yaml": EXPERIMENT(FLANNEL_29) });
    const r = cli(["run", "experiment.yaml", "--out", "out", "--quiet"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(join(runDir(dir), "summary.json"), "utf8"));
    expect(s.network.plugins).toEqual(["flannel", "bridge", "host-local", "portmap"]);
    expect(s.network.ip_capacity).toBe(5);
    expect(s.network.node_cidrs_allocated).toBe(1);
    expect(s.network.failed_sandbox_pods).toBe(3);
    expect(s.pods.completed).toBe(8);
    // ADD takes flannel 3.5 ms + bridge 25.1 ms + host-local 3.8 ms + portmap 50.2 ms (the measured defaults), then the 1 s start.
    expect(s.network.pod_start_latency_us.p50).toBe(1_082_600);
    // Five pods start at 1.08 s. The first to end (20 s after its start) frees an address at 21.08 s. A failed
    // attempt takes 150.9 ms (ADD through flannel, bridge, host-local: 32.4 ms; then the runtime's DEL of the
    // chain: portmap 115 ms + flannel 3.5 ms) and the kubelet waits 10 s, so attempts are 10.1509 s apart: the
    // third retry, at 30.4527 s, succeeds, and the pod runs 82.6 ms + 1 s later.
    const pods = readFileSync(join(runDir(dir), "pods.csv"), "utf8").trim().split("\n");
    const header = pods[0]!.split(",");
    const starts = pods.slice(1).map((l) => Number(l.split(",")[header.indexOf("start_us")])).sort((a, b) => a - b);
    expect(starts.slice(0, 5)).toEqual([1_082_600, 1_082_600, 1_082_600, 1_082_600, 1_082_600]);
    expect(starts[5]).toBe(31_535_300);
    const csv = readFileSync(join(runDir(dir), "pod-network.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("time_s,pods_with_network,waiting_for_network,ips_in_use,ip_capacity,max_node_ip_use_pct,mean_start_latency_s");
    // Mean start latency of the pods that started in each interval: the first five 1.0826 s after binding.
    const means = csv.slice(1).map((l) => l.split(",")[6]).filter((m) => m !== "");
    expect(means[0]).toBe("1.0826");
    expect(Number(means.at(-1))).toBeGreaterThan(10);
    const waiting = csv.slice(1).map((l) => Number(l.split(",")[2]));
    expect(Math.max(...waiting)).toBe(3);
    expect(waiting.at(-1)).toBe(0);
    expect(Math.max(...csv.slice(1).map((l) => Number(l.split(",")[5])))).toBe(100);
    // The report charts the waiting pods and the addresses in use from pod-network.csv.
    const waitingChart = JSON.parse(readFileSync(join(dir, "out", "charts", "network-waiting.vl.json"), "utf8"));
    expect(Math.max(...waitingChart.data.values.map((v: { y: number | null }) => v.y ?? 0))).toBe(3);
    expect(readFileSync(join(dir, "out", "report.html"), "utf8")).toContain("Pods waiting for their sandbox network");
    expect(readFileSync(join(dir, "out", "charts", "network-ip-use.svg"), "utf8")).toContain("<svg");
  });

  it("a node the cluster CIDR has no block for is tainted network-unavailable and gets no pods", () => {
    const network = `  cni: 10-flannel.conflist\n  clusterCIDR: 10.244.0.0/23\n  plugins:\n    flannel: {Network: 10.244.0.0/16, Backend: {Type: vxlan}}`;
    const dir = folder("podnet-nocidr", { "cluster.yaml": NODES(3), "pods.yaml": PODS(9), "experiment.yaml": EXPERIMENT(network) });
    const r = cli(["run", "experiment.yaml", "--out", "out", "--quiet", "--no-report"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(join(runDir(dir), "summary.json"), "utf8"));
    expect(s.network.node_cidrs_allocated).toBe(2);
    expect(s.network.node_cidr_events).toBe(1);
    expect(s.network.sandbox_failures).toBe(0);
    const pods = readFileSync(join(runDir(dir), "pods.csv"), "utf8").trim().split("\n").slice(1);
    expect(new Set(pods.map((l) => l.split(",")[4]))).toEqual(new Set(["node-1", "node-2"]));
  });

  it("is deterministic: the same run twice gives byte-identical pod-network.csv, pods.csv and network block", () => {
    const files = { "cluster.yaml": NODES(2), "pods.yaml": PODS(14), "experiment.yaml": EXPERIMENT(FLANNEL_29) };
    const outs = ["a", "b"].map((n) => {
      const dir = folder(`podnet-det-${n}`, files);
      expect(cli(["run", "experiment.yaml", "--out", "out", "--quiet", "--no-report"], dir).code).toBe(0);
      const s = JSON.parse(readFileSync(join(runDir(dir), "summary.json"), "utf8"));
      return [readFileSync(join(runDir(dir), "pod-network.csv"), "utf8"), readFileSync(join(runDir(dir), "pods.csv"), "utf8"), JSON.stringify(s.network)];
    });
    expect(outs[0]).toEqual(outs[1]);
  });

  it("Calico with model.proxy: pods get addresses from their node's /26 block, EndpointSlices carry them, traffic is delivered", () => {
    const cluster = `${NODES(2)}---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: http}]\n`;
    const network = `  cni: 10-calico.conflist\n  clusterCIDR: 10.244.0.0/16\n  plugins:\n    calico-ipam: {pools: [{cidr: 10.250.0.0/16, blockSize: 26, ipipMode: Always}]}`;
    const dir = folder("podnet-calico", { "cluster.yaml": cluster, "pods.yaml": `${PODS(4)}---\n${PODS(1, "{app: client}").replace("p-0", "client")}`, "experiment.yaml": EXPERIMENT(network, "traffic: {ratePerService: 100, clients: {app: client}}").replace("model: {podStartLatency: 1s}", "model: {podStartLatency: 1s, proxy: iptables}") });
    const r = cli(["run", "experiment.yaml", "--out", "out", "--quiet", "--no-report"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(join(runDir(dir), "summary.json"), "utf8"));
    expect(s.network.plugins).toEqual(["calico", "calico-ipam", "portmap", "bandwidth"]);
    expect(s.network.sandbox_failures).toBe(0);
    expect(s.traffic.delivered).toBeGreaterThan(100);
    expect(s.traffic.unrouted).toBe(0);
    // Delivered requests by path: IP-in-IP between the two nodes (20 bytes of outer header each way).
    const p = s.traffic.paths;
    expect(p.mode).toBe("calico ipip Always");
    expect(p.same_node + p.cross_node).toBe(s.traffic.delivered);
    expect(p.same_node).toBeGreaterThan(0);
    expect(p.cross_node).toBeGreaterThan(0);
    expect(p.encapsulated).toBe(p.cross_node);
    expect(p.encap_header_bytes).toBe(40 * p.encapsulated);
  });

  it("pods' bandwidth annotations reach the bandwidth plugin as containerd passes them; unreasonable ones fail the sandbox with the kubelet's message", () => {
    const network = `  cni: 10-calico.conflist\n  clusterCIDR: 10.244.0.0/16`;
    const pods = PODS(3)
      .replace("metadata: {name: p-0, labels: {app: web}, annotations: {", 'metadata: {name: p-0, labels: {app: web}, annotations: {kubernetes.io/ingress-bandwidth: 10M, kubernetes.io/egress-bandwidth: 1G, ')
      .replace("metadata: {name: p-1, labels: {app: web}, annotations: {", 'metadata: {name: p-1, labels: {app: web}, annotations: {kubernetes.io/ingress-bandwidth: "100", ');
    const dir = folder("podnet-bw", { "cluster.yaml": NODES(1), "pods.yaml": pods, "experiment.yaml": EXPERIMENT(network, "until: 60s") });
    const r = cli(["run", "experiment.yaml", "--out", "out", "--quiet", "--no-report"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(join(runDir(dir), "summary.json"), "utf8"));
    expect(s.network.bandwidth_limited_pods).toBe(1);
    expect(s.network.failed_sandbox_pods).toBe(1);
    expect(s.network.waiting_for_network_at_end).toBe(1);
  });

  it("bad network input is one line naming the file or field, exit 2, nothing written", () => {
    const cases: [string, string, RegExp][] = [
      ["  cni: missing.conflist", "", /network\.cni: .*missing\.conflist/],
      ["  cni: weave.conflist", JSON.stringify({ cniVersion: "1.0.0", name: "w", plugins: [{ type: "weave-net" }] }), /network\.cni: .*weave\.conflist: plugin type "weave-net" is not a simulated CNI plugin \(known: host-local, /],
      ["  cni: broken.conflist", "{", /network\.cni: .*broken\.conflist: error parsing configuration list/],
      ["  cni: 10-flannel.conflist\n  plugins:\n    flannel: {Network: 10.0.0.0/29}", "", /network\.plugins\.flannel: network is too small. Minimum useful network prefix is \/28/],
      ["  cni: 10-flannel.conflist\n  plugins:\n    calico: {}", "", /network\.plugins\.calico: the network list does not use a plugin "calico"/],
      ["  cni: 10-flannel.conflist\n  nodeCIDRMaskSize: 12\n  clusterCIDR: 10.244.0.0/16", "", /network\.nodeCIDRMaskSize: \/12 is larger than the cluster CIDR \/16/],
      ["  cni: 10-flannel.conflist\n  color: blue", "", /network\.color: unknown field "color"/],
    ];
    for (const [network, conflist, message] of cases) {
      const name = /cni: (\S+)/.exec(network)![1]!;
      const files: Record<string, string> = { "cluster.yaml": NODES(1), "pods.yaml": PODS(1), "experiment.yaml": EXPERIMENT(network) };
      if (conflist) files[name] = conflist;
      const dir = folder("podnet-bad", files);
      const r = cli(["run", "experiment.yaml", "--out", "out", "--quiet", "--no-report"], dir);
      expect(r.code, network).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
