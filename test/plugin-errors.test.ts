/**
 * An exception inside a plugin's hook reaches the user as one line naming the plugin and the hook,
 * exit 1, in the main thread and in worker threads; the stack trace only with --debug.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, cli, folderWithFixtures, smallExperiment } from "./helpers.js";

function brokenScorePlugin(): string {
  const dir = folderWithFixtures("plugin-error");
  writeFileSync(
    join(dir, "broken.mjs"),
    `import { definePlugin } from "clusterlab";
export default definePlugin({
  name: "Broken",
  description: "Score throws on the third node it sees",
  args: () => ({}),
  create() {
    let seen = 0;
    return { name: "Broken", score() { if (++seen === 3) throw new TypeError("cannot read properties of undefined (reading 'gpu')"); return 50; } };
  },
});
`,
  );
  writeFileSync(
    join(dir, "sched.yaml"),
    "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: default-scheduler\n  plugins:\n    score:\n      enabled: [{name: Broken, weight: 1}]\n",
  );
  writeFileSync(join(dir, "exp.yaml"), smallExperiment("broken", "scheduler: {config: sched.yaml}\nplugins: [broken.mjs]\nseeds: [1, 2]\n"));
  return dir;
}

const LINE = "clusterlab run: plugin Broken, Score: cannot read properties of undefined (reading 'gpu')";

describe("a plugin that throws", () => {
  for (const jobs of ["1", "2"]) {
    it(`is one line naming the plugin and the hook, exit 1 (--jobs ${jobs})`, () => {
      const dir = brokenScorePlugin();
      const r = cli(["run", "exp.yaml", "--out", "out", "--jobs", jobs, "--quiet"], dir);
      expect(r.code).toBe(1);
      expect(r.stderr.trimEnd().split("\n")).toEqual([LINE]);
      expect(existsSync(join(dir, "out"))).toBe(false);
    });
  }

  it("--debug adds the stack trace", () => {
    const dir = brokenScorePlugin();
    const r = cli(["run", "exp.yaml", "--out", "out", "--jobs", "1", "--quiet", "--debug"], dir);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(LINE);
    expect(lines.some((l) => /^\s+at .*broken\.mjs:\d+/.test(l))).toBe(true);
  });

  it("CLUSTERLAB_DEBUG=1 adds the stack trace as --debug does", () => {
    const dir = brokenScorePlugin();
    const r = spawnSync(process.execPath, [CLI, "run", "exp.yaml", "--out", "out", "--jobs", "1", "--quiet"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, CI: "true", CLUSTERLAB_DEBUG: "1" },
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(LINE);
    expect(lines.some((l) => /^\s+at .*broken\.mjs:\d+/.test(l))).toBe(true);
  });
});
