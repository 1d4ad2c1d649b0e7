/** `clusterlab scenario <scenario.yaml> [run's options]`: a Scenario file, run as `run` runs it. */
import { parseArgs } from "node:util";
import { InputError } from "../core/errors.js";
import { readTextFile } from "../core/util/input-file.js";
import { parseYaml } from "../core/util/yaml-doc.js";
import { RUN_OPTIONS, runCommand } from "./run.js";

export const SCENARIO_HELP = `Usage: clusterlab scenario <scenario.yaml> [options]

Plays a scenario (apiVersion clusterlab/v1, kind Scenario): a cluster, its controllers (Deployment,
ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, node lifecycle, taint eviction, garbage collector, disruption budgets, horizontal pod
autoscaler) and a timeline of what a user does and what happens — apply manifests, scale, set image,
roll back, pause/resume, cordon/drain/uncordon, a node's failure and recovery, the CPU load on a
Deployment:

  timeline:
    - {at: 0s, apply: nginx.yaml}
    - {at: 1m, scale: deployment/nginx-deployment, replicas: 5}
    - {at: 2m, setImage: deployment/nginx-deployment, image: {nginx: "nginx:1.16.1"}}
    - {at: 4m, failNode: node-00002}
    - {at: 6m, load: deployment/nginx-deployment, cpu: 900m}

Writes what clusterlab run writes (pods.csv, timeseries.csv, summary.json with a scenario block,
charts, report.html) plus, per run, events.csv (what kubectl get events lists) and objects.jsonl.gz
(every write to nodes, pods, deployments, replica sets, services, endpoint slices, disruption
budgets, autoscalers: what clusterlab get reads; history: false leaves it out). Examples:
examples/nginx, examples/drain, examples/hpa, examples/jobs, examples/gang. Variants, seeds and a matrix work as in run.

Options: as clusterlab run (--out, --jobs, --seed, --no-report, --quiet …; see clusterlab run --help).`;

export async function scenarioCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: RUN_OPTIONS });
  if (values.help) {
    console.log(SCENARIO_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new InputError("scenario: expected exactly one scenario file (see clusterlab scenario --help)");
  const file = positionals[0]!;
  const kind = (parseYaml(await readTextFile(file), file).docs[0]?.toJS() as { kind?: unknown } | null)?.kind;
  if (kind !== "Scenario") throw new InputError(`${file}: kind: expected "Scenario", got ${JSON.stringify(kind ?? null)} (clusterlab run runs experiments)`);
  return runCommand(argv);
}
