// CycleState as plugins use it: keyed data that behaves as a Map, skip lists, and clones for dry runs.
import { describe, expect, it } from "vitest";
import { CycleState } from "./cycle-state.js";
import { Rng } from "../engine/rng.js";

describe("CycleState", () => {
  it("reads, writes and deletes as a Map would, over random operations", () => {
    const rng = Rng.seeded(7);
    const s = new CycleState();
    const model = new Map<string, number>();
    for (let step = 0; step < 2000; step++) {
      const key = `k${rng.below(12)}`;
      const op = rng.below(3);
      if (op === 0) {
        s.write(key, step);
        model.set(key, step);
      } else if (op === 1) {
        s.delete(key);
        model.delete(key);
      }
      expect(s.read(key)).toBe(model.get(key));
    }
  });

  it("clones entries (deeply where the value can clone itself) and skips; the clone is independent", () => {
    const s = new CycleState();
    const counts = { n: 1, clone: () => ({ n: counts.n, clone: counts.clone }) };
    const shared = { plain: true };
    s.write("counts", counts);
    s.write("shared", shared);
    s.skipFilter("A");
    s.skipScore("B");
    const c = s.clone();
    expect(c.read("shared")).toBe(shared);
    expect(c.read("counts")).not.toBe(counts);
    expect(c.read<{ n: number }>("counts")!.n).toBe(1);
    expect([c.filterSkipped("A"), c.scoreSkipped("B"), c.filterSkipped("B"), c.scoreSkipped("A")]).toEqual([true, true, false, false]);
    c.write("new", 1);
    c.skipFilter("C");
    expect(s.read("new")).toBeUndefined();
    expect(s.filterSkipped("C")).toBe(false);
  });

  it("lists each skipped plugin once, in the order skipped", () => {
    const s = new CycleState();
    for (const p of ["X", "Y", "X"]) s.skipFilter(p);
    expect(s.skippedFilters).toEqual(["X", "Y"]);
    expect(s.skippedScores).toEqual([]);
  });
});
