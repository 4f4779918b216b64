// Deterministic pseudo-random numbers for the generators (mulberry32): same seed, same bytes.

/** Returns a function giving floats in [0, 1) from a 32-bit seed. */
export function rng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [0, n). */
export const int = (r, n) => Math.floor(r() * n);
/** One element of a list. */
export const pick = (r, list) => list[int(r, list.length)];
