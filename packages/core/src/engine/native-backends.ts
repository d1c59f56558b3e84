import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

export type NativePackage = '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node';

export interface NativeBackend {
  readonly packageVersion: string;
  readonly tensorflowVersion: string | undefined;
}

/**
 * Loads one of the optional native TensorFlow packages, which register the `tensorflow` backend.
 * Throws with the package's own reason when it is absent or its native library did not install.
 */
export async function loadNativeBackend(name: NativePackage): Promise<NativeBackend> {
  // A computed specifier keeps TypeScript from requiring the optional package at build time.
  const specifier: string = name;
  try {
    await import(specifier);
  } catch (error) {
    forgetTensorflowKernels();
    throw error;
  }
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${name} loaded but its 'tensorflow' backend did not start`);
  const { version } = require(`${name}/package.json`) as { version: string };
  const binding = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding;
  return { packageVersion: version, tensorflowVersion: binding?.TF_Version };
}

/** The first line of a load failure: native loaders print pages of advice after it. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}

/**
 * A native package that fails to load may already have registered its kernels; left behind, they make
 * the next native package print a warning for each of its several hundred kernels.
 */
function forgetTensorflowKernels(): void {
  for (const { kernelName } of tf.getKernelsForBackend('tensorflow')) tf.unregisterKernel(kernelName, 'tensorflow');
}
