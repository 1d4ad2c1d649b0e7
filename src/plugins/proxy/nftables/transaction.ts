/**
 * The `nft -f` input of a sync, as kube-proxy's knftables transaction: a full sync declares the table's
 * base objects and every service's chains, sets, rules and map elements; a partial sync re-declares and
 * flushes only the chains of changed service ports, adds or deletes only the map elements that changed,
 * and flushes chains that are gone (kube-proxy deletes them a second later, once no map points at them).
 */
import type { NftRuleset } from "./generate.js";

const T = "ip kube-proxy";

export interface Transaction {
  readonly text: string;
  readonly lines: number;
}

/** Every line a full sync writes, in an order `nft -f` accepts (objects before the rules naming them). */
export function fullTransaction(rs: NftRuleset): Transaction {
  const out: string[] = [...rs.base];
  for (const b of rs.services) out.push(...b.chains, ...b.sets, ...b.rules, ...b.elements);
  return { text: out.join("\n") + "\n", lines: out.length };
}

/** `prev` is the rule set in the kernel; `changed` the service ports whose Service or endpoints changed. */
export function partialTransaction(prev: NftRuleset, next: NftRuleset, changed: ReadonlySet<string>, staleToDelete: readonly string[]): Transaction {
  const out: string[] = [];
  for (const c of staleToDelete) out.push(`delete chain ${T} ${c}`);
  const prevElements = new Set(prev.services.flatMap((b) => b.elements));
  const nextElements = new Set(next.services.flatMap((b) => b.elements));
  for (const b of next.services) {
    if (!changed.has(b.owner)) continue;
    for (const c of b.chains) out.push(c, c.replace(/^add chain /, "flush chain "));
    out.push(...b.sets, ...b.rules);
  }
  for (const e of prevElements) if (!nextElements.has(e)) out.push(deleteElement(e));
  for (const e of nextElements) if (!prevElements.has(e)) out.push(e);
  for (const c of staleChains(prev, next)) out.push(`flush chain ${T} ${c}`);
  const nextSets = new Set(next.services.flatMap((b) => b.sets.map(setName)));
  for (const s of prev.services.flatMap((b) => b.sets.map(setName))) if (!nextSets.has(s)) out.push(`delete set ${T} ${s}`);
  return { text: out.join("\n") + "\n", lines: out.length };
}

/** Per-service chains of `prev` that `next` no longer has. */
export function staleChains(prev: NftRuleset, next: NftRuleset): string[] {
  return [...prev.chains.keys()].filter((c) => !next.chains.has(c));
}

const setName = (line: string) => line.split(" ")[4]!;

/** `add element ip kube-proxy m { k comment "x" : v }` → `delete element ip kube-proxy m { k }` (deletion takes the key only). */
function deleteElement(line: string): string {
  const open = line.indexOf("{ ");
  const head = line.slice("add element ".length, open);
  const body = line.slice(open + 2, line.lastIndexOf(" }"));
  const key = body.split(" comment ")[0]!.split(" : ")[0]!;
  return `delete element ${head}{ ${key} }`;
}
