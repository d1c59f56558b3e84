import * as tf from '@tensorflow/tfjs';
import { concatGradient } from './concat.js';
import { conv2dGradient, depthwiseGradient } from './conv2d.js';

/** Gradients that replace tfjs-core's: dilation support for convolutions, wasm-friendly ops elsewhere. */
export function registerEngineGradients(): void {
  for (const config of [conv2dGradient, depthwiseGradient, concatGradient]) tf.registerGradient(config);
}
