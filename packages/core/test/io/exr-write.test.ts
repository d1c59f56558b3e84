import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHdrImage, type ChannelCount, type HdrImage } from '../../src/image/hdr-image.js';
import { decodeExr, encodeExr, readExrHeader } from '../../src/io/exr/index.js';
import { floatToHalf, halfToFloat } from '../../src/io/exr/half.js';

/** Bit patterns a writer must carry: NaNs with payloads and sign, infinities, zeros, denormals. */
const SPECIAL_BITS = [
  0x7fc00000, 0xffc00001, 0x7f800001, 0x7f800000, 0xff800000, 0x00000000, 0x80000000, 0x00000001, 0x807fffff,
  0x00400000, 0x33800000, 0x387fc000, 0x477fe000, 0x477ff000, 0xc7800000,
];

/** A deterministic image mixing ordinary values (up to 1e5, negative too) with the special patterns. */
function testImage(width: number, height: number, channels: ChannelCount): HdrImage {
  const image = createHdrImage(width, height, channels);
  const bits = new Uint32Array(image.data.buffer);
  let state = 12345;
  for (let i = 0; i < image.data.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    if (i % 7 === 3) bits[i] = SPECIAL_BITS[(i >> 3) % SPECIAL_BITS.length];
    else image.data[i] = ((state / 2 ** 32) * 2 - 0.5) * 10 ** ((i % 11) - 5);
  }
  return image;
}

function sameBits(actual: Float32Array, expected: Float32Array): number {
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const b = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  let mismatches = 0;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) mismatches++;
  return mismatches;
}

const SHAPES: readonly [number, number, ChannelCount][] = [
  [1, 1, 1],
  [37, 19, 1],
  [53, 35, 3],
  [40, 33, 4],
];

describe('encodeExr round trips through decodeExr', () => {
  for (const compression of ['none', 'zip'] as const) {
    for (const [width, height, channels] of SHAPES) {
      it(`FLOAT ${compression} ${width}x${height}x${channels}: every bit comes back`, () => {
        const image = testImage(width, height, channels);
        const { image: decoded, info } = decodeExr(encodeExr(image, { compression, pixelType: 'float' }));
        expect([decoded.width, decoded.height, decoded.channels]).toEqual([width, height, channels]);
        expect(info.pixelType).toBe('float');
        expect(info.compression).toBe(compression);
        expect(sameBits(decoded.data, image.data)).toBe(0);
      });

      it(`HALF ${compression} ${width}x${height}x${channels}: values round to the nearest half`, () => {
        const image = testImage(width, height, channels);
        const { image: decoded, info } = decodeExr(encodeExr(image, { compression, pixelType: 'half' }));
        expect(info.pixelType).toBe('half');
        const expected = image.data.map((value) => halfToFloat(floatToHalf(value)));
        let mismatches = 0;
        for (let i = 0; i < expected.length; i++) if (!Object.is(decoded.data[i], expected[i])) mismatches++;
        expect(mismatches).toBe(0);
      });
    }
  }

  it('defaults to HALF and ZIP, names channels R,G,B[,A] or Y, and writes the standard attributes', () => {
    const rgba = readExrHeader(encodeExr(testImage(5, 4, 4)));
    expect([rgba.compression, rgba.pixelType]).toEqual(['zip', 'half']);
    expect(rgba.channelNames).toEqual(['A', 'B', 'G', 'R']);
    expect(rgba.details).toMatchObject({
      dataWindow: '0,0,4,3',
      displayWindow: '0,0,4,3',
      lineOrder: 'increasing',
      pixelAspectRatio: 1,
    });
    expect(readExrHeader(encodeExr(testImage(5, 4, 3))).channelNames).toEqual(['B', 'G', 'R']);
    expect(readExrHeader(encodeExr(testImage(5, 4, 1))).channelNames).toEqual(['Y']);
  });

  it('compresses smooth images with ZIP and falls back to raw chunks for noise', () => {
    const smooth = createHdrImage(64, 64, 3);
    smooth.data.forEach((_, i) => (smooth.data[i] = Math.floor(i / 192) / 64));
    const raw = encodeExr(smooth, { compression: 'none' });
    const zipped = encodeExr(smooth, { compression: 'zip' });
    expect(zipped.length).toBeLessThan(raw.length / 4);
    const noise = testImage(64, 64, 3);
    expect(encodeExr(noise, { compression: 'zip', pixelType: 'float' }).length).toBeLessThanOrEqual(
      encodeExr(noise, { compression: 'none', pixelType: 'float' }).length,
    );
  });

  it('rejects images whose data does not match their size', () => {
    const image = { width: 4, height: 4, channels: 3 as const, data: new Float32Array(47) };
    expect(() => encodeExr(image)).toThrow(RangeError);
  });
});

const openCvCheck = spawnSync('/usr/bin/python3', ['-c', 'import cv2, numpy'], {
  env: { ...process.env, OPENCV_IO_ENABLE_OPENEXR: '1' },
});
const openCvMissing = openCvCheck.status !== 0;

describe('files written here are read by OpenCV (OpenEXR 3.1)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'exr-write-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  const cases = [
    { name: 'rgba-half-zip', channels: 4, compression: 'zip', pixelType: 'half' },
    { name: 'rgb-float-zip', channels: 3, compression: 'zip', pixelType: 'float' },
    { name: 'rgb-half-none', channels: 3, compression: 'none', pixelType: 'half' },
    { name: 'y-float-none', channels: 1, compression: 'none', pixelType: 'float' },
  ] as const;

  it.skipIf(openCvMissing)(
    `OpenCV decodes each variant to our values${openCvMissing ? ' (skipped: no /usr/bin/python3 with OpenCV)' : ''}`,
    () => {
      const expected = new Map<string, Float32Array>();
      for (const c of cases) {
        const image = createHdrImage(45, 23, c.channels);
        image.data.forEach((_, i) => (image.data[i] = Math.sin(i * 0.37) * 10 ** ((i % 9) - 3)));
        writeFileSync(join(directory, `${c.name}.exr`), encodeExr(image, c));
        expected.set(c.name, c.pixelType === 'half' ? image.data.map((v) => halfToFloat(floatToHalf(v))) : image.data);
      }
      const script = [
        'import cv2, numpy as np, sys',
        'for path in sys.argv[1:]:',
        '    image = cv2.imread(path + ".exr", cv2.IMREAD_ANYDEPTH | cv2.IMREAD_UNCHANGED)',
        '    if image.ndim == 3:',
        '        image = image[:, :, [2, 1, 0, 3]] if image.shape[2] == 4 else image[:, :, ::-1]',
        '    np.ascontiguousarray(image, dtype="<f4").tofile(path + ".f32")',
      ].join('\n');
      const paths = cases.map((c) => join(directory, c.name));
      const run = spawnSync('/usr/bin/python3', ['-c', script, ...paths], {
        env: { ...process.env, OPENCV_IO_ENABLE_OPENEXR: '1' },
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      for (const c of cases) {
        const bytes = readFileSync(join(directory, `${c.name}.f32`));
        const decoded = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
        expect(sameBits(decoded, expected.get(c.name)!), c.name).toBe(0);
      }
    },
  );
});
