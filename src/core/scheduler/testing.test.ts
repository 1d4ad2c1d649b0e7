// The plugin-test helper scores through the runtime (the batch path when a plugin has one) and checks the
// per-node path against it, so an upstream expectation guards both.
import { describe, expect, it } from "vitest";
import type { Plugin } from "./framework.js";
import { makeNode, makePod, makeSnapshot, scoreAll } from "./testing.js";

const snapshot = makeSnapshot([makeNode({ name: "a" }), makeNode({ name: "b" })]);
const pod = makePod({ name: "p" });

describe("scoreAll (test helper)", () => {
  it("returns the batch path's scores when a plugin has one", () => {
    const p: Plugin = { name: "BatchOnly", scoreAll: (_s, _p, nodes, out) => (nodes.forEach((_, i) => (out[i] = 10 * (i + 1))), null) };
    expect(scoreAll(p, pod, snapshot)).toEqual({ a: 10, b: 20 });
  });

  it("throws, naming the node, when the batch and per-node paths disagree", () => {
    const p: Plugin = {
      name: "Drifting",
      score: () => 7,
      scoreAll: (_s, _p, nodes, out) => (nodes.forEach((_, i) => (out[i] = i === 1 ? 8 : 7)), null),
    };
    expect(() => scoreAll(p, pod, snapshot)).toThrow("Drifting: the batch scoreAll gives 8 on b, score node by node 7");
  });

  it("applies NormalizeScore on both paths before comparing", () => {
    const p: Plugin = {
      name: "Normalized",
      score: (_s, _p, n) => (n.name === "a" ? 1 : 3),
      scoreAll: (_s, _p, nodes, out) => (nodes.forEach((n, i) => (out[i] = n.name === "a" ? 1 : 3)), null),
      normalizeScore: (_s, _p, list) => (list.scores.forEach((v, i) => (list.scores[i] = (v * 100) / 3 | 0)), null),
    };
    expect(scoreAll(p, pod, snapshot)).toEqual({ a: 33, b: 100 });
  });

  it("rejects what the runtime rejects: a score outside [0, 100] after normalizing", () => {
    const p: Plugin = { name: "TooHigh", score: () => 101 };
    expect(() => scoreAll(p, pod, snapshot)).toThrow(/invalid score 101/);
  });
});
