/**
 * Term compilation: selector errors worded as metav1.LabelSelectorAsSelector → labels.NewRequirement word
 * them (apimachinery's validation messages), matchLabelKeys/mismatchLabelKeys merging, namespaces, the
 * equality fast path against the general selector, and TopologyCounts' pair bookkeeping.
 */
import { describe, expect, it } from "vitest";
import type { LabelSelector, PodAffinityTerm } from "../../../core/api/types.js";
import { compileLabelSelector } from "../../../core/api/selectors.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { makePod } from "../../../core/scheduler/testing.js";
import { affinityTermsOf, labelOf, matchesAllIncomingTerms, mergedLabelSelector, TopologyCounts, validateLabelSelector } from "./terms.js";

// apimachinery/pkg/util/validation: qualifiedNameErrMsg, labelValueErrMsg, dns1123SubdomainErrorMsg.
const NAME =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and " +
  "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const PREFIX =
  "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
  "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe("validateLabelSelector", () => {
  const labels = (matchLabels: Record<string, string>): LabelSelector => ({ matchLabels });
  const expr = (key: string, operator: string, values?: string[]): LabelSelector =>
    ({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] }) as LabelSelector;
  it.each([
    ["no selector", undefined, null],
    ["a valid prefixed key", labels({ "example.com/app": "web" }), null],
    ["an empty value", labels({ app: "" }), null],
    ["a name of 63 characters and a value of 63", labels({ ["a".repeat(63)]: "v".repeat(63) }), null],
    ["Exists without values", expr("app", "Exists"), null],
    ["an empty prefix", labels({ "/app": "x" }), `key: Invalid value: "/app": prefix part must be non-empty`],
    ["a prefix of 254 characters", labels({ [`${"a".repeat(254)}/app`]: "x" }), `key: Invalid value: "${"a".repeat(254)}/app": prefix part must be no more than 253 characters`],
    ["an upper-case prefix", labels({ "Example.com/app": "x" }), `key: Invalid value: "Example.com/app": ${PREFIX}`],
    ["two slashes", labels({ "a/b/c": "x" }), `key: Invalid value: "a/b/c": a qualified name ${NAME} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ["an empty name after the prefix", labels({ "example.com/": "x" }), `key: Invalid value: "example.com/": name part must be non-empty; name part ${NAME}`],
    ["an empty key", labels({ "": "x" }), `key: Invalid value: "": name part must be non-empty; name part ${NAME}`],
    ["a long upper-case prefix: both prefix errors", labels({ [`${"A".repeat(254)}/app`]: "x" }), `key: Invalid value: "${"A".repeat(254)}/app": prefix part must be no more than 253 characters; ${PREFIX}`],
    ["a name of 64 characters", labels({ ["a".repeat(64)]: "x" }), `key: Invalid value: "${"a".repeat(64)}": name part must be no more than 63 characters`],
    ["a name starting with '-'", labels({ "-app": "x" }), `key: Invalid value: "-app": name part ${NAME}`],
    ["a long name that also ends badly: both errors", labels({ [`${"a".repeat(63)}-`]: "x" }), `key: Invalid value: "${"a".repeat(63)}-": name part must be no more than 63 characters; name part ${NAME}`],
    ["In without values", expr("app", "In", []), "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"],
    ["NotIn without values", expr("app", "NotIn"), "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"],
    ["Exists with values", expr("app", "Exists", ["a", "b"]), 'values: Invalid value: []string{"a", "b"}: values set must be empty for exists and does not exist'],
    ["DoesNotExist with a value", expr("app", "DoesNotExist", ["a"]), 'values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist'],
    ["a bad value in matchLabels", labels({ app: "-web" }), `values[0][app]: Invalid value: "-web": ${VALUE}`],
    ["the second value bad", expr("app", "NotIn", ["ok", "bad value"]), `values[1][app]: Invalid value: "bad value": ${VALUE}`],
    ["a value of 64 characters", labels({ app: "v".repeat(64) }), `values[0][app]: Invalid value: "${"v".repeat(64)}": must be no more than 63 characters`],
    ["an unknown operator", expr("app", "Gt", ["1"]), '"Gt" is not a valid label selector operator'],
    ["matchLabels checked before matchExpressions", { matchLabels: { "-a": "x" }, matchExpressions: [{ key: "b", operator: "In", values: [] }] } as LabelSelector, `key: Invalid value: "-a": name part ${NAME}`],
  ] as const)("%s", (_what, sel, want) => {
    expect(validateLabelSelector(sel as LabelSelector | undefined)).toBe(want);
  });
});

describe("mergedLabelSelector", () => {
  const term = (t: Partial<PodAffinityTerm>): PodAffinityTerm => ({ topologyKey: "zone", labelSelector: { matchLabels: { app: "web" } }, ...t });

  it("adds In for matchLabelKeys and NotIn for mismatchLabelKeys from the pod's own labels, skipping keys it lacks", () => {
    const got = mergedLabelSelector(term({ matchLabelKeys: ["tier", "missing"], mismatchLabelKeys: ["team", "toString"] }), { tier: "db", team: "a" });
    expect(got).toEqual({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "tier", operator: "In", values: ["db"] },
        { key: "team", operator: "NotIn", values: ["a"] },
      ],
    });
  });

  it("returns the selector itself when no key applies, and a null selector stays null (it matches nothing)", () => {
    const t = term({ matchLabelKeys: ["missing"] });
    expect(mergedLabelSelector(t, {})).toBe(t.labelSelector);
    expect(mergedLabelSelector(term({ labelSelector: undefined, matchLabelKeys: ["tier"] }), { tier: "db" })).toBeUndefined();
  });

  it("appends to the selector's own expressions", () => {
    const got = mergedLabelSelector(term({ labelSelector: { matchExpressions: [{ key: "app", operator: "Exists" }] }, mismatchLabelKeys: ["tier"] }), { tier: "db" });
    expect(got!.matchExpressions).toEqual([{ key: "app", operator: "Exists" }, { key: "tier", operator: "NotIn", values: ["db"] }]);
  });
});

describe("affinityTermsOf", () => {
  const withAffinity = (affinity: object, namespace = "default") => new PodInfo(makePod({ name: "p", namespace, labels: { app: "web", tier: "db" }, affinity }));

  it("defaults namespaces to the pod's own unless a namespaceSelector is given, and keeps preferred weights", () => {
    const t = affinityTermsOf(withAffinity({
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { topologyKey: "zone", labelSelector: { matchLabels: { app: "web" } } },
          { topologyKey: "zone", labelSelector: { matchLabels: { app: "web" } }, namespaceSelector: {} },
          { topologyKey: "zone", labelSelector: { matchLabels: { app: "web" } }, namespaces: ["a", "b"] },
        ],
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 7, podAffinityTerm: { topologyKey: "host", labelSelector: { matchLabels: { app: "x" } } } }],
      },
    }, "prod"));
    expect(t.parseError).toBeNull();
    expect(t.requiredAffinity.map((x) => [...x.namespaces])).toEqual([["prod"], [], ["a", "b"]]);
    expect(t.requiredAffinity.map((x) => x.nsSelector === null)).toEqual([true, false, true]);
    expect(t.preferredAffinity.map((x) => [x.topologyKey, x.weight])).toEqual([["host", 7]]);
    expect([t.requiredAntiAffinity.length, t.preferredAntiAffinity.length]).toEqual([0, 0]);
  });

  it("drops a whole group at its first bad term and aggregates errors of several groups as kube prints them", () => {
    const bad = { topologyKey: "zone", labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: [] }] } };
    const good = { topologyKey: "zone", labelSelector: { matchLabels: { app: "web" } } };
    const one = affinityTermsOf(withAffinity({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [good, bad] } }));
    expect(one.requiredAffinity).toHaveLength(0);
    expect(one.parseError).toBe("requiredAffinityTerms: values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
    const two = affinityTermsOf(withAffinity({
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [good], preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: bad }] },
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...good, namespaceSelector: { matchLabels: { "-x": "y" } } }] },
    }));
    expect(two.requiredAntiAffinity).toHaveLength(1);
    expect(two.parseError).toBe(
      `[requiredAffinityTerms: key: Invalid value: "-x": name part ${NAME}, preferredAntiAffinityTerms: values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty]`,
    );
  });

  it("compiles once per pod", () => {
    const p = withAffinity({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "zone", labelSelector: { matchLabels: { app: "web" } } }] } });
    expect(affinityTermsOf(p)).toBe(affinityTermsOf(p));
  });

  it("the equality fast path matches exactly what the general selector matches, with the same canonical key", () => {
    const selectors: LabelSelector[] = [
      { matchLabels: { app: "web", tier: "db" } },
      { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] },
      { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["db"] }] },
      { matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] },
      { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "NotIn", values: ["db"] }] },
      {},
    ];
    const candidates: Record<string, string>[] = [{}, { app: "web" }, { app: "api" }, { app: "web", tier: "db" }, { app: "web", tier: "fe" }, { tier: "db" }, { constructor: "web" }];
    for (const labelSelector of selectors) {
      const t = affinityTermsOf(withAffinity({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "zone", labelSelector }] } }));
      const fast = t.requiredAffinity[0]!.selector;
      const slow = compileLabelSelector(labelSelector);
      expect(fast.key).toBe(slow.key);
      expect(fast.empty).toBe(slow.empty);
      for (const l of candidates) expect(fast.matches(l), `${JSON.stringify(labelSelector)} on ${JSON.stringify(l)}`).toBe(slow.matches(l));
      expect(fast.matches(undefined)).toBe(slow.matches(undefined));
    }
  });
});

describe("matchesAllIncomingTerms and labelOf", () => {
  it("no terms match nothing (podMatchesAllAffinityTerms); every term must match", () => {
    const handle = { namespaceLabels: () => undefined };
    const p = new PodInfo(makePod({ name: "p", labels: { app: "web", tier: "db" } }));
    const terms = (...sels: Record<string, string>[]) => affinityTermsOf(new PodInfo(makePod({
      name: "in",
      affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: sels.map((matchLabels) => ({ topologyKey: "zone", labelSelector: { matchLabels } })) } },
    }))).requiredAffinity;
    expect(matchesAllIncomingTerms([], p, handle)).toBe(false);
    expect(matchesAllIncomingTerms(terms({ app: "web" }, { tier: "db" }), p, handle)).toBe(true);
    expect(matchesAllIncomingTerms(terms({ app: "web" }, { tier: "fe" }), p, handle)).toBe(false);
  });

  it("reads only a label's own string value", () => {
    expect(labelOf({ a: "x" }, "a")).toBe("x");
    expect(labelOf({ a: "x" }, "toString")).toBeUndefined();
    expect(labelOf({}, "a")).toBeUndefined();
  });
});

describe("TopologyCounts", () => {
  it("counts non-zero pairs, removing a pair that returns to zero", () => {
    const c = new TopologyCounts();
    c.add("zone", "a", 1);
    c.add("zone", "a", 1);
    c.add("zone", "b", 2);
    c.add("host", "n1", 1);
    expect(c.pairs).toBe(3);
    expect(c.toRecord()).toEqual({ "zone=a": 2, "zone=b": 2, "host=n1": 1 });
    c.add("zone", "a", -2);
    expect(c.pairs).toBe(2);
    expect(c.toRecord()).toEqual({ "zone=b": 2, "host=n1": 1 });
    // A pair that was never counted and stays at zero changes nothing.
    c.add("zone", "c", 0);
    expect(c.pairs).toBe(2);
    c.add("zone", "c", -1);
    expect(c.pairs).toBe(3);
    expect(c.toRecord()["zone=c"]).toBe(-1);
  });

  it("reads a node's count by key index, 0 for a node without the key or with an uncounted value", () => {
    const c = new TopologyCounts();
    c.add("zone", "a", 3);
    const zone = c.keyIndex("zone");
    const host = c.keyIndex("host");
    expect([zone, host, c.keyIndex("zone")]).toEqual([0, 1, 0]);
    expect(c.atNode(zone, { zone: "a" })).toBe(3);
    expect(c.atNode(zone, { zone: "b" })).toBe(0);
    expect(c.atNode(zone, {})).toBe(0);
    expect(c.atNode(host, { zone: "a" })).toBe(0);
  });

  it("clones deeply", () => {
    const c = new TopologyCounts();
    c.add("zone", "a", 1);
    const d = c.clone();
    d.add("zone", "a", 1);
    d.add("host", "n", 1);
    expect(c.toRecord()).toEqual({ "zone=a": 1 });
    expect(c.pairs).toBe(1);
    expect(d.toRecord()).toEqual({ "zone=a": 2, "host=n": 1 });
    expect(d.pairs).toBe(2);
  });
});
