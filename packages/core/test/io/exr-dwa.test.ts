import { describe, expect, it } from 'vitest';
import { decodeExr } from '../../src/io/exr/read-exr.js';
import { fixtureIndex, loadReference, maxRelativeError, readFixture } from '../support/reference.js';

const DWA_FIXTURES = fixtureIndex('exr').filter((entry) => entry.compression.startsWith('dwa'));

describe('scratch', () => {
  for (const entry of DWA_FIXTURES) {
    it(entry.name, () => {
      const { image } = decodeExr(readFixture('exr', `${entry.name}.exr`), { source: entry.name });
      const expected = loadReference('exr', entry.name);
      let diff = 0;
      for (let i = 0; i < expected.length; i++) if (!Object.is(image.data[i], expected[i])) diff++;
      console.log(entry.name, maxRelativeError(image.data, expected), diff, expected.length);
    });
  }
});
