/**
 * The compact list syntaxes of clusterlab-csv/v1 (grammar in traces/README.md):
 *   labels, node_selector   key=value;key=value           (value may be empty: `key=`)
 *   taints                  key=value:Effect;key:Effect
 *   tolerations             key=value:Effect  key=value  key:Effect  key  *:Effect  *
 * Items are separated by `;`, surrounding spaces and empty items are ignored. Keys are Kubernetes
 * qualified names (`[prefix/]name`), values label values, so `;`, `=`, `:` never occur inside them.
 */
import type { Taint, TaintEffect, Toleration } from "../api/types.js";
import { RowError } from "./fields.js";

const NAME_RE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const EFFECTS: readonly string[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** Kubernetes qualified name: optional DNS-subdomain prefix (≤ 253) + "/" + name (≤ 63). */
export function isQualifiedName(key: string): boolean {
  const slash = key.indexOf("/");
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN_RE.test(prefix)) return false;
  }
  return name.length <= 63 && NAME_RE.test(name);
}

export function isLabelValue(v: string): boolean {
  return v === "" || (v.length <= 63 && NAME_RE.test(v));
}

/**
 * What an empty column decodes to: one shared, frozen value rather than a new one per row (a held trace
 * keeps every row for the whole run, and most rows leave these columns empty).
 */
const NO_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_TAINTS: Taint[] = Object.freeze([]) as unknown as Taint[];
const NO_TOLERATIONS: Toleration[] = Object.freeze([]) as unknown as Toleration[];

function items(s: string): string[] {
  if (s === "") return [];
  return s
    .split(";")
    .map((x) => x.trim())
    .filter((x) => x !== "");
}

function bad(column: string, item: string, why: string): RowError {
  return new RowError(`column ${column}: ${why} in ${JSON.stringify(item)}`);
}

function checkKey(column: string, item: string, key: string): void {
  if (!isQualifiedName(key)) throw bad(column, item, `invalid key ${JSON.stringify(key)}`);
}

function checkValue(column: string, item: string, value: string): void {
  if (!isLabelValue(value)) throw bad(column, item, `invalid value ${JSON.stringify(value)}`);
}

function checkEffect(column: string, item: string, effect: string): TaintEffect {
  if (!EFFECTS.includes(effect)) throw bad(column, item, `effect must be NoSchedule, PreferNoSchedule or NoExecute`);
  return effect as TaintEffect;
}

/** `key=value;…` → a map. */
export function parseLabels(s: string, column: string): Record<string, string> {
  if (s === "") return NO_LABELS;
  const out: Record<string, string> = {};
  for (const it of items(s)) {
    const eq = it.indexOf("=");
    if (eq < 0) throw bad(column, it, "expected key=value");
    const key = it.slice(0, eq);
    const value = it.slice(eq + 1);
    checkKey(column, it, key);
    checkValue(column, it, value);
    if (key in out) throw bad(column, it, `duplicate key ${JSON.stringify(key)}`);
    out[key] = value;
  }
  return out;
}

/** `key[=value]:Effect;…` → taints. */
export function parseTaints(s: string, column: string): Taint[] {
  if (s === "") return NO_TAINTS;
  const out: Taint[] = [];
  for (const it of items(s)) {
    const colon = it.lastIndexOf(":");
    if (colon < 0) throw bad(column, it, "expected key=value:Effect or key:Effect");
    const effect = checkEffect(column, it, it.slice(colon + 1));
    const kv = it.slice(0, colon);
    const eq = kv.indexOf("=");
    const key = eq < 0 ? kv : kv.slice(0, eq);
    checkKey(column, it, key);
    if (eq < 0) out.push({ key, effect });
    else {
      const value = kv.slice(eq + 1);
      checkValue(column, it, value);
      out.push({ key, value, effect });
    }
  }
  return out;
}

/** `key=value[:Effect]` (Equal), `key[:Effect]` (Exists), `*[:Effect]` (Exists, any key); no effect = all. */
export function parseTolerations(s: string, column: string): Toleration[] {
  if (s === "") return NO_TOLERATIONS;
  const out: Toleration[] = [];
  for (const it of items(s)) {
    const colon = it.lastIndexOf(":");
    const effect = colon < 0 ? undefined : checkEffect(column, it, it.slice(colon + 1));
    const kv = colon < 0 ? it : it.slice(0, colon);
    const eq = kv.indexOf("=");
    let t: Toleration;
    if (kv === "*") t = { operator: "Exists" };
    else if (eq < 0) {
      checkKey(column, it, kv);
      t = { key: kv, operator: "Exists" };
    } else {
      const key = kv.slice(0, eq);
      const value = kv.slice(eq + 1);
      checkKey(column, it, key);
      checkValue(column, it, value);
      t = { key, operator: "Equal", value };
    }
    if (effect) t.effect = effect;
    out.push(t);
  }
  return out;
}

// Writers: the inverse of the parsers. They throw on input the grammar cannot carry, so a written file always reads back.

export function formatLabels(m: Readonly<Record<string, string>>, what: string): string {
  const parts: string[] = [];
  for (const k in m) {
    const v = m[k]!;
    if (!isQualifiedName(k) || !isLabelValue(v)) throw new Error(`${what}: cannot write ${k}=${v} (not a valid label)`);
    parts.push(`${k}=${v}`);
  }
  return parts.join(";");
}

export function formatTaints(ts: readonly Taint[], what: string): string {
  return ts
    .map((t) => {
      const v = t.value ?? "";
      if (!isQualifiedName(t.key) || !isLabelValue(v) || !EFFECTS.includes(t.effect)) {
        throw new Error(`${what}: cannot write taint ${JSON.stringify(t)}`);
      }
      return v === "" ? `${t.key}:${t.effect}` : `${t.key}=${v}:${t.effect}`;
    })
    .join(";");
}

export function formatTolerations(ts: readonly Toleration[], what: string): string {
  return ts
    .map((t) => {
      const fail = (): never => {
        throw new Error(`${what}: cannot write toleration ${JSON.stringify(t)}`);
      };
      if (t.tolerationSeconds !== undefined) fail();
      const key = t.key ?? "";
      let s: string;
      if (t.operator === "Exists") {
        if (t.value) fail();
        s = key === "" ? "*" : key;
      } else {
        s = `${key}=${t.value ?? ""}`;
      }
      if (key !== "" && !isQualifiedName(key)) fail();
      if (t.operator !== "Exists" && (key === "" || !isLabelValue(t.value ?? ""))) fail();
      if (t.effect) {
        if (!EFFECTS.includes(t.effect)) fail();
        s += `:${t.effect}`;
      }
      return s;
    })
    .join(";");
}
