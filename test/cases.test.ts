/**
 * End-to-end cases as folders (test/cases/<case>/), remark-style: adding a case is adding a folder.
 * A folder holds its input files, `command` (the clusterlab arguments on one line; `#` lines say why the
 * expectation is what it is), `expected-exit` and `expected-stderr` (exact; `$DIR` stands for the folder the
 * command ran in), and optionally `expected-stdout` (exact). The case runs in a copy of its folder with the small openb traces beside it; a case that
 * fails leaves no `out` folder behind.
 */
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, folderWithFixtures, ROOT } from "./helpers.js";

const CASES = join(ROOT, "test", "cases");

describe("test/cases", () => {
  for (const name of readdirSync(CASES).sort()) {
    it(name, () => {
      const dir = folderWithFixtures(`case-${name}`);
      cpSync(join(CASES, name), dir, { recursive: true });
      const read = (f: string) => readFileSync(join(dir, f), "utf8");
      const command = read("command").split("\n").filter((l) => l.trim() && !l.startsWith("#"));
      expect(command, "command holds exactly one line of arguments").toHaveLength(1);
      const r = cli(command[0]!.trim().split(/\s+/), dir);
      const exit = Number(read("expected-exit").trim());
      expect(r.stderr).toBe(read("expected-stderr").replaceAll("$DIR", dir));
      expect(r.code).toBe(exit);
      if (existsSync(join(dir, "expected-stdout"))) expect(r.stdout).toBe(read("expected-stdout"));
      if (exit !== 0) expect(existsSync(join(dir, "out"))).toBe(false);
    });
  }
});
