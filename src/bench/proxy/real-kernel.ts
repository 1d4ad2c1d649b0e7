/**
 * Loading generated rules into the real kernel, timed: each measurement runs in its own throwaway network
 * namespace (netns.ts), times only the tool's own run (the shell reads the clock around it), and sends
 * no packet. A partial sync is timed on top of the full rule set it updates, as kube-proxy applies it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inNetns, netnsUnavailable } from "../../core/network/netns.js";

export type KernelTool = "iptables-nft" | "iptables-legacy" | "nft";

const COMMAND: Readonly<Record<KernelTool, string>> = {
  "iptables-nft": "iptables-nft-restore --noflush --counters <",
  "iptables-legacy": "iptables-legacy-restore --noflush --counters <",
  nft: "nft -f",
};
const BINARY: Readonly<Record<KernelTool, string>> = { "iptables-nft": "iptables-nft-restore", "iptables-legacy": "iptables-legacy-restore", nft: "nft" };

/** Why `tool` cannot be timed here, or null. */
export function kernelToolUnavailable(tool: KernelTool): string | null {
  return netnsUnavailable(["unshare", BINARY[tool]]);
}

export interface KernelTiming {
  /** Seconds for the full load, and for the partial update applied on top of it (when given). */
  full: number;
  partial: number | null;
}

/** Times `full` (and then `partial` on top of it) with `tool`; throws with the tool's message on failure. */
export function timeKernelLoad(tool: KernelTool, full: string, partial: string | null, timeoutMs = 300_000): KernelTiming {
  const dir = mkdtempSync(join(tmpdir(), "clusterlab-kernel-"));
  try {
    writeFileSync(join(dir, "full"), full);
    if (partial !== null) writeFileSync(join(dir, "partial"), partial);
    const clock = "date +%s.%N";
    const script = [
      `a=$(${clock})`,
      `${COMMAND[tool]} ${dir}/full || exit 3`,
      `b=$(${clock})`,
      partial === null ? "c=$b; d=$b" : `c=$(${clock}); ${COMMAND[tool]} ${dir}/partial || exit 4; d=$(${clock})`,
      'echo "$a $b $c $d"',
    ].join("\n");
    const r = inNetns(script, {}, timeoutMs);
    if (r.code !== 0) {
      const why = r.code === -1 ? `did not finish within ${timeoutMs / 1000} s` : `exit ${r.code}: ${r.stderr.trim().split("\n")[0] ?? ""}`;
      throw new Error(`${BINARY[tool]} ${why}`);
    }
    const [a, b, c, d] = r.stdout.trim().split(" ").map(Number) as [number, number, number, number];
    return { full: b - a, partial: partial === null ? null : d - c };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
