/**
 * Which NodeSelectorTerms kube can parse (labels.NewRequirement's rules for keys, values and value
 * counts, worded as core/api/validate.ts words them; matchFields only `metadata.name` In/NotIn with one value), where the first error is
 * reported, and how required and preferred term lists drop what cannot match.
 */
import { describe, expect, it } from "vitest";
import type { NodeSelector, NodeSelectorRequirement, NodeSelectorTerm } from "../../../core/api/types.js";
import { compilePreferredTerms, compileRequiredTerms, isEmptyTerm, termError } from "./terms.js";

const expr = (key: string, operator: string, values?: string[]) => ({ key, operator, ...(values ? { values } : {}) }) as NodeSelectorRequirement;
const one = (e: NodeSelectorRequirement): NodeSelectorTerm => ({ matchExpressions: [e] });
const at = "matchExpressions[0]: ";
// core/api/validate.ts's wording of apimachinery's rules.
const VALUE = "(alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)";
const DNS = "is not a valid DNS-1123 subdomain (lower case alphanumerics, '-' and '.', starting and ending with an alphanumeric)";

describe("termError", () => {
  it.each([
    ["a plain key", expr("zone", "In", ["a"]), null],
    ["a prefixed key", expr("topology.kubernetes.io/zone", "Exists"), null],
    ["a name of 63 characters", expr("k".repeat(63), "Exists"), null],
    ["an empty value", expr("zone", "In", [""]), null],
    ["a value of 63 characters", expr("zone", "NotIn", ["v".repeat(63)]), null],
    ["an integer for Gt", expr("cores", "Gt", ["5"]), null],
    // ParseInt accepts a sign, but every value must also be a label value, which starts alphanumeric.
    ["a signed Gt", expr("cores", "Gt", ["+5"]), `${at}invalid label value "+5" ${VALUE}`],
    ["a negative Lt", expr("cores", "Lt", ["-3"]), `${at}invalid label value "-3" ${VALUE}`],
    ["an empty prefix", expr("/zone", "Exists"), `${at}invalid key: "/zone" has an empty prefix part`],
    ["an upper-case prefix", expr("Example.com/zone", "Exists"), `${at}invalid key: prefix part of "Example.com/zone": "Example.com" ${DNS}`],
    ["a prefix of 254 characters", expr(`${"a".repeat(254)}/zone`, "Exists"), `${at}invalid key: prefix part of "${"a".repeat(254)}/zone": "${"a".repeat(254)}" must be no more than 253 characters`],
    ["two slashes", expr("a/b/c", "Exists"), `${at}invalid key: "a/b/c" is not a qualified name (at most one '/')`],
    ["an empty key", expr("", "Exists"), `${at}invalid key: "" has an empty name part`],
    ["a name of 64 characters", expr("k".repeat(64), "Exists"), `${at}invalid key: name part of "${"k".repeat(64)}" must be no more than 63 characters`],
    ["a name ending in '-'", expr("zone-", "Exists"), `${at}invalid key: "zone-" is not a qualified name ${VALUE}`],
    ["a value of 64 characters", expr("zone", "In", ["v".repeat(64)]), `${at}label value "${"v".repeat(64)}" must be no more than 63 characters`],
    ["a value starting with '.'", expr("zone", "In", ["ok", ".a"]), `${at}invalid label value ".a" ${VALUE}`],
    ["In without values", expr("zone", "In", []), `${at}In: values must be non-empty`],
    ["NotIn without values", expr("zone", "NotIn"), `${at}NotIn: values must be non-empty`],
    ["Exists with a value", expr("zone", "Exists", ["a"]), `${at}Exists: values must be empty`],
    ["DoesNotExist with a value", expr("zone", "DoesNotExist", ["a"]), `${at}DoesNotExist: values must be empty`],
    ["Gt without a value", expr("cores", "Gt", []), `${at}Gt: exactly one value is required`],
    ["Lt with two values", expr("cores", "Lt", ["1", "2"]), `${at}Lt: exactly one value is required`],
    ["Gt with a non-integer", expr("cores", "Gt", ["1.5"]), `${at}Gt: value "1.5" is not an integer`],
    ["an unknown operator", expr("zone", "Equals", ["a"]), `${at}unsupported operator "Equals"`],
  ] as const)("%s", (_what, e, want) => {
    expect(termError(one(e))).toBe(want);
  });

  it.each([
    ["metadata.name In one name", expr("metadata.name", "In", ["n1"]), null],
    ["metadata.name NotIn one name", expr("metadata.name", "NotIn", ["n1"]), null],
    ["Exists", expr("metadata.name", "Exists"), 'matchFields[0]: matchFields: unsupported operator "Exists"'],
    ["two names", expr("metadata.name", "In", ["n1", "n2"]), "matchFields[0]: matchFields: must have exactly one value"],
    ["no names", expr("metadata.name", "NotIn"), "matchFields[0]: matchFields: must have exactly one value"],
    ["another field", expr("metadata.uid", "In", ["x"]), 'matchFields[0]: matchFields: unsupported field "metadata.uid"'],
  ] as const)("matchFields: %s", (_what, e, want) => {
    expect(termError({ matchFields: [e] })).toBe(want);
  });

  it("reports the first bad requirement by its index, expressions before fields", () => {
    expect(termError({ matchExpressions: [expr("zone", "Exists"), expr("a", "In", [])] })).toBe("matchExpressions[1]: In: values must be non-empty");
    expect(termError({ matchExpressions: [expr("zone", "Exists", ["x"])], matchFields: [expr("metadata.uid", "In", ["x"])] })).toBe(
      "matchExpressions[0]: Exists: values must be empty",
    );
    expect(termError({ matchFields: [expr("metadata.name", "In", ["n"]), expr("metadata.name", "Gt", ["1"])] })).toBe(
      'matchFields[1]: matchFields: unsupported operator "Gt"',
    );
  });
});

describe("term lists", () => {
  const zoneA = one(expr("zone", "In", ["a"]));
  const named = (n: string): NodeSelectorTerm => ({ matchFields: [expr("metadata.name", "In", [n])] });
  const bad = one(expr("zone", "In", []));

  it("a term is empty only without expressions and fields", () => {
    expect(isEmptyTerm({})).toBe(true);
    expect(isEmptyTerm({ matchExpressions: [], matchFields: [] })).toBe(true);
    expect(isEmptyTerm(zoneA)).toBe(false);
    expect(isEmptyTerm(named("n1"))).toBe(false);
  });

  it("required terms keep only those that parse and are not empty, in order", () => {
    const terms = compileRequiredTerms({ nodeSelectorTerms: [{}, bad, named("n2"), zoneA] }, "required");
    expect(terms).toHaveLength(2);
    expect(terms.map((t) => [t.matches({ zone: "a" }, "n1"), t.matches({}, "n2")])).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(compileRequiredTerms({} as NodeSelector, "required")).toEqual([]);
  });

  it("preferred terms drop weight 0 (even unparsable) and empty terms; any other unparsable term fails the list with its path", () => {
    const got = compilePreferredTerms([{ weight: 0, preference: bad }, { weight: 5, preference: {} }, { weight: 3, preference: zoneA }, { weight: 7, preference: named("n1") }], "preferred");
    expect(Array.isArray(got)).toBe(true);
    const terms = got as Exclude<typeof got, string>;
    expect(terms.map((t) => t.weight)).toEqual([3, 7]);
    expect(terms[0]!.term.matches({ zone: "a" }, "x")).toBe(true);
    expect(terms[1]!.term.matches({}, "n1")).toBe(true);
    expect(compilePreferredTerms([{ weight: 2, preference: zoneA }, { weight: 1, preference: bad }], "preferred")).toBe(
      "preferred[1].preference.matchExpressions[0]: In: values must be non-empty",
    );
  });
});
