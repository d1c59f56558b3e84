export type { Baseline, BaselineInput, BaselineSignature, BracketBaselineInput, SingleImageBaselineInput } from './baseline.js';
export { BASELINE_IDS, baseline, checkBaselineFits, defaultBaselines, listBaselines, runBaseline } from './registry.js';
