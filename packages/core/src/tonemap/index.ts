export { describeToneMapFlag, toneMap, toneMapOperator, TONE_MAP_OPERATOR_IDS, type ToneMapResult, type ToneMapSignature } from './registry.js';
export type { ToneMapOperator, ToneMapOutput, ToneMapStatistics } from './operator.js';
export { assertFiniteSamples, countNegativeColour, NonFiniteSampleError, type SamplePosition } from './finite-samples.js';
