/** `clusterlab plugins`: the registered scheduling plugins, their extension points and default weights. */
import { parseArgs } from "node:util";
import { EXTENSION_POINTS } from "../core/scheduler/config.js";
import { DEFAULT_PLUGINS, implementsPoint } from "../core/scheduler/profile.js";
import { Rng } from "../core/engine/rng.js";
import { frameworkHandle } from "../core/scheduler/handle.js";
import { Snapshot } from "../core/scheduler/snapshot.js";
import { inTreePlugins } from "../plugins/index.js";

export const PLUGINS_HELP = `Usage: clusterlab plugins [--output json|table]

Lists the scheduling plugins clusterlab knows, the extension points each implements, and its weight
in the default profile (kube-scheduler v1.33 defaults; volume plugins are out of scope).`;

export async function pluginsCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { output: { type: "string", short: "o" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(PLUGINS_HELP);
    return 0;
  }
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
