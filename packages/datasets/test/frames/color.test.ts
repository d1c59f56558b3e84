import { describe, expect, it } from 'vitest';
import { lightScale } from '../../src/frames/light-scale.js';
import { lineariseGbrPlanes, tabulatedCurve } from '../../src/frames/linearise.js';
import { luminanceCoefficients, primariesConversionMatrix } from '../../src/frames/primaries.js';
import type { VideoProbe } from '../../src/frames/probe.js';
import { resolveSignal } from '../../src/frames/signal.js';
import { bt709InverseOetf, hlgInverseOetf, hlgOetf, hlgSystemGamma, pqEotf, pqInverseEotf } from '../../src/frames/transfer-functions.js';
import { parseTransfer } from '../../src/frames/transfers.js';

describe('transfer functions against published values', () => {
  it('PQ (ST 2084): 100, 203 and 1000 cd/m2 at the BT.2408 signal levels; 0 and 1 at the ends', () => {
    expect(pqInverseEotf(100)).toBeCloseTo(0.508078, 6);
    expect(pqInverseEotf(203)).toBeCloseTo(0.580689, 6);
    expect(pqInverseEotf(1000)).toBeCloseTo(0.751827, 6);
    expect(pqEotf(0.751827)).toBeCloseTo(1000, 2);
    expect(pqEotf(0)).toBe(0);
    expect(pqEotf(1)).toBeCloseTo(10000, 6);
    expect(pqEotf(1.2)).toBeCloseTo(10000, 6);
    expect(pqEotf(-0.1)).toBe(0);
  });

  it('HLG (BT.2100): OETF(1/12) = 0.5, OETF(1) = 1; 75% grey is 203 cd/m2 on a 1000 cd/m2 display', () => {
    expect(hlgOetf(1 / 12)).toBeCloseTo(0.5, 12);
    expect(hlgOetf(1)).toBeCloseTo(1, 7);
    for (const e of [0.01, 0.3, 0.5, 0.75, 0.99]) expect(hlgOetf(hlgInverseOetf(e))).toBeCloseTo(e, 12);
    expect(hlgSystemGamma(1000)).toBe(1.2);
    expect(hlgSystemGamma(2000)).toBeCloseTo(1.2 + 0.42 * Math.log10(2), 12);
    const planes = new Float32Array([0.75, 0.75, 0.75]);
    const [r, g, b] = lineariseGbrPlanes(planes, 1, 1, { transfer: 'hlg', scale: lightScale('hlg'), negatives: 'keep' }).data;
    expect(r).toBeCloseTo(203.15, 1);
    expect(g).toBeCloseTo(r!, 3);
    expect(b).toBeCloseTo(r!, 3);
  });

  it('BT.709 inverse OETF: linear segment below 4.5 x 0.018054, continuous there, 1 at 1', () => {
    expect(bt709InverseOetf(0.04)).toBeCloseTo(0.04 / 4.5, 12);
    expect(bt709InverseOetf(4.5 * 0.018053968510807 + 1e-12)).toBeCloseTo(0.018053968510807, 10);
    expect(bt709InverseOetf(1)).toBeCloseTo(1, 12);
    expect(bt709InverseOetf(0.5)).toBeCloseTo(Math.pow(0.59929682680944 / 1.09929682680944, 1 / 0.45), 12);
  });

  it('reads ffmpeg planar G, B, R order into interleaved R, G, B', () => {
    const planes = new Float32Array([0.5, 0.25, 0.75]);
    const data = lineariseGbrPlanes(planes, 1, 1, { transfer: 'pq', scale: lightScale('pq'), negatives: 'keep' }).data;
    expect([...data]).toEqual([Math.fround(pqEotf(0.75)), Math.fround(pqEotf(0.5)), Math.fround(pqEotf(0.25))]);
  });

  it('tabulated curves stay within float32 resolution of the exact formulas', () => {
    const exact = { pq: pqEotf, hlg: hlgInverseOetf, bt709: bt709InverseOetf } as const;
    const signals = Array.from({ length: 200_000 }, (_, i) => ((i * 7919) % 200_000) / 200_000 + 1e-7 * (i % 13));
    signals.push(1e-9, 1e-6, 0.0625, 0.9999999, 1, 1.05);
    for (const [transfer, curve] of Object.entries(exact)) {
      const table = tabulatedCurve(transfer as keyof typeof exact)!;
      let worst = 0;
      for (const signal of signals) {
        const want = curve(signal);
        worst = Math.max(worst, Math.abs(table.at(signal) - want) / (1.5e-7 * want + 1e-10 * curve(1)));
      }
      expect(worst, transfer).toBeLessThanOrEqual(1);
    }
    expect(tabulatedCurve('pq')!.at(-0.2)).toBe(0);
    expect(tabulatedCurve('hlg')!.at(1.05)).toBe(hlgInverseOetf(1.05));
    expect(tabulatedCurve('linear')).toBeUndefined();
  });

  it('maps ffprobe transfer names to the curves they mean', () => {
    expect(parseTransfer('smpte2084')).toBe('pq');
    expect(parseTransfer('arib-std-b67')).toBe('hlg');
    expect(parseTransfer('bt2020-10')).toBe('bt709');
    expect(parseTransfer('iec61966-2-1')).toBe('srgb');
    expect(parseTransfer('log100')).toBeUndefined();
  });
});

describe('primaries', () => {
  it('BT.2020 -> BT.709 and back reproduce the matrices of ITU-R BT.2087', () => {
    const toward709 = [1.6605, -0.5876, -0.0728, -0.1246, 1.1329, -0.0083, -0.0182, -0.1006, 1.1187];
    const toward2020 = [0.6274, 0.3293, 0.0433, 0.0691, 0.9195, 0.0114, 0.0164, 0.088, 0.8956];
    primariesConversionMatrix('bt2020', 'bt709').forEach((value, i) => expect(value).toBeCloseTo(toward709[i]!, 4));
    primariesConversionMatrix('bt709', 'bt2020').forEach((value, i) => expect(value).toBeCloseTo(toward2020[i]!, 4));
  });

  it('luminance rows match the BT.709 and BT.2020 luma weights', () => {
    luminanceCoefficients('bt709').forEach((value, i) => expect(value).toBeCloseTo([0.2126, 0.7152, 0.0722][i]!, 4));
    luminanceCoefficients('bt2020').forEach((value, i) => expect(value).toBeCloseTo([0.2627, 0.678, 0.0593][i]!, 4));
  });
});

describe('settling the signal from tags and options', () => {
  const probe: VideoProbe = { streamIndex: 0, container: 'mov', codec: 'hevc', width: 3840, height: 2160, pixFmt: 'yuv420p10le' };

  it('fills untagged primaries, matrix and range by convention and says so', () => {
    const signal = resolveSignal('clip.mp4', probe, { transfer: 'hlg' });
    expect(signal).toMatchObject({ transfer: 'hlg', primaries: 'bt2020', matrix: 'bt2020nc', range: 'limited' });
    expect(signal.provenance).toEqual({ transfer: 'option', primaries: 'assumed', matrix: 'assumed', range: 'assumed' });
    const sd = resolveSignal('sd.mpg', { ...probe, width: 720, height: 576, pixFmt: 'yuvj420p', colorTransfer: 'bt709' });
    expect(sd).toMatchObject({ primaries: 'bt709', matrix: 'smpte170m', range: 'full' });
    expect(resolveSignal('rgb.mov', { ...probe, pixFmt: 'gbrp10le', colorTransfer: 'smpte2084', colorSpace: 'bt2020nc' }).matrix).toBe('gbr');
  });

  it('refuses transfer-dependent matrices and untranslatable transfers', () => {
    expect(() => resolveSignal('cl.mkv', { ...probe, colorTransfer: 'smpte2084', colorSpace: 'bt2020c' })).toThrow(/constant luminance or ICtCp/);
    expect(() => resolveSignal('log.mkv', { ...probe, colorTransfer: 'log100' })).toThrow(/transfer 'log100' cannot be inverted here/);
  });
});
