import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { csvField } from "../util/csv-field.js";
import { RowArena } from "./row-arena.js";

function rowOf(a: RowArena, seq: number): string {
  const [from, to] = a.span(seq);
  return a.slice(from, to).toString("utf8");
}

describe("RowArena's row writer", () => {
  it("writes fields as csvField and numbers as String, whatever they hold", () => {
    const rng = Rng.seeded(7);
    const chars = ["a", "Z", "0", "-", ".", "/", '"', ",", "\n", "\r", " ", "é", "漢", "😀"];
    const numbers = [0, 1, 9, 10, 99, 100, 3_600_000_000, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 1e21, -1, -3_600_000_000, 0.5, 1.25e-7, -0, NaN, Infinity];
    const a = new RowArena();
    const rows: string[] = [];
    for (let seq = 0; seq < 3000; seq++) {
      const text = Array.from({ length: rng.int(0, 12) }, () => chars[rng.below(chars.length)]).join("");
      const n = seq < numbers.length ? numbers[seq]! : rng.int(0, 2 ** 40) * (rng.below(4) === 0 ? -1 : 1);
      a.open(seq);
      a.field(text);
      a.num(n);
      a.optNum(n);
      a.ascii("completed");
      a.close();
      rows.push(`${csvField(text)},${String(n)},${n >= 0 ? String(n) : ""},completed\n`);
      expect(rowOf(a, seq)).toBe(rows[seq]);
    }
    // Growing the buffer (3,000 rows outgrow nothing; a long field does) keeps every row written before.
    a.open(3000);
    a.field("x".repeat(3 << 20));
    a.close();
    expect(rowOf(a, 3000)).toBe("x".repeat(3 << 20) + "\n");
    for (let seq = 0; seq < 3000; seq++) expect(rowOf(a, seq)).toBe(rows[seq]);
  });
});
