import type { Random } from '../random/index.js';
import type { CropPlanConfig } from './prepare-config.js';

/** One sample cut from a source image: the source rectangle, then flip and quarter turns. */
export interface PlannedCrop {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly flip: boolean;
  readonly quarterTurns: number;
}

/**
 * The crops of one source image. `random`: squares at random positions with a side drawn uniformly from
 * `side` x the shorter side (the paper does not give the crop size; the range is recorded); `patches`:
 * every size x size patch on a `stride` grid, at most `maxPerImage` of them drawn without replacement;
 * `full`: the central square. Augmentation draws a flip and a quarter turn per crop when enabled.
 */
export function planCrops(
  width: number,
  height: number,
  crop: CropPlanConfig,
  augment: { flip: boolean; rotate: boolean },
  random: Random,
): PlannedCrop[] {
  const orient = (rect: { x: number; y: number; width: number; height: number }): PlannedCrop => ({
    ...rect,
    flip: augment.flip ? random.uniform() < 0.5 : false,
    quarterTurns: augment.rotate ? random.int(0, 3) : 0,
  });
  const shorter = Math.min(width, height);
  switch (crop.mode) {
    case 'random':
      return Array.from({ length: crop.count }, () => {
        const side = Math.max(1, Math.round(shorter * random.uniformIn(crop.side[0], crop.side[1])));
        return orient({ x: random.int(0, width - side), y: random.int(0, height - side), width: side, height: side });
      });
    case 'full': {
      return [orient({ x: (width - shorter) >> 1, y: (height - shorter) >> 1, width: shorter, height: shorter })];
    }
    case 'patches': {
      if (width < crop.size || height < crop.size) return [];
      const origins: [number, number][] = [];
      for (let y = 0; y + crop.size <= height; y += crop.stride) for (let x = 0; x + crop.size <= width; x += crop.stride) origins.push([x, y]);
      // A partial Fisher-Yates shuffle picks the kept patches without replacement.
      const keep = Math.min(crop.maxPerImage, origins.length);
      for (let i = 0; i < keep; i++) {
        const j = random.int(i, origins.length - 1);
        [origins[i], origins[j]] = [origins[j]!, origins[i]!];
      }
      return origins
        .slice(0, keep)
        .sort((a, b) => a[1] - b[1] || a[0] - b[0])
        .map(([x, y]) => orient({ x, y, width: crop.size, height: crop.size }));
    }
  }
}

/**
 * Train / test by source image, never by crop: each source gets a key from its own derived stream (so
 * adding an image moves no other), the `test` fraction with the smallest keys is held out.
 */
export function splitSources<T>(sources: readonly T[], testFraction: number, random: Random, idOf: (source: T) => string): Map<T, 'train' | 'test'> {
  const order = sources.map((source) => ({ source, key: random.derive(idOf(source)).uniform() }));
  order.sort((a, b) => a.key - b.key);
  const testCount = Math.round(sources.length * testFraction);
  return new Map(order.map(({ source }, index) => [source, index < testCount ? 'test' : 'train']));
}
