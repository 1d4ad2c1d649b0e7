/**
 * Ctrl-C and SIGTERM stop a long single run within a second, leaving neither the results folder nor a
 * temporary folder; a long run reports progress while it goes.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, ROOT } from "./helpers.js";

/** An experiment that runs for tens of seconds: the whole DLRM trace on its recommended cluster. */
function longExperiment(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "clusterlab-stop-"));
  const file = join(dir, "long.yaml");
  writeFileSync(
    file,
    `apiVersion: clusterlab/v1
kind: Experiment
metadata: {name: long}
cluster: {trace: ${join(ROOT, "traces/alibaba-dlrm-2025/recommended-nodes.csv")}}
workload: {trace: ${join(ROOT, "traces/alibaba-dlrm-2025/disaggregated_DLRM_trace.csv")}, format: alibaba-dlrm-2025}
seed: 1
`,
  );
  return { dir, file };
}

interface Stopped {
  code: number | null;
  stderr: string;
  secondsAfterSignal: number;
}

/** Starts the run, waits until the simulation is under way (its first progress line), sends `signal`. */
function runAndStop(signal: NodeJS.Signals, args: string[]): Promise<Stopped> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, CI: "true" } });
    let stderr = "";
    let sentAt = 0;
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (!sentAt && / arrived · /.test(stderr)) {
        sentAt = performance.now();
        child.kill(signal);
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stderr, secondsAfterSignal: sentAt ? (performance.now() - sentAt) / 1000 : NaN }));
  });
}

describe("stopping a long run", () => {
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    it(`${signal} stops it within a second and leaves nothing behind`, { timeout: 60_000 }, async () => {
      const { dir, file } = longExperiment();
      const out = join(dir, "results");
      // Progress every second, so the test sees the simulation under way early.
      const r = await runAndStop(signal, ["run", file, "--out", out, "--progress-every", "1"]);
      expect(r.stderr).toMatch(/long: t=\S+ \(\d+% of trace\) · [\d,]+\/23,871 arrived · [\d,]+ scheduled · [\d,]+ pending · [\d,]+ decisions\/s/);
      expect(r.code).toBe(code);
      expect(r.secondsAfterSignal).toBeLessThan(1);
      expect(r.stderr).toMatch(new RegExp(`${signal}: stopping`));
      expect(readdirSync(dir)).toEqual(["long.yaml"]); // no results, no .results.tmp-* folder
    });
  }
});
