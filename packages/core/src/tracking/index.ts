export * from './types.js';
export { TrackingError } from './errors.js';
export { flattenParams } from './flatten-params.js';
export { MAX_PARAM_VALUE_LENGTH } from './keys.js';
export { createTracker, type CreateTrackerOptions } from './create-tracker.js';
export type { RetryPolicy } from './rest/retry.js';
