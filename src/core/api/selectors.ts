/**
 * Label selectors (metav1.LabelSelector) and node selectors (v1.NodeSelector), with Kubernetes semantics:
 * - a LabelSelector's requirements are ANDed; an empty selector matches everything, a null one nothing
 *   (callers decide which applies: see `labelSelectorMatches`).
 * - NodeSelectorTerms are ORed, requirements inside a term ANDed; a term with no requirements matches nothing.
 * - Gt/Lt compare the label value and the single requirement value as int64 (strconv.ParseInt); a label
 *   value that is not an integer does not match. Gt/Lt are node-selector-only: a LabelSelector rejects them.
 * - Compiling validates as labels.NewRequirement does (keys, values, value counts) and throws SelectorError;
 *   `compileMapSelector` (SelectorFromSet) does not validate.
 * Selectors are compiled once into predicate objects so the hot path does no parsing.
 */
import type {
  LabelSelector,
  LabelSelectorRequirement,
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
} from "./types.js";
import { labelValueError, qualifiedNameError } from "./validate.js";

export type Labels = Readonly<Record<string, string>>;
export const EMPTY_LABELS: Labels = Object.freeze({});

export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SelectorError";
  }
}

/** A compiled requirement. */
interface Requirement {
  key: string;
  op: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
  values: ReadonlySet<string>;
  /** Gt/Lt operand; `num` is exact when |big| ≤ 2^53. */
  num: number;
  big: bigint;
}

export interface CompiledSelector {
  /** True when the selector has no requirements (matches every object). */
  readonly empty: boolean;
  /** A canonical text of the requirements: equal keys select the same objects (for caches). */
  readonly key?: string;
  matches(labels: Labels | undefined): boolean;
}

const INT_RE = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64), or null when s is not a base-10 int64. */
function parseInt64(s: string): bigint | null {
  if (!INT_RE.test(s)) return null;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? null : v;
}

const LABEL_OPS = "In, NotIn, Exists, DoesNotExist";
const NODE_OPS = "In, NotIn, Exists, DoesNotExist, Gt, Lt";

/** labels.NewRequirement's checks; `numeric` admits Gt/Lt (node selectors only). */
function compileRequirement(r: LabelSelectorRequirement | NodeSelectorRequirement, field: string, numeric: boolean): Requirement {
  const keyErr = qualifiedNameError(String(r.key));
  if (keyErr) throw new SelectorError(`${field}.key: ${keyErr}`);
  const values = r.values ?? [];
  values.forEach((v, i) => {
    const e = labelValueError(String(v));
    if (e) throw new SelectorError(`${field}.values[${i}]: ${e}`);
  });
  const op = r.operator as string;
  switch (op) {
    case "In":
    case "NotIn":
      if (values.length === 0) throw new SelectorError(`${field}.values: for 'in', 'notin' operators, values set can't be empty`);
      return { key: r.key, op, values: new Set(values), num: 0, big: 0n };
    case "Exists":
    case "DoesNotExist":
      if (values.length !== 0) throw new SelectorError(`${field}.values: values set must be empty for exists and does not exist`);
      return { key: r.key, op, values: new Set(), num: 0, big: 0n };
    case "Gt":
    case "Lt": {
      if (!numeric) throw new SelectorError(`${field}.operator: "${op}" is not a valid label selector operator (supported: ${LABEL_OPS})`);
      if (values.length !== 1) throw new SelectorError(`${field}.values: for 'Gt', 'Lt' operators, exactly one value is required`);
      const big = parseInt64(values[0]!);
      if (big === null) throw new SelectorError(`${field}.values[0]: for 'Gt', 'Lt' operators, the value must be an integer`);
      return { key: r.key, op, values: new Set(), num: Number(big), big };
    }
    default:
      throw new SelectorError(`${field}.operator: unsupported operator "${String(op)}" (supported: ${numeric ? NODE_OPS : LABEL_OPS})`);
  }
}

/** Gt/Lt against a label value; non-integers never match (Requirement.Matches). */
function compareInt(r: Requirement, v: string): boolean {
  // Up to 15 digits a double is exact and no BigInt is needed (the common case: small integers).
  if (v.length <= 15 && INT_RE.test(v) && Math.abs(r.num) <= Number.MAX_SAFE_INTEGER) {
    const n = Number(v);
    return r.op === "Gt" ? n > r.num : n < r.num;
  }
  const big = parseInt64(v);
  if (big === null) return false;
  return r.op === "Gt" ? big > r.big : big < r.big;
}

function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.op) {
    case "In":
      return has && r.values.has(labels[r.key]!);
    case "NotIn":
      return !has || !r.values.has(labels[r.key]!);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt":
      return has && compareInt(r, labels[r.key]!);
  }
}

/**
 * One requirement as canonical text; a selector's key is its requirements' texts sorted and joined by ";"
 * (any selector implementation that builds its key this way shares caches with the others).
 */
export function requirementKey(key: string, op: string, values: Iterable<string>, big = ""): string {
  return JSON.stringify([key, op, [...values].sort(), big]);
}

class RequirementsSelector implements CompiledSelector {
  readonly empty: boolean;
  private canonical: string | undefined;
  constructor(private readonly reqs: readonly Requirement[]) {
    this.empty = reqs.length === 0;
  }
  get key(): string {
    this.canonical ??= this.reqs
      .map((r) => requirementKey(r.key, r.op, r.values, r.op === "Gt" || r.op === "Lt" ? String(r.big) : ""))
      .sort()
      .join(";");
    return this.canonical;
  }
  matches(labels: Labels | undefined): boolean {
    const l = labels ?? EMPTY_LABELS;
    for (const r of this.reqs) if (!requirementMatches(r, l)) return false;
    return true;
  }
}

const NOTHING: CompiledSelector = { empty: false, key: "!nothing", matches: () => false };
const EVERYTHING: CompiledSelector = new RequirementsSelector([]);

/** Compiles a metav1.LabelSelector. `null`/`undefined` selects nothing; `{}` selects everything. */
export function compileLabelSelector(sel: LabelSelector | null | undefined, field = "labelSelector"): CompiledSelector {
  if (sel == null) return NOTHING;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    const e = qualifiedNameError(k) ?? labelValueError(String(v));
    if (e) throw new SelectorError(`${field}.matchLabels.${k}: ${e}`);
    reqs.push({ key: k, op: "In", values: new Set([String(v)]), num: 0, big: 0n });
  }
  (sel.matchExpressions ?? []).forEach((e, i) => reqs.push(compileRequirement(e, `${field}.matchExpressions[${i}]`, false)));
  return reqs.length === 0 ? EVERYTHING : new RequirementsSelector(reqs);
}

/** Compiles a plain map selector (Pod.spec.nodeSelector, Service.spec.selector): SelectorFromSet, unvalidated. */
export function compileMapSelector(map: Record<string, string> | undefined): CompiledSelector {
  if (!map) return EVERYTHING;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(map)) reqs.push({ key: k, op: "In", values: new Set([String(v)]), num: 0, big: 0n });
  return reqs.length === 0 ? EVERYTHING : new RequirementsSelector(reqs);
}

export const everything = (): CompiledSelector => EVERYTHING;
export const nothing = (): CompiledSelector => NOTHING;

/** A compiled NodeSelectorTerm: matchExpressions against labels, matchFields against metadata.name. */
class TermMatcher {
  readonly empty: boolean;
  constructor(
    private readonly labelReqs: readonly Requirement[],
    /** metadata.name In/NotIn, one value each (checked at compile time). */
    private readonly fieldReqs: readonly Requirement[],
  ) {
    this.empty = labelReqs.length === 0 && fieldReqs.length === 0;
  }
  matches(labels: Labels, nodeName: string): boolean {
    if (this.empty) return false; // an empty term matches no objects
    for (const r of this.labelReqs) if (!requirementMatches(r, labels)) return false;
    // A node always has metadata.name, so In is membership and NotIn its negation (no per-node allocation).
    for (const r of this.fieldReqs) if (r.values.has(nodeName) !== (r.op === "In")) return false;
    return true;
  }
}

/** Stands in for an unparseable term under `lazy`: no requirements, so it matches nothing. */
const NEVER_TERM = new TermMatcher([], []);

export function compileNodeSelectorTerm(term: NodeSelectorTerm, field: string): TermMatcher {
  const labelReqs = (term.matchExpressions ?? []).map((e, i) => compileRequirement(e, `${field}.matchExpressions[${i}]`, true));
  const fieldReqs = (term.matchFields ?? []).map((e, i): Requirement => {
    const f = `${field}.matchFields[${i}]`;
    // nodeSelectorRequirementsAsFieldSelector plus API validation: metadata.name, In/NotIn, one value.
    if (e.key !== "metadata.name") throw new SelectorError(`${f}.key: "${e.key}" is not a valid field selector key (only metadata.name)`);
    if (e.operator !== "In" && e.operator !== "NotIn") {
      throw new SelectorError(`${f}.operator: unsupported operator "${String(e.operator)}" (supported: In, NotIn)`);
    }
    if ((e.values ?? []).length !== 1) throw new SelectorError(`${f}.values: must have one element`);
    return { key: e.key, op: e.operator, values: new Set(e.values), num: 0, big: 0n };
  });
  return new TermMatcher(labelReqs, fieldReqs);
}

export interface CompiledNodeSelector {
  matches(labels: Labels | undefined, nodeName: string): boolean;
}

/**
 * Compiles a v1.NodeSelector (terms ORed). A selector with no terms matches nothing.
 * By default an invalid term throws (NewNodeSelector). With `lazy`, an invalid term just matches
 * nothing while valid terms still apply, as the NodeAffinity filter's LazyErrorNodeSelector does.
 */
export function compileNodeSelector(sel: NodeSelector, field = "nodeSelector", opts: { lazy?: boolean } = {}): CompiledNodeSelector {
  const terms = (sel.nodeSelectorTerms ?? []).map((t, i) => {
    try {
      return compileNodeSelectorTerm(t, `${field}.nodeSelectorTerms[${i}]`);
    } catch (e) {
      if (opts.lazy && e instanceof SelectorError) return NEVER_TERM;
      throw e;
    }
  });
  return {
    matches(labels, nodeName) {
      const l = labels ?? EMPTY_LABELS;
      for (const t of terms) if (t.matches(l, nodeName)) return true;
      return false;
    },
  };
}

/** The names and values a NodeSelectorTerm with matchFields metadata.name In [...] pins the pod to, if any. */
export function nodeNamesFromTerm(term: NodeSelectorTerm): string[] | null {
  const f = term.matchFields ?? [];
  if (f.length !== 1 || (term.matchExpressions ?? []).length !== 0) return null;
  const r = f[0]!;
  return r.key === "metadata.name" && r.operator === "In" ? [...(r.values ?? [])] : null;
}
