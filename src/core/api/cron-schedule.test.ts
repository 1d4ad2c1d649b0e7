import { describe, expect, it } from "vitest";
import { CronSchedule } from "./cron-schedule.js";

const at = (iso: string) => Date.parse(iso) * 1000;
const iso = (us: number) => new Date(us / 1000).toISOString();

describe("cron schedules", () => {
  it("finds the next time as cron does", () => {
    const cases: [string, string, string][] = [
      ["*/5 * * * *", "1970-01-01T00:00:00Z", "1970-01-01T00:05:00.000Z"],
      ["*/5 * * * *", "1970-01-01T00:04:59Z", "1970-01-01T00:05:00.000Z"],
      ["*/5 * * * *", "1970-01-01T00:05:00Z", "1970-01-01T00:10:00.000Z"],
      ["@hourly", "1970-01-01T00:30:00Z", "1970-01-01T01:00:00.000Z"],
      ["@daily", "1970-01-01T00:00:00Z", "1970-01-02T00:00:00.000Z"],
      ["0 9 * * mon-fri", "1970-01-02T10:00:00Z", "1970-01-05T09:00:00.000Z"], // Friday 2 Jan → Monday 5 Jan
      ["30 2 1,15 * *", "1970-01-02T00:00:00Z", "1970-01-15T02:30:00.000Z"],
      ["0 0 1 jan *", "1970-03-01T00:00:00Z", "1971-01-01T00:00:00.000Z"],
      // Both day fields restricted: either may match (the 13th, or any Friday).
      ["0 0 13 * fri", "1970-01-01T00:00:00Z", "1970-01-02T00:00:00.000Z"],
      ["15-17/2 * * * *", "1970-01-01T00:15:00Z", "1970-01-01T00:17:00.000Z"],
    ];
    for (const [spec, from, want] of cases) expect(iso(CronSchedule.parse(spec).next(at(from))), `${spec} after ${from}`).toBe(want);
    expect(CronSchedule.parse("0 0 30 2 *").next(0)).toBe(Infinity); // 30 February never comes
  });

  it("rejects bad schedules in the parser's words", () => {
    expect(() => CronSchedule.parse("* * * *")).toThrow("expected exactly 5 fields, found 4: [* * * *]");
    expect(() => CronSchedule.parse("61 * * * *")).toThrow("end of range (61) above maximum (59): 61");
    expect(() => CronSchedule.parse("* * * * 7")).toThrow("end of range (7) above maximum (6): 7");
    expect(() => CronSchedule.parse("x * * * *")).toThrow(/failed to parse int from x/);
    expect(() => CronSchedule.parse("5-1 * * * *")).toThrow("beginning of range (5) beyond end of range (1): 5-1");
  });
});
