import { describe, expect, it } from "vitest";
import { hasKeys } from "./has-keys.js";

describe("hasKeys", () => {
  it("is true for an object with an own key, false for an empty or absent one", () => {
    expect(hasKeys({ a: "" })).toBe(true);
    expect(hasKeys({})).toBe(false);
    expect(hasKeys(undefined)).toBe(false);
  });
});
