import type { Random } from './random.js';

/** log(k!) for k < 10 exactly; Stirling's series beyond, accurate to about 1e-12 there. */
const SMALL_LOG_FACTORIALS = [1, 1, 2, 6, 24, 120, 720, 5040, 40320, 362880].map(Math.log);

function logFactorial(k: number): number {
  if (k < SMALL_LOG_FACTORIALS.length) return SMALL_LOG_FACTORIALS[k]!;
  const x = k + 1;
  const inverse = 1 / x;
  const inverse2 = inverse * inverse;
  const series = inverse * (1 / 12 - inverse2 * (1 / 360 - inverse2 * (1 / 1260 - inverse2 / 1680)));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
}

/** Below this mean, multiplying uniforms (Knuth) is cheaper than the rejection method. */
const REJECTION_FROM = 10;

/**
 * A Poisson-distributed count with mean `lambda`: exact for every mean. Small means multiply uniforms until
 * the product drops below e^-lambda (Knuth); larger means use Hoermann's transformed rejection with
 * squeeze (PTRS, 1993), which takes about 1.2 pairs of uniforms whatever the mean.
 */
export function poisson(random: Random, lambda: number): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`poisson needs a finite mean >= 0, got ${lambda}`);
  if (lambda === 0) return 0;
  if (lambda < REJECTION_FROM) {
    const limit = Math.exp(-lambda);
    let count = 0;
    let product = random.uniform();
    while (product > limit) {
      count++;
      product *= random.uniform();
    }
    return count;
  }
  const root = Math.sqrt(lambda);
  const logLambda = Math.log(lambda);
  const b = 0.931 + 2.53 * root;
  const a = -0.059 + 0.02483 * b;
  const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const acceptAt = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random.uniform() - 0.5;
    const v = random.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= acceptAt) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(inverseAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * logLambda - logFactorial(k)) return k;
  }
}
