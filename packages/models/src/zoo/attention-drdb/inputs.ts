import * as tf from '@tensorflow/tfjs';
import type { ImageArray } from '../../inference/tiling.js';
import type { ExampleArray } from '../../registry/model.js';
import { histogram256, lumaCodes, otsuThreshold } from './otsu.js';

/** The network's inputs in the order its graph takes them; the exposures are shortest first, medium the reference. */
export const INPUT_NAMES = ['short', 'medium', 'long', 'maskShort', 'maskLong'] as const;
export type InputName = (typeof INPUT_NAMES)[number];

/** Exposure inputs are [L, EValign(L)]; a mask is one binary plane (the graph repeats it over six channels). */
export const INPUT_CHANNELS: Readonly<Record<InputName, number>> = { short: 6, medium: 6, long: 6, maskShort: 1, maskLong: 1 };

/** One display-referred 8-bit LDR exposure, RGB in [0, 1], and its exposure time (any unit). */
export interface LdrExposure {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
  readonly time: number;
}

export interface InputOptions {
  readonly gamma: number;
  /** false: both masks are all ones. */
  readonly vam: boolean;
}

/**
 * HDR-VAM's exposure alignment of an LDR value to an exposure `stops` brighter than the reference:
 * (L^gamma 2^(-stops))^(1/gamma), not clipped, so an aligned short exposure may exceed 1.
 */
export function evAlign(value: number, stops: number, gamma: number): number {
  return (value ** gamma * 2 ** -stops) ** (1 / gamma);
}

/**
 * The binary visual-attention masks from Otsu's threshold T of each image's 8-bit BT.601 luma: short is 1
 * where Y > T (the bright parts, which it shows unclipped), long where Y <= T (the dark parts it shows above noise).
 */
export function attentionMask(exposure: LdrExposure, keep: 'bright' | 'dark'): Float32Array {
  const codes = lumaCodes(exposure.data);
  const threshold = otsuThreshold(histogram256(codes));
  return Float32Array.from(codes, (code) => Number(keep === 'bright' ? code > threshold : code <= threshold));
}

function exposureInput(exposure: LdrExposure, stops: number, gamma: number): Float32Array {
  const pixels = exposure.width * exposure.height;
  const out = new Float32Array(pixels * 6);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) {
      const value = exposure.data[p * 3 + c]!;
      out[p * 6 + c] = value;
      out[p * 6 + 3 + c] = stops === 0 ? value : evAlign(value, stops, gamma);
    }
  }
  return out;
}

/**
 * The network inputs of a short / medium / long bracket, HWC, used alike by training examples and predict:
 * each exposure as [L, EValign(L)] with stops = log2(t / t_medium) (the medium's is [L, L]), and the masks.
 */
export function networkInputs(exposures: readonly LdrExposure[], options: InputOptions): Record<InputName, ExampleArray> {
  if (exposures.length !== 3) throw new Error(`attention-drdb: needs 3 exposures (short, medium, long), got ${exposures.length}`);
  const [short, medium, long] = exposures as [LdrExposure, LdrExposure, LdrExposure];
  const { width, height } = medium;
  const shape = (channels: number) => [height, width, channels];
  const ones = () => new Float32Array(width * height).fill(1);
  const stops = (exposure: LdrExposure) => Math.log2(exposure.time / medium.time);
  return {
    short: { data: exposureInput(short, stops(short), options.gamma), shape: shape(6) },
    medium: { data: exposureInput(medium, 0, options.gamma), shape: shape(6) },
    long: { data: exposureInput(long, stops(long), options.gamma), shape: shape(6) },
    maskShort: { data: options.vam ? attentionMask(short, 'bright') : ones(), shape: shape(1) },
    maskLong: { data: options.vam ? attentionMask(long, 'dark') : ones(), shape: shape(1) },
  };
}

/** The inputs side by side along channels (INPUT_NAMES order), one image that tiling and padding can cut. */
export function packInputs(inputs: Readonly<Record<InputName, ExampleArray>>): ImageArray {
  const [height, width] = inputs.medium.shape as [number, number];
  const channels = INPUT_NAMES.reduce((sum, name) => sum + INPUT_CHANNELS[name], 0);
  const data = new Float32Array(width * height * channels);
  let offset = 0;
  for (const name of INPUT_NAMES) {
    const count = INPUT_CHANNELS[name];
    const source = inputs[name].data;
    for (let p = 0; p < width * height; p++) for (let c = 0; c < count; c++) data[p * channels + offset + c] = source[p * count + c]!;
    offset += count;
  }
  return { width, height, channels, data };
}

/** The graph's inputs from a packed tensor [N, H, W, 20], in INPUT_NAMES order. */
export function unpackInputs(packed: tf.Tensor4D): tf.Tensor4D[] {
  return tf.split(packed, INPUT_NAMES.map((name) => INPUT_CHANNELS[name]), 3) as tf.Tensor4D[];
}

/** The named input tensors in INPUT_NAMES order, the graph's, checking each is there. */
export function orderedInputs(inputs: Readonly<Record<string, tf.Tensor4D>>): tf.Tensor4D[] {
  const missing = INPUT_NAMES.filter((name) => !inputs[name]);
  if (missing.length > 0) {
    throw new Error(`attention-drdb: the inputs need ${INPUT_NAMES.join(', ')} (as data().example makes them); missing ${missing.join(', ')}`);
  }
  return INPUT_NAMES.map((name) => inputs[name]!);
}

/** Named [N, H, W, C] input tensors packed along channels (INPUT_NAMES order). */
export function packTensors(inputs: Readonly<Record<string, tf.Tensor4D>>): tf.Tensor4D {
  return tf.concat(orderedInputs(inputs), 3) as tf.Tensor4D;
}
