/**
 * Starts the engine with the options given as JSON, runs one dilated convolution gradient, and prints
 * the engine description as JSON ({ info, warnings } or { error }). It never calls process.exit, so a
 * test can also check that the process ends by itself.
 * Usage: engine-probe.ts '{"backend":"wasm","threads":2}' [repeat-options-json]
 */
import * as tf from '@tensorflow/tfjs';
import { EngineError, initEngine, type EngineOptions } from '@hdr-lab/core';

const [first, second] = process.argv.slice(2).map((arg) => JSON.parse(arg) as EngineOptions);
const warnings: string[] = [];
try {
  const info = await initEngine({ ...first, onWarning: (message) => warnings.push(message) });
  const again = second ? await initEngine(second) : undefined;
  const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.conv2d(x as tf.Tensor4D, tf.ones([3, 3, 2, 2]) as tf.Tensor4D, 1, 'same', 'NHWC', 3)))(
    tf.ones([1, 9, 9, 2]),
  );
  const gradientSum = (await gradient.sum().data())[0];
  process.stdout.write(`${JSON.stringify({ info, sameObject: again === info, warnings, gradientSum })}\n`);
} catch (error) {
  const name = error instanceof EngineError ? 'EngineError' : (error as Error).name;
  process.stdout.write(`${JSON.stringify({ error: { name, message: (error as Error).message }, warnings })}\n`);
}
