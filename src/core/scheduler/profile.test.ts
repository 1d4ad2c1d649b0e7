// Profiles → Framework: mergePluginSet into the v1 defaults, expandMultiPointPlugins order, getScoreWeights,
// and the framework's invariants (pkg/scheduler/apis/config/v1/default_plugins_test.go and
// pkg/scheduler/framework/runtime/framework_test.go TestNewFrameworkMultiPointExpansion in spirit).
import { describe, expect, it } from "vitest";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import { parseYaml } from "../util/yaml-doc.js";
import { decodeSchedulerConfig, defaultSchedulerConfig, type SchedulerConfig } from "./config.js";
import { definePlugin, noArgs, type PluginFactory } from "./framework.js";
import { buildFramework, DEFAULT_PLUGINS, type PluginRegistry } from "./profile.js";
import type { Framework } from "./runtime.js";
import { makeHandle, makeSnapshot } from "./testing.js";

// Test-only plugins to observe the expansion order.
const CustomFilter = definePlugin({ name: "CustomFilter", description: "test", args: noArgs, create: () => ({ name: "CustomFilter", filter: () => null }) });
const CustomScore = definePlugin({ name: "CustomScore", description: "test", args: noArgs, create: () => ({ name: "CustomScore", score: () => 0 }) });
const OtherSort = definePlugin({ name: "OtherSort", description: "test", args: noArgs, create: () => ({ name: "OtherSort", less: () => false }) });

function registry(): PluginRegistry {
  const r = new Map<string, PluginFactory<unknown>>(inTreeRegistry());
  for (const f of [CustomFilter, CustomScore, OtherSort] as PluginFactory<unknown>[]) r.set(f.name, f);
  return r;
}

const HEAD = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";
const handle = makeHandle(makeSnapshot([]));

function buildCfg(cfg: SchedulerConfig, profile = 0): Framework {
  return buildFramework(cfg, cfg.profiles[profile]!, registry(), () => handle);
}
/** Builds the first profile of a config whose `profiles:` list starts with `profileYaml`. */
function build(profileYaml: string): Framework {
  return buildCfg(decodeSchedulerConfig(parseYaml(`${HEAD}profiles:\n${profileYaml}`, "sched.yaml")));
}
function buildError(profileYaml: string): string {
  try {
    build(profileYaml);
  } catch (e) {
    expect((e as Error).name).toBe("InputError");
    expect((e as Error).message).not.toContain("\n");
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

const names = (list: readonly { name: string }[]) => list.map((p) => p.name);
const weights = (f: Framework) => f.scorePlugins.map((w) => [w.plugin.name, w.weight]);

const DEFAULT_FILTERS = ["NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity"];
const DEFAULT_WEIGHTS = [
  ["TaintToleration", 3], ["NodeAffinity", 2], ["NodeResourcesFit", 1], ["PodTopologySpread", 2], ["InterPodAffinity", 2],
  ["NodeResourcesBalancedAllocation", 1], ["ImageLocality", 1],
];

describe("default profile", () => {
  it("lists the v1.33 default plugins (volume plugins left out) in kube's order", () => {
    expect(DEFAULT_PLUGINS.map((p) => p.name)).toEqual([
      "SchedulingGates", "PrioritySort", "NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts",
      "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity", "DefaultPreemption", "NodeResourcesBalancedAllocation",
      "ImageLocality", "DefaultBinder",
    ]);
  });

  it("expands multiPoint into each point with kube's score weights", () => {
    const f = buildCfg(defaultSchedulerConfig());
    expect(names(f.preEnqueuePlugins)).toEqual(["SchedulingGates"]);
    expect(f.queueSortPlugin.name).toBe("PrioritySort");
    expect(names(f.preFilterPlugins)).toEqual(["NodeAffinity", "NodePorts", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity"]);
    expect(names(f.filterPlugins)).toEqual(DEFAULT_FILTERS);
    expect(names(f.postFilterPlugins)).toEqual(["DefaultPreemption"]);
    expect(weights(f)).toEqual(DEFAULT_WEIGHTS);
    expect(names(f.bindPlugins)).toEqual(["DefaultBinder"]);
    expect(f.percentageOfNodesToScore).toBe(0);
  });

  it("instantiates each plugin once, shared by all its points", () => {
    const f = buildCfg(defaultSchedulerConfig());
    const na = f.filterPlugins.find((p) => p.name === "NodeAffinity");
    expect(f.preFilterPlugins.find((p) => p.name === "NodeAffinity")).toBe(na);
    expect(f.scorePlugins.find((w) => w.plugin.name === "NodeAffinity")!.plugin).toBe(na);
  });
});

describe("mergePluginSet (defaults minus disabled, re-listed replaced in place, custom appended)", () => {
  it("disabling a default at one point keeps it at the others", () => {
    const f = build("- plugins:\n    filter:\n      disabled: [{name: TaintToleration}]\n");
    expect(names(f.filterPlugins)).not.toContain("TaintToleration");
    expect(names(f.preScorePlugins)).toContain("TaintToleration");
    expect(weights(f)[0]).toEqual(["TaintToleration", 3]);
  });

  it("disabling a default in multiPoint removes it everywhere", () => {
    const f = build("- plugins:\n    multiPoint:\n      disabled: [{name: NodeAffinity}]\n");
    expect(f.allPlugins().map((p) => p.name)).not.toContain("NodeAffinity");
  });

  it('"*" in multiPoint drops every default; only what is enabled remains', () => {
    const f = build(
      "- plugins:\n    multiPoint:\n      disabled: [{name: \"*\"}]\n      enabled: [{name: PrioritySort}, {name: DefaultBinder}, {name: NodeName}]\n",
    );
    expect(f.allPlugins().map((p) => p.name)).toEqual(["PrioritySort", "NodeName", "DefaultBinder"]);
    expect(names(f.filterPlugins)).toEqual(["NodeName"]);
  });

  it("re-listing a default in multiPoint replaces it in place (order kept, new weight)", () => {
    const f = build("- plugins:\n    multiPoint:\n      enabled: [{name: NodeAffinity, weight: 7}]\n");
    expect(weights(f)).toEqual(DEFAULT_WEIGHTS.map(([n, w]) => [n, n === "NodeAffinity" ? 7 : w]));
  });

  it("a custom multiPoint plugin is appended after the defaults", () => {
    const f = build("- plugins:\n    multiPoint:\n      enabled: [{name: CustomScore, weight: 4}, {name: CustomFilter}]\n");
    expect(weights(f).at(-1)).toEqual(["CustomScore", 4]);
    expect(names(f.filterPlugins)).toEqual([...DEFAULT_FILTERS, "CustomFilter"]);
  });
});

describe("expandMultiPointPlugins order", () => {
  it("explicitly re-listed plugins first, then multiPoint ones, then other explicit ones", () => {
    const f = build("- plugins:\n    filter:\n      enabled: [{name: CustomFilter}, {name: NodePorts}, {name: NodeName}]\n");
    expect(names(f.filterPlugins)).toEqual([
      "NodePorts", "NodeName", // part 1, in the explicit order
      "NodeUnschedulable", "TaintToleration", "NodeAffinity", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity", // part 2
      "CustomFilter", // part 3
    ]);
  });

  it('with "*" disabled at a point, the explicit list is used exactly as written', () => {
    const f = build("- plugins:\n    filter:\n      disabled: [{name: \"*\"}]\n      enabled: [{name: CustomFilter}, {name: NodeName}]\n");
    expect(names(f.filterPlugins)).toEqual(["CustomFilter", "NodeName"]);
    expect(names(f.preFilterPlugins)).toContain("NodeAffinity"); // other points still expanded
  });

  it("a plugin disabled at a point but enabled there explicitly is not treated as an override", () => {
    const f = build("- plugins:\n    filter:\n      disabled: [{name: NodeName}]\n      enabled: [{name: CustomFilter}, {name: NodeName}]\n");
    expect(names(f.filterPlugins)).toEqual([...DEFAULT_FILTERS.filter((n) => n !== "NodeName"), "CustomFilter", "NodeName"]);
  });
});

describe("score weights (getScoreWeights)", () => {
  it("an explicit score weight overrides the multiPoint weight and comes first", () => {
    const f = build("- plugins:\n    score:\n      enabled: [{name: ImageLocality, weight: 5}]\n");
    expect(weights(f)[0]).toEqual(["ImageLocality", 5]);
    expect(weights(f)).toHaveLength(7);
  });

  it("an explicit score entry without weight gets 1, not the multiPoint weight", () => {
    const f = build("- plugins:\n    score:\n      enabled: [{name: TaintToleration}]\n");
    expect(weights(f)[0]).toEqual(["TaintToleration", 1]);
  });

  it("a multiPoint custom plugin without weight gets 1", () => {
    const f = build("- plugins:\n    multiPoint:\n      enabled: [{name: CustomScore}]\n");
    expect(weights(f).at(-1)).toEqual(["CustomScore", 1]);
  });

  it('score "*" disabled leaves only the explicit score plugins', () => {
    const f = build("- plugins:\n    score:\n      disabled: [{name: \"*\"}]\n      enabled: [{name: NodeResourcesFit, weight: 9}]\n");
    expect(weights(f)).toEqual([["NodeResourcesFit", 9]]);
    expect(names(f.preScorePlugins)).toContain("TaintToleration"); // PreScore is a separate point
  });
});

describe("framework invariants and errors (one line, with file:line:col)", () => {
  it("exactly one queueSort plugin", () => {
    expect(buildError("- plugins:\n    queueSort:\n      enabled: [{name: OtherSort}]\n")).toMatch(
      /^sched\.yaml:4:3: profiles\[0\]: profile "default-scheduler": exactly one queueSort plugin must be enabled, found 2$/,
    );
    expect(buildError("- plugins:\n    queueSort:\n      disabled: [{name: \"*\"}]\n")).toMatch(/exactly one queueSort plugin must be enabled, found 0$/);
    const f = build("- plugins:\n    queueSort:\n      disabled: [{name: \"*\"}]\n      enabled: [{name: OtherSort}]\n");
    expect(f.queueSortPlugin.name).toBe("OtherSort");
  });

  it("at least one bind plugin", () => {
    expect(buildError("- plugins:\n    bind:\n      disabled: [{name: DefaultBinder}]\n")).toMatch(/at least one bind plugin is needed$/);
  });

  it("an unknown plugin names its position and lists the known plugins", () => {
    const msg = buildError("- plugins:\n    filter:\n      enabled: [{name: NoSuchPlugin}]\n");
    expect(msg).toMatch(/^sched\.yaml:6:17: profiles\[0\]\.plugins\.filter\.enabled\[0\]: unknown plugin "NoSuchPlugin" \(known: /);
    expect(msg).toContain("NodeResourcesFit");
    expect(msg).toContain("DefaultBinder");
  });

  it("a plugin enabled at a point it does not implement", () => {
    expect(buildError("- plugins:\n    filter:\n      enabled: [{name: ImageLocality}]\n")).toMatch(/"ImageLocality" does not extend filter plugin$/);
  });

  it("a plugin enabled twice at one point", () => {
    expect(buildError("- plugins:\n    filter:\n      enabled: [{name: CustomFilter}, {name: CustomFilter}]\n")).toMatch(
      /^sched\.yaml:6:\d+: profiles\[0\]\.plugins\.filter\.enabled\[1\]: plugin "CustomFilter" is enabled twice for filter$/,
    );
  });

  it("disabling a volume plugin is accepted; enabling one is an error", () => {
    const f = build(
      "- plugins:\n    multiPoint:\n      disabled: [{name: VolumeBinding}, {name: VolumeZone}]\n    filter:\n      disabled: [{name: NodeVolumeLimits}]\n",
    );
    expect(names(f.filterPlugins)).toEqual(DEFAULT_FILTERS);
    expect(buildError("- plugins:\n    filter:\n      enabled: [{name: VolumeBinding}]\n")).toMatch(/plugin "VolumeBinding" is not supported/);
  });

  it("invalid plugin args are reported with the args' position", () => {
    const msg = buildError("- pluginConfig:\n  - name: PrioritySort\n    args: {bogus: 1}\n");
    expect(msg).toMatch(/^sched\.yaml:6:11: profiles\[0\]\.pluginConfig\[0\]\.args: invalid args for plugin "PrioritySort": /);
    expect(msg).toContain("takes no args");
  });

  it("invalid args of a real args-taking plugin (NodeResourcesFit scoring strategy)", () => {
    const msg = buildError("- pluginConfig:\n  - name: NodeResourcesFit\n    args: {scoringStrategy: {type: Bogus}}\n");
    expect(msg).toMatch(/^sched\.yaml:6:36: profiles\[0\]\.pluginConfig\[0\]\.args: invalid args for plugin "NodeResourcesFit": .*scoringStrategy\.type: Unsupported value: "Bogus"/);
  });

  it("pluginConfig for an unknown plugin", () => {
    expect(buildError("- pluginConfig:\n  - {name: Nope, args: {}}\n")).toMatch(/pluginConfig for unknown plugin "Nope"$/);
  });
});

describe("percentageOfNodesToScore", () => {
  it("the profile value overrides the global one (an explicit 0 means adaptive); unset falls back to it", () => {
    const cfg = decodeSchedulerConfig(
      parseYaml(
        `${HEAD}percentageOfNodesToScore: 40\nprofiles:\n- schedulerName: a\n  percentageOfNodesToScore: 15\n- schedulerName: b\n- schedulerName: c\n  percentageOfNodesToScore: 0\n`,
        "s.yaml",
      ),
    );
    expect(buildCfg(cfg, 0).percentageOfNodesToScore).toBe(15);
    expect(buildCfg(cfg, 1).percentageOfNodesToScore).toBe(40);
    expect(buildCfg(cfg, 2).percentageOfNodesToScore).toBe(0);
  });
});
