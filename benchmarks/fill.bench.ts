/**
 * Benchmark and reproduction driver for the FGD paper's fill experiment on the bundled openb traces: every
 * policy × workload × seed, wall seconds and decisions/s per policy, the batch's wall time with `--jobs N`
 * worker threads, and optionally the comparison with the authors' results.
 *   npx tsc -p tsconfig.bench.json
 *   node dist-bench/benchmarks/fill.bench.js [--workloads default,gpushare40] [--seeds 42-51] [--jobs 2]
 *        [--policies Random,FGD] [--tie-break nodeOrder|random] [--compare] [--out DIR]
 *   (DIR gets fill.csv and comparison.md)
 * Target: 6 policies × 10 seeds on one workload in under 60 s with --jobs 2.
 */
import { performance } from "node:perf_hooks";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fillCsv, toRows, type FillRow } from "../src/core/fill/aggregate.js";
import { decodeFill } from "../src/core/fill/spec.js";
import { runFillExperiment } from "../src/core/fill/experiment.js";
import { loadYaml } from "../src/core/util/yaml-doc.js";
import { compareWithExpected, comparisonTable, parseExpectedSummary } from "../src/core/fill/compare.js";
import { inTreeRegistry } from "../src/plugins/scheduling/index.js";

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
  };
  const root = process.cwd();
  const workloads = opt("workloads", opt("workload", "default")).split(",");
  const [from, to] = opt("seeds", "42-51").split("-").map(Number) as [number, number?];
  const jobs = Number(opt("jobs", "2"));
  const policies = opt("policies", "Random,DotProduct,GpuClustering,GpuPacking,BestFit,FGD").split(",");
  const out = args.includes("--out") ? opt("out", "") : null;
  const tieBreak = opt("tie-break", "nodeOrder") as "nodeOrder" | "random";

  // The fill experiment file these flags describe, run like `clusterlab fill` (the run driver, its worker pool).
  const dir = mkdtempSync(join(tmpdir(), "clusterlab-fill-bench-"));
  const file = join(dir, "fill.yaml");
  writeFileSync(
    file,
    [
      "apiVersion: clusterlab/v1",
      "kind: Fill",
      "metadata: {name: fill-bench}",
      `cluster: {trace: ${JSON.stringify(join(root, "traces/openb/openb_node_list_gpu_node.csv"))}, format: openb}`,
      "workloads:",
      ...workloads.map((w) => `  - {name: ${w}, trace: ${JSON.stringify(join(root, `traces/openb/openb_pod_list_${w}.csv`))}, format: openb}`),
      "variants:",
      ...policies.map((p) => `  - {name: ${p}, policy: ${p}}`),
      `seeds: {from: ${from}, count: ${(to ?? from) - from + 1}}`,
      "maxPodsPerNode: 1001",
      `tieBreak: ${tieBreak}`,
      "",
    ].join("\n"),
  );
  const spec = decodeFill(await loadYaml(file));
  const t0 = performance.now();
  // The in-tree registry lists all six of the paper's policies; worker threads load it in the worker entry.
  const { results } = await runFillExperiment(spec, {
    outDir: join(dir, "results"),
    jobs,
    registry: inTreeRegistry(),
    workerFile: fileURLToPath(new URL("../src/cli/run-worker.js", import.meta.url)),
  });
  const wall = (performance.now() - t0) / 1000;
  // Every GPU pod a run placed got its devices; a run that lost some would make its curve wrong.
  for (const r of results) {
    if (r.stats.gpuUnassigned !== 0) throw new Error(`${r.job.variant} seed ${r.job.seed}: ${r.stats.gpuUnassigned} placed GPU pods without devices`);
  }
  const by = new Map<string, { s: number; d: number; n: number }>();
  for (const r of results) {
    const e = by.get(r.job.variant) ?? { s: 0, d: 0, n: 0 };
    e.s += r.stats.wallSeconds;
    e.d += r.stats.pods;
    e.n++;
    by.set(r.job.variant, e);
  }
  console.log(`fill: openb ${workloads.join(",")}, ${policies.length} policies × ${(to ?? from) - from + 1} seeds = ${results.length} runs, --jobs ${jobs}, ties: ${tieBreak}`);
  for (const [v, e] of by) console.log(`  ${v.padEnd(14)} ${(e.s / e.n).toFixed(2)} s/run  ${Math.round(e.d / e.s)} decisions/s`);
  console.log(`  total wall ${wall.toFixed(1)} s (floor for 60 runs: 60 s)`);

  const rows: FillRow[] = results.flatMap((r) => toRows(r.job.variant, r.job.workload, r.job.seed, r.curve));
  if (out) {
    await mkdir(out, { recursive: true });
    await writeFile(join(out, "fill.csv"), fillCsv(rows));
  }
  if (args.includes("--compare")) {
    const expected = parseExpectedSummary(await readFile(join(root, "traces/fgd-atc23/fgd_expected_summary.csv"), "utf8"));
    const c = compareWithExpected(rows, expected, { tolerance: 0.5, gap: "sd" });
    const table = comparisonTable(c);
    console.log(table);
    console.log(`out of tolerance (0.5 points): ${c.outOfTolerance.length}; order violations (authors' means apart by more than their two sds): ${c.orderViolations.length}`);
    for (const v of c.orderViolations) console.log(`  ${v.a.workload} @${v.a.arrivedPct}: ${v.a.variant} ${v.a.ours.toFixed(2)} vs ${v.b.variant} ${v.b.ours.toFixed(2)}`);
    if (out) await writeFile(join(out, "comparison.md"), table);
  }
  rmSync(dir, { recursive: true, force: true });
}
