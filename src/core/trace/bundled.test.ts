import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dir = fileURLToPath(new URL("../../../traces/openb/", import.meta.url));

describe("bundled openb trace", () => {
  const sums = readFileSync(dir + "SHA256SUMS", "utf8")
    .trim()
    .split("\n")
    .map((l) => /^([0-9a-f]{64}) {2}(\S+)$/.exec(l)!);

  it("SHA256SUMS lists exactly the 26 CSV files", () => {
    expect(sums.every((m) => m !== null)).toBe(true);
    const listed = sums.map((m) => m[2]).sort();
    expect(listed).toEqual(readdirSync(dir).filter((f) => f.endsWith(".csv")).sort());
    expect(listed.length).toBe(26);
  });

  it("every file matches its SHA-256", () => {
    for (const [, sum, file] of sums) {
      expect(createHash("sha256").update(readFileSync(dir + file)).digest("hex"), file).toBe(sum);
    }
  });
});
