/** `clusterlab merge <out> <shard-dir>...`: combine shard folders into one results folder. */
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "../core/errors.js";
import { mergeShards } from "../core/experiment/merge.js";

export const MERGE_HELP = `Usage: clusterlab merge <out> <shard-dir>... [--no-report] [--quiet]

Combines the folders written by clusterlab run --shard (all shards of one experiment) into the
results folder <out>, as if the experiment had run unsharded: run folders, summary.csv,
manifest.json, statistics, charts and report.html. Refuses shards of a different experiment (by the
content hash of the experiment file and its inputs), a run found in two shards, and missing runs.
<out> may be new, empty, or an earlier results folder (replaced); any other folder is refused.

Options:
  --no-report   skip statistics, charts and report.html (clusterlab chart makes them later)
  --quiet       print nothing but errors
  -h, --help    show this help`;

export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "no-report": { type: "boolean" }, quiet: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(MERGE_HELP);
    return 0;
  }
  if (positionals.length < 2) throw new InputError("merge: expected an output folder and at least one shard folder (see clusterlab merge --help)");
  const [out, ...dirs] = positionals as [string, ...string[]];
  const r = await mergeShards(out, dirs, { report: !values["no-report"] });
  if (!values.quiet) {
    const rel = (p: string) => relative(process.cwd(), p) || ".";
    console.log(`${r.manifest.experiment}: merged ${r.shards} folder(s), ${r.manifest.runs.length} run(s), into ${out}`);
    if (r.report) console.log(`report: ${rel(r.report.report)} (${r.report.charts.length} chart files)`);
  }
  if (r.reportError) console.error(`clusterlab merge: warning: no report (${r.reportError}); retry with clusterlab chart ${out}`);
  return 0;
}
