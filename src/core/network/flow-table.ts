/**
 * A hash table from (IPv4 address, protocol, port) to a small integer, with open addressing over one
 * typed array (address, protocol·port, value side by side: one cache line per probe): a lookup hashes
 * two 32-bit integers and probes linearly, allocating nothing, so a data plane's per-packet service
 * lookup costs the same work at 100 services as at 50,000 (as the kernel's hash maps do).
 */
const EMPTY = -1;
/** Int32s per slot: address, protocol << 16 | port, value, padding (keeps slots aligned to 16 bytes). */
const W = 4;

export class FlowTable {
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 16) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.mask = cap - 1;
    this.slots = FlowTable.empty(cap);
  }

  get size(): number {
    return this.count;
  }

  /** `ip` as uint32, `proto` the IP protocol number (6, 17, 132) or 0 for "any address" entries. */
  set(ip: number, proto: number, port: number, value: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    const a = ip | 0;
    const pp = (proto << 16) | port;
    const s = this.slots;
    let i = slot(a, pp) & this.mask;
    while (s[i * W + 1] !== EMPTY && (s[i * W] !== a || s[i * W + 1] !== pp)) i = (i + 1) & this.mask;
    if (s[i * W + 1] === EMPTY) this.count++;
    s[i * W] = a;
    s[i * W + 1] = pp;
    s[i * W + 2] = value;
  }

  /** The value stored for the key, or −1. */
  get(ip: number, proto: number, port: number): number {
    const a = ip | 0;
    const pp = (proto << 16) | port;
    const s = this.slots;
    let i = slot(a, pp) & this.mask;
    for (;;) {
      const k = s[i * W + 1]!;
      if (k === EMPTY) return -1;
      if (k === pp && s[i * W] === a) return s[i * W + 2]!;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.mask = cap - 1;
    this.slots = FlowTable.empty(cap);
    this.count = 0;
    for (let i = 0; i < old.length; i += W) {
      if (old[i + 1] === EMPTY) continue;
      this.set(old[i]! >>> 0, old[i + 1]! >>> 16, old[i + 1]! & 0xffff, old[i + 2]!);
    }
  }

  private static empty(cap: number): Int32Array {
    const s = new Int32Array(cap * W);
    for (let i = 1; i < s.length; i += W) s[i] = EMPTY;
    return s;
  }
}

/** IP protocol numbers by name. */
export const IP_PROTO: Readonly<Record<string, number>> = { TCP: 6, UDP: 17, SCTP: 132, tcp: 6, udp: 17, sctp: 132 };

function slot(a: number, pp: number): number {
  let h = Math.imul(a ^ Math.imul(pp, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 13);
}
