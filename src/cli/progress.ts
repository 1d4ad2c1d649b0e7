/**
 * Progress for long work: a single redrawn line on a TTY (stderr), nothing otherwise, so logs and CI
 * output stay clean. Redraws at most every 100 ms.
 */
export class Progress {
  private last = 0;
  private readonly tty: boolean;
  private readonly start = Date.now();
  constructor(private readonly label: string, stream: NodeJS.WriteStream = process.stderr) {
    this.tty = !!stream.isTTY && !process.env.CI;
    this.stream = stream;
  }
  private readonly stream: NodeJS.WriteStream;

  update(done: number, total: number | null): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.last < 100 && done !== total) return;
    this.last = now;
    const width = 30;
    const frac = total ? Math.min(1, done / total) : 0;
    const bar = total ? "█".repeat(Math.round(frac * width)).padEnd(width, "░") : "";
    const elapsed = (now - this.start) / 1000;
    const eta = total && frac > 0 ? ` eta ${Math.max(0, elapsed / frac - elapsed).toFixed(0)}s` : "";
    const count = total ? `${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")}` : done.toLocaleString("en-US");
    this.stream.write(`\r${this.label} ${bar} ${count}${eta}   `);
  }

  done(): void {
    if (this.tty) this.stream.write("\r\x1b[K");
  }
}
