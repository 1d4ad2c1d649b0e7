/** `clusterlab get <resource> [name] <results-dir> [-n NS | -A] [-o wide|yaml|json|name] [--at TIME]` */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { parse as parseCsv } from "csv-parse/sync";
import { stringify } from "yaml";
import { API_GROUP_SUFFIX, RESOURCE_KINDS } from "../core/api/resource-names.js";
import type { KubeObject } from "../core/api/types.js";
import type { ClusterEvent } from "../core/controllers/event-log.js";
import { InputError } from "../core/errors.js";
import { parseDurationUs } from "../core/experiment/duration.js";
import { HISTORY_FILE } from "../core/scenario/history.js";
import { eventRow, TABLES, tabulate, type Row } from "../core/scenario/printers.js";
import { readState } from "../core/scenario/state.js";

export const GET_HELP = `Usage: clusterlab get <resource> [name] <results-dir> [options]

Prints a scenario's objects as kubectl get does, at any virtual time of the run, from the run's
objects.jsonl.gz and events.csv (written by clusterlab scenario). <results-dir> is the run's folder,
or a results folder holding one run.

Resources: pods (po), nodes (no), deployments (deploy), replicasets (rs), statefulsets (sts),
daemonsets (ds), jobs, cronjobs (cj),
services (svc),
endpointslices, poddisruptionbudgets (pdb), horizontalpodautoscalers (hpa), resourcequotas (quota), namespaces (ns), events (ev)

Options:
  -n, --namespace NS    the namespace (default: default)
  -A, --all-namespaces  every namespace (adds a NAMESPACE column)
  -o, --output FORMAT   wide (more columns), yaml, json or name
  --at TIME             the virtual time to show, like 90s, 10m or 1h (default: the end of the run)
  -h, --help            show this help`;

const CLUSTER_SCOPED = new Set(["Node", "Namespace"]);

export async function getCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      namespace: { type: "string", short: "n" },
      "all-namespaces": { type: "boolean", short: "A" },
      output: { type: "string", short: "o" },
      at: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(GET_HELP);
    return 0;
  }
  if (positionals.length < 2 || positionals.length > 3) throw new InputError("get: expected <resource> [name] <results-dir> (see clusterlab get --help)");
  const resource = positionals[0]!;
  const kind = RESOURCE_KINDS[resource.toLowerCase()];
  if (!kind) throw new InputError(`get: the server doesn't have a resource type "${resource}" (known: pods, nodes, deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs, services, endpointslices, poddisruptionbudgets, horizontalpodautoscalers, resourcequotas, namespaces, events)`);
  const name = positionals.length === 3 ? positionals[1]! : null;
  const history = historyFile(positionals[positionals.length - 1]!);
  const output = values.output ?? "";
  if (!["", "wide", "yaml", "json", "name"].includes(output)) throw new InputError(`get: --output: unable to match a printer suitable for the output format "${output}", allowed formats are: json, name, wide, yaml`);
  let atUs: number | null = null;
  if (values.at !== undefined) {
    atUs = parseDurationUs(values.at);
    if (atUs === null) throw new InputError(`get: --at: expected a time like 90s, 10m or 1h, got "${values.at}"`);
  }
  const all = !!values["all-namespaces"];
  const ns = values.namespace ?? "default";
  // Without --at: the end of the run (summary.json's end_us), later than the last write when the run idled.
  const summaryFile = join(dirname(history), "summary.json");
  if (atUs === null && existsSync(summaryFile)) atUs = (JSON.parse(readFileSync(summaryFile, "utf8")) as { end_us?: number }).end_us ?? null;
  const state = readState(history, atUs);
  if (kind === "Event") return printEvents(join(dirname(history), "events.csv"), state.atUs, all, ns);

  const scoped = !CLUSTER_SCOPED.has(kind);
  let objs = [...(state.objects.get(kind)?.values() ?? [])].filter((o) => !scoped || all || (o.metadata.namespace ?? "default") === ns);
  if (name !== null) {
    objs = objs.filter((o) => o.metadata.name === name);
    if (objs.length === 0) {
      console.error(`Error from server (NotFound): ${kind.toLowerCase()}s${API_GROUP_SUFFIX[kind] ?? ""} "${name}" not found`);
      return 1;
    }
  }
  objs.sort((a, b) => (a.metadata.namespace ?? "").localeCompare(b.metadata.namespace ?? "") || a.metadata.name.localeCompare(b.metadata.name));
  if (output === "json" || output === "yaml") {
    const doc = name !== null ? objs[0] : { apiVersion: "v1", items: objs, kind: "List", metadata: { resourceVersion: "" } };
    process.stdout.write(output === "json" ? `${JSON.stringify(doc, null, 4)}\n` : stringify(doc));
    return 0;
  }
  if (objs.length === 0) {
    console.error(scoped && !all ? `No resources found in ${ns} namespace.` : "No resources found");
    return 0;
  }
  if (output === "name") {
    process.stdout.write(objs.map((o) => `${kind.toLowerCase()}${API_GROUP_SUFFIX[kind] ?? ""}/${o.metadata.name}\n`).join(""));
    return 0;
  }
  const table = TABLES[kind]!;
  const wide = output === "wide";
  const rows: Row[] = [[...(all && scoped ? ["NAMESPACE"] : []), ...table.headers, ...(wide ? table.wide : [])]];
  for (const o of objs) {
    const r = table.row(o as KubeObject, state.atUs);
    rows.push([...(all && scoped ? [o.metadata.namespace ?? "default"] : []), ...r.cells, ...(wide ? r.wide : [])]);
  }
  process.stdout.write(tabulate(rows));
  return 0;
}

function printEvents(file: string, atUs: number, all: boolean, ns: string): number {
  if (!existsSync(file)) throw new InputError(`get: no events.csv beside the history (${file})`);
  const records = parseCsv(readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];
  const events: ClusterEvent[] = records
    .map((r) => ({ firstUs: Number(r.first_us), lastUs: Number(r.last_us), count: Number(r.count), type: r.type as ClusterEvent["type"], reason: r.reason!, object: r.object!, namespace: r.namespace!, message: r.message!, source: r.source! }))
    .filter((e) => e.firstUs <= atUs && (all || e.namespace === ns));
  if (events.length === 0) {
    console.error(all ? "No resources found" : `No resources found in ${ns} namespace.`);
    return 0;
  }
  // kubectl sorts events by time; the same time keeps the order they were recorded in.
  events.sort((a, b) => Math.min(a.lastUs, atUs) - Math.min(b.lastUs, atUs));
  const rows: Row[] = [[...(all ? ["NAMESPACE"] : []), "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]];
  for (const e of events) rows.push([...(all ? [e.namespace] : []), ...eventRow(e, atUs)]);
  process.stdout.write(tabulate(rows));
  return 0;
}

/** The run's objects.jsonl.gz: in the folder given, or in the one run folder under it. */
function historyFile(dir: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`get: ${dir}: not a results folder`);
  const direct = join(dir, HISTORY_FILE);
  if (existsSync(direct)) return direct;
  const found: string[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > 4) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const sub = join(d, e.name);
      if (existsSync(join(sub, HISTORY_FILE))) found.push(sub);
      else walk(sub, depth + 1);
    }
  };
  walk(dir, 0);
  found.sort();
  if (found.length === 1) return join(found[0]!, HISTORY_FILE);
  if (found.length === 0) throw new InputError(`get: ${dir}: no ${HISTORY_FILE} (clusterlab scenario writes one per run; history: false leaves it out)`);
  const shown = found.slice(0, 4).map((f) => relative(process.cwd(), f) || f);
  throw new InputError(`get: ${dir} holds ${found.length} runs; name one: ${shown.join(", ")}${found.length > 4 ? ", …" : ""}`);
}
