/**
 * Trains the reference network on a fixed batch in a process of its own (a process runs one backend
 * with one thread count) and prints the loss of every step as JSON.
 * Usage: loss-curve-run.ts BACKEND THREADS STEPS SIZE (run through support/run-script.ts)
 */
import * as tf from '@tensorflow/tfjs';
import { createReferenceNetwork, initEngine, referenceBatch, referenceTrainingStep, type BackendChoice } from '@hdr-lab/core';

const [backend, threads, steps, size] = process.argv.slice(2);
const info = await initEngine({ backend: backend as BackendChoice, threads: Number(threads) });
const network = createReferenceNetwork(3);
const { input, target } = referenceBatch(2, Number(size), 11);
const optimizer = tf.train.adam(1e-3);
const losses: number[] = [];
for (let step = 0; step < Number(steps); step++) losses.push(referenceTrainingStep(network, optimizer, input, target));
process.stdout.write(`${JSON.stringify({ backend: info.backend, threads: info.threads, losses })}\n`);
