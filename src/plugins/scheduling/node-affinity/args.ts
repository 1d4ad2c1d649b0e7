/**
 * NodeAffinityArgs: `addedAffinity` (a v1.NodeAffinity) applied to every pod of the profile.
 * Checked like kube's strict decoding (unknown fields, wrong types) plus ValidateNodeAffinityArgs
 * (every non-empty term must parse).
 */
import type { NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PreferredSchedulingTerm } from "../../../core/api/types.js";
import { ArgsError } from "../../../core/scheduler/framework.js";
import { isEmptyTerm, termError } from "./terms.js";

export interface NodeAffinityArgs {
  addedAffinity?: NodeAffinity;
}

type Obj = Record<string, unknown>;

function object(v: unknown, path: string, allowed: readonly string[]): Obj {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new ArgsError(path, "must be an object");
  for (const k of Object.keys(v)) if (!allowed.includes(k)) throw new ArgsError(`${path}.${k}`, "unknown field");
  return v as Obj;
}

function array(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new ArgsError(path, "must be a list");
  return v;
}

function string(v: unknown, path: string): string {
  if (typeof v !== "string") throw new ArgsError(path, "must be a string");
  return v;
}

function requirement(v: unknown, path: string): NodeSelectorRequirement {
  const o = object(v, path, ["key", "operator", "values"]);
  const r = { key: string(o.key, `${path}.key`), operator: string(o.operator, `${path}.operator`) } as NodeSelectorRequirement;
  if (o.values != null) r.values = array(o.values, `${path}.values`).map((x, i) => string(x, `${path}.values[${i}]`));
  return r;
}

function term(v: unknown, path: string): NodeSelectorTerm {
  const o = object(v, path, ["matchExpressions", "matchFields"]);
  const t: NodeSelectorTerm = {};
  if (o.matchExpressions != null) {
    t.matchExpressions = array(o.matchExpressions, `${path}.matchExpressions`).map((r, i) => requirement(r, `${path}.matchExpressions[${i}]`));
  }
  if (o.matchFields != null) {
    t.matchFields = array(o.matchFields, `${path}.matchFields`).map((r, i) => requirement(r, `${path}.matchFields[${i}]`));
  }
  if (!isEmptyTerm(t)) {
    const err = termError(t);
    if (err) throw new ArgsError(`${path}.${err.slice(0, err.indexOf(":"))}`, err.slice(err.indexOf(":") + 2));
  }
  return t;
}

function nodeSelector(v: unknown, path: string): NodeSelector {
  const o = object(v, path, ["nodeSelectorTerms"]);
  const terms = o.nodeSelectorTerms == null ? [] : array(o.nodeSelectorTerms, `${path}.nodeSelectorTerms`);
  return { nodeSelectorTerms: terms.map((t, i) => term(t, `${path}.nodeSelectorTerms[${i}]`)) };
}

function preferred(v: unknown, path: string): PreferredSchedulingTerm {
  const o = object(v, path, ["weight", "preference"]);
  const w = o.weight ?? 0;
  if (typeof w !== "number" || !Number.isInteger(w)) throw new ArgsError(`${path}.weight`, "must be an integer");
  if (w < -2147483648 || w > 2147483647) throw new ArgsError(`${path}.weight`, "must fit in int32");
  return { weight: w, preference: term(o.preference ?? {}, `${path}.preference`) };
}

export function parseNodeAffinityArgs(raw: unknown, path: string): NodeAffinityArgs {
  if (raw == null) return {};
  const o = object(raw, path, ["addedAffinity"]);
  if (o.addedAffinity == null) return {};
  const p = `${path}.addedAffinity`;
  const a = object(o.addedAffinity, p, ["requiredDuringSchedulingIgnoredDuringExecution", "preferredDuringSchedulingIgnoredDuringExecution"]);
  const added: NodeAffinity = {};
  const req = a.requiredDuringSchedulingIgnoredDuringExecution;
  if (req != null) added.requiredDuringSchedulingIgnoredDuringExecution = nodeSelector(req, `${p}.requiredDuringSchedulingIgnoredDuringExecution`);
  const pref = a.preferredDuringSchedulingIgnoredDuringExecution;
  if (pref != null) {
    const pp = `${p}.preferredDuringSchedulingIgnoredDuringExecution`;
    added.preferredDuringSchedulingIgnoredDuringExecution = array(pref, pp).map((t, i) => preferred(t, `${pp}[${i}]`));
  }
  return { addedAffinity: added };
}
