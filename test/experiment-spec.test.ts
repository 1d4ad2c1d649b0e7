// Experiment files with variants, workloads, seeds and a matrix: decoding, matrix expansion, the run
// list, workload selection, shards, the JSON schema, and one-line errors with the field path.
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { podFilter, sampleHash } from "../src/core/experiment/select.js";
import { parseShard, shardRuns } from "../src/core/experiment/shard.js";
import { decodeExperimentPlan, FIELDS, runList, type ExperimentPlan } from "../src/core/experiment/spec.js";
import { experimentSchema, experimentSchemaJson } from "../src/core/experiment/schema.js";
import { combinations, parseParamKey } from "../src/core/experiment/matrix.js";
import { readAllPods } from "../src/core/trace/index.js";
import { parseYaml } from "../src/core/util/yaml-doc.js";

const FILE = "test/fixtures/exp.yaml";
const HEAD = "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: exp}\ncluster: {trace: small-nodes.csv, format: openb}\n";
const plan = (text: string): ExperimentPlan => decodeExperimentPlan(parseYaml(text, FILE));

function errorOf(text: string): string {
  try {
    plan(text);
  } catch (e) {
    expect((e as Error).name).toBe("InputError");
    expect((e as Error).message).not.toContain("\n");
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

const EXP = `${HEAD}workloads:
- {name: w1, trace: small-pods.csv, format: openb}
- {name: w2, trace: small-pods.csv, format: openb, limit: 3}
variants:
- name: base
- name: packed
  scheduler:
    pluginConfig:
    - name: NodeResourcesFit
      args: {scoringStrategy: {type: MostAllocated}}
  overrides: {model.podStartLatency: 2s}
seeds: {from: 7, count: 2}
matrix:
  model.podStartLatency: [1s, 5s]
  scheduler.percentageOfNodesToScore: [10, 100]
baseline: base+podStartLatency=1s+percentageOfNodesToScore=100
`;

describe("matrix expansion and the run list", () => {
  it("crosses every variant with every combination, first key slowest, with deterministic names", () => {
    const p = plan(EXP);
    expect(p.variants.map((v) => v.name)).toEqual([
      "base+podStartLatency=1s+percentageOfNodesToScore=10",
      "base+podStartLatency=1s+percentageOfNodesToScore=100",
      "base+podStartLatency=5s+percentageOfNodesToScore=10",
      "base+podStartLatency=5s+percentageOfNodesToScore=100",
      "packed+podStartLatency=1s+percentageOfNodesToScore=10",
      "packed+podStartLatency=1s+percentageOfNodesToScore=100",
      "packed+podStartLatency=5s+percentageOfNodesToScore=10",
      "packed+podStartLatency=5s+percentageOfNodesToScore=100",
    ]);
    expect(p.seeds).toEqual([7, 8]);
    expect(p.baseline).toBe("base+podStartLatency=1s+percentageOfNodesToScore=100");
  });

  it("applies overrides, then matrix values, to the model and the scheduler configuration", () => {
    const p = plan(EXP);
    const v = p.variants.find((x) => x.name === "packed+podStartLatency=5s+percentageOfNodesToScore=10")!;
    expect(v.model.podStartLatencyUs).toBe(5_000_000); // the matrix value wins over the override (2s)
    expect(v.scheduler.percentageOfNodesToScore).toBe(10);
    expect(v.scheduler.profiles).toHaveLength(1);
    expect(v.scheduler.profiles[0]!.pluginConfig.get("NodeResourcesFit")?.args).toEqual({ scoringStrategy: { type: "MostAllocated" } });
    expect(v.params.map((x) => x.key)).toEqual(["model.podStartLatency", "model.podStartLatency", "scheduler.percentageOfNodesToScore"]);
    expect(v.schedulerYaml).toContain("percentageOfNodesToScore: 10");
    const b = p.variants[0]!;
    expect(b.scheduler.profiles[0]!.pluginConfig.size).toBe(0);
    expect(b.scheduler.percentageOfNodesToScore).toBe(10);
  });

  it("orders runs variant × workload × seed, seed fastest, with their folders", () => {
    const runs = runList(plan(EXP));
    expect(runs).toHaveLength(8 * 2 * 2);
    expect(runs.slice(0, 4).map((r) => r.dir)).toEqual([
      "base+podStartLatency=1s+percentageOfNodesToScore=10/w1/seed-7",
      "base+podStartLatency=1s+percentageOfNodesToScore=10/w1/seed-8",
      "base+podStartLatency=1s+percentageOfNodesToScore=10/w2/seed-7",
      "base+podStartLatency=1s+percentageOfNodesToScore=10/w2/seed-8",
    ]);
    expect(runs.map((r) => r.index)).toEqual(runs.map((_, i) => i));
    expect(runs[2]!.spec.workload).toMatchObject({ kind: "trace", limit: 3 });
    expect(runs[3]!.spec.seed).toBe(8);
  });

  it("combinations and parameter keys", () => {
    expect(combinations<number | string>([[1, 2], ["a", "b", "c"]])).toEqual([[1, "a"], [1, "b"], [1, "c"], [2, "a"], [2, "b"], [2, "c"]]);
    expect(parseParamKey("scheduler.profiles[0].pluginConfig[1].args.x")).toEqual({ kind: "scheduler", path: ["profiles", 0, "pluginConfig", 1, "args", "x"] });
    expect(parseParamKey("model.watchDelay")).toEqual({ kind: "model", field: "watchDelay" });
    expect(parseParamKey("seed")).toMatch(/unknown parameter "seed"/);
  });

  it("a whole inline KubeSchedulerConfiguration is taken as is; a file variant keeps its path", () => {
    const p = plan(`${HEAD}workload: {trace: small-pods.csv}
variants:
- name: full
  scheduler: {apiVersion: kubescheduler.config.k8s.io/v1, kind: KubeSchedulerConfiguration, percentageOfNodesToScore: 30, profiles: [{schedulerName: a}, {schedulerName: b}]}
`);
    expect(p.variants[0]!.scheduler.percentageOfNodesToScore).toBe(30);
    expect(p.variants[0]!.scheduler.profiles.map((x) => x.schedulerName)).toEqual(["a", "b"]);
    expect(p.variants[0]!.schedulerFile).toBeNull();
  });

  it("the single-run form is one variant, one workload, one seed (named after the files)", () => {
    const p = plan(`${HEAD}workload: {trace: small-pods.csv, format: openb}\nseed: 3\n`);
    expect(runList(p).map((r) => r.dir)).toEqual(["default/small-pods/seed-3"]);
    expect(p.inputFiles).toEqual([resolve("test/fixtures/small-nodes.csv"), resolve("test/fixtures/small-pods.csv")]);
  });

  it("--seed replaces the file's seeds", () => {
    const p = decodeExperimentPlan(parseYaml(EXP, FILE), { seed: 42 });
    expect(p.seeds).toEqual([42]);
  });
});

describe("workload selection: window, filters, scale", () => {
  it("decodes into a selection", () => {
    const p = plan(`${HEAD}workload: {trace: small-pods.csv, window: {from: 10s, to: 1m}, filters: {gpu: only, minCpu: 500m, qos: [LS]}, scale: 0.5}\n`);
    expect(p.workloads[0]!.spec).toMatchObject({
      select: { fromUs: 10_000_000, toUs: 60_000_000, gpu: "only", minCpuMilli: 500, maxCpuMilli: Infinity, qos: ["LS"], scale: 0.5 },
    });
  });

  it("filters trace pods; the sample depends on the seed, and a smaller scale keeps a subset", async () => {
    const pods = await readAllPods(resolve("traces/openb/openb_pod_list_default.csv"), "openb");
    const all = { fromUs: 0, toUs: Infinity, gpu: "any" as const, minCpuMilli: 0, maxCpuMilli: Infinity, qos: null };
    const keep = (scale: number, seed: number) => new Set(pods.filter(podFilter({ ...all, scale }, seed)!).map((p) => p.name));
    const half1 = keep(0.5, 1);
    const half2 = keep(0.5, 2);
    const quarter1 = keep(0.25, 1);
    expect(half1.size / pods.length).toBeGreaterThan(0.47);
    expect(half1.size / pods.length).toBeLessThan(0.53);
    expect([...quarter1].every((n) => half1.has(n))).toBe(true);
    expect(half1).not.toEqual(half2);
    expect(keep(0.5, 1)).toEqual(half1);
    const gpuOnly = pods.filter(podFilter({ ...all, gpu: "only", scale: 1 }, 1)!);
    expect(gpuOnly.length).toBe(pods.filter((p) => p.gpuCount > 0).length);
    const win = pods.filter(podFilter({ ...all, fromUs: 140 * 86400e6, toUs: 147 * 86400e6, scale: 1 }, 1)!);
    expect(win.every((p) => p.arrivalUs >= 140 * 86400e6 && p.arrivalUs < 147 * 86400e6)).toBe(true);
    expect(win.length).toBeGreaterThan(1000);
  });

  it("sampleHash is a fixed function of (seed, name)", () => {
    expect(sampleHash(1, "openb-pod-0000")).toBe(sampleHash(1, "openb-pod-0000"));
    expect(sampleHash(1, "openb-pod-0000")).not.toBe(sampleHash(2, "openb-pod-0000"));
  });
});

describe("shards", () => {
  const runs = Array.from({ length: 7 }, (_, index) => ({ index }));
  it("deals the run list round-robin", () => {
    expect(shardRuns(runs, { index: 0, count: 3 }).map((r) => r.index)).toEqual([0, 3, 6]);
    expect(shardRuns(runs, { index: 2, count: 3 }).map((r) => r.index)).toEqual([2, 5]);
    expect(shardRuns(runs, null)).toHaveLength(7);
  });
  it("parses i/N and auto from Kubernetes and Slurm", () => {
    expect(parseShard("1/4", undefined, {})).toEqual({ index: 1, count: 4 });
    expect(parseShard("auto", undefined, { JOB_COMPLETION_INDEX: "2", CLUSTERLAB_SHARDS: "4" })).toEqual({ index: 2, count: 4 });
    expect(parseShard("auto", "5", { JOB_COMPLETION_INDEX: "2" })).toEqual({ index: 2, count: 5 });
    expect(parseShard("auto", undefined, { SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_COUNT: "4" })).toEqual({ index: 3, count: 4 });
    expect(parseShard("auto", undefined, { SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_COUNT: "4" })).toEqual({ index: 3, count: 4 });
    expect(parseShard("auto", undefined, { SLURM_ARRAY_TASK_ID: "6", SLURM_ARRAY_TASK_STEP: "2", SLURM_ARRAY_TASK_COUNT: "4" })).toEqual({ index: 3, count: 4 });
  });
  it("rejects bad shards with one line", () => {
    expect(() => parseShard("4/4", undefined, {})).toThrow(/shard index 4 is not below the shard count 4/);
    expect(() => parseShard("1-4", undefined, {})).toThrow(/--shard must be i\/N/);
    expect(() => parseShard("auto", undefined, {})).toThrow(/neither JOB_COMPLETION_INDEX .* nor SLURM_ARRAY_TASK_ID/);
    expect(() => parseShard("auto", undefined, { JOB_COMPLETION_INDEX: "0" })).toThrow(/pass --shards N or set CLUSTERLAB_SHARDS/);
  });
});

describe("experiment errors: one line, file:line:col and the field path", () => {
  it("unknown field in a variant", () => {
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv}\nvariants:\n- {name: a, schedular: {}}\n`)).toMatch(
      /^test\/fixtures\/exp\.yaml:7:13: variants\[0\]\.schedular: unknown field "schedular" \(allowed: name, description, schedulerConfig, scheduler, overrides\)$/,
    );
  });
  it("wrong type: seeds", () => {
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv}\nseeds: [1, two]\n`)).toBe(`${FILE}:6:12: seeds[1]: expected an integer between 0 and 2147483647, got "two"`);
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv}\nseeds: 5\n`)).toMatch(/:6:8: seeds: expected a list of seeds, got 5$/);
  });
  it("wrong type: a matrix model value", () => {
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv}\nmatrix: {model.podStartLatency: [1s, fast]}\n`)).toBe(
      `${FILE}:6:38: matrix.model.podStartLatency[1]: expected a duration like "1s", "250ms" or "5m", got "fast"`,
    );
  });
  it("missing trace file in a workload list", () => {
    expect(errorOf(`${HEAD}workloads:\n- {name: a, trace: nope.csv}\n`)).toBe(
      `${FILE}:6:20: workloads[0].trace: file not found: nope.csv (resolved to ${resolve("test/fixtures/nope.csv")})`,
    );
  });
  it("empty matrix, empty value list, empty lists", () => {
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv}\nmatrix: {}\n`)).toMatch(/:6:9: matrix: empty matrix: give at least one parameter/);
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv}\nmatrix: {model.watchDelay: []}\n`)).toMatch(/:6:\d+: matrix\.model\.watchDelay: empty list of values/);
    expect(errorOf(`${HEAD}workloads: []\n`)).toMatch(/workloads: expected at least one workload, got an empty list$/);
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv}\nvariants: []\n`)).toMatch(/variants: expected at least one variant, got an empty list$/);
  });
  it("unknown matrix parameter", () => {
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv}\nmatrix: {model.speed: [1]}\n`)).toMatch(/matrix\.model\.speed: unknown model parameter "model\.speed" \(known: model\.podStartLatency/);
  });
  it("a matrix value that makes an invalid scheduler configuration is blamed on that value", () => {
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv}\nmatrix:\n  scheduler.percentageOfNodesToScore: [50, 500]\n`)).toBe(
      `${FILE}:7:44: matrix.scheduler.percentageOfNodesToScore[1]: scheduler.percentageOfNodesToScore=500 makes an invalid scheduler configuration for variant "default+percentageOfNodesToScore=500": percentageOfNodesToScore: expected an integer between 0 and 100, got 500`,
    );
  });
  it("an error inside an inline profile points into the experiment file", () => {
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv}\nvariants:\n- name: a\n  scheduler:\n    plugins: {scor: {}}\n`)).toMatch(
      /^test\/fixtures\/exp\.yaml:9:21: variants\[0\]\.scheduler\.plugins\.scor: unknown extension point "scor"$/,
    );
  });
  it("duplicate names, both forms at once, a baseline that is no variant", () => {
    expect(errorOf(`${HEAD}workloads: [{name: a, trace: small-pods.csv}, {name: a, trace: small-pods.csv}]\n`)).toMatch(/workloads\[1\]\.name: duplicate workload name "a"$/);
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv}\nworkloads: [{name: a, trace: small-pods.csv}]\n`)).toMatch(/workloads: only one of workload, workloads may be given/);
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv}\nseed: 1\nseeds: [2]\n`)).toMatch(/seeds: only one of seed, seeds may be given/);
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv}\nbaseline: nope\n`)).toMatch(/:6:11: baseline: no variant named "nope" \(variants: default\)$/);
  });
  it("selection fields are checked", () => {
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv, scale: 2}\n`)).toMatch(/workload\.scale: expected a fraction of pods to keep, greater than 0 and at most 1, got 2$/);
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv, window: {from: 1h, to: 1m}}\n`)).toMatch(/workload\.window\.to: must be later than window\.from$/);
    expect(errorOf(`${HEAD}workload: {trace: small-pods.csv, filters: {gpu: maybe}}\n`)).toMatch(/workload\.filters\.gpu: expected any, only or none, got "maybe"$/);
  });
});

describe("the JSON schema", () => {
  const schema = experimentSchema() as { properties: Record<string, { properties?: Record<string, unknown>; items?: { properties?: Record<string, unknown> } }> };
  const keys = (o: { properties?: Record<string, unknown> } | undefined) => Object.keys(o?.properties ?? {}).sort();

  it("schemas/experiment.schema.json is the generated schema", () => {
    expect(readFileSync("schemas/experiment.schema.json", "utf8")).toBe(experimentSchemaJson());
  });

  it("names exactly the fields the decoder accepts", () => {
    const p = schema.properties;
    expect(keys(schema as never)).toEqual([...FIELDS.root].sort());
    expect(keys(p.metadata)).toEqual([...FIELDS.metadata].sort());
    expect(keys(p.cluster)).toEqual([...FIELDS.cluster].sort());
    expect(keys(p.cluster!.properties!.generate as never)).toEqual([...FIELDS.generate].sort());
    expect(keys(p.workload)).toEqual([...FIELDS.workload].sort());
    expect(keys(p.workload!.properties!.window as never)).toEqual([...FIELDS.window].sort());
    expect(keys(p.workload!.properties!.filters as never)).toEqual([...FIELDS.filters].sort());
    expect(keys(p.variants!.items)).toEqual([...FIELDS.variant].sort());
    expect(keys(p.model)).toEqual([...FIELDS.model].sort());
    expect(keys(p.metrics)).toEqual([...FIELDS.metrics].sort());
  });

  it("every example experiment validates against it, and decodes", async () => {
    const Ajv = (await import("ajv").catch(() => null))?.default as (new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } }) | undefined;
    const files = readdirSync("examples").filter((f) => f.endsWith(".yaml") && readFileSync(`examples/${f}`, "utf8").includes("kind: Experiment"));
    expect(files).toEqual(expect.arrayContaining(["compare-openb.yaml", "demo.yaml", "sweep-pct.yaml", "openb-default.yaml"]));
    const validate = Ajv ? new Ajv({ allErrors: true }).compile(experimentSchema()) : null;
    for (const f of files) {
      const src = parseYaml(readFileSync(`examples/${f}`, "utf8"), `examples/${f}`);
      expect(() => decodeExperimentPlan(src), f).not.toThrow();
      if (validate) expect(validate(src.docs[0]!.toJS()), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    if (validate) expect(validate({ apiVersion: "clusterlab/v1", kind: "Experiment", metadata: { name: "x" }, cluster: { trace: "a" }, workload: { trace: "b" }, matrix: { "model.speed": [1] } })).toBe(false);
  });
});
