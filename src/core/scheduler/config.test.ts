// KubeSchedulerConfiguration decoding: strict fields, v1 defaults, and one-line errors `file:line:col: field.path: …`
// (validation rules from pkg/scheduler/apis/config/validation/validation_test.go in spirit).
import { describe, expect, it } from "vitest";
import { parseYaml } from "../util/yaml-doc.js";
import { decodeSchedulerConfig, defaultSchedulerConfig } from "./config.js";

const decode = (text: string) => decodeSchedulerConfig(parseYaml(text, "sched.yaml"));
const HEAD = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";

/** The error message of decoding `text` (fails the test if it decodes). */
function errorOf(text: string): string {
  try {
    decode(text);
  } catch (e) {
    const msg = (e as Error).message;
    expect(msg).not.toContain("\n");
    return msg;
  }
  throw new Error("expected a decode error");
}

describe("decodeSchedulerConfig: defaults", () => {
  it("a minimal file gets the v1 defaults and one profile default-scheduler", () => {
    const c = decode(HEAD);
    expect(c.percentageOfNodesToScore).toBe(0);
    expect(c.podInitialBackoffSeconds).toBe(1);
    expect(c.podMaxBackoffSeconds).toBe(10);
    expect(c.parallelism).toBe(16);
    expect(c.profiles.map((p) => p.schedulerName)).toEqual(["default-scheduler"]);
    expect(c.profiles[0]!.percentageOfNodesToScore).toBeNull();
    expect(c.source?.file).toBe("sched.yaml");
  });

  it("the built-in default matches the decoded minimal file", () => {
    const d = defaultSchedulerConfig();
    const c = decode(HEAD);
    expect({ ...d, source: null }).toEqual({ ...c, source: null });
  });

  it("reads profiles, plugin sets with weights, and pluginConfig", () => {
    const c = decode(`${HEAD}percentageOfNodesToScore: 30
podMaxBackoffSeconds: 20
profiles:
- schedulerName: a
  percentageOfNodesToScore: 70
  plugins:
    score:
      enabled: [{name: ImageLocality, weight: 5}]
      disabled: [{name: "*"}]
  pluginConfig:
  - name: NodeResourcesFit
    args: {scoringStrategy: {type: MostAllocated}}
- schedulerName: b
`);
    expect(c.percentageOfNodesToScore).toBe(30);
    expect(c.podMaxBackoffSeconds).toBe(20);
    const [a, b] = c.profiles;
    expect(a!.percentageOfNodesToScore).toBe(70);
    expect(a!.plugins.score!.enabled.map((r) => [r.name, r.weight])).toEqual([["ImageLocality", 5]]);
    expect(a!.plugins.score!.disabled.map((r) => r.name)).toEqual(["*"]);
    expect(a!.pluginConfig.get("NodeResourcesFit")!.args).toEqual({ scoringStrategy: { type: "MostAllocated" } });
    expect(b!.schedulerName).toBe("b");
  });
});

// Positions point at the offending value (for an unknown field: the value under that key).
describe("decodeSchedulerConfig: errors name file:line:col and the field path", () => {
  it("wrong apiVersion", () => {
    expect(errorOf("apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n")).toBe(
      'sched.yaml:1:13: apiVersion: unsupported apiVersion "kubescheduler.config.k8s.io/v1beta3" (want kubescheduler.config.k8s.io/v1)',
    );
  });

  it("wrong kind", () => {
    expect(errorOf("apiVersion: kubescheduler.config.k8s.io/v1\nkind: Pod\n")).toMatch(/^sched\.yaml:2:7: kind: expected kind KubeSchedulerConfiguration/);
  });

  it("unknown top-level field", () => {
    expect(errorOf(`${HEAD}percentOfNodes: 5\n`)).toBe('sched.yaml:3:1: percentOfNodes: unknown field "percentOfNodes" (allowed: apiVersion, kind, parallelism, percentageOfNodesToScore, podInitialBackoffSeconds, podMaxBackoffSeconds, profiles, extenders, leaderElection, clientConnection, delayCacheUntilActive, debuggingConfiguration, enableProfiling, enableContentionProfiling, healthzBindAddress, metricsBindAddress)');
  });

  it("unknown profile field", () => {
    expect(errorOf(`${HEAD}profiles:\n- schedulerName: a\n  plugin: {}\n`)).toBe('sched.yaml:5:3: profiles[0].plugin: unknown field "plugin" (allowed: schedulerName, percentageOfNodesToScore, plugins, pluginConfig)');
  });

  it("unknown extension point", () => {
    expect(errorOf(`${HEAD}profiles:\n- plugins:\n    sort: {}\n`)).toBe('sched.yaml:5:11: profiles[0].plugins.sort: unknown extension point "sort"');
  });

  it("unknown field in a plugin entry", () => {
    expect(errorOf(`${HEAD}profiles:\n- plugins:\n    score:\n      enabled:\n      - {name: ImageLocality, wieght: 2}\n`)).toBe(
      'sched.yaml:7:31: profiles[0].plugins.score.enabled[0].wieght: unknown field "wieght" (allowed: name, weight)',
    );
  });

  it("negative or fractional weight", () => {
    expect(errorOf(`${HEAD}profiles:\n- plugins:\n    score:\n      enabled:\n      - {name: ImageLocality, weight: -1}\n`)).toMatch(
      /^sched\.yaml:7:\d+: profiles\[0\]\.plugins\.score\.enabled\[0\]\.weight: expected an integer ≥ 0, got -1$/,
    );
  });

  it("duplicate profile names", () => {
    expect(errorOf(`${HEAD}profiles:\n- schedulerName: a\n- schedulerName: a\n`)).toBe('sched.yaml:5:18: profiles[1].schedulerName: duplicate profile "a"');
  });

  it("two profiles both defaulting to default-scheduler are duplicates", () => {
    expect(errorOf(`${HEAD}profiles:\n- {}\n- {}\n`)).toMatch(/profiles\[1\]\.schedulerName: duplicate profile "default-scheduler"/);
  });

  it.each([
    ["percentageOfNodesToScore: 101", "sched.yaml:3:27: percentageOfNodesToScore: expected an integer between 0 and 100, got 101"],
    ["percentageOfNodesToScore: -1", "sched.yaml:3:27: percentageOfNodesToScore: expected an integer between 0 and 100, got -1"],
    ["percentageOfNodesToScore: 12.5", "sched.yaml:3:27: percentageOfNodesToScore: expected an integer between 0 and 100, got 12.5"],
    ['percentageOfNodesToScore: "50"', 'sched.yaml:3:27: percentageOfNodesToScore: expected an integer between 0 and 100, got "50"'],
    ["podInitialBackoffSeconds: 0", "sched.yaml:3:27: podInitialBackoffSeconds: expected an integer ≥ 1, got 0"],
  ])("%s", (line, want) => {
    expect(errorOf(`${HEAD}${line}\n`)).toBe(want);
  });

  it("profile percentageOfNodesToScore out of range", () => {
    expect(errorOf(`${HEAD}profiles:\n- percentageOfNodesToScore: 150\n`)).toBe(
      "sched.yaml:4:29: profiles[0].percentageOfNodesToScore: expected an integer between 0 and 100, got 150",
    );
  });

  it("podMaxBackoffSeconds below podInitialBackoffSeconds", () => {
    expect(errorOf(`${HEAD}podInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 2\n`)).toBe(
      "sched.yaml:4:23: podMaxBackoffSeconds: must be greater than or equal to podInitialBackoffSeconds",
    );
  });

  it("repeated pluginConfig for one plugin", () => {
    expect(errorOf(`${HEAD}profiles:\n- pluginConfig:\n  - {name: NodeResourcesFit}\n  - {name: NodeResourcesFit}\n`)).toMatch(
      /^sched\.yaml:6:\d+: profiles\[0\]\.pluginConfig\[1\]\.name: repeated config for plugin "NodeResourcesFit"$/,
    );
  });

  it("extenders are refused", () => {
    expect(errorOf(`${HEAD}extenders:\n- urlPrefix: http://x\n`)).toMatch(/^sched\.yaml:4:1: extenders: scheduler extenders are not supported$/);
  });

  it("an empty file", () => {
    expect(errorOf("")).toMatch(/^sched\.yaml:1:1: empty file/);
  });
});
