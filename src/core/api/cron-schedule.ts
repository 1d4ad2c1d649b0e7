/**
 * Cron schedules as the CronJob controller parses them (robfig/cron's standard parser): five fields —
 * minute, hour, day of month, month, day of week — each `*`, a number, a range `a-b`, a list, a step
 * `x/n`, month and weekday names, `?` as `*`; and the descriptors @yearly/@annually, @monthly, @weekly,
 * @daily/@midnight, @hourly. As in cron, when both day fields are restricted a day matching either runs.
 * Times are virtual, in UTC (virtual time 0 is 1970-01-01T00:00:00Z).
 */
const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] },
  { name: "day of week", min: 0, max: 6, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
] as const;

const DESCRIPTORS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

export class CronSchedule {
  private constructor(
    private readonly sets: readonly (readonly boolean[])[],
    private readonly domStar: boolean,
    private readonly dowStar: boolean,
  ) {}

  /** Parses a schedule; throws an Error in the parser's words for a bad one. */
  static parse(spec: string): CronSchedule {
    const text = DESCRIPTORS[spec.trim()] ?? spec.trim();
    const parts = text.split(/\s+/);
    if (parts.length !== 5) throw new Error(`expected exactly 5 fields, found ${parts.length}: [${parts.join(" ")}]`);
    const sets = parts.map((p, i) => parseField(p, FIELDS[i]!));
    return new CronSchedule(sets, parts[2] === "*" || parts[2] === "?", parts[4] === "*" || parts[4] === "?");
  }

  /** The first scheduled time strictly after `afterUs` (µs), whole minutes. */
  next(afterUs: number): number {
    let t = Math.floor(afterUs / 60e6) * 60 + 60; // seconds, the next whole minute
    // Four years of minutes bound the search (a schedule such as Feb 30 never runs).
    for (let i = 0; i < 4 * 366 * 24 * 60; i++, t += 60) {
      const d = new Date(t * 1000);
      if (this.matches(d)) return t * 1e6;
      // Skip whole hours or days that cannot match, to keep the search short.
      if (!this.sets[1]![d.getUTCHours()] || !this.dayMatches(d) || !this.sets[3]![d.getUTCMonth() + 1]) t += 60 * (59 - d.getUTCMinutes());
    }
    return Infinity;
  }

  private dayMatches(d: Date): boolean {
    const dom = this.sets[2]![d.getUTCDate()]!;
    const dow = this.sets[4]![d.getUTCDay()]!;
    if (this.domStar || this.dowStar) return dom && dow;
    return dom || dow;
  }

  private matches(d: Date): boolean {
    return this.sets[0]![d.getUTCMinutes()]! && this.sets[1]![d.getUTCHours()]! && this.sets[3]![d.getUTCMonth() + 1]! && this.dayMatches(d);
  }
}

function parseField(text: string, f: (typeof FIELDS)[number]): boolean[] {
  const set = new Array<boolean>(f.max + 2).fill(false);
  const value = (s: string): number => {
    const names = "names" in f ? (f.names as readonly string[]) : [];
    const i = names.indexOf(s.toLowerCase());
    if (i >= 0) return i + f.min;
    if (!/^\d+$/.test(s)) throw new Error(`failed to parse int from ${s}: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
    return Number(s);
  };
  for (const part of text.split(",")) {
    const [range, stepText] = part.split("/") as [string, string | undefined];
    let lo: number;
    let hi: number;
    if (range === "*" || range === "?") {
      lo = f.min;
      hi = f.max;
    } else if (range.includes("-")) {
      const [a, b] = range.split("-") as [string, string];
      lo = value(a);
      hi = value(b);
    } else {
      lo = value(range);
      hi = stepText !== undefined ? f.max : lo;
    }
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) throw new Error(`failed to parse step ${JSON.stringify(stepText)} in ${f.name}`);
    if (lo < f.min) throw new Error(`beginning of range (${lo}) below minimum (${f.min}): ${part}`);
    if (hi > f.max) throw new Error(`end of range (${hi}) above maximum (${f.max}): ${part}`);
    if (lo > hi) throw new Error(`beginning of range (${lo}) beyond end of range (${hi}): ${part}`);
    for (let v = lo; v <= hi; v += step) set[v] = true;
  }
  return set;
}
