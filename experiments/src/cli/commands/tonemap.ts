import {
  createHdrImage,
  describeToneMapFlag,
  formatFromFileName,
  gammaEncode,
  readHdrFile,
  srgbEncode,
  toneMap,
  toneMapOperator,
  TONE_MAP_OPERATOR_IDS,
  writeHdrFile,
  writeLdrFile,
} from '@hdr-lab/core';
import { describeParams } from '../describe-params.js';
import { UsageError } from '../errors.js';
import type { CliOutput } from '../output.js';

export interface TonemapCommandOptions {
  readonly op?: string;
  readonly param?: readonly string[];
  readonly gamma: number;
  readonly srgb?: boolean;
  readonly bitDepth?: 8 | 16;
  readonly maxPixels?: number;
}

/** Every registered operator with its input domain, output range and parameters. */
export function listOperators(output: CliOutput): void {
  for (const id of TONE_MAP_OPERATOR_IDS) {
    const operator = toneMapOperator(id);
    output.out(`${id} (v${operator.version}): ${operator.describe}`);
    output.out(`    input: ${operator.inputDomain}; output: ${operator.outputRange}`);
    for (const line of describeParams(operator.params)) output.out(line);
  }
}

function parseSettings(settings: readonly string[]): Record<string, string> {
  const parsed: Record<string, string> = {};
  for (const setting of settings) {
    const match = /^([A-Za-z0-9]+)=(.*)$/.exec(setting);
    if (!match) throw new UsageError(`--param '${setting}' is not of the form NAME=VALUE (e.g. --param key=0.18)`);
    parsed[match[1]!] = match[2]!;
  }
  return parsed;
}

/**
 * Tone-maps an HDR image with a registered operator. HDR outputs (.exr, .hdr, .pfm) keep the operator's
 * float output; for .png / .jpg a display-linear output is clipped and encoded with --gamma (or --srgb).
 * What the operator did to the input (negatives taken as 0) is printed as a note.
 */
export async function runTonemap(input: string | undefined, outputPath: string | undefined, options: TonemapCommandOptions, output: CliOutput): Promise<void> {
  if (options.op === undefined || input === undefined || outputPath === undefined) {
    throw new UsageError(`give --op ID, IN and OUT (or --list); operators: ${TONE_MAP_OPERATOR_IDS.join(', ')}`);
  }
  const operator = toneMapOperator(options.op);
  const target = formatFromFileName(outputPath);
  if (target === undefined) throw new UsageError(`cannot tell the output format from '${outputPath}': use .png, .jpg, .exr, .hdr or .pfm`);
  const params = parseSettings(options.param ?? []);
  const { image } = await readHdrFile(input, options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels });
  const { image: mapped, signature, flags } = toneMap(image, operator.id, params);
  let encoding = 'none (float output)';
  if (target === 'png' || target === 'jpeg') {
    const encode = operator.encoded ? (value: number) => value : options.srgb ? srgbEncode : (value: number) => gammaEncode(value, options.gamma);
    encoding = operator.encoded ? 'by the operator' : options.srgb ? 'sRGB' : `gamma ${options.gamma}`;
    const clamp = (value: number) => Math.min(1, Math.max(0, value));
    const isAlpha = (index: number) => mapped.channels === 4 && index % 4 === 3;
    const data = Float32Array.from(mapped.data, (value, index) => (isAlpha(index) ? clamp(value) : encode(clamp(value))));
    await writeLdrFile(outputPath, { ...createHdrImage(mapped.width, mapped.height, mapped.channels, data), bitDepth: options.bitDepth ?? 8 });
  } else {
    await writeHdrFile(outputPath, mapped);
  }
  const settings = Object.entries(signature.params).map(([name, value]) => `${name}=${String(value)}`).join(' ');
  output.out(`${input} -> ${outputPath}: ${signature.id} v${signature.version} (${settings}); display encoding ${encoding}`);
  for (const flag of flags) output.err(`note: ${describeToneMapFlag(flag)}`);
}
