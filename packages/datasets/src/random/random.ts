import { createHash } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** What a stream is seeded from: a safe integer or a string (e.g. a dataset name plus a sample id). */
export type Seed = number | string;

/**
 * A seeded stream of random numbers (xoroshiro128+ from pure-rand). Every stream has a fixed identity
 * derived from its root seed and the keys that led to it, so `derive('noise')` returns the same stream
 * however many numbers the parent has drawn, and a new consumer keyed by its own name leaves the draws of
 * every other consumer untouched.
 */
export interface Random {
  /** The root seed and the derivation keys, for records and error messages. */
  readonly path: readonly string[];
  /** Uniform in [0, 1), a multiple of 2^-53. */
  uniform(): number;
  /** Uniform in [low, high). */
  uniformIn(low: number, high: number): number;
  /**
   * Normal with the given mean and standard deviation, by the Box-Muller transform: two uniforms u1 in
   * (0, 1] and u2 in [0, 1) give sqrt(-2 ln u1) cos(2 pi u2); the sine partner is not kept, so every call
   * consumes exactly two uniforms and a stream's values never depend on how calls were interleaved.
   */
  normal(mean?: number, std?: number): number;
  /** Integer uniform in [from, to], both included (rejection sampling, no modulo bias). */
  int(from: number, to: number): number;
  /** An independent child stream named by `key`; does not draw from or advance this stream. */
  derive(key: string | number): Random;
}

/** 128 bits of identity; SHA-256 keeps keys that differ by one character as unrelated as different seeds. */
function identityOf(parent: Uint8Array | undefined, key: string): Uint8Array {
  const hash = createHash('sha256');
  hash.update('hdr-lab/random\0');
  if (parent) hash.update(parent);
  hash.update(key);
  return new Uint8Array(hash.digest().subarray(0, 16));
}

function generatorFor(identity: Uint8Array): RandomGenerator {
  const view = new DataView(identity.buffer, identity.byteOffset, identity.byteLength);
  const state: number[] = [0, 4, 8, 12].map((offset) => view.getInt32(offset, true));
  // xoroshiro128+ never leaves the all-zero state; one such identity in 2^128 gets a fixed non-zero word.
  if (!state.some((word) => word !== 0)) state[0] = 1;
  return xoroshiro128plusFromState(state);
}

class SeededRandom implements Random {
  private readonly generator: RandomGenerator;

  constructor(
    readonly path: readonly string[],
    private readonly identity: Uint8Array,
  ) {
    this.generator = generatorFor(identity);
  }

  uniform(): number {
    return uniformFloat64(this.generator);
  }

  uniformIn(low: number, high: number): number {
    if (!Number.isFinite(low) || !Number.isFinite(high) || high < low) {
      throw new RangeError(`uniformIn needs finite low <= high, got [${low}, ${high})`);
    }
    return low + (high - low) * this.uniform();
  }

  normal(mean = 0, std = 1): number {
    if (!Number.isFinite(mean) || !(std >= 0) || !Number.isFinite(std)) {
      throw new RangeError(`normal needs a finite mean and std >= 0, got mean ${mean}, std ${std}`);
    }
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  int(from: number, to: number): number {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to < from) {
      throw new RangeError(`int needs safe integers from <= to, got [${from}, ${to}]`);
    }
    return uniformInt(this.generator, from, to);
  }

  derive(key: string | number): Random {
    const name = String(key);
    if (name === '') throw new RangeError('derive needs a non-empty key naming the consumer of the stream');
    return new SeededRandom([...this.path, name], identityOf(this.identity, `key:${name}`));
  }
}

/** The root stream of a seed. The number 7 and the string '7' are different seeds. */
export function createRandom(seed: Seed): Random {
  if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
    throw new RangeError(`a numeric seed must be a safe integer, got ${seed}`);
  }
  if (typeof seed !== 'number' && typeof seed !== 'string') {
    throw new TypeError(`a seed must be an integer or a string, got ${typeof seed}`);
  }
  const text = typeof seed === 'number' ? `number:${seed}` : `string:${seed}`;
  return new SeededRandom([String(seed)], identityOf(undefined, text));
}
