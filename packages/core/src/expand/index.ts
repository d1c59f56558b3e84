export { expand, expansionOperator, EXPANSION_OPERATOR_IDS, type ExpandOptions, type ExpansionResult, type ExpansionSignature } from './registry.js';
export type { ExpansionOperator, ExpansionParamSpecs } from './operator.js';
export { ExpansionInputError, type OutOfRangePolicy } from './input-range.js';
export type { LinearInput } from './linear-input.js';
