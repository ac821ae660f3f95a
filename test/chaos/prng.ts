// Seeded pseudo-random numbers, so a chaos scenario's kill delays and choices replay exactly.
import { createRandom } from '../../src/sandbox/random.js';

export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
}

export function createPrng(seed: number): Prng {
  const next = createRandom(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
  };
}
