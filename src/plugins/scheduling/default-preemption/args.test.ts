/** DefaultPreemptionArgs: v1 defaulting and TestValidateDefaultPreemptionArgs (validation_pluginargs_test.go). */
import { describe, expect, it } from "vitest";
import { ArgsError } from "../../../core/scheduler/framework.js";
import { calculateNumCandidates, parseDefaultPreemptionArgs } from "./args.js";

const parse = (raw: unknown) => parseDefaultPreemptionArgs(raw, "args");
const fails = (raw: unknown, path: string, message: RegExp) => {
  let err: unknown;
  try {
    parse(raw);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ArgsError);
  expect((err as ArgsError).path).toBe(path);
  expect((err as ArgsError).message).toMatch(message);
};

describe("DefaultPreemptionArgs", () => {
  it("SetDefaults_DefaultPreemptionArgs: absent fields get 10% / 100; an explicit 0 stays 0", () => {
    expect(parse(undefined)).toEqual({ minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 });
    expect(parse({})).toEqual({ minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 });
    expect(parse({ minCandidateNodesPercentage: 0 })).toEqual({ minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 100 });
    expect(parse({ apiVersion: "kubescheduler.config.k8s.io/v1", kind: "DefaultPreemptionArgs", minCandidateNodesAbsolute: 5 }))
      .toEqual({ minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 5 });
  });

  it("valid args (default)", () => {
    expect(() => parse({ minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 })).not.toThrow();
  });
  it("negative minCandidateNodesPercentage", () => {
    fails({ minCandidateNodesPercentage: -1, minCandidateNodesAbsolute: 100 }, "args.minCandidateNodesPercentage", /not in valid range \[0, 100\]/);
  });
  it("minCandidateNodesPercentage over 100", () => {
    fails({ minCandidateNodesPercentage: 900, minCandidateNodesAbsolute: 100 }, "args.minCandidateNodesPercentage", /not in valid range \[0, 100\]/);
  });
  it("negative minCandidateNodesAbsolute", () => {
    fails({ minCandidateNodesPercentage: 20, minCandidateNodesAbsolute: -1 }, "args.minCandidateNodesAbsolute", /not in valid range \[0, inf\)/);
  });
  it("all zero", () => {
    fails({ minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0 }, "args.minCandidateNodesPercentage", /cannot be zero at the same time as minCandidateNodesAbsolute/);
  });

  it("strict decoding: unknown field, wrong type, wrong kind", () => {
    fails({ minCandidateNodes: 3 }, "args.minCandidateNodes", /unknown field/);
    fails({ minCandidateNodesPercentage: "10" }, "args.minCandidateNodesPercentage", /integer/);
    fails({ minCandidateNodesAbsolute: 1.5 }, "args.minCandidateNodesAbsolute", /integer/);
    fails({ kind: "NodeAffinityArgs" }, "args.kind", /DefaultPreemptionArgs/);
    fails([1], "args", /object/);
  });
});

describe("calculateNumCandidates", () => {
  const args = (p: number, a: number) => ({ minCandidateNodesPercentage: p, minCandidateNodesAbsolute: a });
  it("max(n·percentage/100, absolute), capped at the number of potential nodes", () => {
    expect(calculateNumCandidates(5000, args(10, 100))).toBe(500);
    expect(calculateNumCandidates(500, args(10, 100))).toBe(100);
    expect(calculateNumCandidates(50, args(10, 100))).toBe(50);
    expect(calculateNumCandidates(5, args(40, 1))).toBe(2);
    expect(calculateNumCandidates(999, args(10, 0))).toBe(99); // integer division
    expect(calculateNumCandidates(0, args(10, 100))).toBe(0);
  });
});
