/**
 * One tfjs configuration of the training-step benchmark, in a process of its own (a process runs one
 * backend with one thread count). Prints one JSON line.
 * Usage: training-step-worker.ts BACKEND THREADS SIZES WARMUP STEPS
 */
import * as tf from '@tensorflow/tfjs';
import { createReferenceNetwork, describeEngine, initEngine, timeReferenceTrainingStep, type BackendChoice } from '@hdr-lab/core';

const [backend, threads, sizes, warmUp, steps] = process.argv.slice(2);
const info = await initEngine({ backend: backend as BackendChoice, threads: Number(threads) });

const training = sizes!.split(',').map((size) =>
  timeReferenceTrainingStep({ size: Number(size), warmUpSteps: Number(warmUp), steps: Number(steps) }),
);

const network = createReferenceNetwork();
const image = tf.randomUniform([1, 512, 512, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
const forwardMs: number[] = [];
for (let run = 0; run < Number(warmUp) + 5; run++) {
  const start = performance.now();
  const output = network.predict(image);
  output.dataSync();
  output.dispose();
  if (run >= Number(warmUp)) forwardMs.push(performance.now() - start);
}
process.stdout.write(`${JSON.stringify({ engine: describeEngine(info), threads: info.threads, training, forwardMs })}\n`);
