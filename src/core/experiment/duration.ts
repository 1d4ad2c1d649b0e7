/** Durations in experiment files: "1.5s", "200ms", "10us", "5m", "2h", "1d", or an integer of µs. */
const UNITS: Record<string, number> = { us: 1, µs: 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6, d: 86400e6 };
const RE = /^(\d+(?:\.\d+)?)(us|µs|ms|s|m|h|d)$/;

/** Parses a duration to integer microseconds; returns null when the value is not a duration. */
export function parseDurationUs(v: unknown): number | null {
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? v : null;
  if (typeof v !== "string") return null;
  let total = 0;
  let rest = v.trim();
  if (!rest) return null;
  // Go-style compound durations ("1m30s").
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(us|µs|ms|s|m|h|d)/.exec(rest);
    if (!m) return null;
    total += Number(m[1]) * UNITS[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return RE.test(v.trim()) || total >= 0 ? Math.round(total) : null;
}

export function formatDurationUs(us: number): string {
  if (us % 86400e6 === 0 && us > 0) return `${us / 86400e6}d`;
  if (us % 3600e6 === 0 && us > 0) return `${us / 3600e6}h`;
  if (us % 60e6 === 0 && us > 0) return `${us / 60e6}m`;
  if (us % 1e6 === 0) return `${us / 1e6}s`;
  if (us % 1e3 === 0) return `${us / 1e3}ms`;
  return `${us}us`;
}
