/**
 * The experiment file (apiVersion clusterlab/v1, kind Experiment): what cluster, what workload, which
 * scheduler configuration, which seed, and the model's timing parameters. Decoded strictly: unknown
 * fields, wrong types and missing files are one-line errors naming file:line:col and the field path.
 * Paths are relative to the experiment file.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { milliValue, value } from "../api/quantity.js";
import type { YamlSource, FieldPath } from "../util/yaml-doc.js";
import { parseDurationUs } from "./duration.js";

export type ClusterSpec =
  | { kind: "trace"; file: string; format: string }
  | { kind: "manifests"; file: string }
  | { kind: "generate"; count: number; cpuMilli: number; memoryBytes: number; gpu: number; gpuModel: string; maxPods: number; zones: number };

export type WorkloadSpec =
  | { kind: "trace"; file: string; format: string; limit: number | null; skipBadRows: boolean; namespace: string }
  | { kind: "manifests"; file: string };

export interface ModelSpec {
  podStartLatencyUs: number;
  bindLatencyUs: number;
  scheduleCycleUs: number;
  watchDelayUs: number;
  deleteFinishedPods: boolean;
}

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
}

export const DEFAULT_MODEL: ModelSpec = {
  podStartLatencyUs: 1_000_000,
  bindLatencyUs: 0,
  scheduleCycleUs: 0,
  watchDelayUs: 0,
  deleteFinishedPods: true,
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

class Decoder {
  constructor(readonly src: YamlSource, readonly base: string) {}
  fail(path: FieldPath, msg: string): never {
    throw this.src.error(path, msg);
  }
  obj(v: unknown, path: FieldPath, allowed: readonly string[]): Obj {
    if (!isObj(v)) this.fail(path, v === undefined ? "required field is missing" : `expected an object, got ${describe(v)}`);
    for (const k of Object.keys(v)) if (!allowed.includes(k)) this.fail([...path, k], `unknown field "${k}" (allowed: ${allowed.join(", ")})`);
    return v;
  }
  str(o: Obj, k: string, path: FieldPath, dflt?: string): string {
    const v = o[k];
    if (v === undefined && dflt !== undefined) return dflt;
    if (typeof v !== "string" || !v) this.fail([...path, k], v === undefined ? "required field is missing" : `expected a string, got ${describe(v)}`);
    return v;
  }
  int(o: Obj, k: string, path: FieldPath, dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const v = o[k];
    if (v === undefined) return dflt;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max) {
      const want = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer between ${min} and ${max}`;
      this.fail([...path, k], `expected ${want}, got ${describe(v)}`);
    }
    return v;
  }
  bool(o: Obj, k: string, path: FieldPath, dflt: boolean): boolean {
    const v = o[k];
    if (v === undefined) return dflt;
    if (typeof v !== "boolean") this.fail([...path, k], `expected true or false, got ${describe(v)}`);
    return v;
  }
  duration(o: Obj, k: string, path: FieldPath, dflt: number): number {
    const v = o[k];
    if (v === undefined) return dflt;
    const us = parseDurationUs(v);
    if (us === null) this.fail([...path, k], `expected a duration like "1s", "250ms" or "5m", got ${describe(v)}`);
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
  file(o: Obj, k: string, path: FieldPath): string {
    const rel = this.str(o, k, path);
    const abs = resolve(this.base, rel);
    if (!existsSync(abs) || !statSync(abs).isFile()) this.fail([...path, k], `file not found: ${rel} (resolved to ${abs})`);
    return abs;
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  return JSON.stringify(v);
}

const FORMATS = ["openb", "clusterlab", "auto"];

/** At most one of `keys` may be given (the decoder then requires one of them). */
function onlyOne(d: Decoder, o: Obj, path: FieldPath, keys: readonly string[]): void {
  const given = keys.filter((k) => o[k] !== undefined);
  if (given.length > 1) d.fail([...path, given[1]!], `only one of ${keys.join(", ")} may be given (found ${given.join(" and ")})`);
}

export function decodeExperiment(src: YamlSource): ExperimentSpec {
  const d: Decoder = new Decoder(src, dirname(resolve(src.file)));
  const doc = src.docs[0];
  if (!doc) d.fail([], "empty experiment file");
  const root = d.obj(doc.toJS(), [], ["apiVersion", "kind", "metadata", "cluster", "workload", "scheduler", "seed", "model", "metrics", "until"]);
  if (root.apiVersion !== "clusterlab/v1") d.fail(["apiVersion"], `expected "clusterlab/v1", got ${describe(root.apiVersion)}`);
  if (root.kind !== "Experiment") d.fail(["kind"], `expected "Experiment", got ${describe(root.kind)}`);
  const meta = d.obj(root.metadata ?? {}, ["metadata"], ["name", "description"]);
  const name = d.str(meta, "name", ["metadata"]);
  if (!/^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i.test(name)) d.fail(["metadata", "name"], `"${name}" is not a valid name (letters, digits, "-", "_", ".")`);

  const c = d.obj(root.cluster, ["cluster"], ["trace", "format", "manifests", "generate"]);
  onlyOne(d, c, ["cluster"], ["trace", "manifests", "generate"]);
  let cluster: ClusterSpec;
  if (c.trace !== undefined) {
    cluster = { kind: "trace", file: d.file(c, "trace", ["cluster"]), format: d.str(c, "format", ["cluster"], "auto") };
    if (!FORMATS.includes(cluster.format)) d.fail(["cluster", "format"], `unknown trace format "${cluster.format}" (known: ${FORMATS.join(", ")})`);
  } else if (c.manifests !== undefined) {
    cluster = { kind: "manifests", file: d.file(c, "manifests", ["cluster"]) };
  } else if (c.generate !== undefined) {
    const g = d.obj(c.generate, ["cluster", "generate"], ["count", "cpu", "memory", "gpu", "gpuModel", "pods", "zones"]);
    const p = ["cluster", "generate"];
    cluster = {
      kind: "generate",
      count: d.int(g, "count", p, 0, 1),
      cpuMilli: d.quantity(g, "cpu", p, true, "32"),
      memoryBytes: d.quantity(g, "memory", p, false, "128Gi"),
      gpu: d.int(g, "gpu", p, 0),
      gpuModel: g.gpuModel === undefined ? "" : d.str(g, "gpuModel", p),
      maxPods: d.int(g, "pods", p, 110, 1),
      zones: d.int(g, "zones", p, 1, 1),
    };
    if (g.count === undefined) d.fail([...p, "count"], "required field is missing");
  } else d.fail(["cluster"], "one of trace, manifests or generate is required");

  const w = d.obj(root.workload, ["workload"], ["trace", "format", "manifests", "limit", "skipBadRows", "namespace"]);
  onlyOne(d, w, ["workload"], ["trace", "manifests"]);
  let workload: WorkloadSpec;
  if (w.trace !== undefined) {
    workload = {
      kind: "trace",
      file: d.file(w, "trace", ["workload"]),
      format: d.str(w, "format", ["workload"], "auto"),
      limit: w.limit === undefined ? null : d.int(w, "limit", ["workload"], 0, 1),
      skipBadRows: d.bool(w, "skipBadRows", ["workload"], false),
      namespace: d.str(w, "namespace", ["workload"], "default"),
    };
    if (!FORMATS.includes(workload.format)) d.fail(["workload", "format"], `unknown trace format "${workload.format}" (known: ${FORMATS.join(", ")})`);
  } else if (w.manifests !== undefined) {
    workload = { kind: "manifests", file: d.file(w, "manifests", ["workload"]) };
  } else d.fail(["workload"], "one of trace or manifests is required");

  let schedulerConfig: string | null = null;
  if (root.scheduler !== undefined) {
    const s = d.obj(root.scheduler, ["scheduler"], ["config"]);
    if (s.config !== undefined) schedulerConfig = d.file(s, "config", ["scheduler"]);
  }
  // The generator takes a 32-bit seed (see Rng.seeded): larger seeds would silently alias smaller ones.
  const seed = d.int(root, "seed", [], 1, 0, 2 ** 31 - 1);
  const m = d.obj(root.model ?? {}, ["model"], ["podStartLatency", "bindLatency", "scheduleCycle", "watchDelay", "deleteFinishedPods"]);
  const model: ModelSpec = {
    podStartLatencyUs: d.duration(m, "podStartLatency", ["model"], DEFAULT_MODEL.podStartLatencyUs),
    bindLatencyUs: d.duration(m, "bindLatency", ["model"], DEFAULT_MODEL.bindLatencyUs),
    scheduleCycleUs: d.duration(m, "scheduleCycle", ["model"], DEFAULT_MODEL.scheduleCycleUs),
    watchDelayUs: d.duration(m, "watchDelay", ["model"], DEFAULT_MODEL.watchDelayUs),
    deleteFinishedPods: d.bool(m, "deleteFinishedPods", ["model"], DEFAULT_MODEL.deleteFinishedPods),
  };
  const mt = d.obj(root.metrics ?? {}, ["metrics"], ["sampleInterval"]);
  const sampleIntervalUs = mt.sampleInterval === "auto" ? 0 : d.duration(mt, "sampleInterval", ["metrics"], 0);
  const untilUs = root.until === undefined ? null : d.duration(root, "until", [], 0);
  return { name, file: src.file, cluster, workload, schedulerConfig, seed, model, sampleIntervalUs, untilUs };
}
