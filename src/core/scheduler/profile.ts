/**
 * Turns a profile of a KubeSchedulerConfiguration into a Framework: merges the user's plugin sets
 * into the v1 defaults (mergePluginSet), expands multiPoint into the points each plugin implements
 * (expandMultiPointPlugins: explicitly re-listed plugins first, then multiPoint ones, then other
 * explicit ones), instantiates each plugin once with its args, and checks the invariants.
 */
import { InputError } from "../errors.js";
import type { ExtensionPoint, PluginRef, PluginSetSpec, ProfileSpec, SchedulerConfig } from "./config.js";
import { EXTENSION_POINTS } from "./config.js";
import type { ArgsError, FrameworkHandle, Plugin, PluginFactory } from "./framework.js";
import { frameworkHandle, type HandleParts } from "./handle.js";
import { Framework, type PluginLists, type WeightedPlugin } from "./runtime.js";
import { formatPath, positionFor, type FieldPath } from "../util/yaml-doc.js";

/** Scheduling plugins by name: the in-tree Registry, with user plugins, or a Map a test builds. */
export type PluginRegistry = ReadonlyMap<string, PluginFactory<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** kube-scheduler v1.33's default plugins (MultiPoint) with Score weights, minus the volume plugins. */
export const DEFAULT_PLUGINS: readonly { name: string; weight: number }[] = [
  { name: "SchedulingGates", weight: 0 },
  { name: "PrioritySort", weight: 0 },
  { name: "NodeUnschedulable", weight: 0 },
  { name: "NodeName", weight: 0 },
  { name: "TaintToleration", weight: 3 },
  { name: "NodeAffinity", weight: 2 },
  { name: "NodePorts", weight: 0 },
  { name: "NodeResourcesFit", weight: 1 },
  { name: "PodTopologySpread", weight: 2 },
  { name: "InterPodAffinity", weight: 2 },
  { name: "DefaultPreemption", weight: 0 },
  { name: "NodeResourcesBalancedAllocation", weight: 1 },
  { name: "ImageLocality", weight: 1 },
  { name: "DefaultBinder", weight: 0 },
];

/** Default plugins clusterlab leaves out: volumes are not modelled. Disabling them is accepted silently. */
export const UNSUPPORTED_PLUGINS = new Set([
  "VolumeRestrictions", "NodeVolumeLimits", "VolumeBinding", "VolumeZone", "EBSLimits", "GCEPDLimits", "AzureDiskLimits",
  "DynamicResources", "CinderLimits",
]);

const HOOK_OF: Record<ExtensionPoint, keyof Plugin> = {
  preEnqueue: "preEnqueue", queueSort: "less", preFilter: "preFilter", filter: "filter", postFilter: "postFilter",
  preScore: "preScore", score: "score", reserve: "reserve", permit: "permit", preBind: "preBind", bind: "bind", postBind: "postBind",
};

export function implementsPoint(p: Plugin, point: ExtensionPoint): boolean {
  return typeof p[HOOK_OF[point]] === "function";
}

interface Ctx {
  /** `file:line:col: path` of the node at `path`; the position of `pointAt` instead when given. */
  where(path: FieldPath, pointAt?: FieldPath, at?: "value" | "key"): string;
}

function contextFor(cfg: SchedulerConfig): Ctx {
  return {
    where(path, pointAt = path, at = "value") {
      if (!cfg.source) return `scheduler config: ${formatPath(path)}`;
      const { line, col } = cfg.source.position(pointAt, 0, at);
      return `${cfg.source.file}:${line}:${col}: ${formatPath(path)}`;
    },
  };
}

/** The field path below `base` that an ArgsError's formatted path names ("…args.scoringStrategy.type" → [scoringStrategy, type]). */
function argsSubPath(argsPath: string, base: string): FieldPath {
  if (!argsPath.startsWith(base)) return [];
  const out: (string | number)[] = [];
  for (const m of argsPath.slice(base.length).matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)) out.push(m[1] ?? Number(m[2]));
  return out;
}

/** mergePluginSet: defaults minus disabled ("*" drops all), a re-listed default is replaced in place, others appended. */
function mergePluginSet(defaults: readonly PluginRef[], custom: PluginSetSpec | undefined): PluginSetSpec {
  if (!custom) return { enabled: defaults.slice(), disabled: [] };
  const disabled = new Set(custom.disabled.map((d) => d.name));
  const customByName = new Map(custom.enabled.map((p, i) => [p.name, i] as const));
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabled.has("*")) {
    for (const d of defaults) {
      if (disabled.has(d.name)) continue;
      const i = customByName.get(d.name);
      if (i !== undefined) {
        enabled.push(custom.enabled[i]!);
        replaced.add(i);
      } else enabled.push(d);
    }
  }
  custom.enabled.forEach((p, i) => {
    if (!replaced.has(i)) enabled.push(p);
  });
  return { enabled, disabled: custom.disabled };
}

/** Builds one profile's framework with its handle (made from `parts`), the framework attached to the handle. */
export function buildProfile(
  cfg: SchedulerConfig,
  profile: ProfileSpec,
  registry: PluginRegistry,
  parts: HandleParts,
): { framework: Framework; handle: FrameworkHandle } {
  const handle = frameworkHandle(parts);
  const framework = buildFramework(cfg, profile, registry, () => handle);
  handle.framework = framework;
  return { framework, handle };
}

export function buildFramework(cfg: SchedulerConfig, profile: ProfileSpec, registry: PluginRegistry, handle: () => FrameworkHandle): Framework {
  const ctx = contextFor(cfg);
  const defaults: PluginRef[] = DEFAULT_PLUGINS.map((d) => ({ ...d, path: [...profile.path, "plugins", "multiPoint"] }));
  const multiPoint = mergePluginSet(defaults, profile.plugins.multiPoint);
  const points = new Map<ExtensionPoint, PluginSetSpec>();
  for (const e of EXTENSION_POINTS) points.set(e, profile.plugins[e] ?? { enabled: [], disabled: [] });

  // A plugin listed twice in one set is an error, as in kube-scheduler ("already registered").
  for (const [point, set] of [["multiPoint", profile.plugins.multiPoint] as const, ...points]) {
    const seen = new Set<string>();
    for (const ref of set?.enabled ?? []) {
      if (seen.has(ref.name)) throw new InputError(`${ctx.where(ref.path)}: plugin "${ref.name}" is enabled twice for ${point}`);
      seen.add(ref.name);
    }
  }

  // Instantiate every plugin that is enabled anywhere, once.
  const instances = new Map<string, Plugin>();
  const instantiate = (ref: PluginRef): Plugin => {
    const have = instances.get(ref.name);
    if (have) return have;
    if (UNSUPPORTED_PLUGINS.has(ref.name)) {
      throw new InputError(`${ctx.where(ref.path)}: plugin "${ref.name}" is not supported by clusterlab (volume and DRA plugins are out of scope)`);
    }
    const factory = registry.get(ref.name);
    if (!factory) {
      throw new InputError(`${ctx.where(ref.path)}: unknown plugin "${ref.name}" (known: ${[...registry.keys()].sort().join(", ")})`);
    }
    const pc = profile.pluginConfig.get(ref.name);
    let args: unknown;
    try {
      args = factory.args(pc?.args, formatPath(pc?.path ?? [...profile.path, "pluginConfig", ref.name, "args"]));
    } catch (e) {
      // By name, not instanceof: a user plugin's ArgsError may come from another copy of the package.
      if (e instanceof Error && e.name === "ArgsError") {
        // Positioned at the very field the plugin names, so an editor jumps to it.
        const argsPath = (e as ArgsError).path ?? "";
        const problem = e.message.slice(argsPath.length + 2);
        const where = pc ? ctx.where(pc.path, [...pc.path, ...argsSubPath(argsPath, formatPath(pc.path))], positionFor(problem)) : `profile ${profile.schedulerName}`;
        throw new InputError(`${where}: invalid args for plugin "${ref.name}": ${e.message}`);
      }
      throw e;
    }
    const p = factory.create(args, handle());
    instances.set(ref.name, p);
    return p;
  };
  for (const ref of multiPoint.enabled) {
    const p = instantiate(ref);
    if (!EXTENSION_POINTS.some((e) => implementsPoint(p, e))) {
      throw new InputError(`${ctx.where(ref.path)}: plugin "${ref.name}" does not extend any extension point`);
    }
  }
  for (const [point, set] of points) {
    for (const ref of set.enabled) {
      const p = instantiate(ref);
      if (!implementsPoint(p, point)) throw new InputError(`${ctx.where(ref.path)}: plugin "${ref.name}" does not extend ${point} plugin`);
    }
  }
  for (const name of profile.pluginConfig.keys()) {
    if (!registry.has(name) && !UNSUPPORTED_PLUGINS.has(name)) {
      throw new InputError(`${ctx.where(profile.pluginConfig.get(name)!.path)}: pluginConfig for unknown plugin "${name}"`);
    }
  }

  const lists = {} as Record<ExtensionPoint, PluginRef[]>;
  for (const [point, set] of points) {
    const disabled = new Set(set.disabled.map((d) => d.name));
    const explicit = new Set(set.enabled.map((r) => r.name));
    // "*" disables multiPoint expansion for this point: the explicit list is used as written.
    if (disabled.has("*")) {
      lists[point] = set.enabled.slice();
      continue;
    }
    const fromMulti: PluginRef[] = [];
    const overridden = new Set<string>();
    for (const ref of multiPoint.enabled) {
      if (disabled.has(ref.name) || !implementsPoint(instances.get(ref.name)!, point)) continue;
      if (explicit.has(ref.name)) overridden.add(ref.name);
      else fromMulti.push(ref);
    }
    const overrides = set.enabled.filter((r) => overridden.has(r.name));
    const others = set.enabled.filter((r) => !overridden.has(r.name));
    lists[point] = [...overrides, ...fromMulti, ...others];
  }

  const plugins = (point: ExtensionPoint): Plugin[] => lists[point].map((r) => instances.get(r.name)!);
  // getScoreWeights: an explicit score entry's weight wins over the multiPoint one (each ref carries the
  // weight of where it came from); an unset weight (0) is 1 — even when multiPoint gave the plugin another.
  const score: WeightedPlugin[] = lists.score.map((r) => ({
    plugin: instances.get(r.name)!,
    weight: r.weight || 1,
  }));
  const pl: PluginLists = {
    preEnqueue: plugins("preEnqueue"), queueSort: plugins("queueSort"), preFilter: plugins("preFilter"), filter: plugins("filter"),
    postFilter: plugins("postFilter"), preScore: plugins("preScore"), score, reserve: plugins("reserve"), permit: plugins("permit"),
    preBind: plugins("preBind"), bind: plugins("bind"), postBind: plugins("postBind"),
  };
  try {
    return new Framework(profile.schedulerName, pl, profile.percentageOfNodesToScore ?? cfg.percentageOfNodesToScore, handle);
  } catch (e) {
    throw new InputError(`${ctx.where(profile.path)}: ${(e as Error).message}`);
  }
}
