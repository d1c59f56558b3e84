export { createRandom, type Random, type Seed } from './random.js';
export { poisson } from './poisson.js';
