export { main } from './cli/main.js';
export { experimentSchema, type ExperimentConfig } from './experiment/config.js';
export { loadExperiment, describeExperiment, type LoadedExperiment } from './experiment/load.js';
export { runExperiment, type ExperimentRunRequest, type ExperimentRunSummary } from './runner/run-experiment.js';
