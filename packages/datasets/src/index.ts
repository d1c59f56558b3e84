export * from './sources/index.js';
export { loadPrepareConfig, parsePrepareConfig, type PrepareConfig } from './prepare/prepare-config.js';
export { prepare, PREPARE_VERSION, type PreparedSample, type PrepareSummary } from './prepare/prepare.js';
export { loadBatches, disposeBatch, type Batch, type ExampleArray, type ExampleMaker, type LoaderOptions } from './loader/loader.js';
export { synthExample, type SynthExampleOptions } from './loader/synth-example.js';
export { createRandom, poisson, type Random, type Seed } from './random/index.js';
export { sha256OfFile } from './files/sha256.js';
export * from './synth/index.js';
export * from './frames/index.js';
