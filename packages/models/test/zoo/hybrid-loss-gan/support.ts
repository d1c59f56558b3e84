import * as tf from '@tensorflow/tfjs';
import { createHdrImage, normaliseMedianLuminance, rangeLevel, type HdrImage } from '@hdr-lab/core';
import type { ExampleSource, TrainingBatch } from '../../../src/registry/model.js';
import { resolveModelConfig } from '../../../src/registry/resolve-config.js';
import type { HybridLossConfig } from '../../../src/zoo/hybrid-loss-gan/config.js';
import { hybridLossGan } from '../../../src/zoo/hybrid-loss-gan/definition.js';

/** A seeded stream in [0, 1) (LCG), for test scenes only. */
function stream(seed: number): () => number {
  let state = (seed * 2654435761 + 12345) >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A linear HDR scene with the ranges the model must handle: a smooth tinted background over about six stops,
 * a small light source ~100x the median that clips every level, and a deep shadow near 2^-8.
 */
export function syntheticScene(width: number, height: number, seed: number): HdrImage {
  const random = stream(seed);
  const tint = [0.8 + 0.4 * random(), 0.8 + 0.4 * random(), 0.8 + 0.4 * random()];
  const phase = random() * Math.PI * 2;
  const light = { x: random() * width, y: random() * height, r: 2 + random() * 3 };
  const shadow = { x: random() * width, y: random() * height, r: width / 5 };
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let value = Math.exp(2 * Math.sin((x / width) * 4 + phase) + 1.5 * Math.cos((y / height) * 3 - phase));
      if (Math.hypot(x - light.x, y - light.y) < light.r) value = 100;
      if (Math.hypot(x - shadow.x, y - shadow.y) < shadow.r) value *= 0.01;
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = value * tint[c]!;
    }
  }
  return createHdrImage(width, height, 3, data);
}

/** What the datasets 'hybrid-loss' synthesis makes of a scene: median normalisation, then linear levels 2^-3..2^-8 (stops = k). */
export function exampleSource(scene: HdrImage): ExampleSource {
  const groundTruth = normaliseMedianLuminance(scene).image;
  const exposures = [3, 4, 5, 6, 7, 8].map((k) => ({
    label: `level 2^-${k}`,
    stops: k,
    time: 2 ** k / 255,
    image: createHdrImage(scene.width, scene.height, 3, Float32Array.from(rangeLevel(groundTruth, k), (code) => code / 255)),
  }));
  return { groundTruth, exposures, referenceIndex: 0 };
}

/** A fixed batch made by the model's own data(config).example from synthetic scenes; level draws cycle through train.levels. */
export function sceneBatch(config: HybridLossConfig, count: number, size: number, seed = 1): TrainingBatch {
  const { example } = hybridLossGan.data(config);
  const examples = Array.from({ length: count }, (_, i) => example(exampleSource(syntheticScene(size, size, seed + i)), (n) => (seed + i) % n));
  const stack = (name: string) => tf.tensor4d(Float32Array.from(examples.flatMap((e) => Array.from(e[name]!.data))), [count, size, size, 3]);
  return { input: stack('input'), target: stack('target') };
}

/** The tiny configuration with a preset and overrides, resolved as a run resolves it. */
export function tinyConfig(preset = 'full', overrides: Record<string, unknown> = {}): HybridLossConfig {
  return resolveModelConfig(hybridLossGan, { preset, tiny: true, overrides });
}

export function disposeBatch(batch: TrainingBatch): void {
  for (const tensor of Object.values(batch)) tensor.dispose();
}

/** Values of a network's weights (trainable and state) by stable name, as plain arrays to compare later. */
export function snapshot(network: tf.LayersModel): Map<string, Float32Array> {
  return new Map(network.weights.map((weight) => [weight.originalName, (weight.read().dataSync() as Float32Array).slice()]));
}
