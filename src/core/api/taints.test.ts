import { describe, expect, it } from "vitest";
import type { Taint, Toleration } from "./types.js";
import { doNotScheduleTaintsFilter, findMatchingUntoleratedTaint, toleratesTaint, tolerationsTolerateTaint } from "./taints.js";

// Upstream: staging/src/k8s.io/api/core/v1/toleration_test.go TestTolerationToleratesTaint.
describe("toleratesTaint (TestTolerationToleratesTaint)", () => {
  const cases: [string, Toleration, Taint, boolean][] = [
    [
      "toleration and taint have the same key and effect, and operator is Exists, and taint has no value, expect tolerated",
      { key: "foo", operator: "Exists", effect: "NoSchedule" },
      { key: "foo", effect: "NoSchedule" },
      true,
    ],
    [
      "toleration and taint have the same key and effect, and operator is Exists, and taint has some value, expect tolerated",
      { key: "foo", operator: "Exists", effect: "NoSchedule" },
      { key: "foo", value: "bar", effect: "NoSchedule" },
      true,
    ],
    [
      "toleration and taint have the same effect, toleration has empty key and operator is Exists, means match all taints, expect tolerated",
      { key: "", operator: "Exists", effect: "NoSchedule" },
      { key: "foo", value: "bar", effect: "NoSchedule" },
      true,
    ],
    [
      "toleration and taint have the same key, effect and value, and operator is Equal, expect tolerated",
      { key: "foo", operator: "Equal", value: "bar", effect: "NoSchedule" },
      { key: "foo", value: "bar", effect: "NoSchedule" },
      true,
    ],
    [
      "toleration and taint have the same key and effect, but different values, and operator is Equal, expect not tolerated",
      { key: "foo", operator: "Equal", value: "value1", effect: "NoSchedule" },
      { key: "foo", value: "value2", effect: "NoSchedule" },
      false,
    ],
    [
      "toleration and taint have the same key and value, but different effects, and operator is Equal, expect not tolerated",
      { key: "foo", operator: "Equal", value: "bar", effect: "NoSchedule" },
      { key: "foo", value: "bar", effect: "NoExecute" },
      false,
    ],
  ];
  for (const [name, tol, taint, want] of cases) it(name, () => expect(toleratesTaint(tol, taint)).toBe(want));

  // Not upstream cases: the remaining defaulting rules spelled out.
  it("empty operator means Equal; absent value equals an absent taint value", () => {
    expect(toleratesTaint({ key: "foo", effect: "NoSchedule" }, { key: "foo", effect: "NoSchedule" })).toBe(true);
    expect(toleratesTaint({ key: "foo" }, { key: "foo", value: "bar", effect: "NoSchedule" })).toBe(false);
  });
  it("empty effect matches every effect", () => {
    for (const effect of ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const) {
      expect(toleratesTaint({ key: "foo", operator: "Exists", effect: "" }, { key: "foo", effect })).toBe(true);
    }
  });
  it("empty key with Exists and no effect tolerates everything", () => {
    expect(toleratesTaint({ operator: "Exists" }, { key: "any", value: "v", effect: "NoExecute" })).toBe(true);
  });
  it("Gt/Lt toleration operators do not exist in v1.33: they tolerate nothing", () => {
    const gt = { key: "sla", operator: "Gt", value: "750" } as unknown as Toleration;
    expect(toleratesTaint(gt, { key: "sla", value: "950", effect: "NoSchedule" })).toBe(false);
  });
});

// Upstream: staging/src/k8s.io/component-helpers/scheduling/corev1/helpers_test.go TestFindMatchingUntoleratedTaint
// (the comparison-operator cases are v1.35+ and not ported).
describe("findMatchingUntoleratedTaint (TestFindMatchingUntoleratedTaint)", () => {
  const all = () => true;
  it("empty tolerations tolerate empty taints", () => expect(findMatchingUntoleratedTaint([], [], all)).toBeNull());
  it("non-empty tolerations tolerate empty taints", () =>
    expect(findMatchingUntoleratedTaint([], [{ key: "foo", operator: "Exists", effect: "NoSchedule" }], all)).toBeNull());
  it("tolerations match all taints, expect tolerated", () =>
    expect(
      findMatchingUntoleratedTaint(
        [{ key: "foo", effect: "NoSchedule" }],
        [{ key: "foo", operator: "Exists", effect: "NoSchedule" }],
        all,
      ),
    ).toBeNull());
  it("tolerations don't match taints, but no taints apply to the filter, expect tolerated", () =>
    expect(
      findMatchingUntoleratedTaint(
        [{ key: "bar", effect: "NoSchedule" }],
        [{ key: "foo", operator: "Exists", effect: "NoSchedule" }],
        () => false,
      ),
    ).toBeNull());
  it("no filterFunc indicated, means all taints apply to the filter, tolerations don't match taints, expect untolerated", () =>
    expect(
      findMatchingUntoleratedTaint([{ key: "bar", effect: "NoSchedule" }], [{ key: "foo", operator: "Exists", effect: "NoSchedule" }]),
    ).toEqual({ key: "bar", effect: "NoSchedule" }));
  it("tolerations match taints, expect tolerated", () =>
    expect(
      findMatchingUntoleratedTaint(
        [
          { key: "foo", effect: "NoExecute" },
          { key: "bar", effect: "NoSchedule" },
        ],
        [{ key: "foo", operator: "Exists", effect: "NoExecute" }],
        (t) => t.effect === "NoExecute",
      ),
    ).toBeNull());

  it("returns the first untolerated taint in node order", () => {
    const taints: Taint[] = [
      { key: "a", effect: "PreferNoSchedule" },
      { key: "b", value: "1", effect: "NoSchedule" },
      { key: "c", effect: "NoExecute" },
    ];
    expect(findMatchingUntoleratedTaint(taints, [], doNotScheduleTaintsFilter)).toBe(taints[1]);
    expect(tolerationsTolerateTaint([{ key: "c", operator: "Exists" }], taints[2]!)).toBe(true);
  });
});
