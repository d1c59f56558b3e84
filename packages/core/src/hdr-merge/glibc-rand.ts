const MODULUS = 2147483647;
const WARM_UP = 310;

/**
 * glibc's rand() after srand(seed) (the TYPE_3 additive feedback generator, r[i] = r[i-3] + r[i-31]),
 * because OpenCV 4.6 picks random sample pixels with the C library's rand(): reproducing it makes
 * `sampling: 'random'` match OpenCV run right after srand(seed) on a glibc system.
 */
export class GlibcRand {
  private readonly state = new Int32Array(34);
  private index = 0;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > MODULUS) {
      throw new RangeError(`seed must be an integer in [0, ${MODULUS}], got ${seed}`);
    }
    const r: number[] = [seed === 0 ? 1 : seed];
    for (let i = 1; i < 31; i++) r.push((16807 * r[i - 1]!) % MODULUS);
    for (let i = 31; i < 34; i++) r.push(r[i - 31]!);
    this.state.set(r);
    for (let i = 0; i < WARM_UP; i++) this.step();
  }

  /** The next value in [0, 2^31 - 1], as rand() returns it. */
  next(): number {
    return this.step() >>> 1;
  }

  private step(): number {
    const s = this.state;
    const i = this.index;
    const value = (s[(i + 34 - 31) % 34]! + s[(i + 34 - 3) % 34]!) | 0;
    s[i] = value;
    this.index = (i + 1) % 34;
    return value >>> 0;
  }
}
