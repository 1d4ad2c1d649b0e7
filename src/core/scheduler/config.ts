/**
 * KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1), decoded strictly like kube-scheduler
 * does (unknown fields are errors), with v1 defaults. Positions are kept so errors name file:line:col.
 */
import type { FieldPath, YamlSource } from "../util/yaml-doc.js";
import { describeValue, isMapping, StrictDecoder, type YamlMap } from "../util/strict-decoder.js";

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

const TOP_FIELDS = [
  "apiVersion", "kind", "parallelism", "percentageOfNodesToScore", "podInitialBackoffSeconds", "podMaxBackoffSeconds",
  "profiles", "extenders", "leaderElection", "clientConnection", "delayCacheUntilActive", "debuggingConfiguration",
  "enableProfiling", "enableContentionProfiling", "healthzBindAddress", "metricsBindAddress",
];
const PROFILE_FIELDS = ["schedulerName", "percentageOfNodesToScore", "plugins", "pluginConfig"];
const POINT_FIELDS = new Set<string>(["multiPoint", ...EXTENSION_POINTS]);
const NO_MAX = Number.MAX_SAFE_INTEGER;

/** Kubernetes decodes an explicit null like an absent optional field. */
function withoutNulls(o: YamlMap): YamlMap {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
}

/** Decodes the first document of `src` as a KubeSchedulerConfiguration. */
export function decodeSchedulerConfig(src: YamlSource): SchedulerConfig {
  const doc = src.docs[0];
  if (!doc) throw src.error([], "empty file: expected a KubeSchedulerConfiguration");
  const d: StrictDecoder = new StrictDecoder(src, ".");
  const js = doc.toJS() as unknown;
  if (!isMapping(js)) d.fail([], "expected a KubeSchedulerConfiguration object");
  if (js.kind !== "KubeSchedulerConfiguration") d.fail(["kind"], `expected kind KubeSchedulerConfiguration, got ${JSON.stringify(js.kind)}`);
  if (js.apiVersion !== "kubescheduler.config.k8s.io/v1") {
    d.fail(["apiVersion"], `unsupported apiVersion ${JSON.stringify(js.apiVersion)} (want kubescheduler.config.k8s.io/v1)`);
  }
  const raw = withoutNulls(d.obj(js, [], TOP_FIELDS));
  if (raw.extenders !== undefined && (!Array.isArray(raw.extenders) || raw.extenders.length > 0)) d.fail(["extenders"], "scheduler extenders are not supported");
  const cfg = defaultSchedulerConfig();
  cfg.source = src;
  cfg.percentageOfNodesToScore = d.int(raw, "percentageOfNodesToScore", [], 0, 0, 100);
  cfg.podInitialBackoffSeconds = d.int(raw, "podInitialBackoffSeconds", [], 1, 1, NO_MAX);
  cfg.podMaxBackoffSeconds = d.int(raw, "podMaxBackoffSeconds", [], 10, 1, NO_MAX);
  if (cfg.podMaxBackoffSeconds < cfg.podInitialBackoffSeconds) {
    d.fail(["podMaxBackoffSeconds"], "must be greater than or equal to podInitialBackoffSeconds");
  }
  cfg.parallelism = d.int(raw, "parallelism", [], 16, 1, 1 << 20);
  if (raw.profiles !== undefined) {
    if (!Array.isArray(raw.profiles)) d.fail(["profiles"], "expected a list of profiles");
    cfg.profiles = raw.profiles.map((p, i) => decodeProfile(d, p, ["profiles", i]));
    if (cfg.profiles.length === 0) cfg.profiles = defaultSchedulerConfig().profiles;
  }
  const names = new Set<string>();
  for (const p of cfg.profiles) {
    if (names.has(p.schedulerName)) d.fail([...p.path, "schedulerName"], `duplicate profile "${p.schedulerName}"`);
    names.add(p.schedulerName);
  }
  return cfg;
}

function decodeProfile(d: StrictDecoder, js: unknown, path: FieldPath): ProfileSpec {
  const raw = withoutNulls(d.obj(js, path, PROFILE_FIELDS));
  const schedulerName = d.str(raw, "schedulerName", path, DEFAULT_SCHEDULER_NAME);
  const pct = raw.percentageOfNodesToScore === undefined ? null : d.int(raw, "percentageOfNodesToScore", path, 0, 0, 100);
  const plugins: ProfileSpec["plugins"] = {};
  if (raw.plugins !== undefined) {
    if (!isMapping(raw.plugins)) d.fail([...path, "plugins"], `expected an object of extension points, got ${describeValue(raw.plugins)}`);
    for (const [point, set] of Object.entries(raw.plugins)) {
      const pp = [...path, "plugins", point];
      if (!POINT_FIELDS.has(point)) d.fail(pp, `unknown extension point "${point}"`);
      plugins[point as ExtensionPoint] = decodePluginSet(d, set, pp);
    }
  }
  const pluginConfig = new Map<string, PluginConfigSpec>();
  if (raw.pluginConfig !== undefined) {
    if (!Array.isArray(raw.pluginConfig)) d.fail([...path, "pluginConfig"], "expected a list of {name, args}");
    raw.pluginConfig.forEach((js, i) => {
      const pp = [...path, "pluginConfig", i];
      const pc = d.obj(js, pp, ["name", "args"]);
      const name = d.str(pc, "name", pp);
      if (pluginConfig.has(name)) d.fail([...pp, "name"], `repeated config for plugin "${name}"`);
      pluginConfig.set(name, { args: pc.args, path: [...pp, "args"] });
    });
  }
  return { schedulerName, percentageOfNodesToScore: pct, plugins, pluginConfig, path };
}

function decodePluginSet(d: StrictDecoder, js: unknown, path: FieldPath): PluginSetSpec {
  const out: PluginSetSpec = { enabled: [], disabled: [] };
  if (js === null || js === undefined) return out;
  const raw = withoutNulls(d.obj(js, path, ["enabled", "disabled"]));
  for (const k of ["enabled", "disabled"] as const) {
    const list = raw[k];
    if (list === undefined) continue;
    if (!Array.isArray(list)) d.fail([...path, k], "expected a list of {name, weight}");
    list.forEach((js, i) => {
      const ep = [...path, k, i];
      const e = d.obj(js, ep, ["name", "weight"]);
      out[k].push({ name: d.str(e, "name", ep), weight: d.int(e, "weight", ep, 0), path: ep });
    });
  }
  return out;
}
