/**
 * How throughput scales, for docs/: decisions/s of a whole run (default profile, 20,000 pods created at
 * once) against cluster size (1k, 5k, 20k, 50k nodes: kube-scheduler samples 50%…5% of them per pod, so
 * a decision's cost follows the sampled nodes), and the overloaded GPU cluster's wall time against its
 * peak of pending pods (overload.bench.js at 2,000…20,000 pods). Writes docs/scaling.csv and the two
 * charts (Vega-Lite → SVG) beside it.
 *   node dist-bench/benchmarks/scaling.bench.js [--out docs] [--charts-only]
 */
import "reflect-metadata";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { paperConfig, DEFAULT_STYLE } from "../src/core/report/charts/common.js";
import { specToSvg } from "../src/core/report/render.js";
import { flag, machine } from "./common.js";
import { runThroughput } from "./scheduling.bench.js";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(flag("out", join(here, "../../docs")));
const rows: string[] = ["bench,x,wall_s,decisions_per_s"];
const sizes: { nodes: number; perSecond: number }[] = [];
const overload: { pending: number; wall: number }[] = [];

if (process.argv.includes("--charts-only")) {
  // Redraw the charts from the CSV of an earlier run.
  for (const line of readFileSync(join(out, "scaling.csv"), "utf8").trimEnd().split("\n").slice(1)) {
    const [bench, x, wall, perSecond] = line.split(",");
    if (bench === "cluster-size") sizes.push({ nodes: Number(x), perSecond: Number(perSecond) });
    else overload.push({ pending: Number(x), wall: Number(wall) });
  }
} else measure();

function measure(): void {
runThroughput(500, 2000); // warm-up (JIT)
for (const nodes of [1000, 5000, 20000, 50000]) {
  const r = runThroughput(nodes, 20000);
  if (r.scheduled !== r.pods) throw new Error(`only ${r.scheduled} of ${r.pods} pods were bound`);
  sizes.push({ nodes, perSecond: r.decisionsPerSecond });
  rows.push(`cluster-size,${nodes},${r.seconds.toFixed(3)},${Math.round(r.decisionsPerSecond)}`);
  console.log(`${nodes.toLocaleString("en-US")} nodes: ${Math.round(r.decisionsPerSecond).toLocaleString("en-US")} decisions/s`);
}

for (const pods of [2000, 5000, 10000, 20000]) {
  const r = spawnSync(process.execPath, [join(here, "overload.bench.js"), "--pods", String(pods)], { encoding: "utf8" });
  const m = /peak ([\d,]+) pending; ([\d.]+) s wall.*?([\d,]+) decisions\/s/.exec(r.stdout);
  if (r.status !== 0 || !m) throw new Error(`overload.bench.js --pods ${pods} failed: ${r.stderr || r.stdout}`);
  const pending = Number(m[1]!.replaceAll(",", ""));
  overload.push({ pending, wall: Number(m[2]) });
  rows.push(`overload,${pending},${m[2]},${m[3]!.replaceAll(",", "")}`);
  console.log(`overload ${pods.toLocaleString("en-US")} pods: peak ${pending.toLocaleString("en-US")} pending, ${m[2]} s wall`);
}
writeFileSync(join(out, "scaling.csv"), rows.join("\n") + "\n");
}

const style = DEFAULT_STYLE;
const chart = (values: object[], x: object, y: object) => ({
  $schema: "https://vega.github.io/schema/vega-lite/v5.json",
  width: style.width - 60,
  height: style.height - 50,
  config: paperConfig(style),
  data: { values },
  mark: { type: "line", point: true },
  encoding: { x, y },
});
const sizeChart = chart(
  sizes,
  { field: "nodes", type: "quantitative", scale: { type: "log" }, title: "Nodes (log scale)", axis: { values: sizes.map((s) => s.nodes), format: ",~r" } },
  { field: "perSecond", type: "quantitative", title: "Decisions per second", axis: { format: ",~r" } },
);
const overloadChart = chart(
  overload,
  { field: "pending", type: "quantitative", title: "Peak pending pods", axis: { format: ",~r" } },
  { field: "wall", type: "quantitative", title: "Wall time (s)" },
);
writeFileSync(join(out, "scaling-decisions-by-cluster-size.svg"), await specToSvg(sizeChart));
writeFileSync(join(out, "scaling-overload-wall-by-pending.svg"), await specToSvg(overloadChart));
console.log(`wrote the charts of ${join(out, "scaling.csv")} [${machine()}]`);
