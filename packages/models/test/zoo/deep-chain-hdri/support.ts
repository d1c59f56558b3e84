import * as tf from '@tensorflow/tfjs';
import { createHdrImage, srgbEncode, type HdrImage } from '@hdr-lab/core';
import type { ExampleSource, TrainingBatch } from '../../../src/registry/model.js';
import { deepChainExample } from '../../../src/zoo/deep-chain-hdri/exposures.js';
import { middleExposureScale } from '../../../src/zoo/deep-chain-hdri/input-from-hdr.js';

/** A seeded linear scene with about 10 stops of range: tinted smooth shading and a few bright lamps. */
export function syntheticScene(width: number, height: number, seed: number): HdrImage {
  let state = seed * 2654435761 + 1;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const lamps = Array.from({ length: 3 }, () => ({ x: random() * width, y: random() * height, r: 1 + random() * 3, level: 50 + random() * 400 }));
  const tint = [0.6 + 0.8 * random(), 0.6 + 0.8 * random(), 0.6 + 0.8 * random()];
  const phase = random() * 6;
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let value = Math.exp(4 * (x / width) - 2 + Math.sin(phase + (3 * y) / height));
      for (const lamp of lamps) value += lamp.level * Math.exp(-((x - lamp.x) ** 2 + (y - lamp.y) ** 2) / (2 * lamp.r ** 2));
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = value * tint[c]! * (1 + 0.3 * Math.sin(x * 0.7 + y * 0.3 + c));
    }
  }
  return createHdrImage(width, height, 3, data);
}

/** EV k of a linear image at `scale`: clipped, sRGB-encoded, 8-bit quantised (values code / 255). */
export function exposeSrgb(image: HdrImage, scale: number): HdrImage {
  return createHdrImage(
    image.width,
    image.height,
    3,
    Float32Array.from(image.data, (value) => {
      const linear = Math.min(1, Math.max(0, value * scale));
      return Math.round(srgbEncode(linear) * 255) / 255;
    }),
  );
}

/** The 'deep-chain' synthesis of a scene, as the loader hands it to the model: EV -3..+3, darkest first. */
export function evStackSource(scene: HdrImage): ExampleSource {
  const scale = middleExposureScale(scene);
  const exposures = [-3, -2, -1, 0, 1, 2, 3].map((ev) => ({ label: `EV ${ev}`, stops: ev, time: 2 ** ev, image: exposeSrgb(scene, scale * 2 ** ev) }));
  return { groundTruth: scene, exposures, referenceIndex: 3 };
}

/** A batch of `count` seeded scenes made into examples by the model's own data path. */
export function sceneBatch(size: number, seeds: readonly number[]): TrainingBatch {
  const examples = seeds.map((seed) => deepChainExample(evStackSource(syntheticScene(size, size, seed))));
  const stack = (name: string) => {
    const shape = examples[0]![name]!.shape;
    const data = new Float32Array(examples.length * examples[0]![name]!.data.length);
    examples.forEach((example, index) => data.set(example[name]!.data, index * example[name]!.data.length));
    return tf.tensor4d(data, [examples.length, shape[0]!, shape[1]!, shape[2]!]);
  };
  return { input: stack('input'), targets: stack('targets') };
}
