import { describe, expect, it } from 'vitest';
import { HdrMergeError, mergeDebevec, recoverResponse, responseFromLinear, type ExposureImage } from '../../src/hdr-merge/index.js';

const grey = (width: number, height: number, fill: number): ExposureImage => ({
  width,
  height,
  channels: 1,
  data: new Uint8Array(width * height).fill(fill),
});
const pair = [grey(8, 8, 60), grey(8, 8, 120)];
const response = responseFromLinear([Float64Array.from({ length: 256 }, (_, z) => z + 1)]);

function error(action: () => unknown): HdrMergeError {
  try {
    action();
  } catch (caught) {
    expect(caught).toBeInstanceOf(HdrMergeError);
    return caught as HdrMergeError;
  }
  throw new Error('expected an HdrMergeError');
}

describe('stack validation, for both recoverResponse and mergeDebevec', () => {
  const calls = [
    (stack: Parameters<typeof mergeDebevec>[0]) => recoverResponse(stack),
    (stack: Parameters<typeof mergeDebevec>[0]) => mergeDebevec(stack, response),
  ];

  it.each(calls.map((call, i) => [i, call] as const))('call %i rejects bad stacks with a message naming the fix', (_, call) => {
    expect(error(() => call({ images: [pair[0]!], times: [1] })).message).toMatch(/at least 2 exposures, got 1/);
    expect(error(() => call({ images: pair, times: [1] })).message).toMatch(/2 images but 1 exposure times/);
    expect(error(() => call({ images: pair, times: [1, 0] })).message).toMatch(/exposure time 1 is 0; .*positive/);
    expect(error(() => call({ images: pair, times: [Number.NaN, 1] })).message).toMatch(/exposure time 0 is NaN/);
    expect(error(() => call({ images: [pair[0]!, grey(8, 7, 0)], times: [1, 2] })).message).toMatch(/exposure 1 is 8x7x1 but exposure 0 is 8x8x1/);
    const sixteen = { width: 8, height: 8, channels: 1 as const, bitDepth: 16 as const, data: new Float32Array(64) };
    expect(error(() => call({ images: [sixteen, sixteen], times: [1, 2] })).message).toMatch(/16-bit.*pass 8-bit/);
    const unquantised = { width: 8, height: 8, channels: 1 as const, bitDepth: 8 as const, data: new Float32Array(64).fill(0.3) };
    expect(error(() => call({ images: [unquantised, unquantised], times: [1, 2] })).message).toMatch(/not an 8-bit code \/ 255/);
    const rgba = { width: 2, height: 2, channels: 4 as const, data: new Uint8Array(16) };
    expect(error(() => call({ images: [rgba, rgba], times: [1, 2] })).message).toMatch(/1 or 3 channels, got 4/);
    const short = { width: 8, height: 8, channels: 1 as const, data: new Uint8Array(10) };
    expect(error(() => call({ images: [short, short], times: [1, 2] })).message).toMatch(/holds 10 samples, expected 8x8x1 = 64/);
  });
});

describe('options and responses', () => {
  it('rejects bad samples, lambda, sampling and seed', () => {
    const stack = { images: pair, times: [1, 2] };
    expect(error(() => recoverResponse(stack, { samples: 0 })).message).toMatch(/samples must be a positive integer/);
    expect(error(() => recoverResponse(stack, { samples: 1000 })).message).toMatch(/does not fit a 8x8 image/);
    expect(error(() => recoverResponse(stack, { lambda: -1 })).message).toMatch(/lambda must be a finite positive/);
    expect(error(() => recoverResponse(stack, { sampling: 'poisson' as 'grid' })).message).toMatch(/'grid' or 'random'/);
    expect(error(() => recoverResponse(stack, { sampling: 'random', seed: -3 })).message).toMatch(/seed must be an integer/);
  });

  it('reports a stack whose sampled pixels never change as leaving the curve undetermined', () => {
    const flat = { images: [grey(8, 8, 255), grey(8, 8, 255)], times: [1, 2] };
    expect(error(() => recoverResponse(flat)).message).toMatch(/do not change between exposures/);
  });

  it('checks imported curves and the channel count at merge time', () => {
    expect(error(() => responseFromLinear([new Float64Array(255).fill(1)])).message).toMatch(/255 entries, expected 256/);
    expect(error(() => responseFromLinear([new Float64Array(256)])).message).toMatch(/is 0 at code 0/);
    const rgb = { width: 2, height: 2, channels: 3 as const, data: new Uint8Array(12) };
    expect(error(() => mergeDebevec({ images: [rgb, rgb], times: [1, 2] }, response)).message).toMatch(/1 channel curves but the exposures have 3/);
  });
});
