export { toneMap, toneMapOperator, TONE_MAP_OPERATOR_IDS, type ToneMapSignature } from './registry.js';
export type { ToneMapOperator, ToneMapStatistics } from './operator.js';
