// `clusterlab scenario` and `clusterlab get` on the nginx example (compiled CLI): the timeline's story in
// events.csv and pods.csv, byte-identical reruns, kubectl-shaped tables at any time, and bad scenarios
// stopped before anything runs.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";
import { clusterlab, ensureBuilt, tempLeftovers } from "./experiment-helpers.js";

let tmp: string;
let a: string;
const RUN = "default/scenario/seed-1";
const S = 1_000_000;

beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), "clusterlab-scenario-"));
  cpSync(join(ROOT, "examples", "nginx"), join(tmp, "nginx"), { recursive: true });
  a = join(tmp, "a");
  const r = clusterlab(["scenario", join(tmp, "nginx", "scenario.yaml"), "--out", a, "--quiet", "--no-report"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}, 60_000);

const events = (dir: string) =>
  readFileSync(join(dir, RUN, "events.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));

describe("clusterlab scenario", () => {
  it("plays the nginx story: 2 replicas, scaled to 5, rolled out, a node lost and its pods replaced after the eviction timeout", () => {
    const ev = events(a);
    const at = (reason: string) => ev.filter((e) => e[5] === reason).map((e) => Number(e[0]) / S);
    expect(ev.filter((e) => e[5] === "ScalingReplicaSet").map((e) => `${Number(e[0]) / S} ${e.slice(8).join(",").replace(/nginx-deployment-\w+/, "RS")}`)).toEqual([
      "0 Scaled up replica set RS from 0 to 2",
      "60 Scaled up replica set RS from 2 to 5",
      // 5 replicas: maxSurge 25% rounds up to 2, maxUnavailable 25% down to 1.
      "120 Scaled up replica set RS from 0 to 2",
      "120 Scaled down replica set RS from 5 to 4",
      "120 Scaled up replica set RS from 2 to 3",
      "121 Scaled down replica set RS from 4 to 1",
      "121 Scaled up replica set RS from 3 to 5",
      "122 Scaled down replica set RS from 1 to 0",
    ]);
    // node-00002 fails at 240 s: NotReady after the 50 s grace period (at the 295 s monitor period), pods evicted 300 s later.
    expect(at("NodeNotReady")[0]).toBe(295);
    const evicted = at("TaintManagerEviction");
    expect(evicted.length).toBeGreaterThan(0);
    expect(new Set(evicted)).toEqual(new Set([595]));
    expect(at("NodeReady")).toEqual([905]);
    const pods = readFileSync(join(a, RUN, "pods.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    const running = pods.filter((p) => p[9] === "running");
    expect(running).toHaveLength(5);
    expect(running.filter((p) => p[4] === "node-00002")).toHaveLength(0);
    const summary = JSON.parse(readFileSync(join(a, RUN, "summary.json"), "utf8"));
    expect(summary.scenario).toEqual({ actions: 6, failed_actions: [], events: ev.length, warning_events: ev.filter((e) => e[4] === "Warning").length });
    expect(summary.pods.deleted).toBe(pods.filter((p) => p[9] === "deleted").length);
  });

  it("exposes the Deployment as a NodePort Service: a cluster IP and node port from the API server's ranges, its endpoints following the pods", () => {
    const svc = clusterlab(["get", "svc", a]).stdout.split("\n");
    expect(svc[0]).toMatch(/^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE$/);
    const m = /^nginx-deployment +NodePort +10\.(\d+)\.\d+\.\d+ +<none> +80:(\d+)\/TCP +19m$/.exec(svc[1]!);
    expect(m).not.toBeNull();
    expect(Number(m![1]) >= 96 && Number(m![1]) < 112).toBe(true); // 10.96.0.0/12
    expect(Number(m![2]) >= 30000 && Number(m![2]) <= 32767).toBe(true);
    // At the end, the five running pods' addresses.
    const slice = JSON.parse(clusterlab(["get", "endpointslices", a, "-o", "json"]).stdout);
    const items = slice.items ?? [slice];
    const ready = items.flatMap((s: { endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[] }) => (s.endpoints ?? []).filter((e) => e.conditions?.ready !== false));
    expect(ready).toHaveLength(5);
  });

  it("writes workloads.csv, and the report charts ready and desired replicas over time", () => {
    const rows = readFileSync(join(a, RUN, "workloads.csv"), "utf8").trim().split("\n");
    expect(rows[0]).toBe("time_s,desired_replicas,replicas,ready_replicas,available_replicas,jobs_active,jobs_succeeded");
    const at = (s: number) => rows.find((r) => r.startsWith(`${s},`))!.split(",").map(Number);
    expect(at(30)).toEqual([30, 2, 2, 2, 2, 0, 0]);
    expect(at(90)).toEqual([90, 5, 5, 5, 5, 0, 0]);
    expect(at(400)).toEqual([400, 5, 5, 3, 3, 0, 0]); // node-00002 lost: its 2 pods not ready
    expect(at(700)[3]).toBe(5); // replaced
    const r = clusterlab(["chart", a]);
    expect(r.status).toBe(0);
    for (const f of ["workloads-ready-replicas.svg", "workloads-desired-replicas.svg", "workloads-pods-per-node.svg"]) expect(existsSync(join(a, "charts", f)), f).toBe(true);
    expect(existsSync(join(a, "charts", "workloads-jobs-active.svg"))).toBe(false); // no Jobs in this scenario
    // Pods per node: node-00002's pods leave it at the eviction (595 s) and run elsewhere.
    const spec = JSON.parse(readFileSync(join(a, "charts", "workloads-pods-per-node.vl.json"), "utf8"));
    const last = (node: string) => spec.data.values.filter((v: { node: string }) => v.node === node).at(-1).pods;
    expect(["node-00000", "node-00001", "node-00002"].map(last)).toEqual([3, 2, 0]);
    const lost = spec.data.values.filter((v: { node: string; pods: number }) => v.node === "node-00002" && v.pods === 0).map((v: { t: number }) => v.t);
    expect(lost.some((t: number) => Math.abs(t - 595 / 60) < 0.02)).toBe(true);
  }, 60_000);

  it("gives byte-identical results when run again", () => {
    const b = join(tmp, "b");
    expect(clusterlab(["scenario", join(tmp, "nginx", "scenario.yaml"), "--out", b, "--quiet", "--no-report"]).status).toBe(0);
    for (const f of ["pods.csv", "timeseries.csv", "events.csv", "objects.jsonl.gz", "workloads.csv"]) expect(readFileSync(join(b, RUN, f)), f).toEqual(readFileSync(join(a, RUN, f)));
    const history = gunzipSync(readFileSync(join(a, RUN, "objects.jsonl.gz"))).toString().trim().split("\n");
    expect(history.length).toBeGreaterThan(50);
    expect(JSON.parse(history[0]!)).toMatchObject({ t: 0, type: "ADDED", object: { kind: "Node" } });
  });

  it("records an action that fails as kubectl would report it, and goes on", () => {
    writeFileSync(join(tmp, "nginx", "oops.yaml"), readFileSync(join(tmp, "nginx", "scenario.yaml"), "utf8").replace("until: 20m", "until: 5m").replace("- {at: 1m, scale: deployment/nginx-deployment, replicas: 5}", "- {at: 1m, scale: deployment/nginx, replicas: 5}\n  - {at: 90s, rollback: deployment/nginx-deployment, toRevision: 7}"));
    const out = join(tmp, "oops");
    expect(clusterlab(["scenario", join(tmp, "nginx", "oops.yaml"), "--out", out, "--quiet", "--no-report"]).status).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, RUN, "summary.json"), "utf8"));
    expect(summary.scenario.failed_actions).toEqual(['timeline[2]: deployments.apps "nginx" not found', "timeline[3]: unable to find specified revision 7 in history"]);
  });

  it("stops a bad scenario before anything runs: one line naming the file and field, exit 2, nothing written", () => {
    const cases: [string, string, RegExp][] = [
      ["- {at: 0s, apply: nginx.yaml, scale: deployment/x}", "", /timeline\[0\]\.scale: one action per entry \(found apply and scale\)/],
      ["- {at: 0s, scale: deploy/x}", "", /timeline\[0\]\.replicas: required field is missing/],
      ["- {at: 0s, scale: widget/x, replicas: 1}", "", /timeline\[0\]\.scale: expected TYPE\/NAME like deployment\/web, got "widget\/x"/],
      ["- {at: soon, failNode: node-00001}", "", /timeline\[0\]\.at: expected a time like/],
      ["- {at: 0s, apply: bad.yaml}", "labels:\n        app: web", /bad\.yaml:\d+:\d+: spec\.template\.metadata\.labels: Invalid value: \{"app":"web"\}: `selector` does not match template `labels`/],
    ];
    for (const [entry, badLabels, pattern] of cases) {
      const dir = mkdtempSync(join(tmp, "bad-"));
      writeFileSync(join(dir, "bad.yaml"), readFileSync(join(ROOT, "examples", "nginx", "nginx.yaml"), "utf8").replace("labels:\n        app: nginx", badLabels || "labels:\n        app: nginx"));
      writeFileSync(join(dir, "s.yaml"), `apiVersion: clusterlab/v1\nkind: Scenario\nmetadata: {name: s}\ncluster:\n  generate: {count: 2, cpu: "4", memory: 16Gi}\ntimeline:\n  ${entry}\n`);
      const out = join(dir, "out");
      const r = clusterlab(["scenario", join(dir, "s.yaml"), "--out", out]);
      expect(r.status, entry).toBe(2);
      expect(r.stderr.trim().split("\n"), entry).toHaveLength(1);
      expect(r.stderr, entry).toMatch(pattern);
      expect(existsSync(out)).toBe(false);
      expect(tempLeftovers(dir)).toEqual([]);
    }
    const r = clusterlab(["scenario", join(ROOT, "examples", "demo.yaml")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/kind: expected "Scenario", got "Experiment"/);
  });
});

describe("a drain under a PodDisruptionBudget (examples/drain)", () => {
  it("never leaves fewer than minAvailable ready pods, and still empties the node", () => {
    cpSync(join(ROOT, "examples", "drain"), join(tmp, "drain"), { recursive: true });
    const out = join(tmp, "drain-out");
    expect(clusterlab(["scenario", join(tmp, "drain", "scenario.yaml"), "--out", out, "--quiet", "--no-report"]).status).toBe(0);
    // Replay the object history: ready web pods after every write from the drain (2 m) on.
    const ready = new Map<string, boolean>();
    let min = Infinity;
    let lastOnNode0 = -1;
    for (const line of gunzipSync(readFileSync(join(out, RUN, "objects.jsonl.gz"))).toString().trim().split("\n")) {
      const ev = JSON.parse(line) as { t: number; type: string; object: { kind: string; metadata: { name: string }; spec: { nodeName?: string }; status?: { phase?: string; conditions?: { type: string; status: string }[] } } };
      if (ev.object.kind !== "Pod") continue;
      const p = ev.object;
      if (ev.type === "DELETED") ready.delete(p.metadata.name);
      else ready.set(p.metadata.name, p.status?.phase === "Running" && !p.status.conditions?.some((c) => c.type === "Ready" && c.status === "False"));
      if (ev.type !== "DELETED" && p.spec.nodeName === "node-00000") lastOnNode0 = ev.t;
      if (ev.t >= 120 * S) min = Math.min(min, [...ready.values()].filter(Boolean).length);
    }
    expect(min).toBe(5);
    const ev = events(out);
    const evicted = ev.filter((e) => e[5] === "Evicted");
    expect(evicted.length).toBeGreaterThanOrEqual(2);
    expect(ev.some((e) => e[5] === "EvictionRefused")).toBe(true);
    expect(lastOnNode0).toBeLessThan(120 * S);
    const pods = clusterlab(["get", "pods", out, "-o", "wide"]).stdout;
    expect(pods).not.toMatch(/node-00000/);
    expect(clusterlab(["get", "pdb", out]).stdout).toMatch(/^NAME +MIN AVAILABLE +MAX UNAVAILABLE +ALLOWED DISRUPTIONS +AGE\nweb +5 +N\/A +1 +15m\n$/);
  });
});

describe("an autoscaler following a load ramp (examples/hpa)", () => {
  it("adds pods within a sync period of each step up and gives them back after the stabilisation window", () => {
    cpSync(join(ROOT, "examples", "hpa"), join(tmp, "hpa"), { recursive: true });
    const out = join(tmp, "hpa-out");
    expect(clusterlab(["scenario", join(tmp, "hpa", "scenario.yaml"), "--out", out, "--quiet", "--no-report"]).status).toBe(0);
    const rescales = events(out)
      .filter((e) => e[5] === "SuccessfulRescale")
      .map((e) => `${Number(e[0]) / S} ${e[8]!.replace(/;.*/, "")}`);
    // 100m on one 200m pod is the 50% target; 300m wants 3 pods, 600m on 3 wants 6, 1 CPU on 6 (83%) wants 10;
    // 200m at 10 m wants 2 but only after 300 s of recommendations below 10 (the last at 9m45s), 0 wants 1.
    expect(rescales).toEqual(["180 New size: 3", "300 New size: 6", "420 New size: 10", "885 New size: 2", "1005 New size: 1"]);
    const hpaAt = (t: string) => clusterlab(["get", "hpa", out, "--at", t]).stdout.split("\n")[1]!;
    expect(hpaAt("8m")).toMatch(/^php-apache +Deployment\/php-apache +cpu: 50%\/50% +1 +10 +10 +8m$/);
    expect(hpaAt("11m")).toMatch(/cpu: 10%\/50% +1 +10 +10 /);
  });
});

describe("gang scheduling (examples/gang)", () => {
  it("with Coscheduling the second job starts whole once the first ends; the default scheduler starts half of it", () => {
    cpSync(join(ROOT, "examples", "gang"), join(tmp, "gang"), { recursive: true });
    const out = join(tmp, "gang-out");
    expect(clusterlab(["scenario", join(tmp, "gang", "scenario.yaml"), "--out", out, "--quiet", "--no-report", "--jobs", "1"]).status).toBe(0);
    const scheduledB = (variant: string) =>
      readFileSync(join(out, variant, "scenario", "seed-1", "pods.csv"), "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(","))
        .filter((r) => r[0]!.startsWith("train-b-"))
        .map((r) => Number(r[3]) / S);
    const gang = scheduledB("coscheduling");
    expect(gang).toHaveLength(8);
    expect(new Set(gang).size).toBe(1);
    expect(gang[0]).toBeGreaterThanOrEqual(601); // after train-a's workers end (started at 1 s, 600 s each)
    const plain = scheduledB("default");
    expect(plain.filter((t) => t === 60)).toHaveLength(4); // 4 workers hold GPUs without their gang
  });
});

describe("a batch of Jobs (examples/jobs)", () => {
  it("completions, parallelism, Indexed and a deadline, as kubectl get jobs shows them", () => {
    cpSync(join(ROOT, "examples", "jobs"), join(tmp, "jobs"), { recursive: true });
    const out = join(tmp, "jobs-out");
    expect(clusterlab(["scenario", join(tmp, "jobs", "scenario.yaml"), "--out", out, "--quiet", "--no-report"]).status).toBe(0);
    const at4 = clusterlab(["get", "jobs", out, "--at", "4m"]).stdout;
    expect(at4).toMatch(/^NAME +STATUS +COMPLETIONS +DURATION +AGE\n/);
    expect(at4).toMatch(/\npi +Running +2\/6 +4m +4m\n/);
    // 8 shards, 4 at a time, 1 s start + 90 s each: two waves.
    expect(at4).toMatch(/\nshards +Complete +8\/8 +3m2s +4m\n/);
    const end = clusterlab(["get", "jobs", out]).stdout;
    // pi: three waves of 2 pods, 1 s start + 120 s run each.
    expect(end).toMatch(/\npi +Complete +6\/6 +6m3s +15m\n/);
    expect(end).toMatch(/\ntoo-slow +Failed +0\/1 /);
    const ev = events(out);
    expect(ev.filter((e) => e[5] === "DeadlineExceeded").map((e) => Number(e[0]) / S)).toEqual([300]);
    // The CronJob's runs at 5 m and 10 m (the run ends at 15 m), each a Job named by its minute.
    expect(end).toMatch(/\nreport-10 +Complete +1\/1 +61s +5m\n/);
    expect(end).toMatch(/\nreport-5 +Complete +1\/1 +61s +10m\n/);
    expect(clusterlab(["get", "cronjobs", out]).stdout).toMatch(/^NAME +SCHEDULE +TIMEZONE +SUSPEND +ACTIVE +LAST SCHEDULE +AGE\nreport +\*\/5 \* \* \* \* +<none> +false +0 +5m +15m\n$/);
    const job = JSON.parse(clusterlab(["get", "job", "shards", out, "-o", "json"]).stdout);
    expect(job.status).toMatchObject({ succeeded: 8, completedIndexes: "0-7" });
  });
});

describe("pod lifecycle as data (examples/stages, KWOK Stages)", () => {
  it("starts pods after 2-12 s, fails about one Job pod in five, retries them, and reruns byte for byte", () => {
    cpSync(join(ROOT, "examples", "stages"), join(tmp, "stages"), { recursive: true });
    const runs = ["stages-a", "stages-b"].map((name) => {
      const out = join(tmp, name);
      expect(clusterlab(["scenario", join(tmp, "stages", "scenario.yaml"), "--out", out, "--quiet", "--no-report"]).status).toBe(0);
      return out;
    });
    const [out] = runs as [string, string];
    const rows = readFileSync(join(out, RUN, "pods.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    // pod-ready: every pod starts 2-12 s after it is bound.
    for (const r of rows) {
      const delay = Number(r[5]) - Number(r[3]);
      expect(delay).toBeGreaterThanOrEqual(2 * S);
      expect(delay).toBeLessThan(12 * S);
    }
    const failed = rows.filter((r) => r[9] === "failed");
    const completed = rows.filter((r) => r[9] === "completed");
    // 43 completions in all (40 frames and 3 steps) and the failed pods the Job controller replaced.
    expect(completed).toHaveLength(43);
    expect(failed.length / rows.length).toBeGreaterThan(0.1);
    expect(failed.length / rows.length).toBeLessThan(0.35);
    // pod-failed ends a pod 5-60 s after it starts; pod-complete 30-90 s, or 20 s for the migration's steps.
    for (const r of failed) expect(Number(r[6]) - Number(r[5])).toBeLessThan(60 * S);
    for (const r of completed) {
      const ran = Number(r[6]) - Number(r[5]);
      if (r[0]!.startsWith("migrate-")) expect(ran).toBe(20 * S);
      else expect(ran >= 30 * S && ran < 90 * S).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(out, RUN, "summary.json"), "utf8"));
    expect(summary.pods).toMatchObject({ completed: 43, failed: failed.length });
    expect(clusterlab(["get", "jobs", out]).stdout).toMatch(/\nrender +Complete +40\/40 /);
    expect(readFileSync(join(runs[1]!, RUN, "pods.csv"))).toEqual(readFileSync(join(out, RUN, "pods.csv")));
  });
});

describe("a namespace's ResourceQuota (examples/quota)", () => {
  it("admits 4 of 6 replicas under requests.cpu 2, refuses the rest in the API server's words, creates them once the quota is raised, and empties the deleted namespace", () => {
    cpSync(join(ROOT, "examples", "quota"), join(tmp, "quota"), { recursive: true });
    const out = join(tmp, "quota-out");
    expect(clusterlab(["scenario", join(tmp, "quota", "scenario.yaml"), "--out", out, "--quiet", "--no-report"]).status).toBe(0);
    expect(clusterlab(["get", "quota", "-n", "team-a", out, "--at", "1m"]).stdout).toBe(
      "NAME      AGE   REQUEST                                                   LIMIT\n" + "compute   60s   pods: 4/10, requests.cpu: 2/2, requests.memory: 1Gi/4Gi   limits.cpu: 4/4\n",
    );
    expect(clusterlab(["get", "deploy", "-n", "team-a", out, "--at", "4m"]).stdout).toMatch(/\nweb +4\/6 +4 +4 +4m\n/);
    expect(clusterlab(["get", "deploy", "-n", "team-a", out, "--at", "7m"]).stdout).toMatch(/\nweb +6\/6 +6 +6 +7m\n/);
    // Deleted at 8 m: the namespace and everything in it are gone.
    expect(clusterlab(["get", "ns", out, "--at", "7m"]).stdout).toBe("NAME     STATUS   AGE\nteam-a   Active   7m\n");
    expect(clusterlab(["get", "ns", out]).stderr).toBe("No resources found\n");
    expect(clusterlab(["get", "pods", "-n", "team-a", out]).stderr).toBe("No resources found in team-a namespace.\n");
    const refused = events(out).filter((e) => e[5] === "FailedCreate");
    expect(refused).toHaveLength(1);
    expect(refused[0]!.slice(3, 8)).toEqual(["team-a", "Warning", "FailedCreate", expect.stringMatching(/^replicaset\/web-/), "replicaset-controller"]);
    expect(refused[0]!.slice(8).join(",")).toMatch(/^"Error creating: pods ""web-[a-z0-9]+-"" is forbidden: exceeded quota: compute, requested: limits\.cpu=1,requests\.cpu=500m, used: limits\.cpu=4,requests\.cpu=2, limited: limits\.cpu=4,requests\.cpu=2"$/);
  });
});

describe("clusterlab get", () => {
  const get = (...args: string[]) => clusterlab(["get", ...args]);

  it("prints pods as kubectl does at any time of the run", () => {
    const r = get("pods", a, "--at", "2m");
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME {2,}READY {3}STATUS {2,}RESTARTS {3}AGE$/);
    expect(lines).toHaveLength(1 + 7);
    expect(lines.filter((l) => / 1\/1 +Running +0 +(2m|60s)$/.test(l))).toHaveLength(4);
    expect(lines.filter((l) => / 0\/1 +ContainerCreating +0 +0s$/.test(l))).toHaveLength(3);
    // Columns line up: every row's STATUS starts where the header's does.
    const col = lines[0]!.indexOf("STATUS");
    for (const l of lines.slice(1)) expect(l.slice(col - 3, col)).toBe("   ");
    const wide = get("pods", a, "--at", "5m", "-o", "wide").stdout.split("\n");
    expect(wide[0]).toMatch(/IP +NODE +NOMINATED NODE +READINESS GATES$/);
    // At 5 m the lost node's pods are no longer ready but not yet replaced.
    expect(wide.filter((l) => /0\/1 +Running .* node-00002 /.test(l))).toHaveLength(2);
  });

  it("deployments, replica sets, nodes, events; json, yaml and name output; errors as kubectl words them", () => {
    expect(get("deployments", a).stdout).toMatch(/^NAME +READY +UP-TO-DATE +AVAILABLE +AGE\nnginx-deployment +5\/5 +5 +5 +20m\n$/);
    const rs = get("rs", a, "-o", "wide").stdout.split("\n");
    expect(rs[0]).toMatch(/^NAME +DESIRED +CURRENT +READY +AGE +CONTAINERS +IMAGES +SELECTOR$/);
    expect(rs.filter((l) => / 0 +0 +0 .* nginx:1\.14\.2 /.test(l))).toHaveLength(1);
    expect(rs.filter((l) => / 5 +5 +5 .* nginx:1\.16\.1 +app=nginx,pod-template-hash=/.test(l))).toHaveLength(1);
    expect(get("nodes", a, "--at", "5m").stdout).toMatch(/node-00002 +NotReady +<none> +5m/);
    expect(get("nodes", a).stdout).toMatch(/node-00002 +Ready +<none>/);
    const ev = get("events", a, "--at", "10m").stdout.split("\n");
    expect(ev[0]).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/);
    expect(ev.some((l) => /^5s +Normal +TaintManagerEviction +pod\/nginx-deployment-/.test(l))).toBe(true);
    const list = JSON.parse(get("pods", a, "-o", "json").stdout);
    expect(list).toMatchObject({ apiVersion: "v1", kind: "List" });
    expect(list.items).toHaveLength(5);
    expect(get("deploy", "nginx-deployment", a, "-o", "yaml").stdout).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\n/);
    expect(get("deploy", a, "-o", "name").stdout).toBe("deployment.apps/nginx-deployment\n");
    const missing = get("deploy", "nope", a);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): deployments.apps "nope" not found');
    expect(get("pods", a, "-n", "kube-system").stderr.trim()).toBe("No resources found in kube-system namespace.");
    const bad = get("widgets", a);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/the server doesn't have a resource type "widgets"/);
  });
});
