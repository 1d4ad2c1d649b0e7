/**
 * The Linux IPVS schedulers kube-proxy's IPVS mode can select (--ipvs-scheduler), as
 * net/netfilter/ipvs/ip_vs_{rr,wrr,lc,wlc,sed,nq,sh,dh,mh}.c choose a real server for a new connection:
 * the same formulas, the same comparisons without division (`loh * w_d > doh * w_least`), the same tie
 * rule (the earlier destination in list order wins) and the same skipping of quiesced (weight 0) servers.
 * mh fills its table as ip_vs_mh.c does (Maglev population, weights as turns, 4093 slots) but hashes
 * server and client addresses with maglev-table.ts's functions, not the kernel's keyed SipHash, so its
 * choices are Maglev's, not bit-for-bit the kernel's.
 */
import { MaglevTable } from "../../../core/network/maglev-table.js";

/** A real server as the scheduler sees it. */
export interface Dest {
  readonly address: string;
  /** IPv4 as uint32, for dh (destination) hashing. */
  readonly ip: number;
  weight: number;
  activeConns: number;
  inactConns: number;
}

export interface Scheduler {
  /** The chosen server for a connection from `src` to the service address `dst`, or null (no server available). */
  pick(dests: readonly Dest[], src: number, dst: number): Dest | null;
  /** The server list or a weight changed (add_dest/del_dest/upd_dest). */
  changed(dests: readonly Dest[]): void;
}

export const SCHEDULERS = ["rr", "wrr", "lc", "wlc", "sed", "nq", "sh", "dh", "mh"] as const;
export type SchedulerName = (typeof SCHEDULERS)[number];

/** ip_vs_dest_conn_overhead: active connections cost 256 times an inactive one. */
export const connOverhead = (d: Dest): number => d.activeConns * 256 + d.inactConns;
const available = (d: Dest): boolean => d.weight > 0;

/** rr: the next server after the last one chosen, skipping quiesced ones. */
class RoundRobin implements Scheduler {
  private last = -1;
  pick(dests: readonly Dest[]): Dest | null {
    const n = dests.length;
    for (let k = 1; k <= n; k++) {
      const i = (this.last + k) % n;
      if (available(dests[i]!)) {
        this.last = i;
        return dests[i]!;
      }
    }
    return null;
  }
  changed(): void {
    this.last = -1;
  }
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** wrr: ip_vs_wrr.c's current-weight scan (weights 4,3,2 give a a b a b c a b c). */
class WeightedRoundRobin implements Scheduler {
  private cl = -1; // -1: the list head
  private cw = 0;
  private mw = 0;
  private di = 1;
  private init = false;

  pick(dests: readonly Dest[]): Dest | null {
    if (!this.init) this.reset(dests, true);
    if (this.mw === 0) return null;
    const n = dests.length;
    const last = this.cl;
    let stop = -2;
    let lastPass = false;
    let restarted = false;
    let pos = this.cl;
    for (;;) {
      for (let i = pos + 1; i < n; i++) {
        if (dests[i]!.weight >= this.cw) {
          this.cl = i;
          return dests[i]!;
        }
        if (i === stop) return this.fail(i);
      }
      pos = -1;
      this.cw -= this.di;
      if (this.cw <= 0) {
        this.cw = this.mw;
        if (lastPass || last === -1) return this.fail(-1);
        restarted = true;
      }
      lastPass = this.cw <= this.di;
      if (lastPass && restarted && last !== -1) stop = last;
    }
  }

  private fail(at: number): null {
    this.cl = at;
    return null;
  }

  changed(dests: readonly Dest[]): void {
    this.reset(dests, false);
  }

  private reset(dests: readonly Dest[], first: boolean): void {
    this.init = true;
    this.cl = -1;
    let g = 0;
    let max = 0;
    for (const d of dests) {
      if (d.weight > 0) g = g > 0 ? gcd(d.weight, g) : d.weight;
      if (d.weight > max) max = d.weight;
    }
    this.di = g || 1;
    this.mw = max - (this.di - 1);
    if (first || this.cw > this.mw || this.cw === 0) this.cw = this.mw;
    else if (this.di > 1) this.cw = Math.floor(this.cw / this.di) * this.di + 1;
  }
}

/** lc, wlc, sed, nq: the least loaded server by `overhead / weight`, compared as products. */
class LeastLoad implements Scheduler {
  constructor(
    private readonly overhead: (d: Dest) => number,
    private readonly weighted: boolean,
    private readonly idleFirst: boolean,
  ) {}

  pick(dests: readonly Dest[]): Dest | null {
    let least: Dest | null = null;
    let loh = 0;
    for (const d of dests) {
      if (!available(d)) continue;
      if (this.idleFirst && d.activeConns === 0) return d; // nq: an idle server wins at once
      const doh = this.overhead(d);
      if (least === null || (this.weighted ? loh * d.weight > doh * least.weight : doh < loh)) {
        least = d;
        loh = doh;
      }
    }
    return least;
  }
  changed(): void {}
}

/** hash_32(val, bits): the kernel's multiplicative hash (GOLDEN_RATIO_32 = 0x61C88647). */
export const hash32 = (val: number, bits: number): number => Math.imul(val >>> 0, 0x61c88647) >>> (32 - bits);

const SH_BITS = 8;
const SH_SIZE = 1 << SH_BITS;

/** sh: 256 buckets, each server filling `weight` consecutive ones; bucket = hash_32(source address, 8). */
class SourceHash implements Scheduler {
  private buckets: (Dest | null)[] = [];
  pick(dests: readonly Dest[], src: number): Dest | null {
    if (this.buckets.length === 0) this.changed(dests);
    const d = this.buckets[hash32(src, SH_BITS) & (SH_SIZE - 1)] ?? null;
    return d && available(d) ? d : null;
  }
  changed(dests: readonly Dest[]): void {
    this.buckets = new Array<Dest | null>(SH_SIZE).fill(null);
    if (dests.length === 0) return;
    let p = 0;
    let count = 0;
    for (let i = 0; i < SH_SIZE; i++) {
      const d = dests[p]!;
      this.buckets[i] = d;
      if (++count >= d.weight) {
        p = (p + 1) % dests.length;
        count = 0;
      }
    }
  }
}

/** dh: 256 buckets filled round-robin over the servers; bucket = (destination × 2654435761) & 255. */
class DestinationHash implements Scheduler {
  private buckets: (Dest | null)[] = [];
  pick(dests: readonly Dest[], _src: number, dst: number): Dest | null {
    if (this.buckets.length === 0) this.changed(dests);
    const d = this.buckets[Math.imul(dst >>> 0, 2654435761 | 0) & 255] ?? null;
    return d && available(d) ? d : null;
  }
  changed(dests: readonly Dest[]): void {
    this.buckets = Array.from({ length: 256 }, (_, i) => (dests.length ? dests[i % dests.length]! : null));
  }
}

/** mh: Maglev hashing over the servers with weights as turns (ip_vs_mh.c); key = source address. */
class MaglevHash implements Scheduler {
  private table: MaglevTable | null = null;
  private dests: readonly Dest[] = [];
  pick(dests: readonly Dest[], src: number): Dest | null {
    if (!this.table) this.changed(dests);
    const i = this.table!.lookup(src);
    const d = i < 0 ? null : this.dests[i]!;
    return d && available(d) ? d : null;
  }
  changed(dests: readonly Dest[]): void {
    this.dests = dests;
    this.table = MaglevTable.build(dests.map((d) => ({ name: d.address, weight: d.weight })), 4093);
  }
}

export function createScheduler(name: SchedulerName): Scheduler {
  switch (name) {
    case "rr":
      return new RoundRobin();
    case "wrr":
      return new WeightedRoundRobin();
    case "lc":
      return new LeastLoad(connOverhead, false, false);
    case "wlc":
      return new LeastLoad(connOverhead, true, false);
    case "sed":
      return new LeastLoad((d) => d.activeConns + 1, true, false);
    case "nq":
      return new LeastLoad((d) => d.activeConns + 1, true, true);
    case "sh":
      return new SourceHash();
    case "dh":
      return new DestinationHash();
    case "mh":
      return new MaglevHash();
  }
}
