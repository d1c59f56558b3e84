export { HdrMergeError } from './errors.js';
export type { ExposureImage, ExposureStack, Ldr8Image } from './exposure-stack.js';
export type { SamplePoint, SamplingMode } from './sample-points.js';
export { linearResponse, responseFromLinear, type CameraResponse } from './camera-response.js';
export { recoverResponse, type RecoverResponseOptions } from './recover-response.js';
export { mergeDebevec } from './merge-debevec.js';
