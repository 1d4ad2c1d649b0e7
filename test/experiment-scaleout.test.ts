// Ctrl-C leaves no half-written folder; the Slurm array script and the Kubernetes Indexed Job of
// examples/ work as written (their shard and merge commands are run here, with the batch system's
// environment set the way Slurm and the Job controller set it).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { CLI, ensureBuilt, listFiles, ROOT, run, tempLeftovers, writeSmallExperiment } from "./experiment-helpers.js";

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), "clusterlab-scaleout-"));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("Ctrl-C", () => {
  for (const jobs of ["1", "2"]) {
    it(`SIGINT with --jobs ${jobs} stops, removes the temporary folder and writes nothing`, async () => {
      const dir = join(tmp, `sigint-${jobs}`);
      const exp = writeSmallExperiment(dir, "long", "", "{from: 1, count: 20}");
      const out = join(dir, "results", "long");
      let sent = 0;
      const started = Date.now();
      const r = await run(process.execPath, [CLI, "run", exp, "--out", out, "--jobs", jobs], {}, (text, kill) => {
        // Interrupt once the first run is done: workers busy, the temporary folder half full.
        if (!sent && /\[1\/80\]/.test(text)) {
          sent = Date.now();
          kill("SIGINT");
        }
      });
      expect(sent).toBeGreaterThan(0);
      expect(r.code).toBe(130);
      expect(Date.now() - sent).toBeLessThan(10_000);
      expect(r.stderr).toMatch(/SIGINT: stopping runs and removing the temporary folder/);
      expect(r.stderr).toMatch(/clusterlab run: interrupted after [\d.]+ s; nothing written to .*long$/m);
      expect(r.stderr).not.toMatch(/\[80\/80\]/);
      expect(existsSync(out)).toBe(false);
      expect(tempLeftovers(join(dir, "results"))).toEqual([]);
      expect(Date.now() - started).toBeLessThan(60_000);
    });
  }
});

describe("examples/slurm-array.sh", () => {
  it("runs one shard per array task and merges after the array (afterok)", async () => {
    const script = readFileSync(join(ROOT, "examples/slurm-array.sh"), "utf8");
    const m = /^#SBATCH --array=(\d+)-(\d+)$/m.exec(script);
    expect(m).not.toBeNull();
    const [min, max] = [Number(m![1]), Number(m![2])];
    expect(max - min + 1).toBe(4);
    const dir = join(tmp, "slurm");
    const exp = writeSmallExperiment(dir);
    // A stand-in for sbatch: records its arguments, one per line.
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "sbatch"), '#!/bin/sh\nprintf "%s\\n" "$@" >> "$SBATCH_LOG"\necho "Submitted batch job 43"\n');
    chmodSync(join(bin, "sbatch"), 0o755);
    const log = join(dir, "sbatch.log");
    const out = join(dir, "results", "small");
    const env = (task: number) => ({
      PATH: `${bin}:${process.env.PATH}`,
      SBATCH_LOG: log,
      SLURM_SUBMIT_DIR: ROOT,
      SLURM_ARRAY_JOB_ID: "42",
      SLURM_ARRAY_TASK_ID: String(task),
      SLURM_ARRAY_TASK_MIN: String(min),
      SLURM_ARRAY_TASK_MAX: String(max),
      SLURM_ARRAY_TASK_COUNT: String(max - min + 1),
      SLURM_CPUS_PER_TASK: "1",
      EXPERIMENT: exp,
      OUT: out,
    });
    const tasks = await Promise.all([0, 1, 2, 3].map((t) => run("bash", [join(ROOT, "examples/slurm-array.sh")], env(min + t))));
    for (const t of tasks) expect(t.code, t.stderr).toBe(0);
    expect(readdirSync(`${out}.shards`).sort()).toEqual(["shard-0", "shard-1", "shard-2", "shard-3"]);
    const args = readFileSync(log, "utf8").trimEnd().split("\n");
    expect(args).toContain("--dependency=afterok:42");
    const wrap = args.find((a) => a.startsWith("--wrap="))!.slice("--wrap=".length);
    const merged = spawnSync("sh", ["-c", wrap], { cwd: tmp, encoding: "utf8", env: { ...process.env, CI: "1" } });
    expect(merged.status, merged.stderr).toBe(0);
    const files = listFiles(out);
    expect(files.filter((f) => f.endsWith("/pods.csv"))).toHaveLength(8);
    expect(files).toEqual(expect.arrayContaining(["summary.csv", "manifest.json", "aggregate.csv", "comparison.csv", "report.html"]));
    expect(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).shard).toBeNull();
  });
});

describe("examples/k8s-indexed-job.yaml", () => {
  type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const docs = parseAllDocuments(readFileSync(join(ROOT, "examples/k8s-indexed-job.yaml"), "utf8")).map((d) => d.toJS() as Obj);
  const [pvc, job, mergeJob] = docs as [Obj, Obj, Obj];
  const shard = job.spec.template.spec.containers[0];
  const merge = mergeJob.spec.template.spec.containers[0];
  const envOf = (c: Obj) => Object.fromEntries((c.env as { name: string; value: string }[]).map((e) => [e.name, e.value]));

  it("is a PVC, an Indexed Job of N shards and a merge Job waiting for N shards, all on the same volume", () => {
    expect(docs).toHaveLength(3);
    expect([pvc.apiVersion, pvc.kind]).toEqual(["v1", "PersistentVolumeClaim"]);
    expect([job.apiVersion, job.kind, mergeJob.apiVersion, mergeJob.kind]).toEqual(["batch/v1", "Job", "batch/v1", "Job"]);
    expect(job.spec.completionMode).toBe("Indexed");
    const n = job.spec.completions;
    expect(n).toBeGreaterThan(1);
    expect(job.spec.parallelism).toBe(n);
    expect(envOf(shard).CLUSTERLAB_SHARDS).toBe(String(n));
    expect(envOf(merge).SHARDS).toBe(String(n));
    for (const j of [job, mergeJob]) {
      const spec = j.spec.template.spec;
      expect(spec.restartPolicy).toBe("Never");
      expect(spec.volumes[0].persistentVolumeClaim.claimName).toBe(pvc.metadata.name);
      expect(spec.containers[0].volumeMounts[0]).toEqual({ name: spec.volumes[0].name, mountPath: "/results" });
      expect(spec.containers[0].image).toBe(`clusterlab:${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}`);
      expect(spec.containers[0].workingDir).toBe("/opt/clusterlab");
    }
    expect(readFileSync(join(ROOT, "examples/Dockerfile"), "utf8")).toMatch(/^WORKDIR \/opt\/clusterlab$/m);
    expect(shard.command).toEqual(expect.arrayContaining(["--shard", "auto", "--out", "/results/shard-$(JOB_COMPLETION_INDEX)"]));
    const experiment = shard.command[shard.command.indexOf("run") + 1];
    expect(existsSync(join(ROOT, experiment))).toBe(true);
  });

  it("its commands, run with the Job's environment, produce the merged results", async () => {
    const n: number = job.spec.completions;
    const dir = join(tmp, "k8s");
    const results = join(dir, "results");
    mkdirSync(results, { recursive: true });
    // The real experiment takes minutes; the same commands on the small one.
    const exp = writeSmallExperiment(dir);
    const experiment = shard.command[shard.command.indexOf("run") + 1];
    const expand = (s: string, env: Record<string, string>) =>
      s.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, v: string) => env[v] ?? all).replaceAll("/results", results).replace(experiment, exp);
    const shards = await Promise.all(
      Array.from({ length: n }, (_, i) => {
        // The Job controller adds JOB_COMPLETION_INDEX to each pod's environment.
        const env = { ...envOf(shard), JOB_COMPLETION_INDEX: String(i) };
        const [cmd, ...args] = (shard.command as string[]).map((a) => expand(a, env));
        return run(cmd!, args, env);
      }),
    );
    for (const s of shards) expect(s.code, s.stderr).toBe(0);
    const script = expand(merge.args[0] as string, envOf(merge)).replace(/sleep 10/g, "sleep 0.1");
    const r = await run(merge.command[0], [...merge.command.slice(1), script], envOf(merge));
    expect(r.code, r.stderr).toBe(0);
    const out = join(results, "compare-openb");
    expect(listFiles(out).filter((f) => f.endsWith("/summary.json"))).toHaveLength(8);
    expect(existsSync(join(out, "report.html"))).toBe(true);
  });
});
