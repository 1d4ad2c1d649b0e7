/**
 * kube-proxy's nftables mode as a proxy plugin: dispatch by verdict map (constant cost per packet,
 * whatever the number of services); partial syncs rewrite only changed service ports' chains and the
 * map elements that changed.
 */
import type { DataPlane, Packet, ProxyNode, ProxyPlugin, ProxyState, Route, SyncReport } from "../../../core/network/proxy-plugin.js";
import { AffinityTable } from "../../../core/network/affinity-table.js";
import { DEFAULT_NFTABLES_OPTIONS, generateNftables, type NftablesOptions, type NftRuleset } from "./generate.js";
import { NftWalker } from "./route.js";
import { fullTransaction, partialTransaction, staleChains } from "./transaction.js";

export class NftablesDataPlane implements DataPlane {
  private rules: NftRuleset | null = null;
  private walker: NftWalker | null = null;
  private lastText = "";
  /** Chains flushed by the previous sync, deleted by this one (kube-proxy waits ≥ 1 s; syncs are ≥ 1 s apart). */
  private pendingDelete: string[] = [];
  private readonly affinity = new AffinityTable();

  constructor(
    private readonly node: ProxyNode,
    private readonly options: NftablesOptions = DEFAULT_NFTABLES_OPTIONS,
  ) {}

  sync(state: ProxyState, changed: ReadonlySet<string> | null): SyncReport {
    const next = generateNftables(state, this.node, this.options);
    const full = changed === null || this.rules === null;
    const tx = full ? fullTransaction(next) : partialTransaction(this.rules!, next, changed, this.pendingDelete);
    this.pendingDelete = this.rules && !full ? staleChains(this.rules, next) : [];
    this.rules = next;
    this.walker = new NftWalker(next, this.affinity);
    this.lastText = tx.text;
    let total = next.base.length;
    for (const b of next.services) total += b.chains.length + b.sets.length + b.rules.length + b.elements.length;
    return { full, lines: tx.lines, total };
  }

  route(p: Packet, out: Route, random: () => number, nowSec: number): Route {
    if (!this.walker) throw new Error("nftables: route before the first sync");
    return this.walker.route(p, out, random, nowSec);
  }

  ruleText(): string {
    return this.lastText;
  }
}

export const nftablesPlugin: ProxyPlugin = {
  name: "nftables",
  description: "kube-proxy's nftables mode: one verdict-map lookup per new connection, numgen endpoint choice",
  create: (node) => new NftablesDataPlane(node),
};
