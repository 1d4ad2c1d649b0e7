/**
 * NodeSelectorTerm parsing with component-helpers/nodeaffinity semantics:
 *  - an empty term (no matchExpressions, no matchFields) matches no node and is dropped;
 *  - a term that does not parse (labels.NewRequirement: bad key, bad value, wrong value count, non-integer
 *    Gt/Lt; matchFields other than In/NotIn with exactly one value) matches no node, while the other
 *    terms still count ("lazy" errors, as the required affinity of a pod is evaluated);
 *  - preferred terms with weight 0 are dropped; a parse error in any other preferred term is an error.
 */
import type { NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PreferredSchedulingTerm } from "../../../core/api/types.js";
import { compileNodeSelectorTerm } from "../../../core/api/selectors.js";
import { labelValueError, qualifiedNameError } from "../../../core/api/validate.js";

export type TermMatcher = ReturnType<typeof compileNodeSelectorTerm>;

export interface WeightedTerm {
  readonly weight: number;
  readonly term: TermMatcher;
}

const INT64 = /^[+-]?\d+$/;

// k8s.io/apimachinery/pkg/util/validation's rules for keys and values (core/api/validate.ts).
function keyError(key: string): string | null {
  const e = qualifiedNameError(key);
  return e === null ? null : `invalid key: ${e}`;
}

function expressionError(r: NodeSelectorRequirement): string | null {
  const k = keyError(r.key ?? "");
  if (k) return k;
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) return `${r.operator}: values must be non-empty`;
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length !== 0) return `${r.operator}: values must be empty`;
      break;
    case "Gt":
    case "Lt":
      if (values.length !== 1) return `${r.operator}: exactly one value is required`;
      if (!INT64.test(values[0]!)) return `${r.operator}: value "${values[0]}" is not an integer`;
      break;
    default:
      return `unsupported operator "${String(r.operator)}"`;
  }
  for (const v of values) {
    const e = labelValueError(v);
    if (e) return e;
  }
  return null;
}

function fieldError(r: NodeSelectorRequirement): string | null {
  if (r.operator !== "In" && r.operator !== "NotIn") return `matchFields: unsupported operator "${String(r.operator)}"`;
  if ((r.values ?? []).length !== 1) return "matchFields: must have exactly one value";
  if (r.key !== "metadata.name") return `matchFields: unsupported field "${r.key}"`;
  return null;
}

/** Why kube could not parse this term, or null when it parses. */
export function termError(term: NodeSelectorTerm): string | null {
  const exprs = term.matchExpressions ?? [];
  for (let i = 0; i < exprs.length; i++) {
    const e = expressionError(exprs[i]!);
    if (e) return `matchExpressions[${i}]: ${e}`;
  }
  const fields = term.matchFields ?? [];
  for (let i = 0; i < fields.length; i++) {
    const e = fieldError(fields[i]!);
    if (e) return `matchFields[${i}]: ${e}`;
  }
  return null;
}

export function isEmptyTerm(term: NodeSelectorTerm): boolean {
  return (term.matchExpressions ?? []).length === 0 && (term.matchFields ?? []).length === 0;
}

/** Compiles the terms of a NodeSelector that can match something; empty and unparsable terms are dropped. */
export function compileRequiredTerms(ns: NodeSelector, field: string): TermMatcher[] {
  const out: TermMatcher[] = [];
  (ns.nodeSelectorTerms ?? []).forEach((t, i) => {
    if (!isEmptyTerm(t) && termError(t) === null) out.push(compileNodeSelectorTerm(t, `${field}.nodeSelectorTerms[${i}]`));
  });
  return out;
}

/** Compiles preferred terms (weight-0 and empty ones dropped); an unparsable term makes the whole list an error. */
export function compilePreferredTerms(terms: readonly PreferredSchedulingTerm[], field: string): WeightedTerm[] | string {
  const out: WeightedTerm[] = [];
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    if (!t.weight || isEmptyTerm(t.preference ?? {})) continue;
    const err = termError(t.preference);
    if (err) return `${field}[${i}].preference.${err}`;
    out.push({ weight: t.weight, term: compileNodeSelectorTerm(t.preference, `${field}[${i}].preference`) });
  }
  return out;
}
