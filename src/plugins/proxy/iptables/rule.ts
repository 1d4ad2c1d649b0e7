/**
 * One iptables rule as kube-proxy writes it: the exact `-A CHAIN …` line for iptables-restore, and the
 * same matches in a form the router evaluates without parsing text. Built with RuleBuilder so the text
 * and the matches cannot disagree.
 */
import { type Cidr, parseCidr, parseIPv4 } from "../../../core/network/ipv4.js";
import { kernelThreshold } from "./probability.js";

export type Terminal = "DNAT" | "REJECT" | "DROP" | "ACCEPT" | "RETURN" | "MARK" | "MASQUERADE";

export interface Rule {
  readonly chain: string;
  /** The line for iptables-restore, without a newline. */
  readonly text: string;
  /** The service port whose per-service chains hold this rule ("" for the top-level chains). */
  readonly owner: string;
  readonly proto: string | null;
  readonly dst: number | null;
  readonly dstNet: Cidr | null;
  readonly notDstNet: Cidr | null;
  readonly dport: number | null;
  readonly src: Cidr | null;
  readonly notSrc: Cidr | null;
  readonly dstLocal: boolean;
  readonly srcLocal: boolean;
  /** xt_statistic threshold out of 2^31; 2^31 = always. */
  readonly threshold: number;
  readonly recentCheck: string | null;
  readonly recentSeconds: number;
  readonly recentSet: string | null;
  /** Chain jumped to, or null for a terminal target (or none). */
  readonly jump: string | null;
  readonly terminal: Terminal | null;
  /** DNAT destination "ip:port". */
  readonly dnat: string;
}

const ALWAYS = 2 ** 31;
const cidrOf = (s: string): Cidr => {
  const c = parseCidr(s.includes("/") ? s : `${s}/32`);
  if (!c) throw new Error(`not an IPv4 address or CIDR: ${s}`);
  return c;
};

export class RuleBuilder {
  private readonly parts: string[];
  private r: { -readonly [K in keyof Rule]: Rule[K] };

  constructor(chain: string, owner = "") {
    this.parts = ["-A", chain];
    this.r = {
      chain, text: "", owner, proto: null, dst: null, dstNet: null, notDstNet: null, dport: null, src: null, notSrc: null,
      dstLocal: false, srcLocal: false, threshold: ALWAYS, recentCheck: null, recentSeconds: 0, recentSet: null, jump: null, terminal: null, dnat: "",
    };
  }

  /** `-m comment --comment c`; `c` is written as given (kube-proxy quotes comments with spaces itself). */
  comment(c: string): this {
    this.parts.push("-m", "comment", "--comment", c);
    return this;
  }
  /** `-m p -p p` */
  proto(p: string): this {
    this.parts.push("-m", p, "-p", p);
    this.r.proto = p;
    return this;
  }
  /** `-p p` after a match module already named (e.g. `-m tcp -p tcp` in a DNAT rule). */
  dst(ip: string): this {
    this.parts.push("-d", ip);
    if (ip.includes("/")) this.r.dstNet = cidrOf(ip);
    else this.r.dst = parseIPv4(ip);
    return this;
  }
  notDst(net: string): this {
    this.parts.push("!", "-d", net);
    this.r.notDstNet = cidrOf(net);
    return this;
  }
  dport(port: number): this {
    this.parts.push("--dport", String(port));
    this.r.dport = port;
    return this;
  }
  src(net: string): this {
    this.parts.push("-s", net);
    this.r.src = cidrOf(net);
    return this;
  }
  notSrc(net: string): this {
    this.parts.push("!", "-s", net);
    this.r.notSrc = cidrOf(net);
    return this;
  }
  dstTypeLocal(): this {
    this.parts.push("-m", "addrtype", "--dst-type", "LOCAL");
    this.r.dstLocal = true;
    return this;
  }
  srcTypeLocal(): this {
    this.parts.push("-m", "addrtype", "--src-type", "LOCAL");
    this.r.srcLocal = true;
    return this;
  }
  probability(p: string): this {
    this.parts.push("-m", "statistic", "--mode", "random", "--probability", p);
    this.r.threshold = kernelThreshold(p);
    return this;
  }
  recentCheck(name: string, seconds: number): this {
    this.parts.push("-m", "recent", "--name", name, "--rcheck", "--seconds", String(seconds), "--reap");
    this.r.recentCheck = name;
    this.r.recentSeconds = seconds;
    return this;
  }
  recentSet(name: string): this {
    this.parts.push("-m", "recent", "--name", name, "--set");
    this.r.recentSet = name;
    return this;
  }
  /** Matches the router does not evaluate (marks, conntrack, nfacct): text only. */
  raw(...args: string[]): this {
    this.parts.push(...args);
    return this;
  }
  jump(chain: string): Rule {
    this.parts.push("-j", chain);
    this.r.jump = chain;
    return this.done();
  }
  terminal(t: Terminal, ...args: string[]): Rule {
    this.parts.push("-j", t, ...args);
    this.r.terminal = t;
    if (t === "DNAT") this.r.dnat = args[args.length - 1]!;
    return this.done();
  }
  /** A rule with no target (it only counts packets): kube-proxy's last KUBE-FW rule. */
  noTarget(): Rule {
    return this.done();
  }
  private done(): Rule {
    this.r.text = this.parts.join(" ");
    return this.r;
  }
}
