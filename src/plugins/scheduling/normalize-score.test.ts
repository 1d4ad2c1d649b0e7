import { describe, expect, it } from "vitest";
import { MAX_NODE_SCORE, type NodeScoreList } from "../../core/scheduler/framework.js";
import type { NodeInfo } from "../../core/scheduler/node-info.js";
import { defaultNormalizeScore } from "./normalize-score.js";

function run(reverse: boolean, raw: number[]): number[] {
  const list: NodeScoreList = { nodes: raw.map(() => ({}) as NodeInfo), scores: Float64Array.from(raw) };
  expect(defaultNormalizeScore(MAX_NODE_SCORE, reverse, list)).toBeNull();
  return Array.from(list.scores);
}

// Upstream: helper/normalize_score_test.go TestDefaultNormalizeScore (cases are unnamed there: case_0 … case_6).
describe("defaultNormalizeScore (TestDefaultNormalizeScore)", () => {
  it("case_0: [1 2 3 4] → [25 50 75 100]", () => expect(run(false, [1, 2, 3, 4])).toEqual([25, 50, 75, 100]));
  it("case_1: reverse [1 2 3 4] → [75 50 25 0]", () => expect(run(true, [1, 2, 3, 4])).toEqual([75, 50, 25, 0]));
  it("case_2: [1000 10 20 30] → [100 1 2 3]", () => expect(run(false, [1000, 10, 20, 30])).toEqual([100, 1, 2, 3]));
  it("case_3: reverse [1000 10 20 30] → [0 99 98 97]", () =>
    expect(run(true, [1000, 10, 20, 30])).toEqual([0, 99, 98, 97]));
  it("case_4: [1 1 1 1] → all 100", () => expect(run(false, [1, 1, 1, 1])).toEqual([100, 100, 100, 100]));
  it("case_5: [1000 1 1 1] → [100 0 0 0] (truncating division)", () =>
    expect(run(false, [1000, 1, 1, 1])).toEqual([100, 0, 0, 0]));
  it("case_6: reverse [0 1 1 1] → [100 0 0 0]", () => expect(run(true, [0, 1, 1, 1])).toEqual([100, 0, 0, 0]));

  it("all zero: left at 0 without reverse, all maxPriority with reverse", () => {
    expect(run(false, [0, 0, 0])).toEqual([0, 0, 0]);
    expect(run(true, [0, 0, 0])).toEqual([100, 100, 100]);
  });

  it("only touches the first nodes.length entries of a longer scores array", () => {
    const list: NodeScoreList = { nodes: [{} as NodeInfo, {} as NodeInfo], scores: Float64Array.from([0, 0, 7]) };
    defaultNormalizeScore(MAX_NODE_SCORE, true, list);
    expect(Array.from(list.scores)).toEqual([100, 100, 7]);
  });
});
