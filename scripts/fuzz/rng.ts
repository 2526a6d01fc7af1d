// A seeded random generator (mulberry32) and the few draws the mutators need. Input i of a run
// with seed s draws from its own stream, `forInput(s, i)`, so any one input can be made again
// without making the others.

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [lo, hi] (both included). */
  int(lo: number, hi: number): number;
  /** An integer in [lo, hi], small values far more likely (log-uniform): sizes and counts. */
  size(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function rngFromSeed(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    size: (lo, hi) => Math.min(hi, Math.floor(Math.exp(Math.log(Math.max(1, lo)) + next() * (Math.log(hi + 1) - Math.log(Math.max(1, lo)))))),
    pick: (items) => {
      if (items.length === 0) throw new Error('rng.pick: no items');
      return items[int(0, items.length - 1)]!;
    },
    chance: (p) => next() < p,
  };
}

/** The generator of input `index` in a run with `seed` (a hash of both, so streams do not overlap). */
export function forInput(seed: number, index: number): Rng {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return rngFromSeed(h >>> 0);
}
