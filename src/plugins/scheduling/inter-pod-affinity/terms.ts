/**
 * Pod (anti-)affinity terms compiled once per pod (framework.PodInfo's Required/Preferred*Terms, v1.33)
 * and cached in `PodInfo.cache`: existing pods' terms are matched in every scheduling cycle.
 *
 * - `namespaces` empty and `namespaceSelector` null ⇒ the pod's own namespace (getNamespacesFromPodAffinityTerm).
 * - `matchLabelKeys`/`mismatchLabelKeys` (MatchLabelKeysInPodAffinity, beta and on in v1.33) are merged into the
 *   labelSelector as `key In (value)` / `key NotIn (value)` from the owning pod's labels, skipping absent keys and
 *   terms without a labelSelector. kube-apiserver does this at pod creation; a simulator without an API server does
 *   it here.
 * - Selectors are validated as metav1.LabelSelectorAsSelector does; a group whose selector fails to parse gets no
 *   terms and the pod records the error (the incoming pod is then rejected in PreFilter / errors in PreScore).
 */
import type { LabelSelector, LabelSelectorRequirement, PodAffinityTerm, WeightedPodAffinityTerm } from "../../../core/api/types.js";
import { compileLabelSelector, requirementKey, type CompiledSelector, type Labels } from "../../../core/api/selectors.js";
import type { FrameworkHandle } from "../../../core/scheduler/framework.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";

export interface AffinityTerm {
  readonly selector: CompiledSelector;
  /** Namespaces named by the term (or the owning pod's own namespace). */
  readonly namespaces: ReadonlySet<string>;
  /** null when the term has no namespaceSelector; `.empty` ({}) selects every namespace. */
  readonly nsSelector: CompiledSelector | null;
  readonly topologyKey: string;
  /** Weight of a preferred term; 0 for required terms. */
  readonly weight: number;
}

export interface PodAffinityTerms {
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly AffinityTerm[];
  readonly preferredAntiAffinity: readonly AffinityTerm[];
  /** framework.NewPodInfo's aggregated parse error, or null. */
  readonly parseError: string | null;
}

const NO_TERMS: readonly AffinityTerm[] = Object.freeze([]);
const EMPTY: PodAffinityTerms = Object.freeze({
  requiredAffinity: NO_TERMS,
  requiredAntiAffinity: NO_TERMS,
  preferredAffinity: NO_TERMS,
  preferredAntiAffinity: NO_TERMS,
  parseError: null,
});

const CACHE_KEY = "InterPodAffinity/terms";

/** The pod's compiled terms, computed on first use and cached on the PodInfo. */
export function affinityTermsOf(pi: PodInfo): PodAffinityTerms {
  if (!pi.hasAffinity) return EMPTY;
  const cached = pi.cache.get(CACHE_KEY) as PodAffinityTerms | undefined;
  if (cached) return cached;
  const t = compilePodTerms(pi);
  pi.cache.set(CACHE_KEY, t);
  return t;
}

function compilePodTerms(pi: PodInfo): PodAffinityTerms {
  const aff = pi.pod.spec.affinity;
  const errors: string[] = [];
  const group = (name: string, terms: readonly PodAffinityTerm[] | undefined, weights?: readonly number[]): readonly AffinityTerm[] => {
    if (!terms || terms.length === 0) return NO_TERMS;
    const out: AffinityTerm[] = [];
    for (let i = 0; i < terms.length; i++) {
      const r = compileTerm(pi, terms[i]!, weights ? weights[i]! : 0);
      if (typeof r === "string") {
        // GetAffinityTerms stops at the first bad term and returns no terms for the group.
        errors.push(`${name}: ${r}`);
        return NO_TERMS;
      }
      out.push(r);
    }
    return out;
  };
  const weighted = (w: readonly WeightedPodAffinityTerm[] | undefined) => w?.map((x) => x.podAffinityTerm);
  const weightsOf = (w: readonly WeightedPodAffinityTerm[] | undefined) => w?.map((x) => x.weight);
  const pa = aff?.podAffinity;
  const paa = aff?.podAntiAffinity;
  const requiredAffinity = group("requiredAffinityTerms", pa?.requiredDuringSchedulingIgnoredDuringExecution);
  const requiredAntiAffinity = group("requiredAntiAffinityTerms", paa?.requiredDuringSchedulingIgnoredDuringExecution);
  const preferredAffinity = group(
    "preferredAffinityTerms",
    weighted(pa?.preferredDuringSchedulingIgnoredDuringExecution),
    weightsOf(pa?.preferredDuringSchedulingIgnoredDuringExecution),
  );
  const preferredAntiAffinity = group(
    "preferredAntiAffinityTerms",
    weighted(paa?.preferredDuringSchedulingIgnoredDuringExecution),
    weightsOf(paa?.preferredDuringSchedulingIgnoredDuringExecution),
  );
  // utilerrors.NewAggregate: one error prints as itself, several as "[a, b]".
  const parseError = errors.length === 0 ? null : errors.length === 1 ? errors[0]! : `[${errors.join(", ")}]`;
  return { requiredAffinity, requiredAntiAffinity, preferredAffinity, preferredAntiAffinity, parseError };
}

function compileTerm(pi: PodInfo, term: PodAffinityTerm, weight: number): AffinityTerm | string {
  const sel = mergedLabelSelector(term, pi.labels);
  const selErr = validateLabelSelector(sel);
  if (selErr) return selErr;
  const nsErr = validateLabelSelector(term.namespaceSelector);
  if (nsErr) return nsErr;
  const names = term.namespaces ?? [];
  const namespaces = new Set(names.length === 0 && term.namespaceSelector == null ? [pi.namespace] : names);
  return {
    selector: fastSelector(sel),
    namespaces,
    nsSelector: term.namespaceSelector == null ? null : compileLabelSelector(term.namespaceSelector),
    topologyKey: term.topologyKey,
    weight,
  };
}

/** Matches labels equal to every key/value pair (no Set lookups: the common matchLabels-only selector). */
class EqualitySelector implements CompiledSelector {
  readonly empty = false;
  private canonical: string | undefined;
  constructor(
    private readonly keys: readonly string[],
    private readonly values: readonly string[],
  ) {}
  /** The key compileLabelSelector's selector for the same requirements has (`key In (value)` each). */
  get key(): string {
    this.canonical ??= this.keys.map((k, i) => requirementKey(k, "In", [this.values[i]!])).sort().join(";");
    return this.canonical;
  }
  matches(labels: Labels | undefined): boolean {
    if (labels === undefined) return false;
    // Inherited Object.prototype members are never strings, so they never equal a value.
    for (let i = 0; i < this.keys.length; i++) if (labels[this.keys[i]!] !== this.values[i]) return false;
    return true;
  }
}

/** compileLabelSelector, specialised to EqualitySelector for matchLabels / single-value In requirements. */
function fastSelector(sel: LabelSelector | undefined): CompiledSelector {
  if (sel == null) return compileLabelSelector(sel);
  const keys: string[] = [];
  const values: string[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    keys.push(k);
    values.push(String(v));
  }
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator !== "In" || e.values?.length !== 1) return compileLabelSelector(sel);
    keys.push(e.key);
    values.push(e.values[0]!);
  }
  return keys.length === 0 ? compileLabelSelector(sel) : new EqualitySelector(keys, values);
}

/** The term's labelSelector with matchLabelKeys (In) and mismatchLabelKeys (NotIn) merged from `podLabels`. */
export function mergedLabelSelector(term: PodAffinityTerm, podLabels: Labels): LabelSelector | undefined {
  const sel = term.labelSelector;
  const match = term.matchLabelKeys ?? [];
  const mismatch = term.mismatchLabelKeys ?? [];
  // A null selector matches nothing, so the keys are not applied to it.
  if (sel == null || (match.length === 0 && mismatch.length === 0)) return sel;
  const extra: LabelSelectorRequirement[] = [];
  for (const k of match) {
    const v = labelOf(podLabels, k);
    if (v !== undefined) extra.push({ key: k, operator: "In", values: [v] });
  }
  for (const k of mismatch) {
    const v = labelOf(podLabels, k);
    if (v !== undefined) extra.push({ key: k, operator: "NotIn", values: [v] });
  }
  if (extra.length === 0) return sel;
  return { ...sel, matchExpressions: [...(sel.matchExpressions ?? []), ...extra] };
}

/**
 * An incoming pod's term against pod `p` (an existing pod, or the incoming pod itself). kube merges the
 * namespaceSelector into `namespaces` by listing Namespace objects, so an unknown namespace never matches
 * a non-empty selector, and `{}` matches every namespace.
 */
export function incomingTermMatches(t: AffinityTerm, p: PodInfo, handle: Pick<FrameworkHandle, "namespaceLabels">): boolean {
  if (!t.namespaces.has(p.namespace)) {
    const ns = t.nsSelector;
    if (ns === null) return false;
    if (!ns.empty) {
      const nsLabels = handle.namespaceLabels(p.namespace);
      if (nsLabels === undefined || !ns.matches(nsLabels)) return false;
    }
  }
  return t.selector.matches(p.labels);
}

/** An existing pod's term against the incoming pod, whose namespace labels are given (undefined = unknown, no labels). */
export function existingTermMatches(t: AffinityTerm, incoming: PodInfo, incomingNsLabels: Labels | undefined): boolean {
  if (!t.namespaces.has(incoming.namespace)) {
    if (t.nsSelector === null || !t.nsSelector.matches(incomingNsLabels)) return false;
  }
  return t.selector.matches(incoming.labels);
}

/** True iff `p` matches every term (false for no terms): podMatchesAllAffinityTerms. */
export function matchesAllIncomingTerms(terms: readonly AffinityTerm[], p: PodInfo, handle: Pick<FrameworkHandle, "namespaceLabels">): boolean {
  if (terms.length === 0) return false;
  for (let i = 0; i < terms.length; i++) if (!incomingTermMatches(terms[i]!, p, handle)) return false;
  return true;
}

/** A label value, ignoring properties inherited from Object.prototype. */
export function labelOf(labels: Labels, key: string): string | undefined {
  const v = labels[key];
  return typeof v === "string" ? v : undefined;
}

/**
 * Counts (or weights) by topology pair, `key → value → n`, with zero entries removed so `pairs` is the number
 * of non-zero pairs (kube's len(topologyToMatchedTermCount)). Keys are kept in an array so per-node lookups
 * iterate without allocating; a key, once added, keeps its index (clones too).
 */
export class TopologyCounts {
  readonly keys: string[] = [];
  readonly values: Map<string, number>[] = [];
  private readonly index = new Map<string, number>();
  pairs = 0;

  keyIndex(key: string): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(key);
      this.values.push(new Map());
      this.index.set(key, i);
    }
    return i;
  }

  add(key: string, value: string, delta: number): void {
    const m = this.values[this.keyIndex(key)]!;
    const prev = m.get(value);
    const n = (prev ?? 0) + delta;
    if (n === 0) {
      if (prev !== undefined) {
        m.delete(value);
        this.pairs--;
      }
    } else {
      if (prev === undefined) this.pairs++;
      m.set(value, n);
    }
  }

  /** The count of the node's pair for the key at index `i` (0 when the node lacks the key). */
  atNode(i: number, labels: Labels): number {
    const v = labelOf(labels, this.keys[i]!);
    return v === undefined ? 0 : (this.values[i]!.get(v) ?? 0);
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (let i = 0; i < this.keys.length; i++) {
      c.keyIndex(this.keys[i]!);
      c.values[i] = new Map(this.values[i]!);
    }
    c.pairs = this.pairs;
    return c;
  }

  /** `{"key=value": n}` for tests and explanations. */
  toRecord(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = 0; i < this.keys.length; i++) for (const [v, n] of this.values[i]!) out[`${this.keys[i]}=${v}`] = n;
    return out;
  }
}

// --- label selector validation (metav1.LabelSelectorAsSelector → labels.NewRequirement) ---

const NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and " +
  "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function keyErrors(key: string): string[] {
  const parts = key.split("/");
  let name = key;
  const errs: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    // validation.IsQualifiedName: IsDNS1123Subdomain reports its length and its pattern independently.
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else {
      if (prefix.length > 253) errs.push("prefix part must be no more than 253 characters");
      if (!DNS1123_SUBDOMAIN_RE.test(prefix)) {
        errs.push(
          "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
            "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        );
      }
    }
  } else if (parts.length > 2) {
    return [`a qualified name ${NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (name.length > 63) errs.push("name part must be no more than 63 characters");
  // The pattern is checked even on an empty name, so an empty name gets both messages (as upstream).
  if (!NAME_RE.test(name)) errs.push(`name part ${NAME_MSG}`);
  return errs;
}

function valueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push("must be no more than 63 characters");
  if (!VALUE_RE.test(v)) errs.push(VALUE_MSG);
  return errs;
}

function requirementError(key: string, op: string, values: readonly string[]): string | null {
  const ke = keyErrors(key);
  if (ke.length > 0) return `key: Invalid value: "${key}": ${ke.join("; ")}`;
  if ((op === "In" || op === "NotIn") && values.length === 0) {
    return "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty";
  }
  if ((op === "Exists" || op === "DoesNotExist") && values.length !== 0) {
    return `values: Invalid value: []string{${values.map((v) => JSON.stringify(v)).join(", ")}}: values set must be empty for exists and does not exist`;
  }
  for (let i = 0; i < values.length; i++) {
    const ve = valueErrors(values[i]!);
    if (ve.length > 0) return `values[${i}][${key}]: Invalid value: "${values[i]}": ${ve.join("; ")}`;
  }
  return null;
}

/** The error LabelSelectorAsSelector would return, or null. */
export function validateLabelSelector(sel: LabelSelector | null | undefined): string | null {
  if (sel == null) return null;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    const e = requirementError(k, "In", [String(v)]);
    if (e) return e;
  }
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator as string;
    if (op !== "In" && op !== "NotIn" && op !== "Exists" && op !== "DoesNotExist") return `"${op}" is not a valid label selector operator`;
    const err = requirementError(e.key, op, e.values ?? []);
    if (err) return err;
  }
  return null;
}
