import { expect, it } from "vitest";
import { fnv1_32 } from "./fnv.js";

it("FNV-1 32-bit matches the published test vectors (Go's hash/fnv New32)", () => {
  expect(fnv1_32("")).toBe(0x811c9dc5);
  expect(fnv1_32("a")).toBe(0x050c5d7e);
  expect(fnv1_32("foobar")).toBe(0x31f0b262);
});
