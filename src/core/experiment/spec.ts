/**
 * The experiment file (apiVersion clusterlab/v1, kind Experiment), documented field by field in
 * schemas/experiment.schema.json. Two forms:
 *  - a single run: `cluster`, `workload`, optional `scheduler: {config}`, `seed`, `model`;
 *  - an experiment: `variants` (scheduler configurations with parameter overrides), `workloads`
 *    (traces with window, filters and scale), `seeds`, a `matrix` crossing parameters, a `baseline`.
 * The single-run form is an experiment with one variant, one workload and one seed. Decoded strictly:
 * unknown fields, wrong types, missing files and empty lists are one-line errors naming file:line:col and
 * the field path. Paths are relative to the experiment file.
 */
import { readFileSync } from "node:fs";
import { traceFormats } from "../trace/index.js";
import { basename, dirname, extname, resolve } from "node:path";
import { milliValue, value } from "../api/quantity.js";
import { InputError } from "../errors.js";
import { parseCidr } from "../network/ipv4.js";
import { decodeReportOptions, type ReportOptions } from "../report/options.js";
import type { SchedulerConfig } from "../scheduler/config.js";
import { describeValue, isMapping, MAX_SEED, StrictDecoder, type YamlMap } from "../util/strict-decoder.js";
import type { YamlSource, FieldPath } from "../util/yaml-doc.js";
import { parseDurationUs } from "./duration.js";
import { combinations, MODEL_BOOL_FIELDS, parseParamKey, shortKeys, valueLabel, type ModelField, type Param } from "./matrix.js";
import { SchedulerSource } from "./scheduler-source.js";
import { ALL_PODS, type PodSelection } from "./select.js";
import { decodeTimeline, type TimelineEntry } from "../scenario/timeline.js";

export type ClusterSpec =
  | { kind: "trace"; file: string; format: string }
  | { kind: "manifests"; file: string }
  | { kind: "generate"; count: number; cpuMilli: number; memoryBytes: number; gpu: number; gpuModel: string; maxPods: number; zones: number };

export type WorkloadSpec =
  | { kind: "trace"; file: string; format: string; limit: number | null; skipBadRows: boolean; namespace: string; select?: PodSelection }
  | { kind: "manifests"; file: string }
  | { kind: "scenario"; file: string; timeline: TimelineEntry[]; history: boolean };

export interface ModelSpec {
  podStartLatencyUs: number;
  /** KWOK's jitterDuration: when above podStartLatency, each pod's start delay is uniform between the two (seeded); 0 = none. */
  podStartJitterUs: number;
  bindLatencyUs: number;
  scheduleCycleUs: number;
  watchDelayUs: number;
  deleteFinishedPods: boolean;
  /** Reuse all-nodes Filter failures while the cluster is unchanged (identical results; false re-scans). */
  reuseFilterFailures: boolean;
  /** The service-proxy plugin every node's kube-proxy runs, or null for a run without service networking. */
  proxy: string | null;
  /** kube-proxy's minSyncPeriod and syncPeriod. */
  proxyMinSyncPeriodUs: number;
  proxySyncPeriodUs: number;
}

/** Requests sent to every Service during a run (needs model.proxy). */
export interface TrafficSpec {
  /** New connections per second to each Service. */
  ratePerService: number;
  /** Label selector of the client pods (every running pod when empty). */
  clients: Record<string, string>;
  /** Requests over one connection (1: a new connection, through the rules, per request). */
  requestsPerConnection: number;
}

/** Pod networking through CNI (the `network` section). */
export interface NetworkSpec {
  /** The network configuration (.conflist or .conf), absolute, and its text. */
  cniFile: string;
  cniText: string;
  /** The node IPAM controller's --cluster-cidr and --node-cidr-mask-size. */
  clusterCIDR: string;
  nodeCIDRMaskSize: number;
  /** The kubelet's wait before retrying a failed sandbox. */
  retryIntervalUs: number;
  /** Options of the plugins' node agents (flannel: net-conf.json; calico-ipam: pools, strictAffinity). */
  plugins: Record<string, Record<string, unknown>>;
  /** ADD/DEL latency overrides by plugin. */
  latency: Record<string, { addUs: number; delUs: number }>;
}

/** One run's inputs (the single-run form decodes to exactly this). */
export interface ExperimentSpec {
  name: string;
  file: string;
  cluster: ClusterSpec;
  workload: WorkloadSpec;
  schedulerConfig: string | null;
  seed: number;
  model: ModelSpec;
  /** Time-series sampling interval in µs; 0 = automatic (about 1,000 samples over the trace). */
  sampleIntervalUs: number;
  /** Stop the simulation at this virtual time (µs), or null to run until all work is done. */
  untilUs: number | null;
  /** Requests to Services during the run, or null. */
  traffic: TrafficSpec | null;
  /** Pod networking through CNI, or null (pods get no sandbox network; addresses come from model.proxy's allocator). */
  network: NetworkSpec | null;
}

export interface VariantSpec {
  name: string;
  /** The variant as written in the file, before the matrix expanded it. */
  base: string;
  /** Parameter settings that make this variant: its overrides, then its matrix values. */
  params: Param[];
  model: ModelSpec;
  scheduler: SchedulerConfig;
  /** The KubeSchedulerConfiguration file the variant names, if any (before overrides). */
  schedulerFile: string | null;
  /** The effective configuration as YAML, written into the results. */
  schedulerYaml: string;
}

export interface WorkloadEntry {
  name: string;
  spec: WorkloadSpec;
}

export interface ExperimentPlan {
  name: string;
  description: string;
  file: string;
  cluster: ClusterSpec;
  variants: VariantSpec[];
  workloads: WorkloadEntry[];
  seeds: number[];
  baseline: string | null;
  sampleIntervalUs: number;
  untilUs: number | null;
  traffic: TrafficSpec | null;
  network: NetworkSpec | null;
  /** The `report:` section (charts and report.html options, decoded by src/core/report/options.ts). */
  report: ReportOptions;
  /** Every input file (absolute): cluster, workloads, scheduler configurations, in that order, once each. */
  inputFiles: string[];
  /** User plugin modules (absolute paths, .js/.mjs/.ts), added to the registry by their names. */
  pluginFiles: string[];
}

/** One run of an experiment: a variant on a workload with a seed. */
export interface PlannedRun {
  index: number;
  variant: VariantSpec;
  workload: WorkloadEntry;
  seed: number;
  /** The run's folder relative to the results folder: <variant>/<workload>/seed-<n>. */
  dir: string;
  spec: ExperimentSpec;
}

export const DEFAULT_MODEL: ModelSpec = {
  podStartLatencyUs: 1_000_000,
  podStartJitterUs: 0,
  bindLatencyUs: 0,
  scheduleCycleUs: 0,
  watchDelayUs: 0,
  deleteFinishedPods: true,
  reuseFilterFailures: true,
  proxy: null,
  proxyMinSyncPeriodUs: 1_000_000,
  proxySyncPeriodUs: 30_000_000,
};

/** Field names the decoder accepts, per object (the JSON schema is tested against these). */
export const FIELDS = {
  root: ["apiVersion", "kind", "metadata", "cluster", "workload", "workloads", "scheduler", "variants", "seed", "seeds", "model", "matrix", "baseline", "metrics", "until", "report", "plugins", "traffic", "network", "timeline", "history"],
  metadata: ["name", "description"],
  cluster: ["trace", "format", "manifests", "generate"],
  generate: ["count", "cpu", "memory", "gpu", "gpuModel", "pods", "zones"],
  workload: ["name", "trace", "format", "manifests", "limit", "skipBadRows", "namespace", "window", "filters", "scale"],
  window: ["from", "to"],
  filters: ["gpu", "minCpu", "maxCpu", "qos"],
  scheduler: ["config"],
  variant: ["name", "description", "schedulerConfig", "scheduler", "overrides"],
  model: ["podStartLatency", "podStartJitter", "bindLatency", "scheduleCycle", "watchDelay", "deleteFinishedPods", "reuseFilterFailures", "proxy", "proxyMinSyncPeriod", "proxySyncPeriod"],
  traffic: ["ratePerService", "clients", "requestsPerConnection"],
  network: ["cni", "clusterCIDR", "nodeCIDRMaskSize", "retryInterval", "plugins", "latency"],
  metrics: ["sampleInterval"],
} as const;


type Obj = YamlMap;
const isObj = isMapping;

/** The experiment file's decoder: the shared strict decoding plus durations and quantities. */
class Decoder extends StrictDecoder {
  duration(o: Obj, k: string, path: FieldPath, dflt: number): number {
    const v = o[k];
    if (v === undefined) return dflt;
    return this.durationValue(v, [...path, k]);
  }
  durationValue(v: unknown, at: FieldPath): number {
    const us = parseDurationUs(v);
    if (us === null) this.fail(at, `expected a duration like "1s", "250ms" or "5m", got ${describe(v)}`);
    return us;
  }
  quantity(o: Obj, k: string, path: FieldPath, milli: boolean, dflt: string): number {
    const v = o[k] ?? dflt;
    if (typeof v !== "string" && typeof v !== "number") this.fail([...path, k], `expected a quantity, got ${describe(v)}`);
    try {
      return milli ? milliValue(v) : value(v);
    } catch (e) {
      return this.fail([...path, k], (e as Error).message);
    }
  }
}

const describe = describeValue;

/** Trace formats an experiment may name: every registered format, plus "auto" (detected from the header). */
const FORMATS = ["auto", ...traceFormats().map((f) => f.name)];

/** At most one of `keys` may be given (the decoder then requires one of them). */
function onlyOne(d: Decoder, o: Obj, path: FieldPath, keys: readonly string[]): void {
  const given = keys.filter((k) => o[k] !== undefined);
  if (given.length > 1) d.fail([...path, given[1]!], `only one of ${keys.join(", ")} may be given (found ${given.join(" and ")})`);
}

/** A file's name without extension, usable as a variant or workload name. */
function stemName(file: string): string {
  const s = basename(file, extname(file)).replace(/[^A-Za-z0-9._-]/g, "_").replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  return s || "default";
}

function decodeCluster(d: Decoder, raw: unknown): ClusterSpec {
  const c = d.obj(raw, ["cluster"], FIELDS.cluster);
  onlyOne(d, c, ["cluster"], ["trace", "manifests", "generate"]);
  if (c.trace !== undefined) {
    const cluster = { kind: "trace" as const, file: d.file(c, "trace", ["cluster"]), format: d.str(c, "format", ["cluster"], "auto") };
    if (!FORMATS.includes(cluster.format)) d.fail(["cluster", "format"], `unknown trace format "${cluster.format}" (known: ${FORMATS.join(", ")})`);
    return cluster;
  }
  if (c.manifests !== undefined) return { kind: "manifests", file: d.file(c, "manifests", ["cluster"]) };
  if (c.generate !== undefined) {
    const p = ["cluster", "generate"];
    const g = d.obj(c.generate, p, FIELDS.generate);
    if (g.count === undefined) d.fail([...p, "count"], "required field is missing");
    return {
      kind: "generate",
      count: d.int(g, "count", p, 0, 1),
      cpuMilli: d.quantity(g, "cpu", p, true, "32"),
      memoryBytes: d.quantity(g, "memory", p, false, "128Gi"),
      gpu: d.int(g, "gpu", p, 0),
      gpuModel: g.gpuModel === undefined ? "" : d.str(g, "gpuModel", p),
      maxPods: d.int(g, "pods", p, 110, 1),
      zones: d.int(g, "zones", p, 1, 1),
    };
  }
  return d.fail(["cluster"], "one of trace, manifests or generate is required");
}

function decodeSelection(d: Decoder, w: Obj, path: FieldPath): PodSelection | undefined {
  if (w.window === undefined && w.filters === undefined && w.scale === undefined) return undefined;
  const sel: PodSelection = { ...ALL_PODS };
  if (w.window !== undefined) {
    const wp = [...path, "window"];
    const win = d.obj(w.window, wp, FIELDS.window);
    sel.fromUs = d.duration(win, "from", wp, 0);
    sel.toUs = win.to === undefined ? Infinity : d.duration(win, "to", wp, 0);
    if (sel.toUs <= sel.fromUs) d.fail([...wp, "to"], "must be later than window.from");
  }
  if (w.filters !== undefined) {
    const fp = [...path, "filters"];
    const f = d.obj(w.filters, fp, FIELDS.filters);
    const gpu = d.str(f, "gpu", fp, "any");
    if (gpu !== "any" && gpu !== "only" && gpu !== "none") d.fail([...fp, "gpu"], `expected any, only or none, got "${gpu}"`);
    sel.gpu = gpu;
    if (f.minCpu !== undefined) sel.minCpuMilli = d.quantity(f, "minCpu", fp, true, "0");
    if (f.maxCpu !== undefined) sel.maxCpuMilli = d.quantity(f, "maxCpu", fp, true, "0");
    if (sel.maxCpuMilli < sel.minCpuMilli) d.fail([...fp, "maxCpu"], "must not be less than minCpu");
    if (f.qos !== undefined) {
      const qos = d.list(f.qos, [...fp, "qos"], "QoS class names");
      qos.forEach((q, i) => {
        if (typeof q !== "string" || !q) d.fail([...fp, "qos", i], `expected a string, got ${describe(q)}`);
      });
      sel.qos = qos as string[];
    }
  }
  if (w.scale !== undefined) {
    const s = w.scale;
    if (typeof s !== "number" || !(s > 0 && s <= 1)) d.fail([...path, "scale"], `expected a fraction of pods to keep, greater than 0 and at most 1, got ${describe(s)}`);
    sel.scale = s;
  }
  return sel;
}

function decodeWorkload(d: Decoder, raw: unknown, path: FieldPath, named: boolean): WorkloadEntry {
  const w = d.obj(raw, path, FIELDS.workload);
  onlyOne(d, w, path, ["trace", "manifests"]);
  const name = named || w.name !== undefined ? d.name(w, "name", path) : null;
  let spec: WorkloadSpec;
  if (w.trace !== undefined) {
    spec = {
      kind: "trace",
      file: d.file(w, "trace", path),
      format: d.str(w, "format", path, "auto"),
      limit: w.limit === undefined ? null : d.int(w, "limit", path, 0, 1),
      skipBadRows: d.bool(w, "skipBadRows", path, false),
      namespace: d.str(w, "namespace", path, "default"),
    };
    if (!FORMATS.includes(spec.format)) d.fail([...path, "format"], `unknown trace format "${spec.format}" (known: ${FORMATS.join(", ")})`);
    const select = decodeSelection(d, w, path);
    if (select) spec.select = select;
  } else if (w.manifests !== undefined) {
    for (const k of ["window", "filters", "scale"]) if (w[k] !== undefined) d.fail([...path, k], "applies to trace workloads only");
    spec = { kind: "manifests", file: d.file(w, "manifests", path) };
  } else return d.fail(path, "one of trace or manifests is required");
  return { name: name ?? stemName(spec.file), spec };
}

function decodeModel(d: Decoder, raw: unknown): ModelSpec {
  const m = d.obj(raw ?? {}, ["model"], FIELDS.model);
  return {
    podStartLatencyUs: d.duration(m, "podStartLatency", ["model"], DEFAULT_MODEL.podStartLatencyUs),
    podStartJitterUs: d.duration(m, "podStartJitter", ["model"], DEFAULT_MODEL.podStartJitterUs),
    bindLatencyUs: d.duration(m, "bindLatency", ["model"], DEFAULT_MODEL.bindLatencyUs),
    scheduleCycleUs: d.duration(m, "scheduleCycle", ["model"], DEFAULT_MODEL.scheduleCycleUs),
    watchDelayUs: d.duration(m, "watchDelay", ["model"], DEFAULT_MODEL.watchDelayUs),
    deleteFinishedPods: d.bool(m, "deleteFinishedPods", ["model"], DEFAULT_MODEL.deleteFinishedPods),
    reuseFilterFailures: d.bool(m, "reuseFilterFailures", ["model"], DEFAULT_MODEL.reuseFilterFailures),
    proxy: m.proxy === undefined ? null : d.str(m, "proxy", ["model"]),
    proxyMinSyncPeriodUs: d.duration(m, "proxyMinSyncPeriod", ["model"], DEFAULT_MODEL.proxyMinSyncPeriodUs),
    proxySyncPeriodUs: d.duration(m, "proxySyncPeriod", ["model"], DEFAULT_MODEL.proxySyncPeriodUs),
  };
}

function decodeTraffic(d: Decoder, raw: unknown): TrafficSpec | null {
  if (raw === undefined) return null;
  const t = d.obj(raw, ["traffic"], FIELDS.traffic);
  if (t.ratePerService === undefined) d.fail(["traffic", "ratePerService"], "required field is missing");
  const rate = d.number(t, "ratePerService", ["traffic"], 0.001, 1_000_000)!;
  const clients = t.clients === undefined ? {} : d.obj(t.clients, ["traffic", "clients"], Object.keys(t.clients as object));
  for (const [k, v] of Object.entries(clients)) if (typeof v !== "string") d.fail(["traffic", "clients", k], `expected a label value (a string), got ${describe(v)}`);
  return { ratePerService: rate, clients: clients as Record<string, string>, requestsPerConnection: d.int(t, "requestsPerConnection", ["traffic"], 1, 1, 1_000_000) };
}

/** The experiments' default cluster CIDR (a /9: 32,768 node /24s). */
const DEFAULT_NETWORK_CLUSTER_CIDR = "10.128.0.0/9";

function decodeNetwork(d: Decoder, raw: unknown): NetworkSpec | null {
  if (raw === undefined || raw === null) return null;
  const path = ["network"];
  const n = d.obj(raw, path, FIELDS.network);
  if (n.cni === undefined) d.fail([...path, "cni"], "required field is missing (a .conflist or .conf network configuration file)");
  const cniFile = d.file(n, "cni", path);
  if (!/\.(conflist|conf|json)$/.test(cniFile)) d.fail([...path, "cni"], "a network configuration must be a .conflist, .conf or .json file");
  const cniText = readFileSync(cniFile, "utf8");
  const clusterCIDR = d.str(n, "clusterCIDR", path, DEFAULT_NETWORK_CLUSTER_CIDR);
  const cidr = parseCidr(clusterCIDR);
  if (!cidr || cidr.prefix > 30) d.fail([...path, "clusterCIDR"], `expected an IPv4 CIDR such as 10.244.0.0/16, got ${describe(clusterCIDR)}`);
  const prefix = cidr.prefix;
  const nodeCIDRMaskSize = d.int(n, "nodeCIDRMaskSize", path, 24, 1, 30);
  if (nodeCIDRMaskSize < prefix) d.fail([...path, "nodeCIDRMaskSize"], `/${nodeCIDRMaskSize} is larger than the cluster CIDR /${prefix}`);
  if (nodeCIDRMaskSize - prefix > 16) d.fail([...path, "nodeCIDRMaskSize"], `the cluster CIDR /${prefix} would hold more than 65,536 node blocks of /${nodeCIDRMaskSize} (the node IPAM controller allows 16 bits)`);
  const plugins: Record<string, Record<string, unknown>> = {};
  if (n.plugins !== undefined) {
    const p = d.obj(n.plugins, [...path, "plugins"], Object.keys(n.plugins as object));
    for (const [k, v] of Object.entries(p)) plugins[k] = d.obj(v, [...path, "plugins", k], Object.keys((v ?? {}) as object)) as Record<string, unknown>;
  }
  const latency: Record<string, { addUs: number; delUs: number }> = {};
  if (n.latency !== undefined) {
    const l = d.obj(n.latency, [...path, "latency"], Object.keys(n.latency as object));
    for (const k of Object.keys(l)) {
      const lp = [...path, "latency", k];
      const e = d.obj(l[k], lp, ["add", "del"]);
      latency[k] = { addUs: d.duration(e, "add", lp, 0), delUs: d.duration(e, "del", lp, 0) };
    }
  }
  return {
    cniFile,
    cniText,
    clusterCIDR,
    nodeCIDRMaskSize,
    retryIntervalUs: d.duration(n, "retryInterval", path, 10_000_000),
    plugins,
    latency,
  };
}

/** A parameter value, checked for its target (model values are decoded; scheduler values are checked when the configuration is). */
function decodeParam(d: Decoder, key: string, keyPath: FieldPath, v: unknown, at: FieldPath): Param {
  const target = parseParamKey(key);
  if (typeof target === "string") d.fail(keyPath, target);
  if (target.kind === "model") {
    if ((MODEL_BOOL_FIELDS as readonly string[]).includes(target.field)) {
      if (typeof v !== "boolean") d.fail(at, `expected true or false, got ${describe(v)}`);
    } else if (target.field === "proxy") {
      if (typeof v !== "string" || v === "") d.fail(at, `expected a proxy plugin's name, got ${describe(v)}`);
    } else d.durationValue(v, at);
  }
  return { key, target, value: v, at };
}

function applyModel(d: Decoder, base: ModelSpec, params: readonly Param[]): ModelSpec {
  const m = { ...base };
  for (const p of params) {
    if (p.target.kind !== "model") continue;
    const f: ModelField = p.target.field;
    if (f === "deleteFinishedPods") m.deleteFinishedPods = p.value as boolean;
    else if (f === "reuseFilterFailures") m.reuseFilterFailures = p.value as boolean;
    else if (f === "proxy") m.proxy = p.value as string;
    else m[MODEL_US[f]] = d.durationValue(p.value, p.at);
  }
  return m;
}

const MODEL_US = {
  podStartLatency: "podStartLatencyUs",
  podStartJitter: "podStartJitterUs",
  bindLatency: "bindLatencyUs",
  scheduleCycle: "scheduleCycleUs",
  watchDelay: "watchDelayUs",
  proxyMinSyncPeriod: "proxyMinSyncPeriodUs",
  proxySyncPeriod: "proxySyncPeriodUs",
} as const;

interface BaseVariant {
  name: string;
  source: SchedulerSource;
  overrides: Param[];
  path: FieldPath;
}

/** The problem part of a positioned one-line error ("file:1:2: path: problem" → "path: problem"). */
function problemOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/^.*?:\d+:\d+: /, "");
}

function expandVariant(d: Decoder, b: BaseVariant, baseModel: ModelSpec, combo: readonly Param[], shortKey: Map<string, string>): VariantSpec {
  const params = [...b.overrides, ...combo];
  const name = combo.length === 0 ? b.name : `${b.name}+${combo.map((p) => `${shortKey.get(p.key)}=${valueLabel(p.value)}`).join("+")}`;
  const sched = params.filter((p) => p.target.kind === "scheduler");
  let scheduler: SchedulerConfig;
  let doc;
  if (sched.length === 0) {
    doc = b.source.patched([]);
    scheduler = b.source.decode(doc);
  } else {
    try {
      doc = b.source.patched(sched.map((p) => ({ path: (p.target as { path: FieldPath }).path, value: p.value })));
    } catch (e) {
      // setPath's message names the configuration field that is missing.
      const p = sched[sched.length - 1]!;
      return d.fail(p.at, `cannot set ${p.key} for variant "${name}": ${(e as Error).message}`);
    }
    try {
      scheduler = b.source.decode(doc);
    } catch (e) {
      const p = sched[sched.length - 1]!;
      const what = sched.map((s) => `${s.key}=${JSON.stringify(s.value)}`).join(", ");
      return d.fail(p.at, `${what} makes an invalid scheduler configuration for variant "${name}": ${problemOf(e)}`);
    }
  }
  const header = b.source.file ? `# Effective configuration of variant ${name}: ${basename(b.source.file)}` : `# Effective configuration of variant ${name}`;
  const note = params.length ? ` with ${params.map((p) => `${p.key}=${JSON.stringify(p.value)}`).join(", ")}` : "";
  return {
    name,
    base: b.name,
    params,
    model: applyModel(d, baseModel, params),
    scheduler,
    schedulerFile: b.source.file,
    schedulerYaml: `${header}${note}\n${doc.toString()}`,
  };
}

function decodeSeeds(d: Decoder, root: Obj): number[] {
  onlyOne(d, root, [], ["seed", "seeds"]);
  if (root.seeds === undefined) return [d.int(root, "seed", [], 1, 0, MAX_SEED)];
  return d.seeds(root.seeds, ["seeds"]);
}

export interface DecodeOptions {
  /** Replace the file's seeds with this one (the CLI's --seed). */
  seed?: number;
}

/** A Scenario's one workload: its timeline (instead of a workload or workloads). */
function decodeScenario(d: Decoder, root: Obj, file: string): WorkloadEntry[] {
  for (const k of ["workload", "workloads"]) if (root[k] !== undefined) d.fail([k], "a Scenario has a timeline instead of a workload");
  if (root.timeline === undefined) d.fail(["timeline"], "required field is missing (what happens, and when)");
  const history = d.bool(root, "history", [], true);
  return [{ name: "scenario", spec: { kind: "scenario", file, timeline: decodeTimeline(d, root.timeline), history } }];
}

function decodeWorkloads(d: Decoder, root: Obj): WorkloadEntry[] {
  for (const k of ["timeline", "history"]) if (root[k] !== undefined) d.fail([k], `${k} belongs to kind: Scenario (an Experiment replays a workload)`);
  onlyOne(d, root, [], ["workload", "workloads"]);
  if (root.workloads === undefined) return [decodeWorkload(d, root.workload, ["workload"], false)];
  const workloads = d.list(root.workloads, ["workloads"], "workloads").map((w, i) => decodeWorkload(d, w, ["workloads", i], true));
  workloads.forEach((w, i) => {
    if (workloads.findIndex((x) => x.name === w.name) !== i) d.fail(["workloads", i, "name"], `duplicate workload name "${w.name}"`);
  });
  return workloads;
}

/** Decodes an experiment file (either form) into its variants, workloads and seeds. */
export function decodeExperimentPlan(src: YamlSource, opts: DecodeOptions = {}): ExperimentPlan {
  const d: Decoder = new Decoder(src, dirname(resolve(src.file)));
  const doc = src.docs[0];
  if (!doc) d.fail([], "empty experiment file");
  const root = d.obj(doc.toJS(), [], FIELDS.root);
  if (root.apiVersion !== "clusterlab/v1") d.fail(["apiVersion"], `expected "clusterlab/v1", got ${describe(root.apiVersion)}`);
  if (root.kind !== "Experiment" && root.kind !== "Scenario") d.fail(["kind"], `expected "Experiment" or "Scenario", got ${describe(root.kind)}`);
  const scenario = root.kind === "Scenario";
  const meta = d.obj(root.metadata ?? {}, ["metadata"], FIELDS.metadata);
  const name = d.name(meta, "name", ["metadata"]);
  const description = meta.description === undefined ? "" : d.str(meta, "description", ["metadata"]);

  const cluster = decodeCluster(d, root.cluster);

  const workloads = scenario ? decodeScenario(d, root, src.file) : decodeWorkloads(d, root);

  onlyOne(d, root, [], ["scheduler", "variants"]);
  const bases: BaseVariant[] = [];
  if (root.variants !== undefined) {
    d.list(root.variants, ["variants"], "variants").forEach((raw, i) => {
      const path = ["variants", i];
      const v = d.obj(raw, path, FIELDS.variant);
      const vname = d.name(v, "name", path);
      if (bases.some((b) => b.name === vname)) d.fail([...path, "name"], `duplicate variant name "${vname}"`);
      if (v.description !== undefined) d.str(v, "description", path);
      onlyOne(d, v, path, ["schedulerConfig", "scheduler"]);
      const source =
        v.schedulerConfig !== undefined
          ? SchedulerSource.fromFile(d.file(v, "schedulerConfig", path))
          : v.scheduler !== undefined
            ? SchedulerSource.inline(src, [...path, "scheduler"])
            : SchedulerSource.builtIn();
      const overrides: Param[] = [];
      if (v.overrides !== undefined) {
        const op = [...path, "overrides"];
        if (!isObj(v.overrides)) d.fail(op, `expected an object of parameter: value, got ${describe(v.overrides)}`);
        for (const [k, val] of Object.entries(v.overrides)) overrides.push(decodeParam(d, k, [...op, k], val, [...op, k]));
      }
      bases.push({ name: vname, source, overrides, path });
    });
  } else {
    let source = SchedulerSource.builtIn();
    if (root.scheduler !== undefined) {
      const s = d.obj(root.scheduler, ["scheduler"], FIELDS.scheduler);
      if (s.config !== undefined) source = SchedulerSource.fromFile(d.file(s, "config", ["scheduler"]));
    }
    bases.push({ name: source.file ? stemName(source.file) : "default", source, overrides: [], path: ["scheduler"] });
  }

  const seeds = opts.seed !== undefined ? [opts.seed] : decodeSeeds(d, root);
  if (opts.seed !== undefined) decodeSeeds(d, root); // still validate what the file says
  const baseModel = decodeModel(d, root.model);
  const mt = d.obj(root.metrics ?? {}, ["metrics"], FIELDS.metrics);
  const sampleIntervalUs = mt.sampleInterval === "auto" ? 0 : d.duration(mt, "sampleInterval", ["metrics"], 0);
  const untilUs = root.until === undefined ? null : d.duration(root, "until", [], 0);

  // The matrix: key → list of values; every base variant is crossed with every combination.
  const axes: Param[][] = [];
  if (root.matrix !== undefined) {
    if (!isObj(root.matrix)) d.fail(["matrix"], `expected an object of parameter: [values], got ${describe(root.matrix)}`);
    const keys = Object.keys(root.matrix);
    if (keys.length === 0) d.fail(["matrix"], "empty matrix: give at least one parameter with a list of values, or leave matrix out");
    for (const k of keys) {
      const values = root.matrix[k];
      if (!Array.isArray(values)) d.fail(["matrix", k], `expected a list of values, got ${describe(values)}`);
      if (values.length === 0) d.fail(["matrix", k], "empty list of values: give at least one value");
      axes.push(values.map((v, i) => decodeParam(d, k, ["matrix", k], v, ["matrix", k, i])));
    }
  }
  const shortKey = shortKeys(axes.map((a) => a[0]!.key));
  const combos = combinations(axes);

  // Scheduler configurations are decoded without the matrix first, so a bad base is blamed on the base.
  for (const b of bases) b.source.decode();
  const variants: VariantSpec[] = [];
  const where = new Map<string, FieldPath>();
  for (const b of bases) {
    for (const combo of combos) {
      const v = expandVariant(d, b, baseModel, combo, shortKey);
      const at = combo.length ? combo[combo.length - 1]!.at : [...b.path, "name"];
      if (where.has(v.name)) d.fail(at, `two variants are both named "${v.name}" (matrix values must differ after replacing characters other than letters, digits, ".", "_", "-")`);
      where.set(v.name, at);
      variants.push(v);
    }
  }

  let baseline: string | null = null;
  if (root.baseline !== undefined) {
    baseline = d.str(root, "baseline", []);
    if (!where.has(baseline)) {
      const names = variants.map((v) => v.name);
      const shown = names.length > 8 ? `${names.slice(0, 8).join(", ")}, … (${names.length} in all)` : names.join(", ");
      d.fail(["baseline"], `no variant named "${baseline}" (variants: ${shown})`);
    }
  }

  const report = decodeReportOptions(d, root.report, ["report"]);
  if (report.baseline !== undefined && baseline !== null && report.baseline !== baseline) {
    d.fail(["report", "baseline"], `differs from the experiment's baseline "${baseline}" (give it once, as baseline)`);
  }
  if (report.baseline !== undefined && !where.has(report.baseline)) d.fail(["report", "baseline"], `no variant named "${report.baseline}"`);
  baseline ??= report.baseline ?? null;

  let pluginFiles: string[] = [];
  if (root.plugins !== undefined) {
    if (!Array.isArray(root.plugins)) d.fail(["plugins"], `expected a list of plugin module files, got ${describe(root.plugins)}`);
    pluginFiles = root.plugins.map((_, i) => {
      const f = d.file(root.plugins as Obj, String(i), ["plugins"]);
      if (!/\.(m?js|m?ts)$/.test(f)) d.fail(["plugins", i], "a plugin module must be a .js, .mjs, .ts or .mts file");
      return f;
    });
  }
  const traffic = decodeTraffic(d, root.traffic);
  if (traffic && !variants.some((v) => v.model.proxy !== null)) {
    d.fail(["traffic"], "needs model.proxy (the service-proxy plugin that routes the requests), in model or a variant");
  }
  const network = decodeNetwork(d, root.network);
  const applied = workloads.flatMap((w) => (w.spec.kind === "scenario" ? w.spec.timeline.flatMap((e) => (e.action.kind === "apply" ? [e.action.file] : [])) : []));
  const inputFiles = [cluster.kind === "generate" ? null : cluster.file, ...workloads.map((w) => w.spec.file), ...applied, ...bases.map((b) => b.source.file), ...pluginFiles, network?.cniFile ?? null];
  return {
    pluginFiles,
    name,
    description,
    file: src.file,
    cluster,
    variants,
    workloads,
    seeds,
    baseline,
    sampleIntervalUs,
    untilUs,
    traffic,
    network,
    report,
    inputFiles: [...new Set(inputFiles.filter((f): f is string => f !== null))],
  };
}

/** The runs of an experiment in their canonical order: variant × workload × seed (seed fastest). */
export function runList(plan: ExperimentPlan): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const variant of plan.variants) {
    for (const workload of plan.workloads) {
      for (const seed of plan.seeds) {
        runs.push({
          index: runs.length,
          variant,
          workload,
          seed,
          dir: `${variant.name}/${workload.name}/seed-${seed}`,
          spec: {
            name: plan.name,
            file: plan.file,
            cluster: plan.cluster,
            workload: workload.spec,
            schedulerConfig: variant.schedulerFile,
            seed,
            model: variant.model,
            sampleIntervalUs: plan.sampleIntervalUs,
            untilUs: plan.untilUs,
            traffic: plan.traffic,
            network: plan.network,
          },
        });
      }
    }
  }
  return runs;
}

/** Decodes a single-run experiment file; an experiment with several runs is an error here. */
export function decodeExperiment(src: YamlSource): ExperimentSpec {
  const plan = decodeExperimentPlan(src);
  const runs = runList(plan);
  if (runs.length !== 1) throw new InputError(`${src.file}: this experiment has ${runs.length} runs, not one`);
  return runs[0]!.spec;
}
