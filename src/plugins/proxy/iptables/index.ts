/**
 * kube-proxy's iptables mode as a proxy plugin: each sync regenerates the rule set, writes kube-proxy's
 * iptables-restore input (in full, or — partial sync, KEP-3453 — only the chains of changed service
 * ports plus the top-level chains) and deletes chains that are gone; routing walks the rules in order.
 */
import type { DataPlane, Packet, ProxyNode, ProxyPlugin, ProxyState, Route, SyncReport } from "../../../core/network/proxy-plugin.js";
import { AffinityTable } from "../../../core/network/affinity-table.js";
import { DEFAULT_IPTABLES_OPTIONS, generateRules, type IptablesOptions, type Ruleset } from "./generate.js";
import { restoreText } from "./restore-text.js";
import { RuleWalker } from "./route.js";

export class IptablesDataPlane implements DataPlane {
  private rules: Ruleset | null = null;
  private walker: RuleWalker | null = null;
  private lastText = "";
  private readonly recent = new AffinityTable();

  constructor(
    private readonly node: ProxyNode,
    private readonly options: IptablesOptions = DEFAULT_IPTABLES_OPTIONS,
  ) {}

  sync(state: ProxyState, changed: ReadonlySet<string> | null): SyncReport {
    const rs = generateRules(state, this.node, this.options);
    const full = changed === null || this.rules === null;
    const now = new Set(rs.natChains);
    const stale = this.rules ? this.rules.natChains.filter((c) => !now.has(c)) : [];
    const out = restoreText(rs, full ? null : changed, stale);
    this.rules = rs;
    this.walker = new RuleWalker(rs, this.recent);
    this.lastText = out.text;
    return { full, lines: out.lines, total: rs.natRules.length + rs.filterRules.length };
  }

  route(p: Packet, out: Route, random: () => number, nowSec: number): Route {
    if (!this.walker) throw new Error("iptables: route before the first sync");
    return this.walker.route(p, out, random, nowSec);
  }

  /** The iptables-restore input of the last sync. */
  ruleText(): string {
    return this.lastText;
  }

  /** The whole rule set (as a full sync would write it). */
  fullText(): string {
    return this.rules ? restoreText(this.rules).text : "";
  }
}

export const iptablesPlugin: ProxyPlugin = {
  name: "iptables",
  description: "kube-proxy's iptables mode: KUBE-SERVICES walked rule by rule, random-probability endpoint rules",
  create: (node) => new IptablesDataPlane(node),
};
