/** `clusterlab explain --cluster <manifests.yaml> --pod <pod.yaml> [--config <cfg.yaml>] [--profile NAME] [--plugins FILE] [--output json|table]` */
import { parseArgs } from "node:util";
import { loadManifests } from "../core/api/manifests.js";
import { InputError } from "../core/errors.js";
import { loadSchedulerConfig } from "../core/experiment/run.js";
import { explain, type ExplainResult } from "../core/scheduler/explain.js";
import { loadPlugins } from "../plugins/index.js";

export const EXPLAIN_HELP = `Usage: clusterlab explain --cluster <manifests.yaml> --pod <pod.yaml> [options]

Shows how a scheduler profile sees one pod: every Filter plugin's verdict on every node, every Score
plugin's normalised score (0-100, before weights) on every feasible node, the weighted total, and the
node that would be selected. percentageOfNodesToScore is ignored: every node is evaluated.

Options:
  --cluster FILE     Nodes and already-bound Pods (spec.nodeName set), multi-document YAML or a List
  --pod FILE         the Pod to schedule
  --config FILE      a KubeSchedulerConfiguration (default: kube-scheduler's default profile)
  --profile NAME     profile (schedulerName) to use (default: the pod's schedulerName, else the first)
  --output FORMAT    json (one JSON object) or table (default)
  --seed N           seed of the tie-break among equally scored nodes (default 1)
  --plugins FILE     a user plugin module (.js/.mjs/.ts exporting definePlugin factories) whose
                     plugins the configuration may name; repeat for several files
  -h, --help         show this help`;

export async function explainCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      cluster: { type: "string" }, pod: { type: "string" }, config: { type: "string" }, profile: { type: "string" },
      output: { type: "string", short: "o" }, seed: { type: "string" }, plugins: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(EXPLAIN_HELP);
    return 0;
  }
  if (positionals.length) throw new InputError(`explain: unexpected argument "${positionals[0]}"`);
  if (!values.cluster || !values.pod) throw new InputError("explain: --cluster and --pod are required (see clusterlab explain --help)");
  const output = values.output ?? "table";
  if (output !== "json" && output !== "table") throw new InputError(`explain: --output must be json or table, got "${output}"`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new InputError(`explain: --seed must be an integer, got "${values.seed}"`);
  const cluster = await loadManifests(values.cluster);
  const podSet = await loadManifests(values.pod);
  if (podSet.pods.length !== 1) throw new InputError(`${values.pod}: expected exactly one Pod, found ${podSet.pods.length}`);
  const unbound = cluster.pods.find((p) => !p.spec.nodeName);
  if (unbound) throw new InputError(`${values.cluster}: pod ${unbound.metadata.name} has no spec.nodeName (the cluster may only hold bound pods)`);
  const config = await loadSchedulerConfig(values.config ?? null);
  const result = explain({
    config,
    ...(values.profile ? { profile: values.profile } : {}),
    registry: (await loadPlugins(values.plugins ?? [])).scheduling,
    nodes: cluster.nodes,
    boundPods: cluster.pods,
    pod: podSet.pods[0]!,
    seed,
    namespaces: new Map(cluster.namespaces.map((n) => [n.metadata.name, n.metadata.labels ?? {}])),
  });
  console.log(output === "json" ? JSON.stringify(result) : explainTable(result));
  return 0;
}

const SHORT: Record<string, string> = { Success: "ok", Unschedulable: "FAIL", UnschedulableAndUnresolvable: "FAIL!", Error: "ERR", Skip: "-", Wait: "wait", Pending: "pend" };

/** One row per node, one column per plugin: filter verdicts, then scores and the total. */
export function explainTable(r: ExplainResult): string {
  const filterCols = [...new Set(r.nodes.flatMap((n) => Object.keys(n.filters)))];
  const scoreCols = [...new Set(r.nodes.flatMap((n) => Object.keys(n.scores)))];
  const header = ["NODE", "FEASIBLE", ...filterCols.map((c) => `${c}`), ...scoreCols.map((c) => `${c}*`), "TOTAL"];
  const rows = r.nodes.map((n) => [
    (n.name === r.selected ? "> " : "  ") + n.name,
    n.feasible ? "yes" : "no",
    ...filterCols.map((c) => (n.filters[c] ? SHORT[n.filters[c]!.code]! : "")),
    ...scoreCols.map((c) => (c in n.scores ? String(n.scores[c]) : "")),
    n.feasible ? String(n.total) : "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const lines = [`pod ${r.pod}, profile ${r.profile}: selected ${r.selected ?? "none (no feasible node)"}`, "", fmt(header), ...rows.map(fmt)];
  const reasons = r.nodes.flatMap((n) =>
    Object.entries(n.filters).filter(([, v]) => v.code !== "Success").map(([p, v]) => `  ${n.name}: ${p}: ${v.code}${v.reasons.length ? ` (${v.reasons.join("; ")})` : ""}`),
  );
  if (reasons.length) lines.push("", "Why nodes were filtered out:", ...reasons);
  lines.push("", "Filter columns: ok = Success, FAIL = Unschedulable, FAIL! = UnschedulableAndUnresolvable. Columns marked * are normalised scores (0-100) before weights.");
  return lines.join("\n");
}
