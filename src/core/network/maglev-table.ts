/**
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016, §3.4 "Pseudocode 1"): each backend walks its
 * own permutation of a prime-sized table — offset = h1(name) mod M, skip = h2(name) mod (M−1) + 1 —
 * and the backends take turns claiming their next free slot until the table is full, so each gets
 * ⌊M/N⌋ or ⌈M/N⌉ slots and removing one backend moves few others' slots. Weighted backends take
 * `weight / gcd` turns per round, as Linux's ip_vs_mh does. h1/h2 are the first 8 bytes of the SHA-256
 * of "o"+name and "s"+name; connections are placed by a 32-bit hash of the client address and port.
 */
import { createHash } from "node:crypto";
import { fmix32 } from "../util/fmix32.js";

export interface MaglevBackend {
  readonly name: string;
  readonly weight: number;
}

/** Table sizes Cilium allows (its default is 16381); Linux ip_vs_mh defaults to 4093. */
export const MAGLEV_PRIMES = [251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071] as const;

export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

function hash64Mod(prefix: string, name: string, mod: number): number {
  const b = createHash("sha256").update(prefix + name).digest();
  return Number(b.readBigUInt64BE(0) % BigInt(mod));
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** A 32-bit mix of the client address and port (murmur3's finaliser): a connection's key. */
export function connectionHash(src: number, sport: number): number {
  return fmix32((Math.imul(src >>> 0, 0x9e3779b1) ^ sport) >>> 0);
}

export class MaglevTable {
  private constructor(
    /** Slot → backend index (−1 when there is no backend). */
    readonly entries: Int32Array,
  ) {}

  get size(): number {
    return this.entries.length;
  }

  /** The backend index for a key (a uint32 hash), or −1. */
  lookup(key: number): number {
    return this.entries[(key >>> 0) % this.entries.length]!;
  }

  /** Populates a table of prime size `m`; backends with weight 0 get no slot. */
  static build(backends: readonly MaglevBackend[], m: number): MaglevTable {
    if (!isPrime(m)) throw new Error(`Maglev table size must be prime, got ${m}`);
    const entries = new Int32Array(m).fill(-1);
    const live = backends.map((b, i) => ({ i, b })).filter((x) => x.b.weight > 0);
    if (live.length === 0) return new MaglevTable(entries);
    const g = live.reduce((acc, x) => gcd(x.b.weight, acc), 0);
    const offset = live.map((x) => hash64Mod("o", x.b.name, m));
    const skip = live.map((x) => hash64Mod("s", x.b.name, m - 1) + 1);
    const turns = live.map((x) => x.b.weight / g);
    const next = new Array<number>(live.length).fill(0);
    let filled = 0;
    for (;;) {
      for (let k = 0; k < live.length; k++) {
        for (let t = 0; t < turns[k]!; t++) {
          let c = (offset[k]! + next[k]! * skip[k]!) % m;
          while (entries[c]! >= 0) {
            next[k]!++;
            c = (offset[k]! + next[k]! * skip[k]!) % m;
          }
          entries[c] = live[k]!.i;
          next[k]!++;
          if (++filled === m) return new MaglevTable(entries);
        }
      }
    }
  }
}
