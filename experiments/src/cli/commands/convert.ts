import {
  exposeToLdr,
  formatFromFileName,
  readHdrFile,
  writeHdrFile,
  writeLdrFile,
  type HdrEncodeOptions,
} from '@hdr-lab/core';
import { UsageError } from '../errors.js';
import type { CliOutput } from '../output.js';

export interface ConvertOptions {
  readonly exposure?: number;
  readonly compression?: 'none' | 'zip';
  readonly pixelType?: 'half' | 'float';
  readonly bitDepth?: 8 | 16;
  readonly quality?: number;
  readonly bigEndian?: boolean;
  readonly maxPixels?: number;
}

/** Converts between HDR formats, or to PNG/JPEG at an explicit exposure (never a silent tone mapping). */
export async function runConvert(input: string, outputPath: string, options: ConvertOptions, output: CliOutput): Promise<void> {
  const target = formatFromFileName(outputPath);
  if (target === undefined) {
    throw new UsageError(`cannot tell the output format from '${outputPath}': use .exr, .hdr, .pfm, .png or .jpg`);
  }
  const isLdr = target === 'png' || target === 'jpeg';
  if (isLdr && options.exposure === undefined) {
    throw new UsageError(
      `writing ${target.toUpperCase()} clips the HDR range: pass --exposure EV (e.g. --exposure 0) to choose the exposure explicitly`,
    );
  }
  if (!isLdr && options.exposure !== undefined) {
    throw new UsageError(`--exposure applies only to .png/.jpg output; '${outputPath}' is an HDR format`);
  }
  const { image, info } = await readHdrFile(input, options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels });
  if (isLdr) {
    const ldr = exposeToLdr(image, { stops: options.exposure ?? 0, encoding: 'srgb' });
    await writeLdrFile(outputPath, ldr, {
      ...(options.bitDepth === undefined ? {} : { bitDepth: options.bitDepth }),
      ...(options.quality === undefined ? {} : { quality: options.quality }),
    });
  } else {
    if ((target === 'pfm' || target === 'rgbe') && image.channels === 4) {
      const name = target === 'pfm' ? 'PFM' : 'Radiance RGBE';
      throw new UsageError(`${name} cannot store alpha and '${input}' has 4 channels: write .exr instead`);
    }
    const encode: HdrEncodeOptions = {
      ...(options.compression === undefined ? {} : { compression: options.compression }),
      ...(options.pixelType === undefined ? {} : { pixelType: options.pixelType }),
      ...(options.bigEndian ? { littleEndian: false } : {}),
    };
    await writeHdrFile(outputPath, image, encode);
  }
  output.out(`${input} (${info.format}, ${image.width}x${image.height}x${image.channels}) -> ${outputPath}`);
}
