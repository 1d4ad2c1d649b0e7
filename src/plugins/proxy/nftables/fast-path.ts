/**
 * The common service chain compiled into flat typed arrays: "masquerade off-cluster sources, then numgen
 * over endpoint chains that each masquerade hairpin traffic and DNAT". Following it visits the same rules
 * in the same order as walking the chains (route.test.ts checks both agree packet for packet), reading a
 * few array slots instead of one object per rule, so per-packet cost stays flat at 50,000 services.
 */
import type { Packet, Route } from "../../../core/network/proxy-plugin.js";
import type { NftRule } from "./generate.js";
import { grown } from "../../../core/util/grown.js";

/** Int32s per service: kind, masq destination, exempt source base, exempt prefix, first endpoint, endpoint count. */
const M = 8;
const NOT_FAST = 0;
const FAST = 1;
const FAST_MASQ = 2;
const ANY_DST = 3;

const isMasq = (r: NftRule) => r.action === "jump-masq" && r.srcNet === null && r.srcIP === null && !r.srcLocal && r.affinity === null;

export class FastServices {
  private meta: Int32Array = new Int32Array(64 * M);
  private epIP: Int32Array = new Int32Array(256);
  private readonly epAddr: string[] = [];
  private count = 0;

  /** Compiles the chain `rules` for verdict slot `i`; a chain of another shape stays on the slow path. */
  add(i: number, rules: readonly NftRule[]): void {
    while ((i + 1) * M > this.meta.length) this.meta = grown(this.meta, this.meta.length * 2);
    const m = this.meta;
    m[i * M] = NOT_FAST;
    let r = 0;
    let kind = FAST;
    if (rules[0] && isMasq(rules[0])) {
      const rule = rules[0];
      kind = rule.dst === null ? ANY_DST : FAST_MASQ;
      m[i * M + 1] = rule.dst ?? 0;
      m[i * M + 2] = rule.notSrcNet ? rule.notSrcNet.base | 0 : 0;
      m[i * M + 3] = rule.notSrcNet ? rule.notSrcNet.prefix : -1;
      r = 1;
    }
    const numgen = rules[r];
    if (!numgen || numgen.action !== "numgen" || rules.length !== r + 1) return;
    for (const ep of numgen.links) {
      if (ep.length !== 2 || ep[0]!.action !== "jump-masq" || ep[0]!.srcIP === null || ep[1]!.action !== "dnat") return;
    }
    m[i * M + 4] = this.count;
    m[i * M + 5] = numgen.links.length;
    for (const ep of numgen.links) {
      if (this.count >= this.epIP.length) this.epIP = grown(this.epIP, this.epIP.length * 2);
      this.epIP[this.count++] = ep[0]!.srcIP! | 0;
      this.epAddr.push(ep[1]!.dnat);
    }
    m[i * M] = kind;
  }

  /** Routes `p` through service slot `i` when it is compiled; false sends the caller to the rule walk. */
  run(i: number, p: Packet, out: Route, random: () => number): boolean {
    const m = this.meta;
    const kind = i * M < m.length ? m[i * M]! : NOT_FAST;
    if (kind === NOT_FAST) return false;
    const src = p.src | 0;
    if (kind !== FAST) {
      out.rulesVisited++;
      const prefix = m[i * M + 3]!;
      const exempt = prefix === 0 || (prefix > 0 && ((src ^ m[i * M + 2]!) >>> (32 - prefix)) === 0);
      if ((kind === ANY_DST || m[i * M + 1] === (p.dst | 0)) && !exempt) out.masquerade = true;
    }
    out.rulesVisited += 3; // numgen, then the endpoint chain's two rules
    out.lookups++;
    const k = m[i * M + 4]! + Math.floor(random() * m[i * M + 5]!);
    if (this.epIP[k] === src) out.masquerade = true;
    out.verdict = "endpoint";
    out.endpoint = this.epAddr[k]!;
    return true;
  }
}
