import { it } from 'vitest';
import { decodeExr } from '../../src/io/exr/read-exr.js';
import { fixtureIndex, loadReference, maxRelativeError, readFixture } from '../support/reference.js';
it('all', () => {
  for (const entry of fixtureIndex('exr').filter((e) => e.compression.startsWith('dwa'))) {
    const { image } = decodeExr(readFixture('exr', `${entry.name}.exr`), { source: 'x' });
    const ref = loadReference('exr', entry.name);
    const ch = image.channels;
    const pos: string[] = [];
    for (let i = 0; i < ref.length; i++) if (!Object.is(image.data[i], ref[i])) { const p = Math.floor(i / ch); pos.push(`${p % 97},${Math.floor(p / 97)}/${i % ch}:${image.data[i]}/${ref[i]}`); }
    console.log('RES', entry.name, maxRelativeError(image.data, ref), pos.length, pos.slice(0, 12).join(' '));
  }
});
