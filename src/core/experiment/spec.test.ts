// The experiment file: strict decoding with one-line `file:line:col: field.path: problem` errors, defaults,
// and paths resolved relative to the experiment file. The file is named as if it sat in test/fixtures, next to
// the fixture traces it refers to.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseYaml } from "../util/yaml-doc.js";
import { DEFAULT_MODEL, decodeExperiment } from "./spec.js";

const FILE = "test/fixtures/exp.yaml";
const HEAD = "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: exp}\n";
const TRACES = "cluster: {trace: small-nodes.csv, format: openb}\nworkload: {trace: small-pods.csv, format: openb}\n";
const decode = (text: string) => decodeExperiment(parseYaml(text, FILE));

function errorOf(text: string): string {
  try {
    decode(text);
  } catch (e) {
    expect((e as Error).name).toBe("InputError");
    const msg = (e as Error).message;
    expect(msg).not.toContain("\n");
    return msg;
  }
  throw new Error("expected an error");
}

describe("decodeExperiment", () => {
  it("decodes the fixture experiment with defaults, resolving paths next to the file", () => {
    const e = decode(HEAD + TRACES);
    expect(e.name).toBe("exp");
    expect(e.cluster).toEqual({ kind: "trace", file: resolve("test/fixtures/small-nodes.csv"), format: "openb" });
    expect(e.workload).toEqual({ kind: "trace", file: resolve("test/fixtures/small-pods.csv"), format: "openb", limit: null, skipBadRows: false, namespace: "default" });
    expect(e.seed).toBe(1);
    expect(e.model).toEqual(DEFAULT_MODEL);
    expect(e.schedulerConfig).toBeNull();
    expect(e.sampleIntervalUs).toBe(0);
    expect(e.untilUs).toBeNull();
  });

  it("reads durations as strings or integer µs", () => {
    const e = decode(`${HEAD}${TRACES}model: {podStartLatency: 1m30s, bindLatency: 250ms, scheduleCycle: 40, watchDelay: 0s}\nmetrics: {sampleInterval: 10s}\nuntil: 2h\n`);
    expect(e.model.podStartLatencyUs).toBe(90_000_000);
    expect(e.model.bindLatencyUs).toBe(250_000);
    expect(e.model.scheduleCycleUs).toBe(40);
    expect(e.model.watchDelayUs).toBe(0);
    expect(e.sampleIntervalUs).toBe(10_000_000);
    expect(e.untilUs).toBe(7_200_000_000);
  });

  it("generated clusters get their defaults", () => {
    const e = decode(`${HEAD}cluster: {generate: {count: 3, gpu: 2, gpuModel: A100}}\nworkload: {trace: small-pods.csv}\n`);
    expect(e.cluster).toEqual({ kind: "generate", count: 3, cpuMilli: 32000, memoryBytes: 128 * 1024 ** 3, gpu: 2, gpuModel: "A100", maxPods: 110, zones: 1 });
  });

  it("a scheduler config path is resolved and must exist", () => {
    expect(errorOf(`${HEAD}${TRACES}scheduler: {config: nope.yaml}\n`)).toBe(
      `${FILE}:6:21: scheduler.config: file not found: nope.yaml (resolved to ${resolve("test/fixtures/nope.yaml")})`,
    );
  });
});

describe("decodeExperiment errors (one line with file:line:col and the field path)", () => {
  it("unknown top-level field", () => {
    expect(errorOf(`${HEAD}${TRACES}sed: 3\n`)).toMatch(/^test\/fixtures\/exp\.yaml:6:1: sed: unknown field "sed" \(allowed: apiVersion, kind, /);
  });

  it("unknown nested field", () => {
    expect(errorOf(`${HEAD}${TRACES}model: {podStartLatncy: 1s}\n`)).toMatch(/^test\/fixtures\/exp\.yaml:6:\d+: model\.podStartLatncy: unknown field "podStartLatncy"/);
  });

  it("wrong type: seed as a string", () => {
    expect(errorOf(`${HEAD}${TRACES}seed: "7"\n`)).toBe(`${FILE}:6:7: seed: expected an integer between 0 and 2147483647, got "7"`);
  });

  it("a seed too large for the 32-bit generator", () => {
    expect(errorOf(`${HEAD}${TRACES}seed: 4294967297\n`)).toMatch(/seed: expected an integer between 0 and 2147483647, got 4294967297$/);
  });

  it("wrong type: a boolean field", () => {
    expect(errorOf(`${HEAD}${TRACES}model: {deleteFinishedPods: "yes"}\n`)).toMatch(/model\.deleteFinishedPods: expected true or false, got "yes"$/);
  });

  it("wrong type: gpuModel", () => {
    expect(errorOf(`${HEAD}cluster: {generate: {count: 1, gpuModel: 7}}\nworkload: {trace: small-pods.csv}\n`)).toMatch(
      /cluster\.generate\.gpuModel: expected a string, got 7$/,
    );
  });

  it("a bad duration", () => {
    expect(errorOf(`${HEAD}${TRACES}until: 5 minutes\n`)).toBe(`${FILE}:6:8: until: expected a duration like "1s", "250ms" or "5m", got "5 minutes"`);
  });

  it("a missing trace file", () => {
    expect(errorOf(`${HEAD}cluster: {trace: missing.csv}\nworkload: {trace: small-pods.csv}\n`)).toBe(
      `${FILE}:4:18: cluster.trace: file not found: missing.csv (resolved to ${resolve("test/fixtures/missing.csv")})`,
    );
  });

  it("wrong apiVersion / kind", () => {
    expect(errorOf(`apiVersion: clusterlab/v2\nkind: Experiment\nmetadata: {name: x}\n${TRACES}`)).toBe(`${FILE}:1:13: apiVersion: expected "clusterlab/v1", got "clusterlab/v2"`);
    expect(errorOf(`apiVersion: clusterlab/v1\nkind: Run\nmetadata: {name: x}\n${TRACES}`)).toBe(`${FILE}:2:7: kind: expected "Experiment" or "Scenario", got "Run"`);
  });

  it("a missing name, an invalid name", () => {
    expect(errorOf(`apiVersion: clusterlab/v1\nkind: Experiment\n${TRACES}`)).toMatch(/metadata\.name: required field is missing$/);
    expect(errorOf(`apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: "a b"}\n${TRACES}`)).toMatch(/metadata\.name: "a b" is not a valid name/);
  });

  it("cluster and workload: one source is required, and only one", () => {
    expect(errorOf(`${HEAD}cluster: {}\nworkload: {trace: small-pods.csv}\n`)).toMatch(/cluster: one of trace, manifests or generate is required$/);
    expect(errorOf(`${HEAD}cluster: {trace: small-nodes.csv, generate: {count: 2}}\nworkload: {trace: small-pods.csv}\n`)).toMatch(
      /cluster\.generate: only one of trace, manifests, generate may be given \(found trace and generate\)$/,
    );
    expect(errorOf(`${HEAD}cluster: {trace: small-nodes.csv}\n`)).toMatch(/^test\/fixtures\/exp\.yaml:\d+:\d+: workload: required field is missing$/);
    expect(errorOf(`${HEAD}cluster: [a]\nworkload: {trace: small-pods.csv}\n`)).toMatch(/cluster: expected an object, got a list$/);
  });

  it("unknown trace format", () => {
    expect(errorOf(`${HEAD}cluster: {trace: small-nodes.csv, format: alibaba}\nworkload: {trace: small-pods.csv}\n`)).toMatch(
      /cluster\.format: unknown trace format "alibaba" \(known: auto, openb, clusterlab, alibaba-dlrm-2025, google-2011, alibaba-2018\)$/,
    );
  });

  it("generate.count is required and at least 1", () => {
    expect(errorOf(`${HEAD}cluster: {generate: {}}\nworkload: {trace: small-pods.csv}\n`)).toMatch(/cluster\.generate\.count: required field is missing$/);
    expect(errorOf(`${HEAD}cluster: {generate: {count: 0}}\nworkload: {trace: small-pods.csv}\n`)).toMatch(/cluster\.generate\.count: expected an integer ≥ 1, got 0$/);
  });

  it("an empty file", () => {
    expect(errorOf("")).toBe(`${FILE}:1:1: empty experiment file`);
  });
});
