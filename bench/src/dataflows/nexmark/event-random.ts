/*
 * A small seeded pseudo-random source, one per event: event n's fields depend only on (seed, n),
 * so any slice of the stream can be generated on its own and two runs with one seed agree.
 * splitmix32-style mixing for the seed, mulberry32 steps for the draws (32-bit integer math).
 */

function mix(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_TO_32 = 2 ** 32;

export class EventRandom {
  #state: number;

  /** `n` may exceed 32 bits (event numbers up to 2^53): both halves are mixed in. */
  constructor(seed: number, n: number) {
    const high = Math.floor(n / TWO_TO_32);
    this.#state = mix(mix(seed >>> 0) ^ mix(n >>> 0) ^ mix(high ^ 0x5bd1e995));
  }

  /** A uniform integer in [0, 2^32). */
  nextUint32(): number {
    this.#state = (this.#state + 0x6d2b79f5) | 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform number in [0, 1). */
  nextDouble(): number {
    return this.nextUint32() / TWO_TO_32;
  }

  /** A uniform integer in [0, bound); bound ≥ 1. */
  nextInt(bound: number): number {
    return Math.floor(this.nextDouble() * bound);
  }

  /** `length` lowercase letters. */
  letters(length: number): string {
    let text = "";
    for (let i = 0; i < length; i++) text += String.fromCharCode(97 + this.nextInt(26));
    return text;
  }
}
