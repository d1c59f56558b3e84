import { luminanceStatistics, readImageFile, type DecodedImage } from '@hdr-lab/core';
import { describeError } from '../describe-error.js';
import type { CliOutput } from '../output.js';

export interface InfoOptions {
  readonly json?: boolean;
  readonly maxPixels?: number;
}

export interface FileReport {
  readonly file: string;
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly channelNames: readonly string[];
  readonly pixelType: string;
  readonly compression: string;
  readonly luminance?: {
    readonly min: number;
    readonly median: number;
    readonly max: number;
    readonly dynamicRangeStops: number;
    readonly percentileDynamicRangeStops: number;
    readonly nonFinitePixels: number;
  };
  readonly details: Readonly<Record<string, string | number | boolean>>;
}

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  exr: 'OpenEXR',
  rgbe: 'Radiance RGBE',
  pfm: 'PFM',
  png: 'PNG',
  jpeg: 'JPEG',
  tiff: 'TIFF',
};

function reportFor(file: string, decoded: DecodedImage): FileReport {
  const { info } = decoded;
  const common = { file, format: info.format, width: info.width, height: info.height, channels: info.channels };
  if (decoded.kind === 'ldr') {
    return {
      ...common,
      channelNames: info.channels === 1 ? ['Y'] : info.channels === 4 ? ['R', 'G', 'B', 'A'] : ['R', 'G', 'B'],
      pixelType: `uint${decoded.info.bitDepth}`,
      // A TIFF may hold any of several codecs and the decoder does not report which.
      compression: info.format === 'png' ? 'deflate' : info.format === 'jpeg' ? 'jpeg' : 'unreported',
      details: { referred: 'display' },
    };
  }
  const stats = luminanceStatistics(decoded.image);
  return {
    ...common,
    channelNames: decoded.info.channelNames,
    pixelType: decoded.info.pixelType,
    compression: decoded.info.compression,
    luminance: {
      min: stats.min,
      median: stats.median,
      max: stats.max,
      dynamicRangeStops: stats.dynamicRangeStops,
      percentileDynamicRangeStops: stats.percentileDynamicRangeStops,
      nonFinitePixels: stats.nonFiniteCount,
    },
    details: decoded.info.details,
  };
}

const number = (value: number): string =>
  Number.isFinite(value) ? (value === 0 ? '0' : Math.abs(value) >= 1e-3 && Math.abs(value) < 1e5 ? value.toPrecision(4) : value.toExponential(3)) : String(value);

function formatReport(report: FileReport): string[] {
  const lines = [
    report.file,
    `  format        ${FORMAT_NAMES[report.format] ?? report.format}, ${report.compression === 'none' ? 'uncompressed' : `${report.compression} compression`}, ${report.pixelType} samples`,
    `  size          ${report.width} x ${report.height}, ${report.channels} channel${report.channels === 1 ? '' : 's'} (file has ${report.channelNames.join(', ')})`,
  ];
  if (report.luminance) {
    const l = report.luminance;
    const stops = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : String(value));
    lines.push(
      `  luminance     min ${number(l.min)}  median ${number(l.median)}  max ${number(l.max)}  (BT.709, file units)`,
      `  dynamic range ${stops(l.dynamicRangeStops)} stops (max / smallest positive luminance); ` +
        `${stops(l.percentileDynamicRangeStops)} stops between the 0.5th and 99.5th percentiles`,
    );
    if (l.nonFinitePixels > 0) lines.push(`  warning       ${l.nonFinitePixels} pixels have NaN or infinite luminance`);
  }
  const details = Object.entries(report.details);
  if (details.length > 0) {
    lines.push(`  details       ${details.map(([key, value]) => `${key}=${String(value)}`).join('  ')}`);
  }
  return lines;
}

/** Prints one report per file; a file that fails is reported and the rest still run. Returns the failure count. */
export async function runInfo(files: readonly string[], options: InfoOptions, output: CliOutput): Promise<number> {
  const reports: (FileReport | { file: string; error: string })[] = [];
  let failures = 0;
  for (const file of files) {
    try {
      const decoded = await readImageFile(file, options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels });
      const report = reportFor(file, decoded);
      reports.push(report);
      if (!options.json) {
        if (reports.length > 1) output.out('');
        for (const line of formatReport(report)) output.out(line);
      }
    } catch (error) {
      failures++;
      const message = describeError(error);
      reports.push({ file, error: message });
      if (!options.json) output.err(`hdr-lab info: ${message}`);
    }
  }
  if (options.json) output.out(JSON.stringify(reports, null, 2));
  return failures;
}
