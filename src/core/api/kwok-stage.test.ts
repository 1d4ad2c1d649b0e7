// KWOK Stages read as KWOK reads them (pkg/utils/expression, pkg/utils/lifecycle): jq selector keys,
// In/NotIn/Exists/DoesNotExist on what a query yields (nothing, for a missing field), durations from an
// annotation as an RFC 3339 time or a Go duration, and the errors a bad Stage gets before any run.
import { describe, expect, it } from "vitest";
import type { Pod } from "./types.js";
import { compileStage, durationUs, parseGoDurationUs, stageMatches, stageWeight } from "./kwok-stage.js";
import { StageQuery } from "./stage-query.js";

const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "p",
    namespace: "default",
    labels: { app: "web", "stage.example/fail": "true" },
    annotations: { "x/delay": "20s", "x/at": "1970-01-01T00:01:00Z", "x/weight": "7", "x/bad": "soon" },
    ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "j", uid: "u", controller: true }],
  },
  spec: { nodeName: "n1", restartPolicy: "Never", containers: [{ name: "c" }] },
  status: { phase: "Running", conditions: [{ type: "PodScheduled", status: "True" }, { type: "Ready", status: "True" }] },
};

const stage = (spec: Record<string, unknown>) =>
  compileStage({ apiVersion: "kwok.x-k8s.io/v1alpha1", kind: "Stage", metadata: { name: "s" }, spec: { resourceRef: { apiGroup: "v1", kind: "Pod" }, next: { statusTemplate: "phase: Failed\n" }, ...spec } });
const expr = (key: string, operator: string, values?: string[]) => stage({ selector: { matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] } })!;

describe("StageQuery (KWOK's jq keys)", () => {
  it("reads fields, quoted keys, every element of a list, and select( … == … )", () => {
    expect(StageQuery.parse('.metadata.labels["stage.example/fail"]').run(pod)).toEqual(["true"]);
    expect(StageQuery.parse(".metadata.ownerReferences.[].kind").run(pod)).toEqual(["Job"]);
    expect(StageQuery.parse('.status.conditions.[] | select( .type == "Ready" ) | .status').run(pod)).toEqual(["True"]);
    expect(StageQuery.parse(".metadata.deletionTimestamp").run(pod)).toEqual([]);
    expect(StageQuery.parse(".spec.containers.[].image").run(pod)).toEqual([]);
  });
  it("refuses what it does not read, saying what it does", () => {
    expect(() => StageQuery.parse(".spec.containers[0].name")).toThrow('unsupported at "[0].name"');
    expect(() => StageQuery.parse(".metadata.labels | keys")).toThrow('a path starts with "."');
    expect(() => StageQuery.parse("metadata.name")).toThrow('a path starts with "."');
  });
});

describe("Stage selectors", () => {
  it("In/NotIn/Exists/DoesNotExist as KWOK's Requirement: a missing field is NotIn and DoesNotExist", () => {
    expect(stageMatches(expr(".status.phase", "In", ["Running"]), pod)).toBe(true);
    expect(stageMatches(expr(".status.phase", "NotIn", ["Running"]), pod)).toBe(false);
    expect(stageMatches(expr(".metadata.deletionTimestamp", "DoesNotExist"), pod)).toBe(true);
    expect(stageMatches(expr(".metadata.deletionTimestamp", "Exists"), pod)).toBe(false);
    expect(stageMatches(expr(".metadata.deletionTimestamp", "NotIn", ["x"]), pod)).toBe(true);
    expect(stageMatches(expr(".metadata.deletionTimestamp", "In", ["x"]), pod)).toBe(false);
    expect(stageMatches(expr(".spec.restartPolicy", "In", ["Never", "OnFailure"]), pod)).toBe(true);
  });
  it("matchLabels and matchAnnotations must all hold; a Stage without a selector never matches", () => {
    expect(stageMatches(stage({ selector: { matchLabels: { app: "web" }, matchAnnotations: { "x/delay": "20s" } } })!, pod)).toBe(true);
    expect(stageMatches(stage({ selector: { matchLabels: { app: "web", tier: "x" } } })!, pod)).toBe(false);
    expect(stage({})).toBeNull();
  });
});

describe("Stage delays and weights", () => {
  it("a duration from the pod: an RFC 3339 time is a delay from now, a Go duration a delay; else the fixed one", () => {
    const from = (k: string) => ({ ms: 1500, from: StageQuery.parse(`.metadata.annotations["${k}"]`) });
    expect(durationUs(from("x/delay"), pod, 0)).toBe(20_000_000);
    expect(durationUs(from("x/at"), pod, 15_000_000)).toBe(45_000_000);
    expect(durationUs(from("x/bad"), pod, 0)).toBe(1_500_000);
    expect(durationUs(from("x/none"), pod, 0)).toBe(1_500_000);
    expect(durationUs({ ms: null, from: StageQuery.parse('.metadata.annotations["x/none"]') }, pod, 0)).toBeNull();
  });
  it("parses Go durations as time.ParseDuration does", () => {
    expect(parseGoDurationUs("1h2m3.5s")).toBe(3_723_500_000);
    expect(parseGoDurationUs("300ms")).toBe(300_000);
    expect(parseGoDurationUs("-1.5h")).toBe(-5_400_000_000);
    expect(parseGoDurationUs("0")).toBe(0);
    expect(parseGoDurationUs("10")).toBeNull();
    expect(parseGoDurationUs("5 s")).toBeNull();
  });
  it("weightFrom reads an integer from the pod; an unreadable one is null (the Stage is left out of a draw)", () => {
    expect(stageWeight(stage({ selector: {}, weight: 2, weightFrom: { expressionFrom: '.metadata.annotations["x/weight"]' } })!, pod)).toBe(7);
    expect(stageWeight(stage({ selector: {}, weight: 2, weightFrom: { expressionFrom: '.metadata.annotations["x/bad"]' } })!, pod)).toBeNull();
    expect(stageWeight(stage({ selector: {}, weight: 2, weightFrom: { expressionFrom: '.metadata.annotations["x/none"]' } })!, pod)).toBe(2);
  });
});

describe("Stage validation", () => {
  it("names the field and says what is wrong", () => {
    expect(() => stage({ resourceRef: { apiGroup: "v1", kind: "Node" }, selector: {} })).toThrow("spec.resourceRef: Unsupported value");
    expect(() => stage({ next: { statusTemplate: "conditions: []\n" }, selector: {} })).toThrow('spec.next.statusTemplate: Unsupported value: no "phase: Running|Succeeded|Failed" line');
    expect(() => stage({ selector: { matchExpressions: [{ key: ".status.phase", operator: "Gt", values: ["1"] }] } })).toThrow('spec.selector.matchExpressions[0].operator: Unsupported value: "Gt"');
    expect(() => stage({ selector: { matchExpressions: [{ key: ".status.phase", operator: "In" }] } })).toThrow("values set can't be empty");
    expect(() => stage({ selector: { matchExpressions: [{ key: ".a | keys", operator: "Exists" }] } })).toThrow("spec.selector.matchExpressions[0].key: Invalid value");
    expect(() => stage({ selector: {}, delay: { durationMilliseconds: -1 } })).toThrow("spec.delay.durationMilliseconds: Invalid value: -1");
    expect(compileStage({ metadata: { name: "d" }, spec: { resourceRef: { kind: "Pod" }, selector: {}, next: { delete: true } } })!.next).toEqual({ delete: true });
  });
});
