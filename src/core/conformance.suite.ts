/**
 * Shared conformance suites, one per plugin family: the family writes its cases once, and every
 * implementation runs all of them (Hono's runtime tests are the model). A case that does not apply
 * to an implementation (e.g. a batch Score case for a plugin without Score) says why, and an
 * implementation may skip a case only by naming it with a reason; both show up in the test list as
 * skipped with that reason, so what an implementation does not promise is written down.
 */
import { describe, it } from "vitest";

export interface ConformanceCase<I> {
  readonly name: string;
  /** Why the case does not apply to this implementation, or null when it does. */
  notApplicable?(impl: I): string | null;
  run(impl: I): void | Promise<void>;
}

export interface ConformanceSuite<I> {
  readonly family: string;
  readonly cases: readonly ConformanceCase<I>[];
  /** Declares the vitest tests of every case for one implementation. */
  run(name: string, impl: I, skips?: Readonly<Record<string, string>>): void;
}

export function conformanceSuite<I>(family: string, cases: readonly ConformanceCase<I>[]): ConformanceSuite<I> {
  const names = new Set(cases.map((c) => c.name));
  if (names.size !== cases.length) throw new Error(`${family} conformance: two cases share a name`);
  return {
    family,
    cases,
    run(name, impl, skips = {}) {
      for (const [caseName, reason] of Object.entries(skips)) {
        if (!names.has(caseName)) throw new Error(`${family} conformance: ${name} skips an unknown case "${caseName}"`);
        if (!reason.trim()) throw new Error(`${family} conformance: ${name} skips "${caseName}" without a reason`);
      }
      describe(`${family} conformance: ${name}`, () => {
        for (const c of cases) {
          const reason = skips[c.name] ?? c.notApplicable?.(impl) ?? null;
          if (reason !== null) it.skip(`${c.name} — skipped: ${reason}`, () => {});
          else it(c.name, () => c.run(impl));
        }
      });
    },
  };
}
