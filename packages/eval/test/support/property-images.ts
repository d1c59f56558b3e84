import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHdrImage, readHdrFile, resize, type HdrImage } from '@hdr-lab/core';
import { seededRng } from '../../../core/test/support/mutate.js';

export const SAMPLES = join(import.meta.dirname, '..', '..', '..', '..', 'data', 'samples');

export interface NamedImage {
  readonly name: string;
  readonly image: HdrImage;
}

/** A seeded generator of uniform numbers in [0, 1), so every run damages images alike. */
export const seeded = seededRng;

export async function readSample(name: string): Promise<HdrImage> {
  return (await readHdrFile(join(SAMPLES, `${name}.exr`))).image;
}

/** Every shipped sample, area-averaged down to a short side of `side` px (MS-SSIM needs 176). */
export async function shrunkSamples(side: number): Promise<NamedImage[]> {
  const names = readdirSync(SAMPLES).filter((file) => file.endsWith('.exr')).sort();
  return Promise.all(
    names.map(async (file) => {
      const image = await readSample(file.replace(/\.exr$/, ''));
      const scale = side / Math.min(image.width, image.height);
      return { name: file, image: resize(image, Math.round(image.width * scale), Math.round(image.height * scale)) };
    }),
  );
}

/** Colour samples through `map` (index = sample index), alpha kept: what every damage and injection changes. */
export function mapColour(image: HdrImage, map: (value: number, index: number) => number): HdrImage {
  const { width, height, channels, data } = image;
  const isAlpha = (index: number) => channels === 4 && index % 4 === 3;
  return createHdrImage(width, height, channels, Float32Array.from(data, (value, index) => (isAlpha(index) ? value : map(value, index))));
}

/** A tinted texture of about three decades, 0.01 to 10, with fine random detail: ordinary HDR content. */
function texture(side: number): HdrImage {
  const random = seeded(7);
  const data = new Float32Array(side * side * 3);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const decades = 1.5 * Math.sin(x / 9) * Math.cos(y / 13) - 0.5;
      for (let c = 0; c < 3; c++) data[(y * side + x) * 3 + c] = 10 ** decades * (0.7 + 0.15 * c) * (0.9 + 0.2 * random());
    }
  }
  return createHdrImage(side, side, 3, data);
}

const inBlock = (index: number, side: number, from: number, size: number) => {
  const pixel = Math.floor(index / 3);
  const [x, y] = [pixel % side, Math.floor(pixel / side)];
  return x >= from && x < from + size && y >= from && y < from + size;
};

/** A few pixels, spread over the image, set to `value` in every channel. */
const outliers = (value: number) => (sample: number, index: number) => (Math.floor(index / 3) % 7919 === 101 ? value : sample);

/**
 * Synthetic images with what real data and predictions hold at the edges: negatives (a few samples, and a
 * block of wholly negative pixels), zeros (a black block and scattered samples), and outliers at 1e6, the
 * largest half float and near float32's maximum.
 */
export function syntheticImages(side = 176): NamedImage[] {
  const base = texture(side);
  const negatives = (value: number, index: number) =>
    inBlock(index, side, 20, 6) ? -0.02 : index % 37 === 5 ? -0.001 * (1 + (index % 50)) : value;
  const zeros = (value: number, index: number) => (inBlock(index, side, 100, 40) || index % 53 === 11 ? 0 : value);
  const everything = (value: number, index: number) => outliers(3e38)(negatives(zeros(value, index), index), index);
  return [
    { name: 'synthetic texture', image: base },
    { name: 'synthetic negatives', image: mapColour(base, negatives) },
    { name: 'synthetic zeros', image: mapColour(base, zeros) },
    { name: 'synthetic 1e6 outliers', image: mapColour(base, outliers(1e6)) },
    { name: 'synthetic 6.5e4 outliers', image: mapColour(base, outliers(6.5e4)) },
    { name: 'synthetic 3e38 outliers', image: mapColour(base, outliers(3e38)) },
    { name: 'synthetic negatives, zeros and 3e38', image: mapColour(base, everything) },
  ];
}

/** 3x3 box blur per channel, edges clamped. */
function blur(image: HdrImage): HdrImage {
  const { width, height, channels, data } = image;
  const at = (x: number, y: number, c: number) =>
    data[(Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))) * channels + c]!;
  return mapColour(image, (_, index) => {
    const pixel = Math.floor(index / channels);
    const [x, y, c] = [pixel % width, Math.floor(pixel / width), index % channels];
    let sum = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += at(x + dx, y + dy, c);
    return sum / 9;
  });
}

/**
 * Each sample kept to 8 significant bits, as a low-precision store would: a relative step of 2^-7 at every
 * magnitude, so extremes are quantised too (a fixed 8-bit scale would leave the brightest sample exact).
 */
function quantise(value: number): number {
  if (value === 0) return 0;
  const step = 2 ** (Math.floor(Math.log2(Math.abs(value))) - 7);
  return Math.round(value / step) * step;
}

export interface Damage {
  readonly apply: (image: HdrImage) => HdrImage;
  /** The blind spot a metric may declare for this damage (see Metric.blindSpots). */
  readonly blindSpot?: 'global-exposure';
}

/** The damages every metric must score strictly worse than an identical copy, short of a declared blind spot. */
export const DAMAGES: Readonly<Record<string, Damage>> = {
  'multiplicative noise 15%': {
    apply: (image) => {
      const random = seeded(42);
      return mapColour(image, (value) => value * (1 + 0.15 * (2 * random() - 1)));
    },
  },
  'blur 3x3': { apply: blur },
  '+1 stop': { apply: (image) => mapColour(image, (value) => value * 2), blindSpot: 'global-exposure' },
  '-1 stop': { apply: (image) => mapColour(image, (value) => value / 2), blindSpot: 'global-exposure' },
  '8-bit quantisation': { apply: (image) => mapColour(image, quantise) },
};

/** Whether an image holds a NaN or infinite sample (a damage can overflow float32). */
export function hasNonFinite(image: HdrImage): boolean {
  return image.data.some((value) => !Number.isFinite(value));
}
