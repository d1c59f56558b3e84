import { readHdrFile } from '@hdr-lab/core';
import { evaluateRangewise, parseRangewiseSettings, toJson } from '@hdr-lab/eval';
import type { CliOutput } from '../output.js';

export interface RangewiseCommandOptions {
  readonly ref: string;
  readonly test: string;
  readonly levels?: string;
  readonly rounding?: string;
  readonly predictionScale?: string;
  readonly inputLevel?: string;
  readonly json?: boolean;
  readonly maxPixels?: number;
}

/** The range-wise protocol on one pair: PSNR and SSIM per linear 8-bit level 2^-k, and their means. */
export async function runRangewise(options: RangewiseCommandOptions, output: CliOutput): Promise<void> {
  const settings = Object.fromEntries(
    (['levels', 'rounding', 'predictionScale', 'inputLevel'] as const).flatMap((name) => (options[name] === undefined ? [] : [[name, options[name]]])),
  ) as Record<string, string>;
  const rangewiseOptions = parseRangewiseSettings(settings);
  const read = (path: string) => readHdrFile(path, options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels });
  const [{ image: reference }, { image: test }] = await Promise.all([read(options.ref), read(options.test)]);
  const result = evaluateRangewise(reference, test, rangewiseOptions);
  if (options.json) {
    output.out(toJson(result));
    return;
  }
  output.out('level   step     PSNR      SSIM');
  for (const level of result.levels) {
    const psnr = level.identical ? '     Inf (identical, left out of the mean)' : level.psnr.toFixed(2).padStart(8);
    output.out(`2^-${String(level.level).padEnd(4)} ${(2 ** -level.level).toFixed(5)}  ${psnr}  ${level.ssim.toFixed(4)}`);
  }
  output.out(`mean                ${result.meanPsnr.toFixed(2).padStart(8)}  ${result.meanSsim.toFixed(4)}`);
  const params = Object.entries(result.signature.params).map(([name, value]) => `${name}=${String(value)}`).join(' ');
  output.out(`(rangewise v${result.signature.version}; ${params})`);
}
