/** `clusterlab plugins`: the registered plugins of a family — scheduling (extension points, default weights), proxy or CNI. */
import { parseArgs } from "node:util";
import { EXTENSION_POINTS } from "../core/scheduler/config.js";
import { DEFAULT_PLUGINS, implementsPoint } from "../core/scheduler/profile.js";
import { Rng } from "../core/engine/rng.js";
import { frameworkHandle } from "../core/scheduler/handle.js";
import { Snapshot } from "../core/scheduler/snapshot.js";
import { InputError } from "../core/errors.js";
import { inTreePlugins } from "../plugins/index.js";

export const PLUGINS_HELP = `Usage: clusterlab plugins [--family scheduling|proxy|cni] [--output json|table]

Lists the plugins clusterlab knows. Scheduling (the default): the extension points each implements and
its weight in the default profile (kube-scheduler v1.33 defaults; volume plugins are out of scope).
proxy: the service-proxy data planes (model.proxy). cni: the simulated CNI plugins (network.cni,
clusterlab cni exec), whether each is an IPAM plugin, and its ADD/DEL time in a run.`;

export async function pluginsCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { output: { type: "string", short: "o" }, family: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(PLUGINS_HELP);
    return 0;
  }
  const family = values.family ?? "scheduling";
  if (family !== "scheduling") return otherFamily(family, values.output === "json");
  const handle = frameworkHandle({ snapshot: new Snapshot(), rng: Rng.seeded(0) });
  const weights = new Map(DEFAULT_PLUGINS.map((d) => [d.name, d.weight] as const));
  const rows = [...inTreePlugins().scheduling.values()].map((f) => {
    const p = f.create(f.args(undefined, "args"), handle);
    return {
      name: f.name,
      points: EXTENSION_POINTS.filter((e) => implementsPoint(p, e)),
      defaultWeight: weights.has(f.name) ? weights.get(f.name)! : null,
      inDefaultProfile: weights.has(f.name),
      description: f.description,
    };
  });
  if (values.output === "json") {
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  const w = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    const weight = r.inDefaultProfile ? (r.points.includes("score") ? ` weight ${r.defaultWeight}` : " default") : "";
    console.log(`${r.name.padEnd(w)}  ${r.points.join(",")}${weight}\n${" ".repeat(w + 2)}${r.description}`);
  }
  return 0;
}

/** The proxy or CNI family: name and description (CNI: IPAM or not, and the latency a run charges). */
function otherFamily(family: string, json: boolean): number {
  const plugins = inTreePlugins();
  let rows: Record<string, unknown>[];
  if (family === "proxy") rows = [...plugins.proxy.values()].map((p) => ({ name: p.name, description: p.description }));
  else if (family === "cni") rows = [...plugins.cni.values()].map((p) => ({ name: p.name, ipam: p.ipam, addUs: p.latency.addUs, delUs: p.latency.delUs, description: p.description }));
  else throw new InputError(`--family: expected scheduling, proxy or cni, got "${family}"`);
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  const w = Math.max(...rows.map((r) => String(r.name).length));
  for (const r of rows) {
    const extra = family === "cni" ? `${r.ipam ? "IPAM; " : ""}ADD ${(Number(r.addUs) / 1000).toFixed(1)} ms, DEL ${(Number(r.delUs) / 1000).toFixed(1)} ms — ` : "";
    console.log(`${String(r.name).padEnd(w)}  ${extra}${String(r.description)}`);
  }
  return 0;
}
