/** End-to-end tests of the `clusterlab` command line: runs, determinism, explain's contract, bad input. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, ROOT } from "./helpers.js";

const fixture = (f: string) => join(ROOT, "test", "fixtures", f);
const tmp = () => mkdtempSync(join(tmpdir(), "clusterlab-e2e-"));
const MACHINE_FIELDS = ["wall_seconds", "decisions_per_second", "peak_rss_bytes"];

/** The single run's folder of an experiment's results (`<out>/<variant>/<workload>/seed-<n>`). */
function runDir(out: string): string {
  const variant = readdirSync(out, { withFileTypes: true }).find((d) => d.isDirectory() && d.name !== "charts")!.name;
  const workload = readdirSync(join(out, variant), { withFileTypes: true }).find((d) => d.isDirectory())!.name;
  const seed = readdirSync(join(out, variant, workload)).find((d) => d.startsWith("seed-"))!;
  return join(out, variant, workload, seed);
}

function summaryWithoutMachine(dir: string): Record<string, unknown> {
  const s = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Record<string, unknown>;
  for (const f of MACHINE_FIELDS) delete s[f];
  return s;
}

describe("clusterlab run", () => {
  it("replays a trace and writes pods.csv, timeseries.csv, summary.json with the documented fields", () => {
    const top = join(tmp(), "small");
    const r = cli(["run", fixture("small.yaml"), "--out", top]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/results written to .*small/);
    expect(readdirSync(top)).toEqual(expect.arrayContaining(["experiment.yaml", "summary.csv", "report.html"]));
    const out = runDir(top);
    expect(readdirSync(out).sort()).toEqual(["pods.csv", "summary.json", "timeseries.csv"]);
    const s = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(s.pods).toMatchObject({ arrived: 10, scheduled: 10, unschedulable: 0 });
    for (const k of ["p50", "p90", "p99"]) expect(typeof s.wait_us[k]).toBe("number");
    for (const r of ["cpu", "memory", "gpu"]) {
      expect(s.allocation[r].mean).toBeGreaterThan(0);
      expect(s.allocation[r].final).toBeGreaterThanOrEqual(0);
    }
    for (const k of ["makespan_us", "wall_seconds", "decisions_per_second", "peak_rss_bytes"]) expect(s[k]).toBeGreaterThan(0);
    const pods = readFileSync(join(out, "pods.csv"), "utf8").trim().split("\n");
    expect(pods[0]).toBe("pod,namespace,arrival_us,scheduled_us,node,start_us,end_us,wait_us,attempts,outcome,cpu_milli,memory_bytes,gpu_count,gpu_milli,last_failure");
    expect(pods).toHaveLength(11);
    // The 8-GPU pod must wait for the 8-GPU node to free up (pod-0005 arrives at 40 s, the node is busy until 501 s).
    const p5 = pods.find((l) => l.startsWith("openb-pod-0005,"))!.split(",");
    expect(p5[4]).toBe("openb-node-0002");
    expect(Number(p5[3])).toBeGreaterThan(40_000_000);
    const ts = readFileSync(join(out, "timeseries.csv"), "utf8").split("\n");
    expect(ts[0]).toBe("time_us,cpu_alloc,memory_alloc,gpu_alloc,pending_pods,running_pods,bound_pods");
  });

  it("is deterministic: two runs with the same seed give byte-identical pods.csv and timeseries.csv", () => {
    const a = join(tmp(), "a");
    const b = join(tmp(), "b");
    expect(cli(["run", fixture("small.yaml"), "--out", a, "--seed", "5"]).code).toBe(0);
    expect(cli(["run", fixture("small.yaml"), "--out", b, "--seed", "5"]).code).toBe(0);
    for (const f of ["pods.csv", "timeseries.csv"]) expect(readFileSync(join(runDir(a), f))).toEqual(readFileSync(join(runDir(b), f)));
    expect(summaryWithoutMachine(runDir(a))).toEqual(summaryWithoutMachine(runDir(b)));
  });

  it("is deterministic on the openb trace with ties broken by the seed", { timeout: 120_000 }, () => {
    const dir = tmp();
    const exp = join(dir, "exp.yaml");
    writeFileSync(
      exp,
      `apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: openb-head}\n` +
        `cluster: {trace: ${join(ROOT, "traces/openb/openb_node_list_gpu_node.csv")}, format: openb}\n` +
        `workload: {trace: ${join(ROOT, "traces/openb/openb_pod_list_default.csv")}, format: openb, limit: 1500}\nseed: 3\n`,
    );
    expect(cli(["run", exp, "--out", join(dir, "a")]).code).toBe(0);
    expect(cli(["run", exp, "--out", join(dir, "b")]).code).toBe(0);
    const [ra, rb] = [runDir(join(dir, "a")), runDir(join(dir, "b"))];
    expect(readFileSync(join(ra, "pods.csv"))).toEqual(readFileSync(join(rb, "pods.csv")));
    expect(summaryWithoutMachine(ra)).toEqual(summaryWithoutMachine(rb));
    const c = join(dir, "c");
    expect(cli(["run", exp, "--out", c, "--seed", "4"]).code).toBe(0);
    // Another seed breaks score ties differently, so some pods land elsewhere.
    expect(readFileSync(join(ra, "pods.csv"), "utf8")).not.toEqual(readFileSync(join(runDir(c), "pods.csv"), "utf8"));
  });
});

describe("bad input: one line naming the location, exit code 2, no results folder", () => {
  function expectInputError(args: string[], pattern: RegExp, out: string) {
    const r = cli([...args, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    // Progress lines may precede it; the error itself is exactly one line, prefixed "clusterlab <command>:".
    const lines = r.stderr.trimEnd().split("\n").filter((l) => l.startsWith("clusterlab "));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(lines[0]).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(join(out, "..")).filter((f) => f.includes(".tmp-"))).toEqual([]);
  }

  it("malformed YAML", () => {
    const dir = tmp();
    writeFileSync(join(dir, "bad.yaml"), "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: x\ncluster: [\n");
    expectInputError(["run", join(dir, "bad.yaml")], /bad\.yaml:\d+:\d+: invalid YAML/, join(dir, "out"));
  });

  it("unknown plugin in the KubeSchedulerConfiguration", () => {
    const dir = tmp();
    copyFileSync(fixture("small-nodes.csv"), join(dir, "small-nodes.csv"));
    copyFileSync(fixture("small-pods.csv"), join(dir, "small-pods.csv"));
    writeFileSync(
      join(dir, "sched.yaml"),
      "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: default-scheduler\n  plugins:\n    score:\n      enabled:\n      - name: NodeResourcesFitt\n        weight: 2\n",
    );
    writeFileSync(
      join(dir, "exp.yaml"),
      "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: x}\ncluster: {trace: small-nodes.csv, format: openb}\nworkload: {trace: small-pods.csv, format: openb}\nscheduler: {config: sched.yaml}\n",
    );
    expectInputError(["run", join(dir, "exp.yaml")], /sched\.yaml:8:\d+: profiles\[0\]\.plugins\.score\.enabled\[0\]: unknown plugin "NodeResourcesFitt" \(known: .*NodeResourcesFit,/, join(dir, "out"));
  });

  it("bad quantity in a manifest", () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "cluster.yaml"),
      "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus:\n  allocatable: {cpu: 4x, memory: 8Gi}\n",
    );
    writeFileSync(join(dir, "pods.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c}]\n");
    writeFileSync(
      join(dir, "exp.yaml"),
      "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: x}\ncluster: {manifests: cluster.yaml}\nworkload: {manifests: pods.yaml}\n",
    );
    expectInputError(["run", join(dir, "exp.yaml")], /cluster\.yaml:5:\d+: .*allocatable\.cpu.*"4x"/, join(dir, "out"));
  });

  it("truncated CSV row", () => {
    const dir = tmp();
    copyFileSync(fixture("small-nodes.csv"), join(dir, "small-nodes.csv"));
    const pods = readFileSync(fixture("small-pods.csv"), "utf8").split("\n");
    pods[4] = pods[4]!.split(",").slice(0, 5).join(",");
    writeFileSync(join(dir, "small-pods.csv"), pods.join("\n"));
    writeFileSync(
      join(dir, "exp.yaml"),
      "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: x}\ncluster: {trace: small-nodes.csv, format: openb}\nworkload: {trace: small-pods.csv, format: openb}\n",
    );
    expectInputError(["run", join(dir, "exp.yaml")], /small-pods\.csv:5: .*(fields|columns)/, join(dir, "out"));
  });

  it("unknown field in the experiment file", () => {
    const dir = tmp();
    writeFileSync(join(dir, "exp.yaml"), "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: x}\nclustr: {}\n");
    expectInputError(["run", join(dir, "exp.yaml")], /exp\.yaml:4:\d+: .*unknown field "clustr"/, join(dir, "out"));
  });

  it("a bad --seed", () => {
    const dir = tmp();
    expectInputError(["run", fixture("small.yaml"), "--seed", "x"], /--seed must be an integer/, join(dir, "out"));
  });
});

describe("other trace formats in experiments", () => {
  it("replays the bundled Alibaba DLRM 2025 trace", () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "exp.yaml"),
      "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: dlrm}\n" +
        "cluster: {generate: {count: 40, cpu: \"96\", memory: 512Gi, gpu: 8}}\n" +
        `workload: {trace: ${JSON.stringify(join(ROOT, "traces/alibaba-dlrm-2025/disaggregated_DLRM_trace.csv"))}, format: alibaba-dlrm-2025, limit: 300}\n`,
    );
    const r = cli(["run", join(dir, "exp.yaml"), "--out", join(dir, "out"), "--no-report"]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(runDir(join(dir, "out")), "summary.json"), "utf8"));
    expect(s.pods.arrived).toBe(300);
    // The first 300 by arrival existed before the trace window (arrival 0) and outlive it; 40 nodes hold only some.
    expect(s.pods.scheduled).toBeGreaterThan(0);
    expect(s.pods.scheduled + s.pods.unschedulable).toBe(300);
  });
});

describe("user plugins named in the experiment file", () => {
  it("loads examples/plugins/prefer-shared-gpus.js and uses it by name from the KubeSchedulerConfiguration", () => {
    const dir = tmp();
    copyFileSync(fixture("small-nodes.csv"), join(dir, "small-nodes.csv"));
    copyFileSync(fixture("small-pods.csv"), join(dir, "small-pods.csv"));
    writeFileSync(
      join(dir, "sched.yaml"),
      "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: default-scheduler\n  plugins:\n    score:\n      enabled:\n      - {name: PreferSharedGpus, weight: 5}\n",
    );
    const exp = (plugins: string) =>
      "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: mine}\ncluster: {trace: small-nodes.csv, format: openb}\n" +
      `workload: {trace: small-pods.csv, format: openb}\nscheduler: {config: sched.yaml}\nplugins: [${plugins}]\n`;
    writeFileSync(join(dir, "exp.yaml"), exp(JSON.stringify(join(ROOT, "examples/plugins/prefer-shared-gpus.js"))));
    const r = cli(["run", join(dir, "exp.yaml"), "--out", join(dir, "out"), "--no-report", "--jobs", "2"]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(join(runDir(join(dir, "out")), "summary.json"), "utf8"));
    expect(s.pods.scheduled).toBe(10);
    // Without the plugin file the profile names an unknown plugin: a one-line error.
    writeFileSync(join(dir, "exp2.yaml"), exp(""));
    const bad = cli(["run", join(dir, "exp2.yaml"), "--out", join(dir, "out2")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown plugin "PreferSharedGpus"/);
  });
});

describe("clusterlab explain", () => {
  it("prints exactly one JSON object with the documented contract", () => {
    const r = cli(["explain", "--cluster", fixture("small-cluster.yaml"), "--pod", fixture("pod.yaml"), "--output", "json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["pod", "profile", "selected", "nodes"]);
    expect(out.pod).toBe("default/api-0");
    expect(out.profile).toBe("default-scheduler");
    expect(out.nodes.map((n: { name: string }) => n.name)).toEqual(["node-a", "node-b", "node-c"]);
    const [a, b, c] = out.nodes;
    expect(b.feasible).toBe(false);
    expect(b.filters.TaintToleration).toEqual({ code: "UnschedulableAndUnresolvable", reasons: ["node(s) had untolerated taint {dedicated: gpu}"] });
    expect(b.scores).toEqual({});
    expect(a.filters.NodeResourcesFit).toEqual({ code: "Success", reasons: [] });
    // Plugins that Skip (no affinity, no spread constraints, no host ports) are absent.
    for (const skipped of ["NodeAffinity", "NodePorts", "PodTopologySpread", "InterPodAffinity"]) {
      expect(a.filters[skipped]).toBeUndefined();
      expect(a.scores[skipped]).toBeUndefined();
    }
    // total = Σ weight × score with the default weights.
    const w: Record<string, number> = { TaintToleration: 3, NodeResourcesFit: 1, NodeResourcesBalancedAllocation: 1, ImageLocality: 1 };
    for (const n of [a, c]) {
      expect(n.total).toBe(Object.entries(n.scores as Record<string, number>).reduce((s, [p, v]) => s + w[p]! * v, 0));
    }
    expect(out.selected).toBe(a.total >= c.total ? "node-a" : "node-c");
  });

  it("prints a table for people", () => {
    const r = cli(["explain", "--cluster", fixture("small-cluster.yaml"), "--pod", fixture("pod.yaml")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/NODE\s+FEASIBLE/);
    expect(r.stdout).toContain("node-b: TaintToleration: UnschedulableAndUnresolvable");
  });
});

describe("help, version, plugins, trace info", () => {
  it("--help on every command", () => {
    for (const c of [["--help"], ["run", "--help"], ["explain", "--help"], ["trace", "--help"], ["plugins", "--help"], ["fill", "--help"]]) {
      const r = cli(c);
      expect(r.code, c.join(" ")).toBe(0);
      expect(r.stdout).toMatch(/Usage: clusterlab/);
    }
  });

  it("--version prints package.json's version", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(cli(["--version"]).stdout.trim()).toBe(pkg.version);
  });

  it("plugins lists the default plugins with their weights", () => {
    const r = cli(["plugins", "--output", "json"]);
    const rows = JSON.parse(r.stdout) as { name: string; defaultWeight: number | null; points: string[] }[];
    const byName = new Map(rows.map((x) => [x.name, x]));
    expect(byName.get("TaintToleration")!.defaultWeight).toBe(3);
    expect(byName.get("NodeResourcesFit")!.points).toEqual(expect.arrayContaining(["preFilter", "filter", "score"]));
    expect(byName.has("FGD")).toBe(true);
  });

  it("plugins --family lists the proxy and CNI plugins (CNI with their run latencies); an unknown family is exit 2", () => {
    const cni = JSON.parse(cli(["plugins", "--family", "cni", "--output", "json"]).stdout) as { name: string; ipam: boolean; addUs: number }[];
    expect(cni.map((p) => p.name)).toEqual(["host-local", "loopback", "bridge", "portmap", "bandwidth", "flannel", "calico", "calico-ipam"]);
    expect(cni.find((p) => p.name === "host-local")).toMatchObject({ ipam: true, addUs: 3_800 });
    expect(cli(["plugins", "--family", "proxy"]).stdout).toMatch(/^iptables {2}kube-proxy's iptables mode/);
    const bad = cli(["plugins", "--family", "storage"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('clusterlab plugins: --family: expected scheduling, proxy or cni, got "storage"');
  });

  it("trace info describes the bundled openb node list", () => {
    const r = cli(["trace", "info", join(ROOT, "traces/openb/openb_node_list_gpu_node.csv"), "--output", "json"]);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(JSON.stringify(info)).toContain("1213");
  });

  it("an unknown command is a usage error", () => {
    const r = cli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
  });
});
