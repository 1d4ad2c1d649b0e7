/**
 * Whole-run benchmark: the full openb replay (examples/openb-default.yaml: 8,152 pods with real
 * arrivals and run times onto 1,523 nodes, default profile), end to end including trace reading and
 * result writing. Prints decisions per second and peak RSS.
 *   node dist-bench/benchmarks/openb.bench.js
 */
import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { decodeExperiment } from "../src/core/experiment/spec.js";
import { runExperiment } from "../src/core/experiment/run.js";
import { loadYaml } from "../src/core/util/yaml-doc.js";
import { inTreeRegistry } from "../src/plugins/scheduling/index.js";
import { machine, peakRssMiB } from "./common.js";

const file = new URL("../../examples/openb-default.yaml", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "clusterlab-bench-"));
const t0 = performance.now();
const spec = decodeExperiment(await loadYaml(file));
const { summary } = await runExperiment(spec, { outDir: join(out, "r"), registry: inTreeRegistry() });
const wall = (performance.now() - t0) / 1000;
rmSync(out, { recursive: true, force: true });
// The full openb cluster places every pod of the default list (at most 51 pods, 66 GPUs, run at once).
if (summary.pods.scheduled !== summary.pods.arrived) throw new Error(`only ${summary.pods.scheduled} of ${summary.pods.arrived} pods were scheduled`);
console.log(
  `openb replay (${summary.pods.arrived} pods, ${summary.nodes} nodes, default profile): ${summary.scheduling_attempts} decisions, ` +
    `${wall.toFixed(2)} s end to end, ${summary.decisions_per_second.toLocaleString("en-US")} decisions/s, peak RSS ${peakRssMiB().toFixed(0)} MiB [${machine()}]`,
);
