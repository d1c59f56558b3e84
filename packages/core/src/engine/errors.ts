import type { ConcreteBackend } from './backend-request.js';

/** A problem with the compute engine's configuration or installation; the message says how to fix it. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
}

const HOW_TO_GET: Record<ConcreteBackend, string> = {
  'tfjs-node-gpu':
    'It needs the optional package @tensorflow/tfjs-node-gpu with its native library: Linux x64, an NVIDIA driver, ' +
    'CUDA 11.2 and cuDNN 8.1 (TensorFlow 2.9.1). Its install script downloads libtensorflow, so allow it and rebuild on a ' +
    'machine with network access: `npm install-scripts approve @tensorflow/tfjs-node-gpu && npm rebuild @tensorflow/tfjs-node-gpu`.',
  'tfjs-node':
    'It needs the optional package @tensorflow/tfjs-node with its native library (Linux, macOS or Windows on x64, or ' +
    'macOS arm64). Its install script downloads libtensorflow, so allow it and rebuild on a machine with network access: ' +
    '`npm install-scripts approve @tensorflow/tfjs-node && npm rebuild @tensorflow/tfjs-node`.',
  wasm: 'It ships with @hdr-lab/core (@tensorflow/tfjs-backend-wasm); reinstall with `npm ci` if it is missing.',
  cpu: 'It ships with @tensorflow/tfjs; reinstall with `npm ci` if it is missing.',
};

export function backendUnavailable(backend: ConcreteBackend, reason: string): EngineError {
  return new EngineError(`Backend '${backend}' is unavailable: ${reason}\n${HOW_TO_GET[backend]}`);
}
