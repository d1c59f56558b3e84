import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ParamError } from '@hdr-lab/core';
import { describe, expect, it } from 'vitest';
import { scratchDirs, V2, V3 } from './support.js';
import { HdrVdpError, pixelsPerDegree, resolveHdrVdpOptions, type HdrVdpOptions } from '../../src/hdrvdp/index.js';
import { inspectCheckout } from '../../src/hdrvdp/checkout.js';
import { checkForVersion } from '../../src/hdrvdp/options.js';

const scratchDir = scratchDirs('hdrvdp-options-test-');

const settle = async (options: HdrVdpOptions, env: NodeJS.ProcessEnv = {}) => {
  const settings = resolveHdrVdpOptions(options, env);
  const checkout = await inspectCheckout(settings);
  checkForVersion(settings, checkout.version, checkout.description);
  return { settings, checkout };
};

describe('pixelsPerDegree', () => {
  it('matches hdrvdp_pix_per_deg for the three settings in use', () => {
    const at = (resolution: [number, number]) => pixelsPerDegree({ diagonalInches: 24, resolution, distanceMetres: 0.5 });
    expect(at([1920, 1200]).toFixed(4)).toBe('33.5102');
    expect(at([1900, 1200]).toFixed(4)).toBe('33.2756');
    expect(at([1500, 1000]).toFixed(4)).toBe('26.7627');
  });
});

describe('HDR-VDP options', () => {
  it('default to Octave, rgb-bt.709, 1000 cd/m^2, the 24" / 0.5 m display and 300 s', () => {
    const settings = resolveHdrVdpOptions({}, { HDRVDP_PATH: V2 });
    expect(settings).toMatchObject({
      checkout: { path: V2, from: 'HDRVDP_PATH' },
      interpreter: 'octave',
      executable: 'octave-cli',
      version: 'auto',
      encoding: 'rgb-bt.709',
      scaling: 'reference-max',
      peakNits: 1000,
      task: 'quality',
      timeoutMs: 300_000,
      compat: 'none',
    });
    expect(settings.ppd).toEqual({ from: 'display', value: expect.closeTo(33.5102, 4) });
    expect(resolveHdrVdpOptions({ interpreter: 'matlab' }, {}).executable).toBe('matlab');
  });

  it('reject bad values with errors naming the option', () => {
    expect(() => resolveHdrVdpOptions({ encoding: 'rgb' as 'XYZ' }, {})).toThrow(
      new ParamError('metrics.hdr-vdp.encoding', 'expected one of rgb-bt.709, luminance, XYZ, sRGB-display, luma-display, rgb-native, rgb-bt.2020, got "rgb"'),
    );
    expect(() => resolveHdrVdpOptions({ interpreter: 'python' as 'octave' }, {})).toThrow('metrics.hdr-vdp.interpreter: expected one of octave, matlab, got "python"');
    expect(() => resolveHdrVdpOptions({ peaknits: 1 } as HdrVdpOptions, {})).toThrow(/^metrics\.hdr-vdp\.peaknits: unknown option/);
    expect(() => resolveHdrVdpOptions({ ppd: 30, display: { diagonalInches: 24, resolution: [1, 1], distanceMetres: 1 } }, {})).toThrow(
      'metrics.hdr-vdp.ppd: give ppd or display, not both',
    );
    expect(() => resolveHdrVdpOptions({ ppd: -1 }, {})).toThrow('metrics.hdr-vdp.ppd: expected a positive number, got -1');
    expect(() => resolveHdrVdpOptions({ display: { diagonalInches: 24, resolution: [1920.5, 1200], distanceMetres: 0.5 } }, {})).toThrow(
      'metrics.hdr-vdp.display.resolution: expected a positive integer, got 1920.5',
    );
    expect(() => resolveHdrVdpOptions({ encoding: 'sRGB-display', peakNits: 100 }, {})).toThrow(
      "metrics.hdr-vdp.peakNits: 'sRGB-display' takes display values in [0, 1], which are not scaled; leave peakNits out",
    );
    expect(() => resolveHdrVdpOptions({ compat: 'deephdrvideo', ppd: 30 }, {})).toThrow(
      "metrics.hdr-vdp.compat: 'deephdrvideo' fixes encoding, scaling and ppd; leave out ppd",
    );
    expect(() => resolveHdrVdpOptions({ timeoutSeconds: 0 }, {})).toThrow('metrics.hdr-vdp.timeoutSeconds: must be at least 0.01, got 0');
    expect(() => resolveHdrVdpOptions({ hdrvdpOptions: { 'bad name': 1 } }, {})).toThrow('metrics.hdr-vdp.hdrvdpOptions.bad name: is not a MATLAB identifier');
    expect(() => resolveHdrVdpOptions({ executable: '' }, {})).toThrow('metrics.hdr-vdp.executable: expected a non-empty string, got ""');
  });

  it("fix 'sRGB-display', clipping and ppd from the image size in 'deephdrvideo' mode", () => {
    expect(resolveHdrVdpOptions({ compat: 'deephdrvideo' }, {})).toMatchObject({ encoding: 'sRGB-display', scaling: 'clip-unit', ppd: { from: 'image-size' } });
  });
});

describe('the HDR-VDP checkout', () => {
  it('is found through the option or HDRVDP_PATH, and its version detected and read', async () => {
    const v2 = await settle({}, { HDRVDP_PATH: V2 });
    expect(v2.checkout).toMatchObject({ dir: V2, version: '2.2', entry: 'hdrvdp.m', versionString: '2.2.1-standin', pyrTools: join(V2, 'matlabPyrTools_1.4_fixed') });
    const v3 = await settle({ checkout: V3 }, { HDRVDP_PATH: V2 });
    expect(v3.checkout).toMatchObject({ dir: V3, version: '3', entry: 'hdrvdp3.m', versionString: '3.07', pyrTools: undefined });
  });

  it('falls back to the release family when no version is stated', async () => {
    const dir = await scratchDir();
    const source = await readFile(join(V2, 'hdrvdp.m'), 'utf8');
    await writeFile(join(dir, 'hdrvdp.m'), source.replace(/^% Version:.*$/m, '% version number, for example "HDR-VDP 2.2.0"'));
    expect((await settle({ checkout: dir })).checkout.versionString).toBe('2.2');
  });

  it('must be given and hold hdrvdp.m or hdrvdp3.m', async () => {
    const empty = await scratchDir();
    await expect(settle({})).rejects.toThrow(
      new HdrVdpError(
        'checkout-missing',
        'no HDR-VDP checkout given: set HDRVDP_PATH or the checkout option to a directory holding hdrvdp.m (2.2.x) or hdrvdp3.m (3.x)',
      ),
    );
    await expect(settle({ checkout: join(empty, 'absent') })).rejects.toMatchObject({ code: 'checkout-missing', message: expect.stringContaining('is not a directory') });
    await expect(settle({}, { HDRVDP_PATH: empty })).rejects.toThrow(
      `the checkout at ${empty} (from HDRVDP_PATH) holds neither hdrvdp.m nor hdrvdp3.m; set HDRVDP_PATH or the checkout option to a directory`,
    );
  });

  it('must hold the version asked for, and the encoding and task must exist in it', async () => {
    await expect(settle({ checkout: V2, version: '3' })).rejects.toThrow(
      new HdrVdpError('wrong-version', `version '3' expects hdrvdp3.m in the checkout at ${V2} (from checkout option), but it holds hdrvdp.m (HDR-VDP 2.2.x)`),
    );
    await expect(settle({ checkout: V3, version: '2.2' })).rejects.toMatchObject({ code: 'wrong-version', message: expect.stringContaining('holds hdrvdp3.m (HDR-VDP 3.x)') });
    await expect(settle({ checkout: V2, encoding: 'rgb-native' })).rejects.toThrow(
      `metrics.hdr-vdp.encoding: 'rgb-native' exists only in HDR-VDP 3.x; the checkout at ${V2} (from checkout option) holds HDR-VDP 2.2.x`,
    );
    await expect(settle({ checkout: V2, task: 'flicker' })).rejects.toThrow(ParamError);
    await expect(settle({ checkout: V3, encoding: 'rgb-native', task: 'flicker' })).resolves.toBeDefined();
  });
});
