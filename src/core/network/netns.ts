/**
 * Running the real networking tools (iptables-restore, nft) inside a throwaway network namespace:
 * `unshare --net` gives each call a fresh, empty namespace that vanishes with the process, so nothing
 * touches the host's rules and no packet is ever sent. Needs root (CAP_SYS_ADMIN) and util-linux.
 */
import { spawnSync } from "node:child_process";

export interface NetnsResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall-clock seconds of the whole script. */
  seconds: number;
}

/** Why the namespace tools cannot run here, or null when they can; `tools` are the binaries needed inside. */
export function netnsUnavailable(tools: readonly string[]): string | null {
  if (process.platform !== "linux") return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return "not running as root (a network namespace needs CAP_SYS_ADMIN)";
  const probe = spawnSync("unshare", ["--net", "true"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return `unshare --net failed: ${(probe.stderr || String(probe.error ?? "")).trim()}`;
  for (const t of tools) {
    const which = spawnSync("sh", ["-c", `command -v ${t}`], { encoding: "utf8" });
    if (which.status !== 0) return `${t} is not installed`;
  }
  return null;
}

/** Runs the shell `script` in a fresh network namespace; `env` is passed to it. */
export function inNetns(script: string, env: Record<string, string> = {}, timeoutMs = 600_000): NetnsResult {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("unshare", ["--net", "sh", "-c", script], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: timeoutMs,
    maxBuffer: 512 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? (r.error ? String(r.error) : ""), seconds };
}
