import { decodeLdr, encodeLdr } from '@hdr-lab/core';
import { z } from 'zod';
import { exposureAsLdr, withData } from '../sample.js';
import { defineSynthStep } from '../step.js';

const quality = z.int().min(1).max(100);

const schema = z
  .strictObject({ quality: quality.default(90), qualityMax: quality.optional() })
  .superRefine((params, ctx) => {
    if (params.qualityMax !== undefined && params.qualityMax < params.quality) {
      ctx.addIssue({ code: 'custom', path: ['qualityMax'], message: `must be at least quality (${params.quality})` });
    }
  })
  .transform((params) => ({ quality: params.quality, qualityMax: params.qualityMax ?? null }));

/**
 * JPEG compression through core's in-memory encoder and decoder (sharp, 4:4:4 chroma): each exposure is
 * rounded to 8-bit codes, encoded at `quality` and decoded again. With `qualityMax` the quality is drawn
 * per sample, uniformly among the integers quality..qualityMax (HDR-CNN draws 30..100), and recorded.
 */
export const jpegStep = defineSynthStep({
  id: 'jpeg',
  version: '1',
  describe: 'JPEG round trip at quality (or a quality drawn from quality..qualityMax)',
  placement: { from: ['display'], bounded: true },
  schema: () => schema,
  async apply(sample, params, random) {
    const chosen = params.qualityMax === null ? params.quality : random.int(params.quality, params.qualityMax);
    const bytes: number[] = [];
    const exposures = [];
    for (const exposure of sample.exposures) {
      const encoded = await encodeLdr(exposureAsLdr(exposure), 'jpeg', { quality: chosen });
      const { image } = await decodeLdr(encoded);
      bytes.push(encoded.length);
      exposures.push({ ...exposure, image: withData(exposure.image, image.data) });
    }
    return { sample: { ...sample, exposures }, draws: { quality: chosen, bytes } };
  },
});
