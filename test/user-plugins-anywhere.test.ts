/**
 * A user's plugin file outside this repository, importing "clusterlab" with no install of its own,
 * loads in runs (main thread and worker threads) and in explain --plugins.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, ROOT, smallExperiment } from "./helpers.js";

const fixture = (f: string) => join(ROOT, "test", "fixtures", f);

/** A Filter plugin that keeps only nodes of one zone (label topology.kubernetes.io/zone), in a temp folder. */
function pluginFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "clusterlab-userplugin-"));
  writeFileSync(
    join(dir, "zone-only.mjs"),
    `import { definePlugin, Status } from "clusterlab";
const OTHER_ZONE = Status.unresolvable("node(s) are outside the wanted zone");
export default definePlugin({
  name: "ZoneOnly",
  description: "Filter: only nodes of args.zone",
  args(raw) { return { zone: String(raw?.zone ?? "zone-2") }; },
  create(args) {
    return {
      name: "ZoneOnly",
      filter(_state, _pod, node) { return node.labels["topology.kubernetes.io/zone"] === args.zone ? null : OTHER_ZONE; },
    };
  },
});
`,
  );
  writeFileSync(
    join(dir, "sched.yaml"),
    "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: default-scheduler\n  plugins:\n    filter:\n      enabled: [{name: ZoneOnly}]\n",
  );
  return dir;
}

describe("user plugins outside the repository", () => {
  it("explain --plugins loads one and shows its verdicts", () => {
    const dir = pluginFolder();
    const r = cli(["explain", "--cluster", fixture("small-cluster.yaml"), "--pod", fixture("pod.yaml"), "--config", "sched.yaml", "--plugins", "zone-only.mjs", "--output", "json"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { selected: string; nodes: { name: string; filters: Record<string, { code: string; reasons: string[] }> }[] };
    expect(out.selected).toBe("node-c"); // the only node in zone-2
    const a = out.nodes.find((n) => n.name === "node-a")!;
    expect(a.filters.ZoneOnly).toEqual({ code: "UnschedulableAndUnresolvable", reasons: ["node(s) are outside the wanted zone"] });
    // Without --plugins the configuration names an unknown plugin.
    const bad = cli(["explain", "--cluster", fixture("small-cluster.yaml"), "--pod", fixture("pod.yaml"), "--config", "sched.yaml"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown plugin "ZoneOnly"/);
  });

  it("an experiment names it and runs it in worker threads too", () => {
    const dir = pluginFolder();
    for (const f of ["small-nodes.csv", "small-pods.csv"]) copyFileSync(fixture(f), join(dir, f));
    // openb nodes carry no zone label, so ZoneOnly keeps none: every pod is unschedulable with its reason.
    writeFileSync(join(dir, "exp.yaml"), smallExperiment("mine", "scheduler: {config: sched.yaml}\nplugins: [zone-only.mjs]\nseeds: [1, 2]\n"));
    const r = cli(["run", "exp.yaml", "--out", "out", "--no-report", "--jobs", "2", "--quiet"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const seed of ["seed-1", "seed-2"]) {
      const runDir = join(dir, "out", "sched", "small-pods", seed);
      const s = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
      expect(s.pods.scheduled).toBe(0);
      expect(readFileSync(join(runDir, "pods.csv"), "utf8")).toContain("node(s) are outside the wanted zone");
    }
    expect(readdirSync(join(dir, "out", "sched", "small-pods")).sort()).toEqual(["seed-1", "seed-2"]);
  });

  it("a missing plugin file is one line, exit 2", () => {
    const dir = pluginFolder();
    const r = cli(["explain", "--cluster", fixture("small-cluster.yaml"), "--pod", fixture("pod.yaml"), "--plugins", "nope.mjs"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("clusterlab explain: nope.mjs: file not found (a plugin module)");
  });
});
