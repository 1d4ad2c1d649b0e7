/**
 * Runs every benchmark in a fresh process (JIT and GC state must not leak between them).
 *   npm run bench
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const runs: [string, string[]][] = [
  ["cycle.bench.js", ["--nodes", "1000"]],
  ["cycle.bench.js", ["--nodes", "5000"]],
  ["scheduling.bench.js", ["--nodes", "1000", "--pods", "10000"]],
  ["scheduling.bench.js", ["--nodes", "5000", "--pods", "10000"]],
  ["run-throughput.bench.js", []],
  ["per-pod.bench.js", []],
  ["scheduler-perf.bench.js", []],
  ["openb.bench.js", []],
  ["overload.bench.js", ["--pods", "20000"]],
  ["dlrm.bench.js", []],
  ["prefilter.bench.js", []],
  ["sweep.bench.js", []],
  ["proxy.bench.js", []],
  ["cni.bench.js", []],
  ["controllers.bench.js", []],
  ["fill.bench.js", ["--workloads", "default", "--seeds", "42-51", "--jobs", "2"]],
];
let failed = 0;
for (const [file, args] of runs) {
  const r = spawnSync(process.execPath, [join(here, file), ...args], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
