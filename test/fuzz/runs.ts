/**
 * How many cases each fuzz property runs: a CI-sized number under `npm test`,
 * and as many as `HINDSIGHT_FUZZ_RUNS` says under `npm run fuzz` (or by hand:
 * `HINDSIGHT_FUZZ_RUNS=20000 npx vitest run test/fuzz`). `HINDSIGHT_FUZZ_SEED`
 * replays a failing run's seed, which fast-check prints with its counterexample.
 */
import type fc from 'fast-check';

/**
 * The runs for one property.
 *
 * @param ci the number that keeps the whole suite under two minutes on a 2-core CI runner
 * @param share the part of `HINDSIGHT_FUZZ_RUNS` this property runs (a case that checks six reports runs fewer)
 */
export function fuzzRuns(ci: number, share = 1): number {
  const asked = Number(process.env.HINDSIGHT_FUZZ_RUNS);
  return Number.isInteger(asked) && asked > 0 ? Math.max(1, Math.round(asked * share)) : ci;
}

/**
 * The seed of the CI-sized run: the same cases on every `npm test`, so a red CI always means a change did it.
 * `npm run fuzz` (with `HINDSIGHT_FUZZ_RUNS`) explores a new seed each time, where new holes are found.
 */
export const ciSeed = 20220907;

/** fast-check parameters for `fuzzRuns(ci, share)` cases, from `HINDSIGHT_FUZZ_SEED` when replaying one. */
export function fuzzParameters<T>(ci: number, share = 1): fc.Parameters<T> {
  const seed = Number(process.env.HINDSIGHT_FUZZ_SEED);
  const exploring = Number.isInteger(Number(process.env.HINDSIGHT_FUZZ_RUNS)) && Number(process.env.HINDSIGHT_FUZZ_RUNS) > 0;
  const chosen = Number.isInteger(seed) ? seed : exploring ? undefined : ciSeed;
  return { numRuns: fuzzRuns(ci, share), ...(chosen === undefined ? {} : { seed: chosen }) };
}

/**
 * A test timeout for a property whose cases take up to `perCase` milliseconds:
 * long runs under `npm run fuzz` outlast any fixed one.
 */
export function fuzzTimeout(ci: number, perCase: number, share = 1): number {
  return 60_000 + fuzzRuns(ci, share) * perCase;
}

/** Counts what a property saw, and prints it once the property has run (the count is part of the suite's output). */
export class FuzzTally {
  private readonly counts = new Map<string, number>();
  private readonly name: string;

  /** @param name the property, as the printed line names it */
  constructor(name: string) {
    this.name = name;
  }

  /** Counts one case as `kind`. */
  add(kind: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  /** The number of cases counted as `kind`. */
  get(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }

  /** Prints `name: N cases (kind: n, …)`. */
  print(): void {
    const total = [...this.counts.values()].reduce((sum, count) => sum + count, 0);
    const parts = [...this.counts].sort(([left], [right]) => left.localeCompare(right)).map(([kind, count]) => `${kind}: ${count}`);
    console.log(`fuzz ${this.name}: ${total} cases (${parts.join(', ')})`);
  }
}
