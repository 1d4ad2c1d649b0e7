/**
 * Label selectors (metav1.LabelSelector) and node selectors (v1.NodeSelector), with Kubernetes semantics:
 * - a LabelSelector's requirements are ANDed; an empty selector matches everything, a null one nothing
 *   (callers decide which applies: see `labelSelectorMatches`).
 * - NodeSelectorTerms are ORed, requirements inside a term ANDed; a term with no requirements matches nothing.
 * - Gt/Lt compare the label value and the single requirement value as integers.
 * Selectors are compiled once into predicate objects so the hot path does no parsing.
 */
import type {
  LabelSelector,
  LabelSelectorRequirement,
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
} from "./types.js";

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
  num: number;
}

export interface CompiledSelector {
  /** True when the selector has no requirements (matches every object). */
  readonly empty: boolean;
  matches(labels: Labels | undefined): boolean;
}

function compileRequirement(r: LabelSelectorRequirement | NodeSelectorRequirement, field: string): Requirement {
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) throw new SelectorError(`${field}: operator ${r.operator} needs at least one value`);
      return { key: r.key, op: r.operator, values: new Set(values), num: 0 };
    case "Exists":
    case "DoesNotExist":
      if (values.length !== 0) throw new SelectorError(`${field}: operator ${r.operator} takes no values`);
      return { key: r.key, op: r.operator, values: new Set(), num: 0 };
    case "Gt":
    case "Lt": {
      if (values.length !== 1 || !/^-?\d+$/.test(values[0]!)) {
        throw new SelectorError(`${field}: operator ${r.operator} needs exactly one integer value`);
      }
      return { key: r.key, op: r.operator, values: new Set(), num: Number(values[0]) };
    }
    default:
      throw new SelectorError(`${field}: unknown operator "${String((r as { operator: unknown }).operator)}"`);
  }
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
    case "Lt": {
      if (!has) return false;
      const v = labels[r.key]!;
      if (!/^-?\d+$/.test(v)) return false;
      return r.op === "Gt" ? Number(v) > r.num : Number(v) < r.num;
    }
  }
}

class RequirementsSelector implements CompiledSelector {
  readonly empty: boolean;
  constructor(private readonly reqs: readonly Requirement[]) {
    this.empty = reqs.length === 0;
  }
  matches(labels: Labels | undefined): boolean {
    const l = labels ?? EMPTY_LABELS;
    for (const r of this.reqs) if (!requirementMatches(r, l)) return false;
    return true;
  }
}

const NOTHING: CompiledSelector = { empty: false, matches: () => false };
const EVERYTHING: CompiledSelector = new RequirementsSelector([]);

/** Compiles a metav1.LabelSelector. `null`/`undefined` selects nothing; `{}` selects everything. */
export function compileLabelSelector(sel: LabelSelector | null | undefined, field = "labelSelector"): CompiledSelector {
  if (sel == null) return NOTHING;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    reqs.push({ key: k, op: "In", values: new Set([String(v)]), num: 0 });
  }
  (sel.matchExpressions ?? []).forEach((e, i) => reqs.push(compileRequirement(e, `${field}.matchExpressions[${i}]`)));
  return reqs.length === 0 ? EVERYTHING : new RequirementsSelector(reqs);
}

/** Compiles a plain map selector (Pod.spec.nodeSelector, Service.spec.selector). */
export function compileMapSelector(map: Record<string, string> | undefined): CompiledSelector {
  if (!map) return EVERYTHING;
  return compileLabelSelector({ matchLabels: map });
}

export const everything = (): CompiledSelector => EVERYTHING;
export const nothing = (): CompiledSelector => NOTHING;

/** A compiled NodeSelectorTerm: matchExpressions against labels, matchFields against metadata.name. */
class TermMatcher {
  constructor(
    private readonly labelReqs: readonly Requirement[],
    private readonly fieldReqs: readonly Requirement[],
  ) {}
  get empty(): boolean {
    return this.labelReqs.length === 0 && this.fieldReqs.length === 0;
  }
  matches(labels: Labels, nodeName: string): boolean {
    if (this.empty) return false; // an empty term matches no objects
    for (const r of this.labelReqs) if (!requirementMatches(r, labels)) return false;
    if (this.fieldReqs.length > 0) {
      const fields = { "metadata.name": nodeName };
      for (const r of this.fieldReqs) if (!requirementMatches(r, fields)) return false;
    }
    return true;
  }
}

export function compileNodeSelectorTerm(term: NodeSelectorTerm, field: string): TermMatcher {
  const labelReqs = (term.matchExpressions ?? []).map((e, i) => compileRequirement(e, `${field}.matchExpressions[${i}]`));
  const fieldReqs = (term.matchFields ?? []).map((e, i) => {
    if (e.key !== "metadata.name") throw new SelectorError(`${field}.matchFields[${i}]: only metadata.name is supported`);
    if (e.operator !== "In" && e.operator !== "NotIn") {
      throw new SelectorError(`${field}.matchFields[${i}]: operator must be In or NotIn`);
    }
    return compileRequirement(e, `${field}.matchFields[${i}]`);
  });
  return new TermMatcher(labelReqs, fieldReqs);
}

export interface CompiledNodeSelector {
  matches(labels: Labels | undefined, nodeName: string): boolean;
}

/** Compiles a v1.NodeSelector (terms ORed). A selector with no terms matches nothing. */
export function compileNodeSelector(sel: NodeSelector, field = "nodeSelector"): CompiledNodeSelector {
  const terms = (sel.nodeSelectorTerms ?? []).map((t, i) => compileNodeSelectorTerm(t, `${field}.nodeSelectorTerms[${i}]`));
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
