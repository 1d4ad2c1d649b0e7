/**
 * Seeded randomness: xoroshiro128+ from pure-rand, with uniform integers by rejection sampling
 * (pure-rand's uniformInt) and 53-bit floats. Independent streams come from `jump()`
 * (2^64 steps apart), so adding a consumer never shifts another consumer's numbers.
 * The algorithm name is recorded in every result file.
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";
import { InputError } from "../errors.js";

export const RNG_ALGORITHM = "xoroshiro128+ (pure-rand 8.4.2)";

export class Rng {
  private constructor(private readonly gen: JumpableRandomGenerator) {}

  /** `seed` must be a 32-bit signed integer: the generator keeps 32 bits, so larger seeds would alias smaller ones. */
  static seeded(seed: number): Rng {
    if (!Number.isInteger(seed)) throw new InputError(`seed must be an integer, got ${seed}`);
    if (seed < -(2 ** 31) || seed > 2 ** 31 - 1) throw new InputError(`seed must be between -2147483648 and 2147483647, got ${seed}`);
    return new Rng(xoroshiro128plus(seed | 0));
  }

  /** Integer uniform in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.gen, from, to);
  }
  /** Integer uniform in [0, n). */
  below(n: number): number {
    return uniformInt(this.gen, 0, n - 1);
  }
  /** Float uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.gen);
  }
  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }
  /**
   * A new independent stream: a copy of this generator jumped 2^64 steps ahead, then this
   * generator is jumped past it too, so successive forks never overlap.
   */
  fork(): Rng {
    const child = this.gen.clone();
    child.jump();
    this.gen.jump();
    this.gen.jump();
    return new Rng(child);
  }
}
