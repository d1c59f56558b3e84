export * from './sources/index.js';
export { loadPrepareConfig, parsePrepareConfig, PrepareConfigError, type PrepareConfig } from './prepare/prepare-config.js';
export { prepare, PREPARE_VERSION, type PreparedSample, type PrepareSummary } from './prepare/prepare.js';
