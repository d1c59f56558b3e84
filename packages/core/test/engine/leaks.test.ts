import { beforeAll, describe } from 'vitest';
import { initEngine } from '../../src/index.js';
import { describeLeakChecks } from './support/leak-checks.js';

describe('tensor bookkeeping on wasm', () => {
  beforeAll(async () => {
    await initEngine({ backend: 'wasm', threads: 2, onWarning: () => undefined });
  });

  describeLeakChecks({ trainingSteps: 20, imageSize: 16 });
});
