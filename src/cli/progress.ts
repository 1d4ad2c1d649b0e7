/**
 * Progress for long work, on stderr: on a terminal one line redrawn at most every 100 ms; elsewhere
 * (logs, CI, pipes) a plain line at most every few seconds, so a long run is never silent and a log
 * stays short. Nothing at all with --quiet.
 */
import type { RunProgress } from "../core/experiment/run.js";

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** Print nothing (--quiet). */
  quiet?: boolean;
  /** Seconds between plain lines when not on a terminal (default 5). */
  plainEverySeconds?: number;
}

export class Progress {
  private last = 0;
  private readonly tty: boolean;
  private readonly quiet: boolean;
  private readonly plainEveryMs: number;
  private readonly start = Date.now();
  private readonly stream: NodeJS.WriteStream;
  private drawn = false;

  constructor(private readonly label: string, opts: ProgressOptions = {}) {
    this.stream = opts.stream ?? process.stderr;
    this.tty = !!this.stream.isTTY && !process.env.CI;
    this.quiet = !!opts.quiet;
    this.plainEveryMs = (opts.plainEverySeconds ?? 5) * 1000;
    this.last = Date.now();
  }

  /** A count of finished items (runs), with an optional note on the one in progress. */
  update(done: number, total: number | null, note = ""): void {
    if (!this.due(done === total)) return;
    const frac = total ? Math.min(1, done / total) : 0;
    const count = total ? `${fmtInt(done)}/${fmtInt(total)}` : fmtInt(done);
    const elapsed = (Date.now() - this.start) / 1000;
    const eta = total && frac > 0 && frac < 1 ? ` · eta ${fmtSeconds(elapsed / frac - elapsed)}` : "";
    this.show(`${this.tty ? bar(frac) + " " : ""}${count}${eta}${note ? ` · ${note}` : ""}`, done === total);
  }

  /** One run's progress: virtual time, share of the trace, pods, decisions/s, ETA. */
  run(p: RunProgress): void {
    if (this.due(false)) this.show(describeRun(p, this.tty), false);
  }

  done(): void {
    if (this.tty && this.drawn) this.stream.write("\r\x1b[K");
    this.drawn = false;
  }

  /** Whether a line would be printed now: the text is only built then (a run asks every slice). */
  private due(force: boolean): boolean {
    return !this.quiet && (force || Date.now() - this.last >= (this.tty ? 100 : this.plainEveryMs));
  }

  private show(text: string, force: boolean): void {
    if (!this.due(force)) return;
    this.last = Date.now();
    if (this.tty) {
      const width = this.stream.columns ?? 120;
      this.stream.write(`\r\x1b[K${`${this.label} ${text}`.slice(0, width - 1)}`);
      this.drawn = true;
    } else this.stream.write(`${this.label}: ${text}\n`);
  }
}

/**
 * "t=3d+12:05:00 (41% of trace) · 8,213/20,000 arrived · 8,100 scheduled · 113 pending · 15,210 decisions/s · eta 42s".
 * The share of the trace is the share of its pods that have arrived (traces crowd arrivals unevenly
 * in time); the share of the arrival span when the pod count is unknown.
 */
export function describeRun(p: RunProgress, withBar: boolean): string {
  const span = p.lastArrivalUs - p.firstArrivalUs;
  const frac = p.total ? Math.min(1, p.arrived / p.total) : span > 0 ? Math.max(0, Math.min(1, (p.nowUs - p.firstArrivalUs) / span)) : 0;
  const arrivedAll = p.total !== null && p.arrived >= p.total;
  const where = arrivedAll ? "all arrived, draining" : `${Math.floor(frac * 100)}% of trace`;
  const rate = p.wallSeconds > 0 ? Math.round(p.decisions / p.wallSeconds) : 0;
  const eta = !arrivedAll && frac > 0.01 ? ` · eta ${fmtSeconds(p.wallSeconds / frac - p.wallSeconds)}` : "";
  return (
    `${withBar ? bar(arrivedAll ? 1 : frac) + " " : ""}t=${fmtVirtual(p.nowUs)} (${where}) · ` +
    `${fmtInt(p.arrived)}${p.total !== null ? `/${fmtInt(p.total)}` : ""} arrived · ${fmtInt(p.scheduled)} scheduled · ` +
    `${fmtInt(p.pending)} pending · ${fmtInt(rate)} decisions/s${eta}`
  );
}

function bar(frac: number, width = 20): string {
  return "█".repeat(Math.round(frac * width)).padEnd(width, "░");
}

const fmtInt = (n: number) => n.toLocaleString("en-US");

/** Virtual time as d+hh:mm:ss. */
function fmtVirtual(us: number): string {
  const s = Math.floor(us / 1e6);
  const d = Math.floor(s / 86400);
  const hms = new Date((s % 86400) * 1000).toISOString().slice(11, 19);
  return d > 0 ? `${d}d+${hms}` : hms;
}

function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 90) return `${Math.round(s)}s`;
  if (s < 5400) return `${Math.round(s / 60)}m`;
  return `${(s / 3600).toFixed(1)}h`;
}
