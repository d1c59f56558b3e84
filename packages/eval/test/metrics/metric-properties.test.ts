import { NonFiniteSampleError, resolveParams, type HdrImage } from '@hdr-lab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateMetric, metric, METRIC_IDS, type MetricResult } from '../../src/index.js';
import { DAMAGES, hasNonFinite, mapColour, shrunkSamples, syntheticImages, type Damage, type NamedImage } from '../support/property-images.js';

/**
 * Properties every registered metric keeps, on every shipped sample and on synthetic edge cases, so a new
 * metric is covered by registering it. Samples are shrunk to a short side of 176 px, the least MS-SSIM takes.
 */
let images: NamedImage[] = [];
beforeAll(async () => {
  images = [...(await shrunkSamples(176)), ...syntheticImages()];
});

/**
 * Strictly worse in the metric's own direction, or never better where the metric declares the damage a
 * blind spot; a non-finite score only counts with a flag saying why.
 */
function expectWorse(identical: MetricResult, damaged: MetricResult, damage: Damage, what: string): void {
  if (!Number.isFinite(damaged.value)) {
    expect(damaged.flags.length, `${what}: unflagged ${damaged.value}`).toBeGreaterThan(0);
    expect(damaged.flags, what).not.toContain('identical');
    return;
  }
  const chosen = metric(identical.id);
  const params = resolveParams({ kind: 'metrics', id: chosen.id }, chosen.params, identical.params);
  const blind = damage.blindSpot !== undefined && (chosen.blindSpots?.(params) ?? []).includes(damage.blindSpot);
  const [better, worse] = chosen.higherIsBetter ? [damaged.value, identical.value] : [identical.value, damaged.value];
  if (blind) expect(better, what).toBeLessThanOrEqual(worse);
  else expect(better, what).toBeLessThan(worse);
}

describe('every metric', () => {
  it('declares the direction of a better score', () => {
    for (const id of METRIC_IDS) expect(typeof metric(id).higherIsBetter, id).toBe('boolean');
  });

  for (const id of METRIC_IDS) {
    it(`${id} scores each damaged copy strictly worse than an identical copy`, () => {
      for (const { name, image } of images) {
        const identical = evaluateMetric(id, image, image);
        expect(identical.flags, `${name}: identical copy`).not.toContain('identical-after-transform');
        for (const [label, damage] of Object.entries(DAMAGES)) {
          const damaged = damage.apply(image);
          const what = `${id} on ${name}, ${label}`;
          if (hasNonFinite(damaged)) expect(() => evaluateMetric(id, image, damaged), what).toThrow(NonFiniteSampleError);
          else expectWorse(identical, evaluateMetric(id, image, damaged), damage, what);
        }
      }
    });
  }
});

function inject(image: HdrImage, value: number, samples: readonly number[]): HdrImage {
  return mapColour(image, (sample, index) => (samples.includes(index) ? value : sample));
}

describe('NaN and infinite samples', () => {
  const values = [NaN, Infinity, -Infinity];
  const image = syntheticImages()[0]!.image;
  const sample = (x: number, y: number, c: number) => (y * image.width + x) * 3 + c;

  for (const id of METRIC_IDS) {
    it(`${id} refuses them in either image, naming the image, the count and the first sample`, () => {
      for (const value of values) {
        const broken = inject(image, value, [sample(5, 2, 1), sample(40, 30, 0), sample(7, 90, 2)]);
        for (const [label, pair] of [['reference', [broken, image]], ['test', [image, broken]]] as const) {
          let error: unknown;
          try {
            evaluateMetric(id, pair[0], pair[1]);
          } catch (caught) {
            error = caught;
          }
          expect(error, `${id}, ${value} in the ${label}`).toBeInstanceOf(NonFiniteSampleError);
          expect(error).toMatchObject({ image: label, count: 3, first: { x: 5, y: 2, channel: 1 } });
        }
      }
    });
  }
});
