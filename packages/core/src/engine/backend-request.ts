/** Where tensors are computed. `auto` takes the first that loads, in the order of BACKEND_ORDER. */
export const BACKEND_CHOICES = ['auto', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
export type ConcreteBackend = Exclude<BackendChoice, 'auto'>;

export const BACKEND_ORDER: readonly ConcreteBackend[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];

export const BACKEND_ENV = 'HDR_LAB_BACKEND';
export const THREADS_ENV = 'HDR_LAB_THREADS';

export function isBackendChoice(value: string): value is BackendChoice {
  return (BACKEND_CHOICES as readonly string[]).includes(value);
}
