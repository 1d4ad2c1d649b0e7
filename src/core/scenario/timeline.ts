/**
 * A scenario's timeline: what a user does to the cluster and when, in kubectl's words — apply a manifests
 * file, delete, scale, set image, roll back, pause and resume a rollout, cordon, drain and uncordon a node —
 * plus what happens to it: a node fails (its kubelet stops) and recovers. Decoded strictly before the
 * simulation starts; manifests files are read and validated then, so a bad one stops the run up front.
 *
 *   timeline:
 *     - {at: 0s, apply: nginx.yaml}
 *     - {at: 2m, scale: deployment/nginx, replicas: 5}
 *     - {at: 4m, setImage: deployment/nginx, image: {nginx: "nginx:1.27"}}
 *     - {at: 6m, failNode: node-2}
 *     - {at: 8m, load: deployment/nginx, cpu: 900m}
 */
import { readFileSync } from "node:fs";
import { parseManifests, type ManifestSet } from "../api/manifests.js";
import { ManifestError } from "../api/manifests.js";
import { milliValue } from "../api/quantity.js";
import { RESOURCE_KINDS } from "../api/resource-names.js";
import type { KubeObject } from "../api/types.js";
import { isMapping, type StrictDecoder, type YamlMap } from "../util/strict-decoder.js";
import type { FieldPath } from "../util/yaml-doc.js";
import { parseDurationUs } from "../experiment/duration.js";
import { InputError } from "../errors.js";

/** kind/name as kubectl takes it ("deployment/web"), resolved to the API kind. */
export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

export type ScenarioAction =
  | { kind: "apply"; file: string; objects: KubeObject[] }
  | { kind: "delete"; target: ObjectRef }
  | { kind: "scale"; target: ObjectRef; replicas: number }
  | { kind: "setImage"; target: ObjectRef; images: Record<string, string> }
  | { kind: "rollback"; target: ObjectRef; toRevision: number }
  | { kind: "pause" | "resume"; target: ObjectRef }
  | { kind: "load"; target: ObjectRef; cpuMilli: number }
  | { kind: "cordon" | "uncordon" | "drain" | "failNode" | "recoverNode"; node: string };

export interface TimelineEntry {
  atUs: number;
  action: ScenarioAction;
  /** "timeline[3]": where it was written, for messages during the run. */
  where: string;
}

const TARGET_ACTIONS = ["delete", "scale", "setImage", "rollback", "pause", "resume", "load"] as const;
const NODE_ACTIONS = ["cordon", "uncordon", "drain", "failNode", "recoverNode"] as const;
export const TIMELINE_ACTIONS = ["apply", ...TARGET_ACTIONS, ...NODE_ACTIONS] as const;
const PARAMS: Readonly<Record<string, readonly string[]>> = { scale: ["replicas"], setImage: ["image"], rollback: ["toRevision"], load: ["cpu"] };

/** Kinds with spec.replicas (kubectl scale). */
const SCALABLE = new Set(["Deployment", "ReplicaSet", "StatefulSet"]);

export function decodeTimeline(d: StrictDecoder, raw: unknown): TimelineEntry[] {
  const entries = d.list(raw, ["timeline"], "timeline entries");
  const out: TimelineEntry[] = [];
  entries.forEach((rawEntry, i) => {
    const path: FieldPath = ["timeline", i];
    if (!isMapping(rawEntry)) d.fail(path, "expected an entry like {at: 30s, scale: deployment/web, replicas: 5}");
    const actions = TIMELINE_ACTIONS.filter((a) => rawEntry[a] !== undefined);
    if (actions.length === 0) d.fail(path, `no action: give one of ${TIMELINE_ACTIONS.join(", ")}`);
    if (actions.length > 1) d.fail([...path, actions[1]!], `one action per entry (found ${actions.join(" and ")})`);
    const verb = actions[0]!;
    const e = d.obj(rawEntry, path, ["at", "namespace", verb, ...(PARAMS[verb] ?? [])]);
    if (e.at === undefined) d.fail([...path, "at"], "required field is missing");
    const atUs = parseDurationUs(e.at);
    if (atUs === null) d.fail([...path, "at"], `expected a time like "0s", "90s" or "5m", got ${JSON.stringify(e.at)}`);
    const namespace = e.namespace === undefined ? "default" : d.name(e, "namespace", path);
    const where = `timeline[${i}]`;
    out.push({ atUs, where, action: decodeAction(d, e, verb, path, namespace) });
  });
  // Stable: entries at the same time run in file order.
  return out.map((e, i) => ({ e, i })).sort((a, b) => a.e.atUs - b.e.atUs || a.i - b.i).map((x) => x.e);
}

function decodeAction(d: StrictDecoder, e: YamlMap, verb: (typeof TIMELINE_ACTIONS)[number], path: FieldPath, namespace: string): ScenarioAction {
  if (verb === "apply") {
    const file = d.file(e, "apply", path);
    return { kind: "apply", file, objects: applyObjects(file, namespace) };
  }
  if ((NODE_ACTIONS as readonly string[]).includes(verb)) {
    const v = d.str(e, verb, path);
    const node = v.startsWith("node/") ? v.slice(5) : v;
    if (node === "") d.fail([...path, verb], "expected a node name");
    return { kind: verb as (typeof NODE_ACTIONS)[number], node };
  }
  const ref = d.str(e, verb, path);
  const m = /^([a-z]+)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(ref);
  const kind = m ? RESOURCE_KINDS[m[1]!] : undefined;
  if (!m || !kind || kind === "Event" || kind === "EndpointSlice") d.fail([...path, verb], `expected TYPE/NAME like deployment/web, got ${JSON.stringify(ref)} (types: deployment, replicaset, statefulset, daemonset, job, cronjob, pod, service, poddisruptionbudget, namespace, node)`);
  const target: ObjectRef = { kind, namespace: kind === "Node" || kind === "Namespace" ? "" : namespace, name: m[2]! };
  switch (verb) {
    case "delete":
      return { kind: "delete", target };
    case "scale":
      if (!SCALABLE.has(kind)) d.fail([...path, verb], `${kind} has no replicas to scale (deployment, replicaset or statefulset)`);
      if (e.replicas === undefined) d.fail([...path, "replicas"], "required field is missing");
      return { kind: "scale", target, replicas: d.int(e, "replicas", path, 0, 0, 2147483647) };
    case "setImage": {
      if (kind !== "Deployment" && kind !== "ReplicaSet" && kind !== "StatefulSet" && kind !== "DaemonSet" && kind !== "Pod") d.fail([...path, verb], `${kind} has no pod template`);
      const img = e.image;
      if (!isMapping(img) || Object.keys(img).length === 0) d.fail([...path, "image"], 'expected container: image pairs, like {nginx: "nginx:1.27"}');
      const images: Record<string, string> = {};
      for (const [c, v] of Object.entries(img)) {
        if (typeof v !== "string" || v === "") d.fail([...path, "image", c], "expected an image name");
        images[c] = v;
      }
      return { kind: "setImage", target, images };
    }
    case "load": {
      if (kind !== "Deployment") d.fail([...path, verb], "load is the CPU demand on a deployment's pods");
      if (e.cpu === undefined) d.fail([...path, "cpu"], 'required field is missing (the total CPU the deployment serves, like "600m")');
      let cpuMilli = 0;
      try {
        cpuMilli = milliValue(e.cpu as string | number);
      } catch (err) {
        d.fail([...path, "cpu"], (err as Error).message);
      }
      if (cpuMilli < 0) d.fail([...path, "cpu"], "must not be negative");
      return { kind: "load", target, cpuMilli };
    }
    case "rollback":
      if (kind !== "Deployment") d.fail([...path, verb], "only a deployment can be rolled back");
      return { kind: "rollback", target, toRevision: d.int(e, "toRevision", path, 0, 0) };
    default:
      if (kind !== "Deployment") d.fail([...path, verb], `only a deployment's rollout can be ${verb}d`);
      return { kind: verb as "pause" | "resume", target };
  }
}

/** The objects of a manifests file, validated and defaulted, in file order; pods get the entry's namespace. */
function applyObjects(file: string, namespace: string): KubeObject[] {
  let set: ManifestSet;
  try {
    set = parseManifests(readFileSync(file, "utf8"), file);
  } catch (e) {
    if (e instanceof ManifestError) throw new InputError(e.message);
    throw e;
  }
  if (set.others.length) {
    const o = set.others[0]!;
    throw new InputError(`${file}:${o.line}: ${o.kind} "${o.name}": kind not supported in a scenario (supported: Namespace, PriorityClass, Node, Pod, Service, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, PodDisruptionBudget, HorizontalPodAutoscaler, PodGroup, Stage, ResourceQuota)`);
  }
  // Stages first: the kubelet knows them before any pod of the same file is bound.
  const objs: KubeObject[] = [...set.stages, ...set.namespaces, ...set.quotas, ...set.priorityClasses, ...set.nodes, ...set.services, ...set.disruptionBudgets, ...set.workloads, ...set.autoscalers, ...set.podGroups, ...set.pods];
  for (const o of objs) if (o.metadata.namespace === "default" && namespace !== "default" && o.kind !== "Node") o.metadata.namespace = namespace;
  return objs;
}
