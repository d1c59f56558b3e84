import { describe, expect, it } from 'vitest';
import { HdrFormatError } from '../../src/io/errors.js';
import { decodeExr } from '../../src/io/exr/index.js';
import { buildExr, type BuiltChannel, type ExrBuildOptions } from '../support/exr-builder.js';

const rgb = (type: BuiltChannel['type']): BuiltChannel[] => ['B', 'G', 'R'].map((name) => ({ name, type }));

/** Integers below 2048 (exact in HALF) that differ between channels and pixels. */
function ramp(name: string, x: number, y: number): number {
  return (name.charCodeAt(name.length - 1) % 13) * 128 + y * 16 + x;
}

function base(overrides: Partial<ExrBuildOptions> = {}): ExrBuildOptions {
  return { width: 7, height: 5, channels: rgb('half'), sample: ramp, ...overrides };
}

function expectRamp(data: Float32Array, width: number, height: number, names: readonly string[]): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      names.forEach((name, c) => {
        expect(data[(y * width + x) * names.length + c], `${name} at (${x}, ${y})`).toBe(ramp(name, x, y));
      });
    }
  }
}

function rejection(bytes: Uint8Array): HdrFormatError {
  try {
    decodeExr(bytes, { source: 'built.exr' });
  } catch (error) {
    if (error instanceof HdrFormatError) return error;
    throw error;
  }
  throw new Error('expected an HdrFormatError');
}

describe('pixel types', () => {
  it('reads UINT samples as their integer values', () => {
    const values = [0, 1, 65535, 65536, 16777216, 4294967295];
    const { bytes } = buildExr({
      width: 3,
      height: 2,
      channels: [{ name: 'Y', type: 'uint' }],
      sample: (_, x, y) => values[y * 3 + x],
    });
    const { image, info } = decodeExr(bytes);
    expect(info.pixelType).toBe('uint');
    expect(Array.from(image.data)).toEqual(values.map((v) => Math.fround(v)));
  });

  it('reads mixed HALF, FLOAT and UINT channels, with a FLOAT line not 4-byte aligned in its block', () => {
    // B (half) x 7 = 14 bytes before G (float): G's samples start at an offset that is not a multiple of 4.
    const channels: BuiltChannel[] = [
      { name: 'B', type: 'half' },
      { name: 'G', type: 'float' },
      { name: 'R', type: 'uint' },
    ];
    const sample = (name: string, x: number, y: number) => ramp(name, x, y) + (name === 'G' ? 0.25 : 0);
    const { image, info } = decodeExr(buildExr(base({ channels, sample })).bytes);
    expect(info.pixelType).toBe('mixed');
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 7; x++) {
        const at = (y * 7 + x) * 3;
        expect([image.data[at], image.data[at + 1], image.data[at + 2]]).toEqual([
          ramp('R', x, y),
          Math.fround(ramp('G', x, y) + 0.25),
          ramp('B', x, y),
        ]);
      }
    }
  });
});

describe('channel selection', () => {
  it('prefers unprefixed R,G,B over layers', () => {
    const channels = [...rgb('float'), ...['R', 'G', 'B'].map((n) => ({ name: `diffuse.${n}`, type: 'half' as const }))];
    const sorted = [...channels].sort((a, b) => (a.name < b.name ? -1 : 1));
    const { image, info } = decodeExr(buildExr(base({ channels: sorted })).bytes);
    expect(info.details.layer).toBeUndefined();
    expect(info.details.decodedChannels).toBe('R,G,B');
    expect(info.channelNames).toEqual(['B', 'G', 'R', 'diffuse.B', 'diffuse.G', 'diffuse.R']);
    expectRamp(image.data, 7, 5, ['R', 'G', 'B']);
  });

  it('takes the first layer with R,G,B (and its A) when there are no unprefixed colour channels', () => {
    const names = ['diffuse.A', 'diffuse.B', 'diffuse.G', 'diffuse.R', 'specular.B', 'specular.G', 'specular.R', 'Z'];
    const channels = names.map((name) => ({ name, type: 'half' as const })).sort((a, b) => (a.name < b.name ? -1 : 1));
    const { image, info } = decodeExr(buildExr(base({ channels })).bytes);
    expect(image.channels).toBe(4);
    expect(info.details.layer).toBe('diffuse');
    expect(info.details.decodedChannels).toBe('diffuse.R,diffuse.G,diffuse.B,diffuse.A');
    expectRamp(image.data, 7, 5, ['R', 'G', 'B', 'A']);
  });

  it('decodes Y with A to one channel and reports the alpha as dropped', () => {
    const channels: BuiltChannel[] = [
      { name: 'A', type: 'half' },
      { name: 'Y', type: 'half' },
    ];
    const { image, info } = decodeExr(buildExr(base({ channels })).bytes);
    expect(image.channels).toBe(1);
    expect(info.details.droppedChannels).toBe('A');
    expectRamp(image.data, 7, 5, ['Y']);
  });

  it('rejects luminance/chroma images', () => {
    const channels: BuiltChannel[] = [
      { name: 'BY', type: 'half', xSampling: 2, ySampling: 2 },
      { name: 'RY', type: 'half', xSampling: 2, ySampling: 2 },
      { name: 'Y', type: 'half' },
    ];
    expect(rejection(buildExr(base({ channels, width: 8, height: 6 })).bytes).message).toMatch(/luminance\/chroma/);
  });

  it('rejects subsampled channels', () => {
    const channels: BuiltChannel[] = [...rgb('half'), { name: 'Z', type: 'half', xSampling: 1, ySampling: 2 }];
    expect(rejection(buildExr(base({ channels, height: 6 })).bytes).message).toMatch(/"Z" has sampling 1x2/);
  });

  it('rejects files with no usable channel set, listing what they hold', () => {
    const channels: BuiltChannel[] = [
      { name: 'G', type: 'half' },
      { name: 'R', type: 'half' },
      { name: 'Z', type: 'float' },
    ];
    expect(rejection(buildExr(base({ channels })).bytes).message).toMatch(/found G, R, Z/);
  });

  it('honours the long-names flag for channel names over 31 bytes', () => {
    const layer = 'a_layer_name_longer_than_31_bytes';
    const channels = ['B', 'G', 'R'].map((name) => ({ name: `${layer}.${name}`, type: 'half' as const }));
    const { image, info } = decodeExr(buildExr(base({ channels, extraFlags: 0x400 })).bytes);
    expect(info.details.layer).toBe(layer);
    expectRamp(image.data, 7, 5, ['R', 'G', 'B']);
    expect(rejection(buildExr(base({ channels })).bytes).message).toMatch(/at most 31 bytes/);
  });
});

describe('chunk layout', () => {
  it('places scanline chunks by their own y whatever their file order (decreasing and shuffled)', () => {
    const decreasing = buildExr(base({ lineOrder: 1, chunkOrder: (n) => [...Array(n).keys()].reverse() }));
    expectRamp(decodeExr(decreasing.bytes).image.data, 7, 5, ['R', 'G', 'B']);
    expect(decodeExr(decreasing.bytes).info.details.lineOrder).toBe('decreasing');
    const shuffled = buildExr(base({ lineOrder: 2, chunkOrder: () => [3, 0, 4, 2, 1] }));
    expectRamp(decodeExr(shuffled.bytes).image.data, 7, 5, ['R', 'G', 'B']);
  });

  it('places tiles of a data window that does not start at 0, cutting edge tiles', () => {
    const reversed = (n: number) => [...Array(n).keys()].reverse();
    const { bytes } = buildExr(base({ width: 11, height: 9, origin: [-3, 20], tile: [4, 3], chunkOrder: reversed }));
    const { image, info } = decodeExr(bytes);
    expect(info.details).toMatchObject({ dataWindow: '-3,20,7,28', tiled: true, tileSize: '4x3' });
    expectRamp(image.data, 11, 9, ['R', 'G', 'B']);
  });

  for (const mode of ['mipmap', 'ripmap'] as const) {
    for (const rounding of ['down', 'up'] as const) {
      it(`reads level 0 of a ${mode} rounded ${rounding}, finding it through the offset table`, () => {
        const { bytes } = buildExr(base({ width: 13, height: 6, tile: [4, 4], levels: { mode, rounding } }));
        const { image, info } = decodeExr(bytes);
        const levels = { mipmap: { down: 4, up: 5 }, ripmap: { down: 12, up: 20 } }[mode][rounding];
        expect(info.details).toMatchObject({ levelMode: mode, levelRounding: rounding, levels });
        expect(info.details.offsetTableReconstructed).toBeUndefined();
        expectRamp(image.data, 13, 6, ['R', 'G', 'B']);
      });
    }
  }

  it('rebuilds a zeroed offset table by walking the chunks, and says so', () => {
    const { bytes, tableStart } = buildExr(base({ chunkOrder: () => [2, 0, 1, 4, 3] }));
    bytes.fill(0, tableStart, tableStart + 5 * 8);
    const { image, info } = decodeExr(bytes);
    expect(info.details.offsetTableReconstructed).toBe(true);
    expectRamp(image.data, 7, 5, ['R', 'G', 'B']);
  });

  it('rejects a table whose entries point twice at the same chunk', () => {
    const { bytes, tableStart } = buildExr(base());
    bytes.copyWithin(tableStart + 8, tableStart, tableStart + 8);
    expect(rejection(bytes).message).toMatch(/each block stored once/);
  });

  it('rejects a chunk whose declared size passes the end of the file, at that size field', () => {
    const { bytes, tableStart } = buildExr(base());
    const lastChunk = new DataView(bytes.buffer).getUint32(tableStart + 4 * 8, true);
    new DataView(bytes.buffer).setInt32(lastChunk + 4, 1 << 20, true);
    const error = rejection(bytes);
    expect(error.offset).toBe(lastChunk + 4);
  });

  it('rejects an uncompressed chunk of the wrong size', () => {
    const { bytes, tableStart } = buildExr(base());
    const firstChunk = new DataView(bytes.buffer).getUint32(tableStart, true);
    new DataView(bytes.buffer).setInt32(firstChunk + 4, 40, true);
    expect(rejection(bytes).message).toMatch(/an uncompressed chunk of 42 bytes/);
  });
});

describe('unsupported files', () => {
  it('rejects multi-part files', () => {
    expect(rejection(buildExr(base({ extraFlags: 0x1000 })).bytes).message).toMatch(/multi-part files are not supported/);
  });

  it('rejects deep data', () => {
    expect(rejection(buildExr(base({ extraFlags: 0x800 })).bytes).message).toMatch(/deep data is not supported/);
  });

  it('rejects unknown compression codes', () => {
    expect(rejection(buildExr(base({ compression: 10 })).bytes).message).toMatch(/known compression.*got code 10/);
  });
});
