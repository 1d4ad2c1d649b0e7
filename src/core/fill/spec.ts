/**
 * The fill experiment file (apiVersion clusterlab/v1, kind Fill): one cluster, workloads, scheduler variants
 * and seeds; every variant × workload × seed is one fill run (run.ts). Decoded strictly (unknown fields,
 * wrong types, missing files are errors naming file:line:col and the field). Paths are relative to the file.
 *
 *   apiVersion: clusterlab/v1
 *   kind: Fill
 *   metadata: { name: fgd-openb, description: … }
 *   cluster: { trace: ../traces/openb/openb_node_list_gpu_node.csv, format: openb }
 *   workloads:
 *     - { name: default, trace: ../traces/openb/openb_pod_list_default.csv, format: openb }
 *   variants:
 *     - { name: FGD, policy: FGD }                     # only this Score plugin, weight 1000, 100 % of nodes
 *     - { name: mine, schedulerConfig: mine.yaml, profile: default-scheduler }
 *   seeds: { from: 42, count: 10 }                     # or a list: [42, 43]
 *   tune: 1.3                                          # arrived GPU request target (× capacity)
 *   shuffleNodes: true
 *   maxPodsPerNode: 1001                               # optional override (the artifact's nodes)
 *   tieBreak: nodeOrder                                # or random (kube-scheduler's)
 *   compareWith: ../traces/fgd-atc23/fgd_expected_summary.csv   # optional: writes comparison.md
 */
import { describeValue, StrictDecoder } from "../util/strict-decoder.js";
import { dirname, resolve } from "node:path";
import type { FieldPath, YamlSource } from "../util/yaml-doc.js";

export interface FillWorkloadSpec {
  name: string;
  file: string;
  format: string;
}

export interface FillVariantSpec {
  name: string;
  policy: string | null;
  schedulerConfig: string | null;
  profile: string | null;
}

export interface FillSpec {
  name: string;
  file: string;
  nodesFile: string;
  nodesFormat: string;
  workloads: FillWorkloadSpec[];
  variants: FillVariantSpec[];
  seeds: number[];
  tune: number;
  shuffleNodes: boolean;
  maxPodsPerNode: number | null;
  tieBreak: "nodeOrder" | "random";
  compareWith: string | null;
}

const describe = describeValue;

export function decodeFill(src: YamlSource): FillSpec {
  const d = new StrictDecoder(src, dirname(resolve(src.file)));

  const doc = src.docs[0];
  if (!doc) d.fail([], "empty fill experiment file");
  const root = d.obj(doc!.toJS(), [], ["apiVersion", "kind", "metadata", "cluster", "workloads", "variants", "seeds", "tune", "shuffleNodes", "maxPodsPerNode", "tieBreak", "compareWith"]);
  if (root.apiVersion !== "clusterlab/v1") d.fail(["apiVersion"], `expected "clusterlab/v1", got ${describe(root.apiVersion)}`);
  if (root.kind !== "Fill") d.fail(["kind"], `expected "Fill", got ${describe(root.kind)}`);
  const meta = d.obj(root.metadata ?? {}, ["metadata"], ["name", "description"]);
  const specName = d.name(meta, "name", ["metadata"]);

  const c = d.obj(root.cluster, ["cluster"], ["trace", "format"]);
  const nodesFile = d.file(c, "trace", ["cluster"]);
  const nodesFormat = d.str(c, "format", ["cluster"], "auto");

  const list = (k: string): unknown[] => d.list(root[k], [k], k);
  const seen = (kind: string) => {
    const names = new Set<string>();
    return (n: string, path: FieldPath): void => {
      if (names.has(n)) d.fail([...path, "name"], `duplicate ${kind} "${n}"`);
      names.add(n);
    };
  };
  const wseen = seen("workload");
  const workloads = list("workloads").map((w, i) => {
    const p = ["workloads", i];
    const o = d.obj(w, p, ["name", "trace", "format"]);
    const n = d.name(o, "name", p);
    wseen(n, p);
    return { name: n, file: d.file(o, "trace", p), format: d.str(o, "format", p, "auto") };
  });
  const vseen = seen("variant");
  const variants = list("variants").map((v, i) => {
    const p = ["variants", i];
    const o = d.obj(v, p, ["name", "policy", "schedulerConfig", "profile"]);
    const n = d.name(o, "name", p);
    vseen(n, p);
    const hasPolicy = o.policy !== undefined;
    const hasConfig = o.schedulerConfig !== undefined;
    if (hasPolicy === hasConfig) d.fail(p, "exactly one of policy or schedulerConfig is required");
    return {
      name: n,
      policy: hasPolicy ? d.str(o, "policy", p) : null,
      schedulerConfig: hasConfig ? d.file(o, "schedulerConfig", p) : null,
      profile: o.profile === undefined ? null : d.str(o, "profile", p),
    };
  });

  const seeds = root.seeds === undefined ? [1] : d.seeds(root.seeds, ["seeds"]);
  const tune = root.tune ?? 1.3;
  if (typeof tune !== "number" || !(tune > 0) || !Number.isFinite(tune)) d.fail(["tune"], `expected a positive number, got ${describe(tune)}`);
  const shuffleNodes = root.shuffleNodes ?? true;
  if (typeof shuffleNodes !== "boolean") d.fail(["shuffleNodes"], `expected true or false, got ${describe(shuffleNodes)}`);
  const maxPodsPerNode = root.maxPodsPerNode === undefined ? null : d.intValue(root.maxPodsPerNode, ["maxPodsPerNode"], 1);
  const tieBreak = root.tieBreak ?? "nodeOrder";
  if (tieBreak !== "nodeOrder" && tieBreak !== "random") d.fail(["tieBreak"], `expected "nodeOrder" or "random", got ${describe(tieBreak)}`);
  const compareWith = root.compareWith === undefined ? null : d.file(root, "compareWith", []);
  return {
    name: specName,
    file: src.file,
    nodesFile,
    nodesFormat,
    workloads,
    variants,
    seeds,
    tune: tune as number,
    shuffleNodes: shuffleNodes as boolean,
    maxPodsPerNode,
    tieBreak: tieBreak as "nodeOrder" | "random",
    compareWith,
  };
}
