import * as tf from '@tensorflow/tfjs';
import { createReferenceNetwork, referenceBatch, referenceTrainingStep } from './reference-network.js';

export interface TrainingStepTiming {
  readonly size: number;
  readonly batch: number;
  readonly steps: number;
  readonly minMs: number;
  readonly medianMs: number;
}

export interface TrainingStepBenchmarkOptions {
  readonly size: number;
  readonly batch?: number;
  readonly warmUpSteps?: number;
  readonly steps?: number;
  readonly onStep?: (done: number, total: number) => void;
}

/** Times Adam training steps of the reference network on the running engine; leaves no tensors behind. */
export function timeReferenceTrainingStep(options: TrainingStepBenchmarkOptions): TrainingStepTiming {
  const { size, batch = 4, warmUpSteps = 2, steps = 5, onStep } = options;
  const network = createReferenceNetwork();
  const { input, target } = referenceBatch(batch, size);
  const optimizer = tf.train.adam(1e-3);
  const times: number[] = [];
  try {
    for (let step = 0; step < warmUpSteps + steps; step++) {
      const start = performance.now();
      referenceTrainingStep(network, optimizer, input, target);
      if (step >= warmUpSteps) times.push(performance.now() - start);
      onStep?.(step + 1, warmUpSteps + steps);
    }
  } finally {
    tf.dispose([input, target]);
    optimizer.dispose();
    network.dispose();
  }
  times.sort((a, b) => a - b);
  return { size, batch, steps, minMs: times[0]!, medianMs: times[times.length >> 1]! };
}
