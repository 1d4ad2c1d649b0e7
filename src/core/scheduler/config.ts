/**
 * KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1), decoded strictly like kube-scheduler
 * does (unknown fields are errors), with v1 defaults. Positions are kept so errors name file:line:col.
 */
import type { FieldPath, YamlSource } from "../util/yaml-doc.js";
import { isMapping as isObj } from "../util/strict-decoder.js";

export const EXTENSION_POINTS = [
  "preEnqueue", "queueSort", "preFilter", "filter", "postFilter", "preScore", "score", "reserve", "permit", "preBind", "bind", "postBind",
] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

export interface PluginRef {
  name: string;
  weight: number; // 0 = unset
  path: FieldPath;
}
export interface PluginSetSpec {
  enabled: PluginRef[];
  disabled: PluginRef[];
}
export interface PluginConfigSpec {
  args: unknown;
  path: FieldPath;
}
export interface ProfileSpec {
  schedulerName: string;
  percentageOfNodesToScore: number | null;
  plugins: Partial<Record<ExtensionPoint | "multiPoint", PluginSetSpec>>;
  pluginConfig: Map<string, PluginConfigSpec>;
  path: FieldPath;
}
export interface SchedulerConfig {
  percentageOfNodesToScore: number;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  parallelism: number;
  profiles: ProfileSpec[];
  /** Where the config came from (for errors); null for the built-in default. */
  source: YamlSource | null;
}

export const DEFAULT_SCHEDULER_NAME = "default-scheduler";

/** The built-in configuration: one profile "default-scheduler" with the default plugins. */
export function defaultSchedulerConfig(): SchedulerConfig {
  return {
    percentageOfNodesToScore: 0,
    podInitialBackoffSeconds: 1,
    podMaxBackoffSeconds: 10,
    parallelism: 16,
    profiles: [{ schedulerName: DEFAULT_SCHEDULER_NAME, percentageOfNodesToScore: null, plugins: {}, pluginConfig: new Map(), path: [] }],
    source: null,
  };
}

const TOP_FIELDS = new Set([
  "apiVersion", "kind", "parallelism", "percentageOfNodesToScore", "podInitialBackoffSeconds", "podMaxBackoffSeconds",
  "profiles", "extenders", "leaderElection", "clientConnection", "delayCacheUntilActive", "debuggingConfiguration",
  "enableProfiling", "enableContentionProfiling", "healthzBindAddress", "metricsBindAddress",
]);
const PROFILE_FIELDS = new Set(["schedulerName", "percentageOfNodesToScore", "plugins", "pluginConfig"]);
const POINT_FIELDS = new Set<string>(["multiPoint", ...EXTENSION_POINTS]);

type Obj = Record<string, unknown>;

/** Decodes the first document of `src` as a KubeSchedulerConfiguration. */
export function decodeSchedulerConfig(src: YamlSource): SchedulerConfig {
  const doc = src.docs[0];
  if (!doc) throw src.error([], "empty file: expected a KubeSchedulerConfiguration");
  const raw = doc.toJS() as unknown;
  if (!isObj(raw)) throw src.error([], "expected a KubeSchedulerConfiguration object");
  if (raw.kind !== "KubeSchedulerConfiguration") throw src.error(["kind"], `expected kind KubeSchedulerConfiguration, got ${JSON.stringify(raw.kind)}`);
  if (raw.apiVersion !== "kubescheduler.config.k8s.io/v1") {
    throw src.error(["apiVersion"], `unsupported apiVersion ${JSON.stringify(raw.apiVersion)} (want kubescheduler.config.k8s.io/v1)`);
  }
  for (const k of Object.keys(raw)) if (!TOP_FIELDS.has(k)) throw src.error([k], `unknown field "${k}"`);
  if (raw.extenders !== undefined && (raw.extenders as unknown[]).length > 0) throw src.error(["extenders"], "scheduler extenders are not supported");
  const cfg = defaultSchedulerConfig();
  cfg.source = src;
  cfg.percentageOfNodesToScore = int(src, raw, ["percentageOfNodesToScore"], 0, 0, 100);
  cfg.podInitialBackoffSeconds = int(src, raw, ["podInitialBackoffSeconds"], 1, 1, Number.MAX_SAFE_INTEGER);
  cfg.podMaxBackoffSeconds = int(src, raw, ["podMaxBackoffSeconds"], 10, 1, Number.MAX_SAFE_INTEGER);
  if (cfg.podMaxBackoffSeconds < cfg.podInitialBackoffSeconds) {
    throw src.error(["podMaxBackoffSeconds"], "must be greater than or equal to podInitialBackoffSeconds");
  }
  cfg.parallelism = int(src, raw, ["parallelism"], 16, 1, 1 << 20);
  if (raw.profiles !== undefined) {
    if (!Array.isArray(raw.profiles)) throw src.error(["profiles"], "expected a list");
    cfg.profiles = raw.profiles.map((p, i) => decodeProfile(src, p, ["profiles", i]));
    if (cfg.profiles.length === 0) cfg.profiles = defaultSchedulerConfig().profiles;
  }
  const names = new Set<string>();
  for (const p of cfg.profiles) {
    if (names.has(p.schedulerName)) throw src.error([...p.path, "schedulerName"], `duplicate profile "${p.schedulerName}"`);
    names.add(p.schedulerName);
  }
  return cfg;
}

function decodeProfile(src: YamlSource, raw: unknown, path: FieldPath): ProfileSpec {
  if (!isObj(raw)) throw src.error(path, "expected a profile object");
  for (const k of Object.keys(raw)) if (!PROFILE_FIELDS.has(k)) throw src.error([...path, k], `unknown field "${k}"`);
  const schedulerName = raw.schedulerName ?? DEFAULT_SCHEDULER_NAME;
  if (typeof schedulerName !== "string" || !schedulerName) throw src.error([...path, "schedulerName"], "expected a non-empty string");
  const pct = raw.percentageOfNodesToScore === undefined ? null : int(src, raw, [...path, "percentageOfNodesToScore"], 0, 0, 100);
  const plugins: ProfileSpec["plugins"] = {};
  if (raw.plugins !== undefined && raw.plugins !== null) {
    if (!isObj(raw.plugins)) throw src.error([...path, "plugins"], "expected an object");
    for (const [point, set] of Object.entries(raw.plugins)) {
      const pp = [...path, "plugins", point];
      if (!POINT_FIELDS.has(point)) throw src.error(pp, `unknown extension point "${point}"`);
      plugins[point as ExtensionPoint] = decodePluginSet(src, set, pp);
    }
  }
  const pluginConfig = new Map<string, PluginConfigSpec>();
  if (raw.pluginConfig !== undefined && raw.pluginConfig !== null) {
    if (!Array.isArray(raw.pluginConfig)) throw src.error([...path, "pluginConfig"], "expected a list");
    raw.pluginConfig.forEach((pc, i) => {
      const pp = [...path, "pluginConfig", i];
      if (!isObj(pc) || typeof pc.name !== "string") throw src.error(pp, "expected {name, args}");
      for (const k of Object.keys(pc)) if (k !== "name" && k !== "args") throw src.error([...pp, k], `unknown field "${k}"`);
      if (pluginConfig.has(pc.name)) throw src.error([...pp, "name"], `repeated config for plugin "${pc.name}"`);
      pluginConfig.set(pc.name, { args: pc.args, path: [...pp, "args"] });
    });
  }
  return { schedulerName, percentageOfNodesToScore: pct, plugins, pluginConfig, path };
}

function decodePluginSet(src: YamlSource, raw: unknown, path: FieldPath): PluginSetSpec {
  const out: PluginSetSpec = { enabled: [], disabled: [] };
  if (raw === null || raw === undefined) return out;
  if (!isObj(raw)) throw src.error(path, "expected {enabled, disabled}");
  for (const k of Object.keys(raw)) {
    if (k !== "enabled" && k !== "disabled") throw src.error([...path, k], `unknown field "${k}"`);
    const list = raw[k];
    if (list === null || list === undefined) continue;
    if (!Array.isArray(list)) throw src.error([...path, k], "expected a list");
    list.forEach((e, i) => {
      const ep = [...path, k, i];
      if (!isObj(e) || typeof e.name !== "string" || !e.name) throw src.error(ep, "expected {name, weight}");
      for (const f of Object.keys(e)) if (f !== "name" && f !== "weight") throw src.error([...ep, f], `unknown field "${f}"`);
      const weight = e.weight === undefined ? 0 : e.weight;
      if (typeof weight !== "number" || !Number.isInteger(weight) || weight < 0) throw src.error([...ep, "weight"], "expected a non-negative integer");
      out[k].push({ name: e.name, weight, path: ep });
    });
  }
  return out;
}

function int(src: YamlSource, obj: Obj, path: FieldPath, dflt: number, min: number, max: number): number {
  const key = path[path.length - 1] as string;
  const v = obj[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v)) throw src.error(path, `expected an integer, got ${JSON.stringify(v)}`);
  if (v < min || v > max) throw src.error(path, `must be between ${min} and ${max}, got ${v}`);
  return v;
}
