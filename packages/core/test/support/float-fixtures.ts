import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createHdrImage, type ChannelCount, type HdrImage } from '../../src/image/hdr-image.js';

/** The index.json of a parity-fixture folder: source images and cases, each case an operator run with params. */
export interface FixtureIndex<Params> {
  readonly sources: Readonly<Record<string, { width: number; height: number; channels: ChannelCount }>>;
  readonly cases: Readonly<Record<string, { source: string; operator: string; params: Params; tool: string }>>;
}

/**
 * A folder of fixtures written by the scripts in tools/fixtures: gzipped little-endian float32 samples
 * (`NAME.src.f32.gz` inputs, `CASE.ref.f32.gz` the reference tool's outputs) described by index.json.
 */
export function floatFixtures<Params>(folder: URL) {
  const index = JSON.parse(readFileSync(new URL('index.json', folder), 'utf8')) as FixtureIndex<Params>;
  const readFloats = (name: string): Float32Array => {
    const bytes = gunzipSync(readFileSync(new URL(name, folder)));
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  };
  const source = (name: string): HdrImage => {
    const { width, height, channels } = index.sources[name]!;
    return createHdrImage(width, height, channels, readFloats(`${name}.src.f32.gz`));
  };
  return { index, source, reference: (caseName: string) => readFloats(`${caseName}.ref.f32.gz`) };
}
