/**
 * Kubernetes manifests: multi-document YAML (`---`) holding Nodes, Pods, Namespaces, PriorityClasses,
 * Services, EndpointSlices, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, PodDisruptionBudgets, HorizontalPodAutoscalers,
 * PodGroups and `List`s of them (`kind: List`, `PodList`, `NodeList` …,
 * expanded in place). Empty documents are skipped; other kinds (ConfigMap …) are kept in `others`, not rejected.
 *
 * Every object is validated (validate.ts) and defaulted as the API server would on create:
 * - pods, services and endpoint slices: namespace "default"; pods also schedulerName "default-scheduler", container requests default to limits
 *   (SetDefaults_Pod), and the Priority admission plugin: priorityClassName → spec.priority and
 *   spec.preemptionPolicy, or the globalDefault class when a pod names none;
 * - nodes: status.allocatable defaults to status.capacity (SetDefaults_NodeStatus);
 * - uids, when absent, are deterministic: `<kind>-<namespace>-<name>` (`<kind>-<name>` if cluster-scoped).
 *
 * YAML is read as kubectl reads it (YAML 1.1: `yes`/`no` are booleans, `<<` merges), except that
 * timestamps and base-60 numbers stay strings. Errors are one line, pointing at the offending YAML node:
 *   cluster.yaml:12:21: items[1].spec.containers[0].resources.requests.cpu: invalid quantity "1x"
 */
import { StageApiVersion, compileStage } from "./kwok-stage.js";
import { validateResourceQuota } from "./resource-quota.js";
import { readTextFile } from "../util/input-file.js";
import { nodePosition, positionFor, throwFirstSyntaxError } from "../util/yaml-doc.js";
import { LineCounter, isScalar, parseAllDocuments, type Document } from "yaml";
import type { KubeObject, Namespace, Node, Pod, PriorityClass, ResourceList } from "./types.js";
import type { EndpointSlice, Service } from "./network-types.js";
import { validateEndpointSlice, validateService } from "./validate-network.js";
import { validateCronJob, validateDaemonSet, validateDeployment, validateHorizontalPodAutoscaler, validateJob, validateStatefulSet, validatePodDisruptionBudget, validatePodGroup, validateReplicaSet } from "./validate-workloads.js";
import type { HorizontalPodAutoscaler } from "./autoscaling-types.js";
import type { PodDisruptionBudget } from "./policy-types.js";
import type { CronJob, DaemonSet, Deployment, Job, ReplicaSet, StatefulSet } from "./workload-types.js";
import {
  FieldError,
  SYSTEM_PRIORITY_CLASSES,
  formatPath,
  validateNamespace,
  validateNode,
  validatePod,
  validatePriorityClass,
  type FieldPath,
} from "./validate.js";

export class ManifestError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly col?: number,
  ) {
    super(message);
    this.name = "ManifestError";
  }
}

/** An object of a kind the simulator does not model yet, remembered by where it was. */
export interface OtherObject {
  kind: string;
  name: string;
  line: number;
}

export interface ManifestSet {
  nodes: Node[];
  pods: Pod[];
  namespaces: Namespace[];
  priorityClasses: PriorityClass[];
  services: Service[];
  endpointSlices: EndpointSlice[];
  /** Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs and CronJobs, in file order (their controllers run in scenarios). */
  workloads: (Deployment | ReplicaSet | StatefulSet | DaemonSet | Job | CronJob)[];
  disruptionBudgets: PodDisruptionBudget[];
  autoscalers: HorizontalPodAutoscaler[];
  /** scheduler-plugins' PodGroups (Coscheduling's gangs), kept as data. */
  podGroups: KubeObject[];
  /** KWOK Stages (pod lifecycle as data; scenarios hand them to the simulated kubelet). */
  stages: KubeObject[];
  /** ResourceQuotas (enforced in scenarios). */
  quotas: KubeObject[];
  others: OtherObject[];
}

export interface ManifestOptions {
  /** PriorityClasses defined elsewhere (another file) that pods may name. */
  priorityClasses?: readonly PriorityClass[];
}

export const DEFAULT_SCHEDULER_NAME = "default-scheduler";

/** The apiVersion each modelled kind must have. */
const API_VERSIONS: Readonly<Record<string, string>> = {
  Pod: "v1",
  Node: "v1",
  Namespace: "v1",
  PriorityClass: "scheduling.k8s.io/v1",
  Service: "v1",
  EndpointSlice: "discovery.k8s.io/v1",
  Deployment: "apps/v1",
  ReplicaSet: "apps/v1",
  PodDisruptionBudget: "policy/v1",
  HorizontalPodAutoscaler: "autoscaling/v2",
  PodGroup: "scheduling.x-k8s.io/v1alpha1",
  Job: "batch/v1",
  DaemonSet: "apps/v1",
  StatefulSet: "apps/v1",
  CronJob: "batch/v1",
  Stage: StageApiVersion,
  ResourceQuota: "v1",
};

const VALIDATORS: Readonly<Record<string, (v: unknown, path: FieldPath) => void>> = {
  Pod: validatePod,
  Node: validateNode,
  Namespace: validateNamespace,
  PriorityClass: validatePriorityClass,
  Service: validateService,
  EndpointSlice: validateEndpointSlice,
  Deployment: validateDeployment,
  ReplicaSet: validateReplicaSet,
  PodDisruptionBudget: validatePodDisruptionBudget,
  HorizontalPodAutoscaler: validateHorizontalPodAutoscaler,
  PodGroup: validatePodGroup,
  Job: validateJob,
  DaemonSet: validateDaemonSet,
  StatefulSet: validateStatefulSet,
  CronJob: validateCronJob,
  Stage: (v, path) => void compileStage(v, path),
  ResourceQuota: validateResourceQuota,
};

/** The list of a ManifestSet each kind kept as read goes to (Pods, Nodes and PriorityClasses get more done to them). */
const LIST_OF: Readonly<Record<string, Exclude<keyof ManifestSet, "others">>> = {
  Namespace: "namespaces",
  Service: "services",
  EndpointSlice: "endpointSlices",
  Deployment: "workloads",
  ReplicaSet: "workloads",
  StatefulSet: "workloads",
  DaemonSet: "workloads",
  Job: "workloads",
  CronJob: "workloads",
  PodDisruptionBudget: "disruptionBudgets",
  HorizontalPodAutoscaler: "autoscalers",
  PodGroup: "podGroups",
  Stage: "stages",
  ResourceQuota: "quotas",
};

/** Kinds whose objects live in a namespace ("default" when the manifest names none). */
const NAMESPACED = new Set(["Pod", "Service", "EndpointSlice", "Deployment", "ReplicaSet", "PodDisruptionBudget", "HorizontalPodAutoscaler", "PodGroup", "Job", "DaemonSet", "StatefulSet", "CronJob", "ResourceQuota"]);

export async function loadManifests(file: string, opts: ManifestOptions = {}): Promise<ManifestSet> {
  return parseManifests(await readTextFile(file), file, opts);
}

/** Where an object came from: its document and its path inside it (non-empty for List items). */
interface Entry {
  obj: Record<string, unknown>;
  kind: string;
  doc: number;
  path: FieldPath;
}

type Obj = Record<string, unknown>;

class Source {
  readonly lines = new LineCounter();
  docs: Document.Parsed[] = [];
  constructor(readonly file: string) {}

  /** Line/column of the node at `path` in document `doc`, or of its nearest existing parent. */
  position(doc: number, path: FieldPath): { line: number; col: number } {
    return nodePosition(this.docs[doc]!, this.lines, path);
  }

  error(doc: number, path: FieldPath, problem: string): ManifestError {
    const { line, col } = nodePosition(this.docs[doc]!, this.lines, path, positionFor(problem));
    const field = formatPath(path);
    // One line always, even if a quoted YAML key holds a newline.
    const msg = `${this.file}:${line}:${col}: ${field ? `${field}: ` : ""}${problem}`.replace(/\r?\n/g, "\\n");
    return new ManifestError(msg, this.file, line, col);
  }

  /** Converts a FieldError raised for the object at `at` into a positioned ManifestError. */
  fieldError(e: FieldError, at: Entry): ManifestError {
    return this.error(at.doc, [...at.path, ...e.path], e.problem);
  }
}

export function parseManifests(text: string, file: string, opts: ManifestOptions = {}): ManifestSet {
  const src = new Source(file);
  const parsed = parseAllDocuments(text, {
    lineCounter: src.lines,
    prettyErrors: false,
    version: "1.1",
    // kubectl's YAML (go-yaml v2) leaves timestamps and 12:30-style numbers as strings.
    customTags: (tags) => tags.filter((t) => typeof t === "string" || (t.tag !== "tag:yaml.org,2002:timestamp" && t.format !== "TIME")),
  });
  src.docs = Array.isArray(parsed) ? parsed : [];
  throwFirstSyntaxError(src.docs, src.lines, file, (msg, line, col) => new ManifestError(msg, file, line, col));

  const entries: Entry[] = [];
  src.docs.forEach((d, i) => {
    if (d.contents === null || (isScalar(d.contents) && d.contents.value === null)) return; // empty document
    let js: unknown;
    try {
      js = d.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      throw src.error(i, [], `invalid YAML: ${(e as Error).message.split("\n")[0]!}`);
    }
    collect(src, js, i, [], undefined, entries);
  });

  const set: ManifestSet = { nodes: [], pods: [], namespaces: [], priorityClasses: [], services: [], endpointSlices: [], workloads: [], disruptionBudgets: [], autoscalers: [], podGroups: [], stages: [], quotas: [], others: [] };
  const pods: Entry[] = [];
  const classes: Entry[] = [];
  const seen = new Map<string, Entry>();
  for (const en of entries) {
    const validator = VALIDATORS[en.kind];
    if (!validator) {
      set.others.push({ kind: en.kind, name: (en.obj.metadata as Obj).name as string, line: src.position(en.doc, en.path).line });
      continue;
    }
    try {
      validator(en.obj, []);
    } catch (e) {
      if (e instanceof FieldError) throw src.fieldError(e, en);
      throw e;
    }
    const meta = en.obj.metadata as Obj;
    if (NAMESPACED.has(en.kind)) meta.namespace ??= "default";
    const id = `${en.kind}/${meta.namespace ? `${String(meta.namespace)}/` : ""}${String(meta.name)}`;
    const first = seen.get(id);
    if (first) {
      const at = src.position(first.doc, first.path).line;
      throw src.error(en.doc, [...en.path, "metadata", "name"], `duplicate ${id.replace("/", " ")} (first defined at line ${at})`);
    }
    seen.set(id, en);
    switch (en.kind) {
      case "Pod":
        pods.push(en);
        set.pods.push(en.obj as unknown as Pod);
        break;
      case "Node":
        set.nodes.push(defaultNode(en.obj as unknown as Node));
        break;
      case "PriorityClass":
        classes.push(en);
        set.priorityClasses.push(en.obj as unknown as PriorityClass);
        break;
      default:
        (set[LIST_OF[en.kind]!] as KubeObject[]).push(en.obj as unknown as KubeObject);
    }
  }

  const byName = priorityClassIndex(src, classes, opts.priorityClasses ?? []);
  for (const en of pods) {
    const pod = en.obj as unknown as Pod;
    try {
      admitPriority(pod, byName);
    } catch (e) {
      if (e instanceof FieldError) throw src.fieldError(e, en);
      throw e;
    }
    defaultPod(pod);
  }
  assignUids(src, entries);
  return set;
}

/** Checks kind/apiVersion and expands lists, appending every object to `out`. */
function collect(src: Source, v: unknown, doc: number, path: FieldPath, itemKind: string | undefined, out: Entry[]): void {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw src.error(doc, path, "expected a Kubernetes object (a mapping with apiVersion, kind and metadata)");
  }
  const obj = v as Obj;
  // Items of a typed list (PodList) may omit kind and apiVersion.
  if (itemKind !== undefined) {
    obj.kind ??= itemKind;
    obj.apiVersion ??= API_VERSIONS[itemKind];
  }
  const kind = obj.kind;
  if (typeof kind !== "string" || kind === "") throw src.error(doc, [...path, "kind"], "is required");
  const apiVersion = obj.apiVersion;
  if (typeof apiVersion !== "string" || apiVersion === "") throw src.error(doc, [...path, "apiVersion"], "is required");

  if (kind === "List" || (kind.endsWith("List") && "items" in obj)) {
    const items = obj.items ?? [];
    if (!Array.isArray(items)) throw src.error(doc, [...path, "items"], "must be a list");
    const typed = kind === "List" ? undefined : kind.slice(0, -"List".length);
    items.forEach((it, i) => collect(src, it, doc, [...path, "items", i], typed, out));
    return;
  }
  const want = API_VERSIONS[kind];
  if (want !== undefined && apiVersion !== want) {
    throw src.error(doc, [...path, "apiVersion"], `${JSON.stringify(apiVersion)} is not the apiVersion of ${kind} (want ${want})`);
  }
  const meta = obj.metadata;
  if (want === undefined) {
    // Other kinds are only checked for a name, to be listed.
    if (typeof meta !== "object" || meta === null || Array.isArray(meta)) throw src.error(doc, [...path, "metadata"], "is required");
    const name = (meta as Obj).name;
    if (name == null || name === "") throw src.error(doc, [...path, "metadata", "name"], "is required");
    if (typeof name !== "string") throw src.error(doc, [...path, "metadata", "name"], `must be a string, got ${typeof name} ${JSON.stringify(name)}`);
  } else if (meta == null) {
    throw src.error(doc, [...path, "metadata"], "is required");
  }
  out.push({ obj, kind, doc, path });
}

interface ClassInfo {
  name: string;
  value: number;
  preemptionPolicy: string;
  globalDefault: boolean;
}

function priorityClassIndex(src: Source, classes: Entry[], external: readonly PriorityClass[]): Map<string, ClassInfo> {
  const byName = new Map<string, ClassInfo>();
  for (const [name, value] of Object.entries(SYSTEM_PRIORITY_CLASSES)) {
    byName.set(name, { name, value, preemptionPolicy: "PreemptLowerPriority", globalDefault: false });
  }
  const add = (pc: PriorityClass) => {
    const info = {
      name: pc.metadata.name,
      value: pc.value,
      preemptionPolicy: pc.preemptionPolicy ?? "PreemptLowerPriority",
      globalDefault: pc.globalDefault === true,
    };
    byName.set(info.name, info);
    return info;
  };
  external.forEach(add);
  let globalDefault = [...byName.values()].find((c) => c.globalDefault);
  for (const en of classes) {
    const info = add(en.obj as unknown as PriorityClass);
    if (!info.globalDefault) continue;
    if (globalDefault) {
      throw src.error(en.doc, [...en.path, "globalDefault"], `PriorityClass ${JSON.stringify(globalDefault.name)} is already marked as default`);
    }
    globalDefault = info;
  }
  return byName;
}

/** The Priority admission plugin (plugin/pkg/admission/priority) as it applies to a new pod. */
function admitPriority(pod: Pod, classes: Map<string, ClassInfo>): void {
  const spec = pod.spec;
  let cls: ClassInfo | undefined;
  if (spec.priorityClassName) {
    cls = classes.get(spec.priorityClassName);
    if (!cls) throw new FieldError(["spec", "priorityClassName"], `no PriorityClass with name ${JSON.stringify(spec.priorityClassName)} was found`);
  } else if (spec.priority === undefined) {
    // No class named: the global default applies; without one the priority stays unset (0).
    for (const c of classes.values()) if (c.globalDefault && (!cls || c.value < cls.value)) cls = c;
    if (!cls) return;
    spec.priorityClassName = cls.name;
  } else {
    return; // an explicit priority without a class is kept (simulation inputs carry priorities directly)
  }
  if (spec.priority !== undefined && spec.priority !== cls.value) {
    throw new FieldError(
      ["spec", "priority"],
      `${spec.priority} differs from ${cls.value}, the value of PriorityClass ${JSON.stringify(cls.name)} (omit it or make them equal)`,
    );
  }
  spec.priority = cls.value;
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== cls.preemptionPolicy) {
    throw new FieldError(
      ["spec", "preemptionPolicy"],
      `${spec.preemptionPolicy} differs from ${cls.preemptionPolicy}, the policy of PriorityClass ${JSON.stringify(cls.name)}`,
    );
  }
  spec.preemptionPolicy = cls.preemptionPolicy as Pod["spec"]["preemptionPolicy"];
}

/**
 * API-server defaulting of a Pod on create (SetDefaults_Pod, SetDefaults_PodSpec): namespace, schedulerName,
 * and each container's requests defaulted to its limits for resources it does not request. Idempotent.
 */
export function defaultPod(pod: Pod): Pod {
  pod.metadata.namespace ??= "default";
  const spec = pod.spec;
  if (!spec.schedulerName) spec.schedulerName = DEFAULT_SCHEDULER_NAME;
  for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
    const limits = c.resources?.limits;
    if (!limits) continue;
    const requests: ResourceList = (c.resources!.requests ??= {});
    for (const k of Object.keys(limits)) if (!(k in requests)) requests[k] = limits[k]!;
  }
  return pod;
}

/** SetDefaults_NodeStatus: allocatable defaults to capacity; spec and status always present. */
export function defaultNode(node: Node): Node {
  node.spec ??= {};
  node.status ??= {};
  if (!node.status.allocatable && node.status.capacity) node.status.allocatable = { ...node.status.capacity };
  return node;
}

function assignUids(src: Source, entries: Entry[]): void {
  const used = new Map<string, Entry>();
  for (const en of entries) {
    const uid = (en.obj.metadata as Obj).uid;
    if (typeof uid !== "string" || uid === "") continue;
    if (used.has(uid)) throw src.error(en.doc, [...en.path, "metadata", "uid"], `duplicate uid ${JSON.stringify(uid)}`);
    used.set(uid, en);
  }
  for (const en of entries) {
    const meta = en.obj.metadata as Obj;
    if (typeof meta.uid === "string" && meta.uid !== "") continue;
    const base = meta.namespace ? `${en.kind}-${String(meta.namespace)}-${String(meta.name)}` : `${en.kind}-${String(meta.name)}`;
    // Names may contain '-', so two objects can produce the same uid: keep the first, number the rest.
    let uid = base;
    for (let n = 2; used.has(uid); n++) uid = `${base}-${n}`;
    meta.uid = uid;
    used.set(uid, en);
  }
}
