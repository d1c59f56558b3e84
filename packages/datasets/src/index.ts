export * from './sources/index.js';
