import { join } from 'node:path';
import { createHdrImage, readHdrFile, resize, type HdrImage } from '@hdr-lab/core';

/**
 * A textured RGB scene spanning about 2^-9 .. 2^6: a horizontal exponential ramp times a fine sinusoidal
 * texture, with channels tinted differently. Texture matters for JPEG and for seeing motion.
 */
export function texturedScene(width = 96, height = 64): HdrImage {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ramp = Math.pow(2, -9 + (15 * x) / (width - 1));
      const texture = 1 + 0.45 * Math.sin(x * 0.9) * Math.cos(y * 0.7) + 0.3 * Math.sin((x + 2 * y) * 0.23);
      const i = (y * width + x) * 3;
      data[i] = ramp * texture;
      data[i + 1] = ramp * texture * (0.8 + 0.2 * Math.sin(y * 0.3));
      data[i + 2] = ramp * texture * (0.6 + 0.4 * Math.cos(x * 0.11));
    }
  }
  return createHdrImage(width, height, 3, data);
}

const SAMPLES = join(import.meta.dirname, '..', '..', '..', '..', '..', 'data', 'samples');

/** One of the shipped OpenEXR samples (data/samples), shrunk to `width` pixels across by area averaging. */
export async function shippedSample(name: string, width: number): Promise<HdrImage> {
  const { image } = await readHdrFile(join(SAMPLES, name));
  return resize(image, width, Math.max(1, Math.round((width * image.height) / image.width)));
}

/** Every sample of every exposure, companion and the mask, concatenated: equal bytes mean equal outputs. */
export function outputBytes(sample: {
  groundTruth: HdrImage;
  exposures: readonly { image: HdrImage }[];
  companions?: readonly HdrImage[];
  staticMask?: Uint8Array;
}): Buffer {
  const parts = [sample.groundTruth, ...sample.exposures.map((exposure) => exposure.image), ...(sample.companions ?? [])].map((image) =>
    Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength),
  );
  if (sample.staticMask) parts.push(Buffer.from(sample.staticMask));
  return Buffer.concat(parts);
}

/** Bitwise equality of two typed arrays (vitest's deep equality is slow on large arrays). */
export function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
