/**
 * iptables-restore input for a rule set, as kube-proxy hands it to `iptables-restore --noflush
 * --counters`: `*filter … COMMIT` then `*nat … COMMIT`, a `:CHAIN - [0:0]` line declaring (and flushing)
 * each chain written. A partial sync writes the top-level chains in full but only the per-service chains
 * of changed service ports; chains that are gone are flushed and deleted (`-X`).
 */
import type { Ruleset } from "./generate.js";

export interface RestoreText {
  readonly text: string;
  /** Chain declarations plus rules written (kube-proxy's iptables-restore input size, in lines). */
  readonly lines: number;
}

/** `changed`: service-port names whose chains are written (null: all). `stale`: nat chains to delete. */
export function restoreText(rs: Ruleset, changed: ReadonlySet<string> | null = null, stale: readonly string[] = []): RestoreText {
  const out: string[] = ["*filter"];
  for (const c of rs.filterChains) out.push(`:${c} - [0:0]`);
  for (const r of rs.filterRules) out.push(r.text);
  out.push("COMMIT", "*nat");
  const written = (owner: string | undefined) => owner === undefined || owner === "" || changed === null || changed.has(owner);
  for (const c of rs.natChains) if (written(rs.natChainOwner.get(c))) out.push(`:${c} - [0:0]`);
  for (const c of stale) out.push(`:${c} - [0:0]`);
  for (const r of rs.natRules) if (written(r.owner)) out.push(r.text);
  for (const c of stale) out.push(`-X ${c}`);
  out.push("COMMIT", "");
  return { text: out.join("\n"), lines: out.length - 5 };
}
