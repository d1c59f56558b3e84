import { chmod, cp, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHdrImage, type ChannelCount, type HdrImage } from '@hdr-lab/core';
import { describe, expect, it } from 'vitest';
import { scratchDirs, V2, V3 } from './support.js';
import { HdrVdpError, HdrVdpSession, pixelsPerDegree, runHdrVdp, type HdrVdpOptions, type HdrVdpResult } from '../../src/hdrvdp/index.js';

/**
 * The bridge against real Octave, with stand-ins for hdrvdp.m / hdrvdp3.m (test/fixtures/hdrvdp) that print
 * what they received and compute Q from their inputs.
 */
const scratchDir = scratchDirs('hdrvdp-session-test-');

const image = (width: number, height: number, sample: (index: number) => number, channels: ChannelCount = 3): HdrImage =>
  createHdrImage(width, height, channels, Float32Array.from({ length: width * height * channels }, (_, index) => sample(index)));

/** Samples 1..7 (max 7), and the same plus 0.5. */
const reference = (width = 8, height = 6, channels: ChannelCount = 3) => image(width, height, (i) => 1 + (i % 7), channels);
const brighter = (width = 8, height = 6, channels: ChannelCount = 3) => image(width, height, (i) => 1.5 + (i % 7), channels);

/** The stand-in's `standin key=value ...` line, parsed. */
function echoed(result: HdrVdpResult): Record<string, string> {
  const line = result.log.find((entry) => entry.startsWith('standin '));
  if (line === undefined) throw new Error(`no stand-in line in ${JSON.stringify(result.log)}`);
  return Object.fromEntries(line.slice('standin '.length).split(' ').map((pair) => pair.split('=') as [string, string]));
}

async function withSession<T>(options: HdrVdpOptions, body: (session: HdrVdpSession) => Promise<T>): Promise<T> {
  const session = await HdrVdpSession.start({ checkout: V2, ...options });
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('an HDR-VDP 2.2.x session', () => {
  it('serves several pairs from one Octave process, test first, scaled to peakNits, and cleans up on close', async () => {
    const tempDir = await scratchDir();
    const session = await HdrVdpSession.start({ checkout: V2, tempDir });
    const pid = session.pid;
    expect(await readdir(tempDir)).toEqual([expect.stringMatching(/^hdrvdp-/)]);
    const results = await Promise.all([
      session.compare(reference(), reference()),
      session.compare(reference(), brighter()),
      session.compare(reference(8, 6, 4), brighter(8, 6, 4)),
    ]);
    await session.close();

    expect(results.map((result) => echoed(result).pid)).toEqual([String(pid), String(pid), String(pid)]);
    expect(results.map((result) => echoed(result).calls)).toEqual(['1', '2', '3']);
    // 100 - 100 mean|test - reference| / max(reference), both scaled by 1000 / 7: swapped arguments would give 93.33.
    expect(results.map((result) => result.value)).toEqual([100, expect.closeTo(100 - 50 / 7, 9), expect.closeTo(100 - 50 / 7, 9)]);
    expect(echoed(results[1]!)).toMatchObject({ encoding: 'rgb-bt.709', ppd: '33.51021391', refmax: '1000', testmax: '1071.428571', channels: '3' });
    expect(echoed(results[2]!).channels).toBe('3');
    // The path set up around Octave's gaps: matlabPyrTools first, the ifft2 shim, the image package.
    expect(echoed(results[0]!)).toMatchObject({ probe: 'pyrtools', ifft2: '1', image: '1' });
    expect(results[0]).toEqual({
      id: 'hdr-vdp',
      version: '1',
      value: 100,
      flags: ['q-only'],
      log: results[0]!.log,
      params: {
        hdrvdpVersion: '2.2.1-standin',
        interpreter: 'octave',
        interpreterVersion: expect.stringMatching(/^\d+\.\d+/),
        encoding: 'rgb-bt.709',
        ppd: pixelsPerDegree({ diagonalInches: 24, resolution: [1920, 1200], distanceMetres: 0.5 }),
        ppdFrom: 'display',
        scaling: 'reference-max',
        peakNits: 1000,
        qOnly: true,
        compat: 'none',
        hdrvdpOptions: '',
      },
    });
    expect(await readdir(tempDir)).toEqual([]);
    expect(session.pid).toBeUndefined();
    expect(isRunning(pid!)).toBe(false);
    await expect(session.compare(reference(), reference())).rejects.toMatchObject({ code: 'closed' });
  });

  it('passes the encoding, ppd, peakNits and extra options it is given', async () => {
    const options = { encoding: 'luminance', ppd: 40, peakNits: 250, hdrvdpOptions: { surround_l: 13, rgb_display: "it's" } } as const;
    const result = await withSession(options, (session) => session.compare(reference(8, 6, 1), brighter(8, 6, 1)));
    expect(echoed(result)).toMatchObject({ encoding: 'luminance', ppd: '40', refmax: '250', channels: '1' });
    expect(result.params).toMatchObject({ encoding: 'luminance', ppd: 40, ppdFrom: 'ppd', peakNits: 250, hdrvdpOptions: "surround_l=13,rgb_display=it's" });
  });

  it("reproduces DeepHDRVideo: 'sRGB-display' on data clipped to [0, 1], ppd from the image size", async () => {
    const result = await withSession({ compat: 'deephdrvideo' }, (session) =>
      session.compare(image(30, 20, (i) => (i % 5) / 2 - 0.5), image(30, 20, (i) => (i % 3) / 2)),
    );
    const ppd = pixelsPerDegree({ diagonalInches: 24, resolution: [30, 20], distanceMetres: 0.5 });
    expect(echoed(result)).toMatchObject({ encoding: 'sRGB-display', ppd: ppd.toPrecision(10), refmax: '1', testmax: '1' });
    expect(result.params).toMatchObject({ encoding: 'sRGB-display', ppd, ppdFrom: 'image-size', scaling: 'clip-unit', compat: 'deephdrvideo' });
    expect(result.params).not.toHaveProperty('peakNits');
  });

  it('reports P_det and C_max only when the checkout has MEX files for the interpreter', async () => {
    const checkout = join(await scratchDir(), 'hdrvdp-2.2.1');
    await cp(V2, checkout, { recursive: true });
    await writeFile(join(checkout, 'matlabPyrTools_1.4_fixed', 'corrDn.mex'), '');
    const result = await withSession({ checkout }, (session) => session.compare(reference(), brighter()));
    expect(result).toMatchObject({ flags: [], params: { qOnly: false }, pDet: expect.closeTo(0.5 / 7, 9), cMax: expect.closeTo(50 / 7, 9) });
  });
});

describe('an HDR-VDP 3.x session', () => {
  it('calls hdrvdp3 with the task and reports Q and Q_JOD', async () => {
    const result = await withSession({ checkout: V3, encoding: 'rgb-native', task: 'side-by-side' }, (session) =>
      session.compare(reference(), brighter()),
    );
    const q = 10 - 5 / 7;
    expect(echoed(result)).toMatchObject({ task: 'side-by-side', encoding: 'rgb-native', refmax: '1000' });
    expect(result.value).toBeCloseTo(q, 9);
    expect(result.qJod).toBeCloseTo(10 - 0.52 * (10 - q) ** 1.2812, 9);
    expect(result.params).toMatchObject({ hdrvdpVersion: '3.07', task: 'side-by-side', qOnly: true });
  });
});

describe('HDR-VDP failures', () => {
  it('an error inside hdrvdp rejects that pair and leaves the process serving', async () => {
    await withSession({ hdrvdpOptions: { standin_error_width: 5 } }, async (session) => {
      const pid = session.pid;
      await expect(session.compare(reference(5, 5), reference(5, 5), 'odd one')).rejects.toThrow(
        new HdrVdpError('hdrvdp-failed', "HDR-VDP failed on pair 'odd one': stand-in: simulated failure for width 5"),
      );
      const next = await session.compare(reference(), reference());
      expect(echoed(next)).toMatchObject({ pid: String(pid), calls: '2' });
    });
  });

  it('a crash rejects the pending pair with the exit code and stderr; the next pair restarts Octave', async () => {
    const tempDir = await scratchDir();
    await withSession({ tempDir, hdrvdpOptions: { standin_exit_width: 5 } }, async (session) => {
      const [pid, workDir] = [session.pid, session.workDir];
      const crash = session.compare(reference(5, 5), reference(5, 5), 'crashy');
      await expect(crash).rejects.toMatchObject({ name: 'HdrVdpError', code: 'crashed' });
      await expect(crash).rejects.toThrow(/^Octave exited with code 3 during pair 'crashy'; last stderr lines:\n(.*\n)*stand-in: simulated crash/);
      expect(await readdir(tempDir)).toEqual([]);
      const next = await session.compare(reference(), reference());
      expect(echoed(next)).toMatchObject({ pid: String(session.pid), calls: '1' });
      expect([session.pid, session.workDir]).not.toEqual([pid, workDir]);
    });
  });

  it('a timeout stops the process group, names the pair and the limit; the next pair restarts Octave', async () => {
    await withSession({ timeoutSeconds: 1, hdrvdpOptions: { standin_sleep_width: 5 } }, async (session) => {
      const pid = session.pid!;
      const started = Date.now();
      await expect(session.compare(reference(5, 5), reference(5, 5), 'slow')).rejects.toThrow(
        new HdrVdpError('timeout', "HDR-VDP did not finish pair 'slow' within the 1 s timeout; the interpreter was stopped"),
      );
      expect(Date.now() - started).toBeLessThan(5000);
      expect(isRunning(pid)).toBe(false);
      expect(echoed(await session.compare(reference(), reference())).pid).not.toBe(String(pid));
    });
  });

  it('a missing interpreter says how to install it; nothing is left behind', async () => {
    const tempDir = await scratchDir();
    const executable = join(tempDir, 'bin', 'octave-cli');
    await expect(HdrVdpSession.start({ checkout: V2, tempDir, executable })).rejects.toThrow(
      new HdrVdpError(
        'interpreter-missing',
        `cannot run Octave: '${executable}' was not found; install it (apt-get install octave octave-image) ` +
          'or set the executable option to the path of octave-cli',
      ),
    );
    expect(await readdir(tempDir)).toEqual([]);
  });

  it('a missing image package says to install octave-image', async () => {
    const dir = await scratchDir();
    const withoutPackages = join(dir, 'octave-without-packages');
    await writeFile(
      withoutPackages,
      '#!/bin/sh\n# Octave that sees no installed packages; runs the script given last.\nfor script; do :; done\n' +
        `exec octave-cli --no-gui --quiet --norc --eval "pkg('global_list', '${dir}/none'); pkg('local_list', '${dir}/none'); source('$script');"\n`,
    );
    await chmod(withoutPackages, 0o755);
    await expect(HdrVdpSession.start({ checkout: V2, executable: withoutPackages })).rejects.toThrow(
      new HdrVdpError(
        'octave-image-missing',
        'Octave could not load the image package (pkg load image: package image is not installed); install it: apt-get install octave-image',
      ),
    );
  });

  it('mismatched images are refused before anything is spawned', async () => {
    const tempDir = await scratchDir();
    const pairs = [
      { reference: reference(), test: reference() },
      { id: 'frame 2', reference: reference(8, 6), test: reference(6, 8) },
    ];
    await expect(runHdrVdp(pairs, { checkout: V2, tempDir, executable: join(tempDir, 'bin', 'octave-cli') })).rejects.toThrow(
      new HdrVdpError('image-mismatch', "pair 'frame 2': images differ in shape: reference 8x6x3, test 6x8x3"),
    );
    expect(await readdir(tempDir)).toEqual([]);
    await withSession({}, async (session) => {
      await expect(session.compare(reference(), reference(8, 6, 1))).rejects.toMatchObject({ code: 'image-mismatch' });
      await expect(session.compare(reference(8, 6, 1), reference(8, 6, 1))).rejects.toThrow(
        "pair 'pair 2': encoding 'rgb-bt.709' takes 3 colour channels, the images have 1",
      );
      await expect(session.compare(image(4, 4, () => 0), image(4, 4, () => 0))).rejects.toMatchObject({ code: 'invalid-image' });
    });
  });
});

describe('runHdrVdp', () => {
  it('scores a batch in order with one process and reports progress', async () => {
    const tempDir = await scratchDir();
    const progress: number[][] = [];
    const results = await runHdrVdp(
      [
        { reference: reference(), test: reference() },
        { reference: reference(), test: brighter() },
      ],
      { checkout: V2, tempDir },
      (done, total) => progress.push([done, total]),
    );
    expect(results.map((result) => result.value)).toEqual([100, expect.closeTo(100 - 50 / 7, 9)]);
    expect(new Set(results.map((result) => echoed(result).pid)).size).toBe(1);
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(await readdir(tempDir)).toEqual([]);
  });
});
